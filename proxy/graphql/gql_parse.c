/*
 * gql_parse.c - recursive-descent parser for GraphQL documents: the whole
 * executable grammar of the October 2021 specification and the type system
 * definition language (used for the schema file, and parsed in requests so
 * that validation can reject it with the proper rule).
 *
 * Every node is allocated in the caller's arena.  The first error ends the
 * parse through a longjmp back to gql_parse(); nothing needs freeing because
 * the arena owns everything.  Nesting is bounded by GqlParseLimits.max_depth
 * at every recursive production, so hostile input cannot exhaust the stack.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gql_lex.h"
#include "gql_parse.h"

#define DEFAULT_MAX_BYTES (1024 * 1024)
#define DEFAULT_MAX_TOKENS 50000
#define DEFAULT_MAX_DEPTH 64

typedef struct Parser
{
    GqlLexer    lx;
    GqlArena   *arena;
    int         depth;
    int         max_depth;
    int         max_seen;       /* deepest selection set */
    int         sel_depth;
    jmp_buf     fail;
    const char *message;
    GqlPos      pos;
} Parser;

/* Aborts the parse with a message at pos. */
static void Fail(Parser *p, GqlPos pos, const char *fmt, ...)
            __attribute__((format(printf, 3, 4), noreturn));

static void
Fail(Parser *p, GqlPos pos, const char *fmt, ...)
{
    char        buf[512];
    va_list     ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    p->message = gql_arena_strdup(p->arena, buf);
    if (p->message == NULL)
        p->message = "out of memory";
    p->pos = pos;
    longjmp(p->fail, 1);
}

/* Allocates a zeroed node or aborts. */
static void *
New(Parser *p, size_t size)
{
    void       *n = gql_arena_alloc(p->arena, size);

    if (n == NULL)
        Fail(p, p->lx.tok.pos, "out of memory");
    return n;
}

#define NEW(p, T) ((T *) New((p), sizeof(T)))

/* Moves to the next token, aborting on a lexical error. */
static void
Next(Parser *p)
{
    if (!gql_lex_next(&p->lx))
        Fail(p, p->lx.error_pos, "%s", p->lx.error);
}

/* Describes the current token: `Name "foo"`, `"{"`, `<EOF>`. */
static const char *
TokenDesc(Parser *p)
{
    GqlToken   *t = &p->lx.tok;

    if (t->kind == GQL_TOK_NAME || t->kind == GQL_TOK_INT || t->kind == GQL_TOK_FLOAT)
        return gql_arena_printf(p->arena, "%s \"%.*s\"", gql_token_kind_name(t->kind),
                                t->len > 64 ? 64 : (int) t->len, t->value);
    if (t->kind == GQL_TOK_STRING || t->kind == GQL_TOK_BLOCK_STRING)
        return gql_token_kind_name(t->kind);
    return gql_token_kind_name(t->kind);
}

/* Aborts with "Unexpected <token>." */
static void Unexpected(Parser *p) __attribute__((noreturn));

static void
Unexpected(Parser *p)
{
    Fail(p, p->lx.tok.pos, "Unexpected %s.", TokenDesc(p));
}

/* Whether the current token is of kind. */
static bool
Peek(Parser *p, GqlTokenKind kind)
{
    return p->lx.tok.kind == kind;
}

/* Whether the current token is the name kw. */
static bool
PeekKeyword(Parser *p, const char *kw)
{
    return p->lx.tok.kind == GQL_TOK_NAME && strcmp(p->lx.tok.value, kw) == 0;
}

/* Consumes a token of kind or aborts. */
static GqlPos
Expect(Parser *p, GqlTokenKind kind)
{
    GqlPos      pos = p->lx.tok.pos;

    if (p->lx.tok.kind != kind)
        Fail(p, pos, "Expected %s, found %s.", gql_token_kind_name(kind), TokenDesc(p));
    Next(p);
    return pos;
}

/* Consumes a token of kind when present. */
static bool
Skip(Parser *p, GqlTokenKind kind)
{
    if (p->lx.tok.kind != kind)
        return false;
    Next(p);
    return true;
}

/* Consumes the keyword kw or aborts. */
static void
ExpectKeyword(Parser *p, const char *kw)
{
    if (!PeekKeyword(p, kw))
        Fail(p, p->lx.tok.pos, "Expected \"%s\", found %s.", kw, TokenDesc(p));
    Next(p);
}

