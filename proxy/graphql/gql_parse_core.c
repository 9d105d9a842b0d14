/*
 * gql_parse_core.c - the parser's lowest layer: token handling, the error
 * exit (a longjmp back to the entry point), nesting limits, and the
 * productions both grammars use: values, directives, arguments, types.
 * It must not know definitions (gql_parse.c, gql_parse_sdl.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gql_parse_int.h"

/* Aborts the parse with a message at pos. */
void
gql_p_fail(Parser *p, GqlPos pos, const char *fmt, ...)
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
void *
gql_p_new(Parser *p, size_t size)
{
    void       *n = gql_arena_alloc(p->arena, size);

    if (n == NULL)
        gql_p_fail(p, p->lx.tok.pos, "out of memory");
    return n;
}

#define NEW(p, T) ((T *) gql_p_new((p), sizeof(T)))

/* Moves to the next token, aborting on a lexical error. */
void
gql_p_next(Parser *p)
{
    if (!gql_lex_next(&p->lx))
        gql_p_fail(p, p->lx.error_pos, "%s", p->lx.error);
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

void
gql_p_unexpected(Parser *p)
{
    gql_p_fail(p, p->lx.tok.pos, "Unexpected %s.", TokenDesc(p));
}

/* Whether the current token is of kind. */
bool
gql_p_peek(Parser *p, GqlTokenKind kind)
{
    return p->lx.tok.kind == kind;
}

/* Whether the current token is the name kw. */
bool
gql_p_peek_keyword(Parser *p, const char *kw)
{
    return p->lx.tok.kind == GQL_TOK_NAME && strcmp(p->lx.tok.value, kw) == 0;
}

/* Consumes a token of kind or aborts. */
GqlPos
gql_p_expect(Parser *p, GqlTokenKind kind)
{
    GqlPos      pos = p->lx.tok.pos;

    if (p->lx.tok.kind != kind)
        gql_p_fail(p, pos, "Expected %s, found %s.", gql_token_kind_name(kind), TokenDesc(p));
    gql_p_next(p);
    return pos;
}

/* Consumes a token of kind when present. */
bool
gql_p_skip(Parser *p, GqlTokenKind kind)
{
    if (p->lx.tok.kind != kind)
        return false;
    gql_p_next(p);
    return true;
}

/* Consumes the keyword kw or aborts. */
void
gql_p_expect_keyword(Parser *p, const char *kw)
{
    if (!gql_p_peek_keyword(p, kw))
        gql_p_fail(p, p->lx.tok.pos, "Expected \"%s\", found %s.", kw, TokenDesc(p));
    gql_p_next(p);
}

/* Consumes a name; returns it. */
const char *
gql_p_name(Parser *p, GqlPos *pos)
{
    const char *name = p->lx.tok.value;

    if (pos)
        *pos = p->lx.tok.pos;
    gql_p_expect(p, GQL_TOK_NAME);
    return name;
}

/* Enters one level of nesting, aborting past the limit. */
void
gql_p_enter(Parser *p)
{
    if (++p->depth > p->max_depth)
        gql_p_fail(p, p->lx.tok.pos, "Document nesting exceeds the maximum depth of %d.", p->max_depth);
}

/* Two-token lookahead: kind and name value of the token after the current one. */
GqlTokenKind
gql_p_look_ahead(Parser *p, const char **value)
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

/* [ values ] */
static GqlValue *
ParseList(Parser *p, bool is_const)
{
    GqlValue   *v = NEW(p, GqlValue);
    GqlValue  **tail = &v->items;

    v->kind = GQL_VALUE_LIST;
    v->pos = gql_p_expect(p, GQL_TOK_BRACKET_L);
    gql_p_enter(p);
    while (!gql_p_skip(p, GQL_TOK_BRACKET_R))
    {
        *tail = gql_p_value(p, is_const);
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
    v->pos = gql_p_expect(p, GQL_TOK_BRACE_L);
    gql_p_enter(p);
    while (!gql_p_skip(p, GQL_TOK_BRACE_R))
    {
        GqlObjectField *f = NEW(p, GqlObjectField);

        f->name = gql_p_name(p, &f->pos);
        gql_p_expect(p, GQL_TOK_COLON);
        f->value = gql_p_value(p, is_const);
        *tail = f;
        tail = &f->next;
    }
    p->depth--;
    return v;
}

/* Value[Const] */
GqlValue *
gql_p_value(Parser *p, bool is_const)
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

                if (gql_p_look_ahead(p, &name) == GQL_TOK_NAME)
                    gql_p_fail(p, pos, "Unexpected variable \"$%s\" in constant value.", name);
                gql_p_unexpected(p);
            }
            v = NEW(p, GqlValue);
            v->kind = GQL_VALUE_VARIABLE;
            v->pos = t->pos;
            gql_p_next(p);
            v->str = gql_p_name(p, NULL);
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
            gql_p_unexpected(p);
    }
    gql_p_next(p);
    return v;
}

