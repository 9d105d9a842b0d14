/*
 * execute.h - runs one GraphQL request: parse, validate, coerce, compile
 * (cached), then one pipelined round trip to PostgreSQL:
 *   [Parse of new statements] authenticate($token); <statement(s)>; Sync
 * which the server runs as one implicit transaction.
 *
 * Documents that parse and validate are cached per (document text,
 * operationName) with their compiled SQL; each connection prepares a
 * cached statement the first time it runs it.
 *
 * Threads: execute_request() may run on any number of threads at once.
 */
#ifndef EXECUTE_H
#define EXECUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "gql_schema.h"

typedef struct ExecRequest
{
    const char *query;          /* the document (need not be NUL-terminated) */
    size_t      query_len;
    const char *operation_name; /* NULL when absent */
    const json_t *variables;    /* borrowed; NULL when absent */
    const char *token;          /* session token from the header or cookie, or NULL */
    bool        is_get;         /* GET: only queries may run */
    bool        subscription;   /* run a subscription operation once, as a query (subscribe.c) */
} ExecRequest;

typedef enum ExecStatus
{
    EXEC_OK,                    /* executed (the body may hold field errors) */
    EXEC_REQUEST_ERROR,         /* parse, validation, variables: no "data" */
    EXEC_METHOD_NOT_ALLOWED,    /* mutation over GET */
    EXEC_UNAVAILABLE            /* database down or pool exhausted */
} ExecStatus;

typedef struct ExecResult
{
    ExecStatus  status;
    char       *body;           /* malloc'd JSON response; free with execute_result_free */
    size_t      body_len;
    char       *set_token;      /* malloc'd session token for the cookie, or NULL */
    bool        clear_cookie;
} ExecResult;

typedef struct ExecStats
{
    unsigned long long cache_hits;
    unsigned long long cache_misses;
    unsigned long long cache_entries;
    unsigned long long statements;  /* SQL statements sent */
    unsigned long long db_errors;   /* requests whose SQL failed */
} ExecStats;

/* Sets the schema (borrowed for the life of the process) and the pool wait. */
void        execute_init(const GqlSchema *schema, int pool_wait_ms);
/* Runs a request; always fills res (see ExecStatus). */
void        execute_request(const ExecRequest *req, ExecResult *res);
/* Frees what execute_request() put in res. */
void        execute_result_free(ExecResult *res);
/* A copy of the counters. */
void        execute_stats(ExecStats *out);
/*
 * The SQL statements an operation compiles to, one per line ending in ";"
 * (malloc'd), or NULL with a message in err.  For tools and benchmarks.
 */
char       *execute_compile_text(const char *query, const char *operation_name,
                                 char *err, size_t errlen);
/* The JSON body {"errors":[{"message":...,"extensions":{"code":...}}]} (malloc'd). */
char       *execute_error_body(const char *message, const char *code);

#endif                          /* EXECUTE_H */