/* Consumes a name; returns it. */
static const char *
ParseName(Parser *p, GqlPos *pos)
{
    const char *name = p->lx.tok.value;

    if (pos)
        *pos = p->lx.tok.pos;
    Expect(p, GQL_TOK_NAME);
    return name;
}

/* Enters one level of nesting, aborting past the limit. */
static void
Enter(Parser *p)
{
    if (++p->depth > p->max_depth)
        Fail(p, p->lx.tok.pos, "Document nesting exceeds the maximum depth of %d.", p->max_depth);
}

/* Two-token lookahead: kind and name value of the token after the current one. */
static GqlTokenKind
LookAhead(Parser *p, const char **value)
{
    GqlLexer    save = p->lx;
    GqlTokenKind kind;

    *value = NULL;
    if (!gql_lex_next(&p->lx))
    {
        p->lx = save;
        return GQL_TOK_EOF;
    }
    kind = p->lx.tok.kind;
    if (kind == GQL_TOK_NAME)
        *value = p->lx.tok.value;
    p->lx = save;
    return kind;
}

static GqlValue *ParseValue(Parser *p, bool is_const);
static GqlSelectionSet *ParseSelectionSet(Parser *p);
static const char *ParseDescription(Parser *p);

/* [ values ] */
static GqlValue *
ParseList(Parser *p, bool is_const)
{
    GqlValue   *v = NEW(p, GqlValue);
    GqlValue  **tail = &v->items;

    v->kind = GQL_VALUE_LIST;
    v->pos = Expect(p, GQL_TOK_BRACKET_L);
    Enter(p);
    while (!Skip(p, GQL_TOK_BRACKET_R))
    {
        *tail = ParseValue(p, is_const);
        tail = &(*tail)->next;
    }
    p->depth--;
    return v;
}

/* { name: value ... } */
static GqlValue *
ParseObject(Parser *p, bool is_const)
{
    GqlValue   *v = NEW(p, GqlValue);
    GqlObjectField **tail = &v->fields;

    v->kind = GQL_VALUE_OBJECT;
    v->pos = Expect(p, GQL_TOK_BRACE_L);
    Enter(p);
    while (!Skip(p, GQL_TOK_BRACE_R))
    {
        GqlObjectField *f = NEW(p, GqlObjectField);

        f->name = ParseName(p, &f->pos);
        Expect(p, GQL_TOK_COLON);
        f->value = ParseValue(p, is_const);
        *tail = f;
        tail = &f->next;
    }
    p->depth--;
    return v;
}

/* Value[Const] */
static GqlValue *
ParseValue(Parser *p, bool is_const)
{
    GqlToken   *t = &p->lx.tok;
    GqlValue   *v;

    switch (t->kind)
    {
        case GQL_TOK_BRACKET_L:
            return ParseList(p, is_const);
        case GQL_TOK_BRACE_L:
            return ParseObject(p, is_const);
        case GQL_TOK_DOLLAR:
            if (is_const)
            {
                GqlPos      pos = t->pos;
                const char *name;

                if (LookAhead(p, &name) == GQL_TOK_NAME)
                    Fail(p, pos, "Unexpected variable \"$%s\" in constant value.", name);
                Unexpected(p);
            }
            v = NEW(p, GqlValue);
            v->kind = GQL_VALUE_VARIABLE;
            v->pos = t->pos;
            Next(p);
            v->str = ParseName(p, NULL);
            v->len = strlen(v->str);
            return v;
        default:
            break;
    }
    v = NEW(p, GqlValue);
    v->pos = t->pos;
    v->str = t->value;
    v->len = t->len;
    switch (t->kind)
    {
        case GQL_TOK_INT:
            v->kind = GQL_VALUE_INT;
            break;
        case GQL_TOK_FLOAT:
            v->kind = GQL_VALUE_FLOAT;
            break;
        case GQL_TOK_STRING:
        case GQL_TOK_BLOCK_STRING:
            v->kind = GQL_VALUE_STRING;
            v->block = t->kind == GQL_TOK_BLOCK_STRING;
            break;
        case GQL_TOK_NAME:
            if (strcmp(t->value, "true") == 0 || strcmp(t->value, "false") == 0)
            {
                v->kind = GQL_VALUE_BOOLEAN;
                v->boolean = t->value[0] == 't';
            }
            else if (strcmp(t->value, "null") == 0)
                v->kind = GQL_VALUE_NULL;
            else
                v->kind = GQL_VALUE_ENUM;
            break;
        default:
            Unexpected(p);
    }
    Next(p);
    return v;
}

