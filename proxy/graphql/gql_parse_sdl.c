/*
 * gql_parse_sdl.c - the type system definition language: schema, scalar,
 * type, interface, union, enum, input and directive definitions and their
 * extensions, with descriptions.  Used for the schema file, and for
 * requests so that validation can reject them with the proper rule.
 *
 * It must not check the types it reads (gql_schema.c does), nor call
 * gql_parse.c.
 */
#include <stdio.h>
#include <string.h>

#include "gql_parse_int.h"

/* An optional description string. */
const char *
gql_p_description(Parser *p)
{
    const char *s;

    if (!gql_p_peek(p, GQL_TOK_STRING) && !gql_p_peek(p, GQL_TOK_BLOCK_STRING))
        return NULL;
    s = p->lx.tok.value;
    gql_p_next(p);
    return s;
}

/* InputValueDefinition: "desc" name: Type = default @dirs */
static GqlInputValueDef *
ParseInputValueDef(Parser *p)
{
    GqlInputValueDef *iv = NEW(p, GqlInputValueDef);

    iv->description = gql_p_description(p);
    iv->name = gql_p_name(p, &iv->pos);
    gql_p_expect(p, GQL_TOK_COLON);
    iv->type = gql_p_type(p);
    if (gql_p_skip(p, GQL_TOK_EQUALS))
        iv->default_value = gql_p_value(p, true);
    iv->directives = gql_p_directives(p, true);
    return iv;
}

/* A list of input values between open and close tokens, at least one. */
static GqlInputValueDef *
ParseInputValueDefs(Parser *p, GqlTokenKind open, GqlTokenKind close)
{
    GqlInputValueDef *head = NULL;
    GqlInputValueDef **tail = &head;

    if (!gql_p_skip(p, open))
        return NULL;
    do
    {
        *tail = ParseInputValueDef(p);
        tail = &(*tail)->next;
    } while (!gql_p_skip(p, close));
    return head;
}

/* implements &? A & B */
static GqlNameRef *
ParseImplements(Parser *p)
{
    GqlNameRef *head = NULL;
    GqlNameRef **tail = &head;

    if (!gql_p_peek_keyword(p, "implements"))
        return NULL;
    gql_p_next(p);
    gql_p_skip(p, GQL_TOK_AMP);
    do
    {
        *tail = gql_p_named_type(p);
        tail = &(*tail)->next;
    } while (gql_p_skip(p, GQL_TOK_AMP));
    return head;
}

/* { FieldDefinition+ } */
static GqlFieldDef *
ParseFieldDefs(Parser *p)
{
    GqlFieldDef *head = NULL;
    GqlFieldDef **tail = &head;

    if (!gql_p_skip(p, GQL_TOK_BRACE_L))
        return NULL;
    do
    {
        GqlFieldDef *f = NEW(p, GqlFieldDef);

        f->description = gql_p_description(p);
        f->name = gql_p_name(p, &f->pos);
        f->args = ParseInputValueDefs(p, GQL_TOK_PAREN_L, GQL_TOK_PAREN_R);
        gql_p_expect(p, GQL_TOK_COLON);
        f->type = gql_p_type(p);
        f->directives = gql_p_directives(p, true);
        *tail = f;
        tail = &f->next;
    } while (!gql_p_skip(p, GQL_TOK_BRACE_R));
    return head;
}

/* { EnumValueDefinition+ } */
static GqlEnumValueDef *
ParseEnumValues(Parser *p)
{
    GqlEnumValueDef *head = NULL;
    GqlEnumValueDef **tail = &head;

    if (!gql_p_skip(p, GQL_TOK_BRACE_L))
        return NULL;
    do
    {
        GqlEnumValueDef *e = NEW(p, GqlEnumValueDef);

        e->description = gql_p_description(p);
        if (gql_p_peek_keyword(p, "true") || gql_p_peek_keyword(p, "false") || gql_p_peek_keyword(p, "null"))
            gql_p_fail(p, p->lx.tok.pos, "Name \"%s\" is reserved and cannot be used for an enum value.",
                 p->lx.tok.value);
        e->name = gql_p_name(p, &e->pos);
        e->directives = gql_p_directives(p, true);
        *tail = e;
        tail = &e->next;
    } while (!gql_p_skip(p, GQL_TOK_BRACE_R));
    return head;
}

/* = |? A | B */
static GqlNameRef *
ParseUnionMembers(Parser *p)
{
    GqlNameRef *head = NULL;
    GqlNameRef **tail = &head;

    if (!gql_p_skip(p, GQL_TOK_EQUALS))
        return NULL;
    gql_p_skip(p, GQL_TOK_PIPE);
    do
    {
        *tail = gql_p_named_type(p);
        tail = &(*tail)->next;
    } while (gql_p_skip(p, GQL_TOK_PIPE));
    return head;
}

