/*
 * gql_parse.h - GraphQL parser (October 2021 grammar: executable documents
 * and the type system language used by the schema file).
 *
 * The parser allocates everything in the caller's arena and keeps the
 * line/column of every node.  It checks that the source is valid UTF-8 and
 * enforces limits on size, token count and nesting depth (the depth guard
 * lives in the recursive descent itself, so hostile nesting cannot exhaust
 * the stack).
 *
 * The parser must not know the schema.
 */
#ifndef GQL_PARSE_H
#define GQL_PARSE_H

#include "gql_ast.h"

/* Parser limits; a zero field means the default shown. */
typedef struct GqlParseLimits
{
    size_t      max_bytes;      /* 1 MiB */
    int         max_tokens;     /* 50000 */
    int         max_depth;      /* 64: nesting of selection sets, lists, objects, type wrappers */
} GqlParseLimits;

/*
 * Parses src (len bytes, need not be NUL-terminated) into a document
 * allocated in arena.  On a syntax error, invalid UTF-8 or a limit, returns
 * NULL and sets *err (arena-owned) to an error with code
 * GRAPHQL_PARSE_FAILED, a message "Syntax Error: ..." and one location.
 * limits may be NULL (defaults).  Type-system definitions are parsed too;
 * gql_validate() rejects them in executable documents.
 */
GqlDocument *gql_parse(GqlArena *arena, const char *src, size_t len,
                       const GqlParseLimits *limits, GqlError **err);

/* Parses a single value literal (used for default values in tests); NULL + *err on error. */
GqlValue   *gql_parse_value(GqlArena *arena, const char *src, size_t len,
                            GqlError **err);

#endif                          /* GQL_PARSE_H */