/* Directives[Const]: @name(args) ... */
static GqlDirective *
ParseDirectives(Parser *p, bool is_const)
{
    GqlDirective *head = NULL;
    GqlDirective **tail = &head;

    while (Peek(p, GQL_TOK_AT))
    {
        GqlDirective *d = NEW(p, GqlDirective);
        GqlArgument **atail = &d->args;

        d->pos = Expect(p, GQL_TOK_AT);
        d->name = ParseName(p, NULL);
        if (Skip(p, GQL_TOK_PAREN_L))
        {
            do
            {
                GqlArgument *a = NEW(p, GqlArgument);

                a->name = ParseName(p, &a->pos);
                Expect(p, GQL_TOK_COLON);
                a->value = ParseValue(p, is_const);
                *atail = a;
                atail = &a->next;
            } while (!Skip(p, GQL_TOK_PAREN_R));
        }
        *tail = d;
        tail = &d->next;
    }
    return head;
}

/* Arguments: ( name: value ... ) */
static GqlArgument *
ParseArguments(Parser *p)
{
    GqlArgument *head = NULL;
    GqlArgument **tail = &head;

    if (!Skip(p, GQL_TOK_PAREN_L))
        return NULL;
    do
    {
        GqlArgument *a = NEW(p, GqlArgument);

        a->name = ParseName(p, &a->pos);
        Expect(p, GQL_TOK_COLON);
        a->value = ParseValue(p, false);
        *tail = a;
        tail = &a->next;
    } while (!Skip(p, GQL_TOK_PAREN_R));
    return head;
}

/* Type: Name, [Type], Type! */
static GqlTypeRef *
ParseType(Parser *p)
{
    GqlTypeRef *t = NEW(p, GqlTypeRef);

    t->pos = p->lx.tok.pos;
    if (Skip(p, GQL_TOK_BRACKET_L))
    {
        Enter(p);
        t->kind = GQL_TYPEREF_LIST;
        t->of = ParseType(p);
        Expect(p, GQL_TOK_BRACKET_R);
        p->depth--;
    }
    else
    {
        t->kind = GQL_TYPEREF_NAMED;
        t->name = ParseName(p, NULL);
    }
    if (Peek(p, GQL_TOK_BANG))
    {
        GqlTypeRef *nn = NEW(p, GqlTypeRef);

        nn->kind = GQL_TYPEREF_NON_NULL;
        nn->pos = t->pos;
        nn->of = t;
        Next(p);
        return nn;
    }
    return t;
}

/* NamedType */
static GqlNameRef *
ParseNamedType(Parser *p)
{
    GqlNameRef *n = NEW(p, GqlNameRef);

    n->name = ParseName(p, &n->pos);
    return n;
}

/* A fragment name: any name but "on". */
static const char *
ParseFragmentName(Parser *p, GqlPos *pos)
{
    if (PeekKeyword(p, "on"))
        Unexpected(p);
    return ParseName(p, pos);
}

/* Field, FragmentSpread or InlineFragment. */
static GqlSelection *
ParseSelection(Parser *p)
{
    GqlSelection *s = NEW(p, GqlSelection);

    s->pos = p->lx.tok.pos;
    if (Skip(p, GQL_TOK_SPREAD))
    {
        if (Peek(p, GQL_TOK_NAME) && !PeekKeyword(p, "on"))
        {
            s->kind = GQL_SEL_FRAGMENT_SPREAD;
            s->name = ParseName(p, &s->name_pos);
            s->directives = ParseDirectives(p, false);
            return s;
        }
        s->kind = GQL_SEL_INLINE_FRAGMENT;
        if (PeekKeyword(p, "on"))
        {
            Next(p);
            s->type_condition = ParseName(p, &s->type_condition_pos);
        }
        s->directives = ParseDirectives(p, false);
        s->selection_set = ParseSelectionSet(p);
        return s;
    }
    s->kind = GQL_SEL_FIELD;
    s->name = ParseName(p, &s->name_pos);
    if (Skip(p, GQL_TOK_COLON))
    {
        s->alias = s->name;
        s->name = ParseName(p, &s->name_pos);
    }
    s->args = ParseArguments(p);
    s->directives = ParseDirectives(p, false);
    if (Peek(p, GQL_TOK_BRACE_L))
        s->selection_set = ParseSelectionSet(p);
    return s;
}