/* schema @dirs { query: Q ... } (extend: the braces are optional) */
static GqlDefinition *
ParseSchemaDef(Parser *p, GqlDefinition *d, bool extend)
{
    GqlSchemaDef *s = NEW(p, GqlSchemaDef);

    d->kind = GQL_DEF_SCHEMA;
    d->schema_def = s;
    s->pos = d->pos;
    s->extend = extend;
    s->description = NULL;
    gql_p_expect_keyword(p, "schema");
    s->directives = gql_p_directives(p, true);
    if (extend && !gql_p_peek(p, GQL_TOK_BRACE_L))
    {
        if (s->directives == NULL)
            gql_p_unexpected(p);
        return d;
    }
    gql_p_expect(p, GQL_TOK_BRACE_L);
    do
    {
        GqlPos      pos = p->lx.tok.pos;
        GqlNameRef **slot;

        if (gql_p_peek_keyword(p, "query"))
            slot = &s->query;
        else if (gql_p_peek_keyword(p, "mutation"))
            slot = &s->mutation;
        else if (gql_p_peek_keyword(p, "subscription"))
            slot = &s->subscription;
        else
            gql_p_unexpected(p);
        gql_p_next(p);
        gql_p_expect(p, GQL_TOK_COLON);
        if (*slot != NULL)
            gql_p_fail(p, pos, "There can be only one %s type in schema.", p->lx.tok.value);
        *slot = gql_p_named_type(p);
    } while (!gql_p_skip(p, GQL_TOK_BRACE_R));
    return d;
}

/* The type-system definitions and extensions (SDL). */
GqlDefinition *
gql_p_type_system(Parser *p, const char *description)
{
    GqlDefinition *d = NEW(p, GqlDefinition);
    GqlTypeDef *t;
    bool        extend = false;
    const char *kw;

    d->pos = p->lx.tok.pos;
    if (gql_p_peek_keyword(p, "extend"))
    {
        extend = true;
        gql_p_next(p);
    }
    if (!gql_p_peek(p, GQL_TOK_NAME))
        gql_p_unexpected(p);
    kw = p->lx.tok.value;
    if (strcmp(kw, "schema") == 0)
    {
        ParseSchemaDef(p, d, extend);
        d->schema_def->description = description;
        return d;
    }
    if (strcmp(kw, "directive") == 0 && !extend)
    {
        GqlDirectiveDef *dd = NEW(p, GqlDirectiveDef);

        d->kind = GQL_DEF_DIRECTIVE;
        d->directive_def = dd;
        dd->pos = d->pos;
        dd->description = description;
        gql_p_next(p);
        gql_p_expect(p, GQL_TOK_AT);
        dd->name = gql_p_name(p, NULL);
        dd->args = ParseInputValueDefs(p, GQL_TOK_PAREN_L, GQL_TOK_PAREN_R);
        if (gql_p_peek_keyword(p, "repeatable"))
        {
            dd->repeatable = true;
            gql_p_next(p);
        }
        gql_p_expect_keyword(p, "on");
        gql_p_skip(p, GQL_TOK_PIPE);
        do
        {
            unsigned    bit = 0;

            if (gql_p_peek(p, GQL_TOK_NAME))
                for (int i = 0; i < GQL_LOC_COUNT; i++)
                    if (strcmp(p->lx.tok.value, gql_location_name(1u << i)) == 0)
                        bit = 1u << i;
            if (bit == 0)
                gql_p_unexpected(p);
            dd->locations |= bit;
            gql_p_next(p);
        } while (gql_p_skip(p, GQL_TOK_PIPE));
        return d;
    }
    t = NEW(p, GqlTypeDef);
    d->kind = GQL_DEF_TYPE;
    d->type_def = t;
    t->pos = d->pos;
    t->description = description;
    t->extend = extend;
    if (strcmp(kw, "scalar") == 0)
        t->kind = GQL_KIND_SCALAR;
    else if (strcmp(kw, "type") == 0)
        t->kind = GQL_KIND_OBJECT;
    else if (strcmp(kw, "interface") == 0)
        t->kind = GQL_KIND_INTERFACE;
    else if (strcmp(kw, "union") == 0)
        t->kind = GQL_KIND_UNION;
    else if (strcmp(kw, "enum") == 0)
        t->kind = GQL_KIND_ENUM;
    else if (strcmp(kw, "input") == 0)
        t->kind = GQL_KIND_INPUT_OBJECT;
    else
        gql_p_unexpected(p);
    gql_p_next(p);
    t->name = gql_p_name(p, NULL);
    switch (t->kind)
    {
        case GQL_KIND_SCALAR:
            t->directives = gql_p_directives(p, true);
            if (extend && t->directives == NULL)
                gql_p_unexpected(p);
            break;
        case GQL_KIND_OBJECT:
        case GQL_KIND_INTERFACE:
            t->interfaces = ParseImplements(p);
            t->directives = gql_p_directives(p, true);
            t->fields = ParseFieldDefs(p);
            if (extend && !t->interfaces && !t->directives && !t->fields)
                gql_p_unexpected(p);
            break;
        case GQL_KIND_UNION:
            t->directives = gql_p_directives(p, true);
            t->members = ParseUnionMembers(p);
            if (extend && !t->directives && !t->members)
                gql_p_unexpected(p);
            break;
        case GQL_KIND_ENUM:
            t->directives = gql_p_directives(p, true);
            t->enum_values = ParseEnumValues(p);
            if (extend && !t->directives && !t->enum_values)
                gql_p_unexpected(p);
            break;
        case GQL_KIND_INPUT_OBJECT:
            t->directives = gql_p_directives(p, true);
            t->input_fields = ParseInputValueDefs(p, GQL_TOK_BRACE_L, GQL_TOK_BRACE_R);
            if (extend && !t->directives && !t->input_fields)
                gql_p_unexpected(p);
            break;
    }
    return d;
}

/* Whether kw starts a type-system definition. */
bool
gql_p_is_type_system_keyword(const char *kw)
{
    static const char *const kws[] = {
        "schema", "scalar", "type", "interface", "union", "enum", "input", "directive"
    };

    for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
        if (strcmp(kw, kws[i]) == 0)
            return true;
    return false;
}
