/*
 * gql_lex.h - the GraphQL lexer (internal to the parser and schema loader).
 *
 * Reads UTF-8 source (checked in full first), skipping ignored tokens
 * (whitespace, line terminators, commas, comments, BOM), and decodes string
 * and block string values into the arena.
 *
 * Only the parser uses the lexer: it must not be part of the public
 * header.
 */
#ifndef GQL_LEX_H
#define GQL_LEX_H

#include "gql_ast.h"

typedef enum GqlTokenKind
{
    GQL_TOK_EOF,
    GQL_TOK_BANG,
    GQL_TOK_DOLLAR,
    GQL_TOK_AMP,
    GQL_TOK_PAREN_L,
    GQL_TOK_PAREN_R,
    GQL_TOK_SPREAD,
    GQL_TOK_COLON,
    GQL_TOK_EQUALS,
    GQL_TOK_AT,
    GQL_TOK_BRACKET_L,
    GQL_TOK_BRACKET_R,
    GQL_TOK_BRACE_L,
    GQL_TOK_PIPE,
    GQL_TOK_BRACE_R,
    GQL_TOK_NAME,
    GQL_TOK_INT,
    GQL_TOK_FLOAT,
    GQL_TOK_STRING,
    GQL_TOK_BLOCK_STRING
} GqlTokenKind;

typedef struct GqlToken
{
    GqlTokenKind kind;
    GqlPos      pos;
    size_t      start;          /* byte offsets in the source */
    size_t      end;
    const char *value;          /* NAME/INT/FLOAT: text; STRING: decoded (arena) */
    size_t      len;
} GqlToken;

typedef struct GqlLexer
{
    GqlArena   *arena;
    const char *src;
    size_t      len;
    size_t      off;            /* next byte to read */
    int         line;
    int         col;            /* column of src[off] */
    GqlToken    tok;            /* current token */
    int         token_count;
    int         max_tokens;
    const char *error;          /* message when a call failed (arena or static) */
    GqlPos      error_pos;
} GqlLexer;

/* Prepares a lexer; checks UTF-8 (false + error when invalid). Call gql_lex_next next. */
bool        gql_lex_init(GqlLexer *lx, GqlArena *arena, const char *src, size_t len,
                         int max_tokens);
/* Reads the next token into lx->tok; false + lx->error on a lexical error. */
bool        gql_lex_next(GqlLexer *lx);
/* Human name of a token kind for messages ("Name", "\"{\"", "<EOF>"). */
const char *gql_token_kind_name(GqlTokenKind kind);
/* Offset of the first invalid UTF-8 byte, or len when the text is valid. */
size_t      gql_utf8_check(const char *s, size_t len);
/* Decodes block string raw text (between the quotes, \""" unescaped) per the spec; arena-owned. */
char       *gql_block_string_value(GqlArena *arena, const char *raw, size_t len, size_t *outlen);

#endif                          /* GQL_LEX_H */