/* { selection+ } */
static GqlSelectionSet *
ParseSelectionSet(Parser *p)
{
    GqlSelectionSet *ss = NEW(p, GqlSelectionSet);
    GqlSelection **tail = &ss->selections;

    ss->pos = Expect(p, GQL_TOK_BRACE_L);
    Enter(p);
    if (++p->sel_depth > p->max_seen)
        p->max_seen = p->sel_depth;
    do
    {
        *tail = ParseSelection(p);
        tail = &(*tail)->next;
    } while (!Skip(p, GQL_TOK_BRACE_R));
    p->sel_depth--;
    p->depth--;
    return ss;
}

/* ( $var: Type = default @dirs ... ) */
static GqlVariableDef *
ParseVariableDefinitions(Parser *p)
{
    GqlVariableDef *head = NULL;
    GqlVariableDef **tail = &head;

    if (!Skip(p, GQL_TOK_PAREN_L))
        return NULL;
    do
    {
        GqlVariableDef *v = NEW(p, GqlVariableDef);

        v->description = ParseDescription(p);
        v->pos = Expect(p, GQL_TOK_DOLLAR);
        v->name = ParseName(p, &v->name_pos);
        Expect(p, GQL_TOK_COLON);
        v->type = ParseType(p);
        if (Skip(p, GQL_TOK_EQUALS))
            v->default_value = ParseValue(p, true);
        v->directives = ParseDirectives(p, true);
        *tail = v;
        tail = &v->next;
    } while (!Skip(p, GQL_TOK_PAREN_R));
    return head;
}

/* query/mutation/subscription Name? Vars? Dirs? SelectionSet, or the { } shorthand. */
static GqlDefinition *
ParseOperation(Parser *p)
{
    GqlDefinition *d = NEW(p, GqlDefinition);

    d->kind = GQL_DEF_OPERATION;
    d->pos = p->lx.tok.pos;
    if (Peek(p, GQL_TOK_BRACE_L))
    {
        d->operation = GQL_OP_QUERY;
        d->selection_set = ParseSelectionSet(p);
        return d;
    }
    d->description = ParseDescription(p);
    if (PeekKeyword(p, "query"))
        d->operation = GQL_OP_QUERY;
    else if (PeekKeyword(p, "mutation"))
        d->operation = GQL_OP_MUTATION;
    else if (PeekKeyword(p, "subscription"))
        d->operation = GQL_OP_SUBSCRIPTION;
    else
        Unexpected(p);
    Next(p);
    if (Peek(p, GQL_TOK_NAME))
        d->name = ParseName(p, &d->name_pos);
    d->variables = ParseVariableDefinitions(p);
    d->directives = ParseDirectives(p, false);
    d->selection_set = ParseSelectionSet(p);
    return d;
}

/* fragment Name on Type @dirs { } */
static GqlDefinition *
ParseFragment(Parser *p)
{
    GqlDefinition *d = NEW(p, GqlDefinition);

    d->kind = GQL_DEF_FRAGMENT;
    d->pos = p->lx.tok.pos;
    d->description = ParseDescription(p);
    ExpectKeyword(p, "fragment");
    d->name = ParseFragmentName(p, &d->name_pos);
    ExpectKeyword(p, "on");
    d->type_condition = ParseName(p, &d->type_condition_pos);
    d->directives = ParseDirectives(p, false);
    d->selection_set = ParseSelectionSet(p);
    return d;
}

/* An optional description string. */
static const char *
ParseDescription(Parser *p)
{
    const char *s;

    if (!Peek(p, GQL_TOK_STRING) && !Peek(p, GQL_TOK_BLOCK_STRING))
        return NULL;
    s = p->lx.tok.value;
    Next(p);
    return s;
}