/* Directives[Const]: @name(args) ... */
GqlDirective *
gql_p_directives(Parser *p, bool is_const)
{
    GqlDirective *head = NULL;
    GqlDirective **tail = &head;

    while (gql_p_peek(p, GQL_TOK_AT))
    {
        GqlDirective *d = NEW(p, GqlDirective);
        GqlArgument **atail = &d->args;

        d->pos = gql_p_expect(p, GQL_TOK_AT);
        d->name = gql_p_name(p, NULL);
        if (gql_p_skip(p, GQL_TOK_PAREN_L))
        {
            do
            {
                GqlArgument *a = NEW(p, GqlArgument);

                a->name = gql_p_name(p, &a->pos);
                gql_p_expect(p, GQL_TOK_COLON);
                a->value = gql_p_value(p, is_const);
                *atail = a;
                atail = &a->next;
            } while (!gql_p_skip(p, GQL_TOK_PAREN_R));
        }
        *tail = d;
        tail = &d->next;
    }
    return head;
}

/* Arguments: ( name: value ... ) */
GqlArgument *
gql_p_arguments(Parser *p)
{
    GqlArgument *head = NULL;
    GqlArgument **tail = &head;

    if (!gql_p_skip(p, GQL_TOK_PAREN_L))
        return NULL;
    do
    {
        GqlArgument *a = NEW(p, GqlArgument);

        a->name = gql_p_name(p, &a->pos);
        gql_p_expect(p, GQL_TOK_COLON);
        a->value = gql_p_value(p, false);
        *tail = a;
        tail = &a->next;
    } while (!gql_p_skip(p, GQL_TOK_PAREN_R));
    return head;
}

/* Type: Name, [Type], Type! */
GqlTypeRef *
gql_p_type(Parser *p)
{
    GqlTypeRef *t = NEW(p, GqlTypeRef);

    t->pos = p->lx.tok.pos;
    if (gql_p_skip(p, GQL_TOK_BRACKET_L))
    {
        gql_p_enter(p);
        t->kind = GQL_TYPEREF_LIST;
        t->of = gql_p_type(p);
        gql_p_expect(p, GQL_TOK_BRACKET_R);
        p->depth--;
    }
    else
    {
        t->kind = GQL_TYPEREF_NAMED;
        t->name = gql_p_name(p, NULL);
    }
    if (gql_p_peek(p, GQL_TOK_BANG))
    {
        GqlTypeRef *nn = NEW(p, GqlTypeRef);

        nn->kind = GQL_TYPEREF_NON_NULL;
        nn->pos = t->pos;
        nn->of = t;
        gql_p_next(p);
        return nn;
    }
    return t;
}

/* NamedType */
GqlNameRef *
gql_p_named_type(Parser *p)
{
    GqlNameRef *n = NEW(p, GqlNameRef);

    n->name = gql_p_name(p, &n->pos);
    return n;
}
