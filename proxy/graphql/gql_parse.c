/*
 * gql_parse.c - recursive-descent parser for GraphQL documents: the entry
 * points and the executable grammar of the October 2021 specification
 * (operations, selections, fragments, variables).  The type system
 * definition language is in gql_parse_sdl.c, the shared productions in
 * gql_parse_core.c.
 *
 * Every node is allocated in the caller's arena.  The first error ends the
 * parse through a longjmp back to gql_parse(); nothing needs freeing because
 * the arena owns everything.  Nesting is bounded by GqlParseLimits.max_depth
 * at every recursive production, so hostile input cannot exhaust the stack.
 *
 * It must not look at the schema: the parser checks syntax only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gql_parse_int.h"

#define DEFAULT_MAX_BYTES (1024 * 1024)
#define DEFAULT_MAX_TOKENS 50000
#define DEFAULT_MAX_DEPTH 64

static GqlSelectionSet *ParseSelectionSet(Parser *p);

/* A fragment name: any name but "on". */
static const char *
ParseFragmentName(Parser *p, GqlPos *pos)
{
    if (gql_p_peek_keyword(p, "on"))
        gql_p_unexpected(p);
    return gql_p_name(p, pos);
}

/* Field, FragmentSpread or InlineFragment. */
static GqlSelection *
ParseSelection(Parser *p)
{
    GqlSelection *s = NEW(p, GqlSelection);

    s->pos = p->lx.tok.pos;
    if (gql_p_skip(p, GQL_TOK_SPREAD))
    {
        if (gql_p_peek(p, GQL_TOK_NAME) && !gql_p_peek_keyword(p, "on"))
        {
            s->kind = GQL_SEL_FRAGMENT_SPREAD;
            s->name = gql_p_name(p, &s->name_pos);
            s->directives = gql_p_directives(p, false);
            return s;
        }
        s->kind = GQL_SEL_INLINE_FRAGMENT;
        if (gql_p_peek_keyword(p, "on"))
        {
            gql_p_next(p);
            s->type_condition = gql_p_name(p, &s->type_condition_pos);
        }
        s->directives = gql_p_directives(p, false);
        s->selection_set = ParseSelectionSet(p);
        return s;
    }
    s->kind = GQL_SEL_FIELD;
    s->name = gql_p_name(p, &s->name_pos);
    if (gql_p_skip(p, GQL_TOK_COLON))
    {
        s->alias = s->name;
        s->name = gql_p_name(p, &s->name_pos);
    }
    s->args = gql_p_arguments(p);
    s->directives = gql_p_directives(p, false);
    if (gql_p_peek(p, GQL_TOK_BRACE_L))
        s->selection_set = ParseSelectionSet(p);
    return s;
}

/* { selection+ } */
static GqlSelectionSet *
ParseSelectionSet(Parser *p)
{
    GqlSelectionSet *ss = NEW(p, GqlSelectionSet);
    GqlSelection **tail = &ss->selections;

    ss->pos = gql_p_expect(p, GQL_TOK_BRACE_L);
    gql_p_enter(p);
    if (++p->sel_depth > p->max_seen)
        p->max_seen = p->sel_depth;
    do
    {
        *tail = ParseSelection(p);
        tail = &(*tail)->next;
    } while (!gql_p_skip(p, GQL_TOK_BRACE_R));
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

    if (!gql_p_skip(p, GQL_TOK_PAREN_L))
        return NULL;
    do
    {
        GqlVariableDef *v = NEW(p, GqlVariableDef);

        v->description = gql_p_description(p);
        v->pos = gql_p_expect(p, GQL_TOK_DOLLAR);
        v->name = gql_p_name(p, &v->name_pos);
        gql_p_expect(p, GQL_TOK_COLON);
        v->type = gql_p_type(p);
        if (gql_p_skip(p, GQL_TOK_EQUALS))
            v->default_value = gql_p_value(p, true);
        v->directives = gql_p_directives(p, true);
        *tail = v;
        tail = &v->next;
    } while (!gql_p_skip(p, GQL_TOK_PAREN_R));
    return head;
}