/* InputValueDefinition: "desc" name: Type = default @dirs */
static GqlInputValueDef *
ParseInputValueDef(Parser *p)
{
    GqlInputValueDef *iv = NEW(p, GqlInputValueDef);

    iv->description = ParseDescription(p);
    iv->name = ParseName(p, &iv->pos);
    Expect(p, GQL_TOK_COLON);
    iv->type = ParseType(p);
    if (Skip(p, GQL_TOK_EQUALS))
        iv->default_value = ParseValue(p, true);
    iv->directives = ParseDirectives(p, true);
    return iv;
}

/* A list of input values between open and close tokens, at least one. */
static GqlInputValueDef *
ParseInputValueDefs(Parser *p, GqlTokenKind open, GqlTokenKind close)
{
    GqlInputValueDef *head = NULL;
    GqlInputValueDef **tail = &head;

    if (!Skip(p, open))
        return NULL;
    do
    {
        *tail = ParseInputValueDef(p);
        tail = &(*tail)->next;
    } while (!Skip(p, close));
    return head;
}

/* implements &? A & B */
static GqlNameRef *
ParseImplements(Parser *p)
{
    GqlNameRef *head = NULL;
    GqlNameRef **tail = &head;

    if (!PeekKeyword(p, "implements"))
        return NULL;
    Next(p);
    Skip(p, GQL_TOK_AMP);
    do
    {
        *tail = ParseNamedType(p);
        tail = &(*tail)->next;
    } while (Skip(p, GQL_TOK_AMP));
    return head;
}

/* { FieldDefinition+ } */
static GqlFieldDef *
ParseFieldDefs(Parser *p)
{
    GqlFieldDef *head = NULL;
    GqlFieldDef **tail = &head;

    if (!Skip(p, GQL_TOK_BRACE_L))
        return NULL;
    do
    {
        GqlFieldDef *f = NEW(p, GqlFieldDef);

        f->description = ParseDescription(p);
        f->name = ParseName(p, &f->pos);
        f->args = ParseInputValueDefs(p, GQL_TOK_PAREN_L, GQL_TOK_PAREN_R);
        Expect(p, GQL_TOK_COLON);
        f->type = ParseType(p);
        f->directives = ParseDirectives(p, true);
        *tail = f;
        tail = &f->next;
    } while (!Skip(p, GQL_TOK_BRACE_R));
    return head;
}

/* { EnumValueDefinition+ } */
static GqlEnumValueDef *
ParseEnumValues(Parser *p)
{
    GqlEnumValueDef *head = NULL;
    GqlEnumValueDef **tail = &head;

    if (!Skip(p, GQL_TOK_BRACE_L))
        return NULL;
    do
    {
        GqlEnumValueDef *e = NEW(p, GqlEnumValueDef);

        e->description = ParseDescription(p);
        if (PeekKeyword(p, "true") || PeekKeyword(p, "false") || PeekKeyword(p, "null"))
            Fail(p, p->lx.tok.pos, "Name \"%s\" is reserved and cannot be used for an enum value.",
                 p->lx.tok.value);
        e->name = ParseName(p, &e->pos);
        e->directives = ParseDirectives(p, true);
        *tail = e;
        tail = &e->next;
    } while (!Skip(p, GQL_TOK_BRACE_R));
    return head;
}

/* = |? A | B */
static GqlNameRef *
ParseUnionMembers(Parser *p)
{
    GqlNameRef *head = NULL;
    GqlNameRef **tail = &head;

    if (!Skip(p, GQL_TOK_EQUALS))
        return NULL;
    Skip(p, GQL_TOK_PIPE);
    do
    {
        *tail = ParseNamedType(p);
        tail = &(*tail)->next;
    } while (Skip(p, GQL_TOK_PIPE));
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
    ExpectKeyword(p, "schema");
    s->directives = ParseDirectives(p, true);
    if (extend && !Peek(p, GQL_TOK_BRACE_L))
    {
        if (s->directives == NULL)
            Unexpected(p);
        return d;
    }
    Expect(p, GQL_TOK_BRACE_L);
    do
    {
        GqlPos      pos = p->lx.tok.pos;
        GqlNameRef **slot;

        if (PeekKeyword(p, "query"))
            slot = &s->query;
        else if (PeekKeyword(p, "mutation"))
            slot = &s->mutation;
        else if (PeekKeyword(p, "subscription"))
            slot = &s->subscription;
        else
            Unexpected(p);
        Next(p);
        Expect(p, GQL_TOK_COLON);
        if (*slot != NULL)
            Fail(p, pos, "There can be only one %s type in schema.", p->lx.tok.value);
        *slot = ParseNamedType(p);
    } while (!Skip(p, GQL_TOK_BRACE_R));
    return d;
}

