/*
 * gql_parse_int.h - the parser state and the productions shared by the
 * parser's files: gql_parse_core.c (tokens, values, directives, arguments,
 * types), gql_parse_sdl.c (type-system definitions) and gql_parse.c
 * (executable definitions, the entry points).  Internal to the parser.
 *
 * Calls go one way: gql_parse.c -> gql_parse_sdl.c -> gql_parse_core.c.
 *
 * Nothing here may be used outside gql_parse*.c.
 */
#ifndef GQL_PARSE_INT_H
#define GQL_PARSE_INT_H

#include <setjmp.h>
#include <stdbool.h>

#include "gql_lex.h"
#include "gql_parse.h"

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

#define NEW(p, T) ((T *) gql_p_new((p), sizeof(T)))

/* Aborts the parse with a message at pos (longjmp to the entry point). */
void        gql_p_fail(Parser *p, GqlPos pos, const char *fmt, ...)
            __attribute__((format(printf, 3, 4), noreturn));
/* Allocates a zeroed node or aborts. */
void       *gql_p_new(Parser *p, size_t size);
/* Moves to the next token, aborting on a lexical error. */
void        gql_p_next(Parser *p);
/* Aborts with "Unexpected <token>." */
void        gql_p_unexpected(Parser *p) __attribute__((noreturn));
/* Whether the current token is of kind. */
bool        gql_p_peek(Parser *p, GqlTokenKind kind);
/* Whether the current token is the name kw. */
bool        gql_p_peek_keyword(Parser *p, const char *kw);
/* Consumes a token of kind or aborts. */
GqlPos      gql_p_expect(Parser *p, GqlTokenKind kind);
/* Consumes a token of kind when present. */
bool        gql_p_skip(Parser *p, GqlTokenKind kind);
/* Consumes the keyword kw or aborts. */
void        gql_p_expect_keyword(Parser *p, const char *kw);
/* Consumes a name; returns it. */
const char *gql_p_name(Parser *p, GqlPos *pos);
/* Enters one level of nesting, aborting past the limit. */
void        gql_p_enter(Parser *p);
/* Two-token lookahead: kind and name value of the token after the current one. */
GqlTokenKind gql_p_look_ahead(Parser *p, const char **value);
/* Value[Const] */
GqlValue   *gql_p_value(Parser *p, bool is_const);
/* Directives[Const]: @name(args) ... */
GqlDirective *gql_p_directives(Parser *p, bool is_const);
/* Arguments: ( name: value ... ) */
GqlArgument *gql_p_arguments(Parser *p);
/* Type: Name, [Type], Type! */
GqlTypeRef *gql_p_type(Parser *p);
/* NamedType */
GqlNameRef *gql_p_named_type(Parser *p);

/* An optional description string. */
const char *gql_p_description(Parser *p);
/* The type-system definitions and extensions (SDL). */
GqlDefinition *gql_p_type_system(Parser *p, const char *description);
/* Whether kw starts a type-system definition. */
bool        gql_p_is_type_system_keyword(const char *kw);

#endif                          /* GQL_PARSE_INT_H */