/* query/mutation/subscription Name? Vars? Dirs? SelectionSet, or the { } shorthand. */
static GqlDefinition *
ParseOperation(Parser *p)
{
    GqlDefinition *d = NEW(p, GqlDefinition);

    d->kind = GQL_DEF_OPERATION;
    d->pos = p->lx.tok.pos;
    if (gql_p_peek(p, GQL_TOK_BRACE_L))
    {
        d->operation = GQL_OP_QUERY;
        d->selection_set = ParseSelectionSet(p);
        return d;
    }
    d->description = gql_p_description(p);
    if (gql_p_peek_keyword(p, "query"))
        d->operation = GQL_OP_QUERY;
    else if (gql_p_peek_keyword(p, "mutation"))
        d->operation = GQL_OP_MUTATION;
    else if (gql_p_peek_keyword(p, "subscription"))
        d->operation = GQL_OP_SUBSCRIPTION;
    else
        gql_p_unexpected(p);
    gql_p_next(p);
    if (gql_p_peek(p, GQL_TOK_NAME))
        d->name = gql_p_name(p, &d->name_pos);
    d->variables = ParseVariableDefinitions(p);
    d->directives = gql_p_directives(p, false);
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
    d->description = gql_p_description(p);
    gql_p_expect_keyword(p, "fragment");
    d->name = ParseFragmentName(p, &d->name_pos);
    gql_p_expect_keyword(p, "on");
    d->type_condition = gql_p_name(p, &d->type_condition_pos);
    d->directives = gql_p_directives(p, false);
    d->selection_set = ParseSelectionSet(p);
    return d;
}

/* One top-level definition. */
static GqlDefinition *
ParseDefinition(Parser *p)
{
    const char *kw;

    if (gql_p_peek(p, GQL_TOK_BRACE_L))
        return ParseOperation(p);
    if (gql_p_peek(p, GQL_TOK_STRING) || gql_p_peek(p, GQL_TOK_BLOCK_STRING))
    {
        /* descriptions: type system, and (current draft) operations and fragments */
        GqlTokenKind k = gql_p_look_ahead(p, &kw);
        const char *description;

        if (k == GQL_TOK_BRACE_L)
            gql_p_fail(p, p->lx.tok.pos,
                 "Unexpected description, descriptions are not supported on shorthand queries.");
        if (k == GQL_TOK_NAME && gql_p_is_type_system_keyword(kw))
        {
            description = gql_p_description(p);
            return gql_p_type_system(p, description);
        }
        if (k == GQL_TOK_NAME && (strcmp(kw, "query") == 0 || strcmp(kw, "mutation") == 0 ||
                                  strcmp(kw, "subscription") == 0))
            return ParseOperation(p);
        if (k == GQL_TOK_NAME && strcmp(kw, "fragment") == 0)
            return ParseFragment(p);
        if (k == GQL_TOK_NAME && strcmp(kw, "extend") != 0)
        {
            gql_p_next(p);
            gql_p_unexpected(p);
        }
        gql_p_fail(p, p->lx.tok.pos,
             "Unexpected description, only GraphQL definitions support descriptions.");
    }
    if (!gql_p_peek(p, GQL_TOK_NAME))
        gql_p_unexpected(p);
    kw = p->lx.tok.value;
    if (strcmp(kw, "query") == 0 || strcmp(kw, "mutation") == 0 ||
        strcmp(kw, "subscription") == 0)
        return ParseOperation(p);
    if (strcmp(kw, "fragment") == 0)
        return ParseFragment(p);
    if (gql_p_is_type_system_keyword(kw) || strcmp(kw, "extend") == 0)
        return gql_p_type_system(p, NULL);
    gql_p_unexpected(p);
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
    gql_p_next(&p);
    {
        GqlDefinition **tail = &doc->definitions;

        do
        {
            *tail = ParseDefinition(&p);
            tail = &(*tail)->next;
        } while (!gql_p_peek(&p, GQL_TOK_EOF));
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
    gql_p_next(&p);
    v = gql_p_value(&p, false);
    gql_p_expect(&p, GQL_TOK_EOF);
    return v;
}