/* The type-system definitions and extensions (SDL). */
static GqlDefinition *
ParseTypeSystem(Parser *p, const char *description)
{
    GqlDefinition *d = NEW(p, GqlDefinition);
    GqlTypeDef *t;
    bool        extend = false;
    const char *kw;

    d->pos = p->lx.tok.pos;
    if (PeekKeyword(p, "extend"))
    {
        extend = true;
        Next(p);
    }
    if (!Peek(p, GQL_TOK_NAME))
        Unexpected(p);
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
        Next(p);
        Expect(p, GQL_TOK_AT);
        dd->name = ParseName(p, NULL);
        dd->args = ParseInputValueDefs(p, GQL_TOK_PAREN_L, GQL_TOK_PAREN_R);
        if (PeekKeyword(p, "repeatable"))
        {
            dd->repeatable = true;
            Next(p);
        }
        ExpectKeyword(p, "on");
        Skip(p, GQL_TOK_PIPE);
        do
        {
            unsigned    bit = 0;

            if (Peek(p, GQL_TOK_NAME))
                for (int i = 0; i < GQL_LOC_COUNT; i++)
                    if (strcmp(p->lx.tok.value, gql_location_name(1u << i)) == 0)
                        bit = 1u << i;
            if (bit == 0)
                Unexpected(p);
            dd->locations |= bit;
            Next(p);
        } while (Skip(p, GQL_TOK_PIPE));
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
        Unexpected(p);
    Next(p);
    t->name = ParseName(p, NULL);
    switch (t->kind)
    {
        case GQL_KIND_SCALAR:
            t->directives = ParseDirectives(p, true);
            if (extend && t->directives == NULL)
                Unexpected(p);
            break;
        case GQL_KIND_OBJECT:
        case GQL_KIND_INTERFACE:
            t->interfaces = ParseImplements(p);
            t->directives = ParseDirectives(p, true);
            t->fields = ParseFieldDefs(p);
            if (extend && !t->interfaces && !t->directives && !t->fields)
                Unexpected(p);
            break;
        case GQL_KIND_UNION:
            t->directives = ParseDirectives(p, true);
            t->members = ParseUnionMembers(p);
            if (extend && !t->directives && !t->members)
                Unexpected(p);
            break;
        case GQL_KIND_ENUM:
            t->directives = ParseDirectives(p, true);
            t->enum_values = ParseEnumValues(p);
            if (extend && !t->directives && !t->enum_values)
                Unexpected(p);
            break;
        case GQL_KIND_INPUT_OBJECT:
            t->directives = ParseDirectives(p, true);
            t->input_fields = ParseInputValueDefs(p, GQL_TOK_BRACE_L, GQL_TOK_BRACE_R);
            if (extend && !t->directives && !t->input_fields)
                Unexpected(p);
            break;
    }
    return d;
}

/* Whether kw starts a type-system definition. */
static bool
IsTypeSystemKeyword(const char *kw)
{
    static const char *const kws[] = {
        "schema", "scalar", "type", "interface", "union", "enum", "input", "directive"
    };

    for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
        if (strcmp(kw, kws[i]) == 0)
            return true;
    return false;
}

/* One top-level definition. */
static GqlDefinition *
ParseDefinition(Parser *p)
{
    const char *kw;

    if (Peek(p, GQL_TOK_BRACE_L))
        return ParseOperation(p);
    if (Peek(p, GQL_TOK_STRING) || Peek(p, GQL_TOK_BLOCK_STRING))
    {
        /* descriptions: type system, and (current draft) operations and fragments */
        GqlTokenKind k = LookAhead(p, &kw);
        const char *description;

        if (k == GQL_TOK_BRACE_L)
            Fail(p, p->lx.tok.pos,
                 "Unexpected description, descriptions are not supported on shorthand queries.");
        if (k == GQL_TOK_NAME && IsTypeSystemKeyword(kw))
        {
            description = ParseDescription(p);
            return ParseTypeSystem(p, description);
        }
        if (k == GQL_TOK_NAME && (strcmp(kw, "query") == 0 || strcmp(kw, "mutation") == 0 ||
                                  strcmp(kw, "subscription") == 0))
            return ParseOperation(p);
        if (k == GQL_TOK_NAME && strcmp(kw, "fragment") == 0)
            return ParseFragment(p);
        if (k == GQL_TOK_NAME && strcmp(kw, "extend") != 0)
        {
            Next(p);
            Unexpected(p);
        }
        Fail(p, p->lx.tok.pos,
             "Unexpected description, only GraphQL definitions support descriptions.");
    }
    if (!Peek(p, GQL_TOK_NAME))
        Unexpected(p);
    kw = p->lx.tok.value;
    if (strcmp(kw, "query") == 0 || strcmp(kw, "mutation") == 0 ||
        strcmp(kw, "subscription") == 0)
        return ParseOperation(p);
    if (strcmp(kw, "fragment") == 0)
        return ParseFragment(p);
    if (IsTypeSystemKeyword(kw) || strcmp(kw, "extend") == 0)
        return ParseTypeSystem(p, NULL);
    Unexpected(p);
}

/* Prepares a parser; false + message when the source is rejected before lexing. */
static bool
ParserInit(Parser *p, GqlArena *arena, const char *src, size_t len,
           const GqlParseLimits *limits)
{
    size_t      max_bytes = limits && limits->max_bytes ? limits->max_bytes : DEFAULT_MAX_BYTES;
    int         max_tokens = limits && limits->max_tokens ? limits->max_tokens : DEFAULT_MAX_TOKENS;

    memset(p, 0, sizeof(*p));
    p->arena = arena;
    p->max_depth = limits && limits->max_depth ? limits->max_depth : DEFAULT_MAX_DEPTH;
    if (len > max_bytes)
    {
        p->message = gql_arena_printf(arena, "Document is larger than the maximum of %zu bytes.",
                                      max_bytes);
        p->pos.line = 1;
        p->pos.column = 1;
        return false;
    }
    if (!gql_lex_init(&p->lx, arena, src, len, max_tokens))
    {
        p->message = p->lx.error;
        p->pos = p->lx.error_pos;
        return false;
    }
    return true;
}

/* Turns the parser's failure into an arena-owned error. */
static void
SetError(Parser *p, GqlError **err)
{
    GqlError   *e;

    if (err == NULL)
        return;
    e = gql_arena_alloc(p->arena, sizeof(GqlError));
    *err = e;
    if (e == NULL)
        return;
    e->message = gql_arena_printf(p->arena, "Syntax Error: %s",
                                  p->message ? p->message : "out of memory");
    if (e->message == NULL)
        e->message = "Syntax Error: out of memory";
    e->code = GQL_CODE_PARSE_FAILED;
    if (p->pos.line > 0)
        e->locations[e->nlocations++] = p->pos;
}

/* Parses a whole document. */
GqlDocument *
gql_parse(GqlArena *arena, const char *src, size_t len,
          const GqlParseLimits *limits, GqlError **err)
{
    Parser      p;
    GqlDocument *volatile doc = NULL;

    if (err)
        *err = NULL;
    if (!ParserInit(&p, arena, src, len, limits))
    {
        SetError(&p, err);
        return NULL;
    }
    if (setjmp(p.fail) != 0)
    {
        SetError(&p, err);
        return NULL;
    }
    doc = NEW(&p, GqlDocument);
    doc->arena = arena;
    doc->length = len;
    Next(&p);
    {
        GqlDefinition **tail = &doc->definitions;

        do
        {
            *tail = ParseDefinition(&p);
            tail = &(*tail)->next;
        } while (!Peek(&p, GQL_TOK_EOF));
    }
    doc->token_count = p.lx.token_count;
    doc->max_depth = p.max_seen;
    return doc;
}

/* Parses one value literal (variables allowed). */
GqlValue *
gql_parse_value(GqlArena *arena, const char *src, size_t len, GqlError **err)
{
    Parser      p;
    GqlValue   *volatile v = NULL;

    if (err)
        *err = NULL;
    if (!ParserInit(&p, arena, src, len, NULL))
    {
        SetError(&p, err);
        return NULL;
    }
    if (setjmp(p.fail) != 0)
    {
        SetError(&p, err);
        return NULL;
    }
    Next(&p);
    v = ParseValue(&p, false);
    Expect(&p, GQL_TOK_EOF);
    return v;
}
