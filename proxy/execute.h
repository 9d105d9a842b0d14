/*
 * execute.h - runs one GraphQL request: parse, validate, coerce, compile
 * (cached), then one pipelined round trip to PostgreSQL:
 *   [Parse of new statements] authenticate($token); <statement(s)>; Sync
 * which the server runs as one implicit transaction (or several queries in
 * one such round trip: see "Batches" below).
 *
 * Documents that parse and validate are cached per (document text,
 * operationName) with their compiled SQL; each connection prepares a
 * cached statement the first time it runs it.
 *
 * A request that needs the database can also run without blocking, as a
 * job (ExecJob) that an event loop drives on a pool slot: execute_start(),
 * then execute_send() and execute_receive() whenever the slot's socket is
 * ready, until a step says EXEC_STEP_DONE.  execute_request() drives the
 * same steps on a blocking thread.
 *
 * Threads: execute_request() may run on any number of threads at once; a
 * job belongs to one thread at a time.
 *
 * Execution must not know HTTP: callers pass an ExecRequest and get a
 * body and a status.
 */
#ifndef EXECUTE_H
#define EXECUTE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <jansson.h>

#include "graphql/graphql.h"
#include "pool.h"

typedef struct ExecRequest
{
    const char *query;          /* the document (need not be NUL-terminated) */
    size_t      query_len;
    const char *operation_name; /* NULL when absent */
    const json_t *variables;    /* borrowed; NULL when absent */
    const char *token;          /* session token from the header or cookie, or NULL */
    bool        is_get;         /* GET: only queries may run */
    bool        subscription;   /* run a subscription operation once, as a query (subscribe.c) */
    char        client[48];     /* the client's address as text (limits.h); "" when unknown */
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
    unsigned long long cache_bytes;     /* their documents, syntax trees and SQL */
    unsigned long long cache_evictions; /* entries pushed out by newer documents */
    unsigned long long statements;  /* SQL statements sent */
    unsigned long long db_errors;   /* requests whose SQL failed */
    unsigned long long batches;     /* transactions shared by several requests */
    unsigned long long batched;     /* requests in them */
    unsigned long long batch_splits;    /* such transactions that failed: run again one by one */
} ExecStats;

/*
 * A request that owns copies of its strings and variables, for work that
 * outlives the request handler; req points into them.  A token is kept to
 * at most 257 bytes, which still tells a token over the 256-byte limit.
 */
typedef struct ExecRequestCopy
{
    ExecRequest req;
    char       *query;
    char       *operation_name;
    char       *token;
    json_t     *variables;
} ExecRequestCopy;

/* A request waiting for, or running on, the database. */
typedef struct ExecJob ExecJob;

typedef enum ExecStep
{
    EXEC_STEP_WAIT,             /* wait until the slot's socket is readable, then receive */
    EXEC_STEP_DONE,             /* the result is final: release the slot (broken as told) */
    EXEC_STEP_RETRY             /* release the slot (broken as told) and send again */
} ExecStep;

/*
 * Bounds the document cache: at most max_entries documents (0: none is
 * cached; at most POOL_MAX_PREPARED) and max_bytes of memory (0: the
 * default, 64 MiB).  A new document evicts the least recently used ones.
 */
#define EXEC_DEFAULT_DOC_CACHE 2048
void        execute_cache_configure(unsigned max_entries, size_t max_bytes);
/* Sets the schema (borrowed for the life of the process) and the pool wait. */
void        execute_init(const GqlSchema *schema, int pool_wait_ms);
/*
 * The largest static cost (graphql/gql_cost.h: objects an operation's lists
 * may produce) a request may have; costlier ones get QUERY_TOO_COSTLY
 * without reaching the database. Default EXEC_DEFAULT_MAX_COST.
 */
#define EXEC_DEFAULT_MAX_COST 100000
void        execute_set_max_cost(long max_cost);
/* The key of the job's account for the pool's per-account cap: a hash of its token, 0 without one. */
uint64_t    execute_account_key(const ExecJob *job);
/* Queries costlier than this never share a batch (they run alone). */
#define EXEC_EXPENSIVE_COST 1000
/* Runs a request; always fills res (see ExecStatus). */
void        execute_request(const ExecRequest *req, ExecResult *res);
/*
 * Starts a request: NULL when res holds the final result already, else a
 * job that needs a pool slot (res is then untouched).  The strings and the
 * variables of req must stay valid until the job is freed.
 */
ExecJob    *execute_start(const ExecRequest *req, ExecResult *res);
/*
 * Sends the job's pipeline on a connected slot (in either blocking mode;
 * a non-blocking caller flushes with PQflush).  *broken tells how to
 * release the slot when the step is not EXEC_STEP_WAIT.
 */
ExecStep    execute_send(ExecJob *job, PoolConn *pc, ExecResult *res, bool *broken);
/* Reads what has arrived on the slot (never blocks); see ExecStep. */
ExecStep    execute_receive(ExecJob *job, PoolConn *pc, ExecResult *res, bool *broken);
/* The step after the slot's connection failed outside execute_send/receive (see ExecStep). */
ExecStep    execute_broken(ExecJob *job, ExecResult *res);

/*
 * Batches.  Queries that wait for a connection at the same time may share
 * one pipeline and one transaction:
 *   [Parse...] authenticate(t1); q1; authenticate(t2); q2; ...; Sync
 * Each authenticate replaces the identity of the one before, and a failing
 * one (a bad token) aborts the rest, so a query never runs as another
 * request's account.  When anything in the transaction fails, nothing of it
 * counts: every job of the batch runs again alone (EXEC_STEP_RETRY with the
 * slot not broken), where a failure is its own.
 *
 * The lead job drives the batch: execute_send(), execute_receive() and
 * execute_broken() act on all of its jobs, and once the lead's step is not
 * EXEC_STEP_WAIT every member has its own step (execute_step) and, when
 * that is EXEC_STEP_DONE, its result; the batch then ends.
 */
#define EXEC_BATCH_MAX 16
/* Whether a job may join or lead a batch: a query run with a token, once only alone. */
bool        execute_batchable(const ExecJob *job);
/* Adds job to lead's batch before execute_send(lead); false when it may not (see above). */
bool        execute_batch_add(ExecJob *lead, ExecJob *job, ExecResult *res);
/* A member's step after its lead's final step. */
ExecStep    execute_step(const ExecJob *job);
/* Why a request gets a 503 without reaching the database. */
typedef enum ExecUnavailable
{
    EXEC_DOWN,                  /* the database cannot be reached */
    EXEC_BUSY,                  /* no pool connection came free in time */
    EXEC_STOPPING               /* the server is shutting down */
} ExecUnavailable;

/* Sets res to the 503 for a request that did not reach the database. */
void        execute_unavailable(ExecResult *res, ExecUnavailable why);
/* Frees a job (its results were moved to res by the final step). */
void        execute_job_free(ExecJob *job);
/* Copies req into c; false when out of memory (c is then empty). */
bool        execute_request_copy(ExecRequestCopy *c, const ExecRequest *req);
/* Frees what execute_request_copy() allocated. */
void        execute_request_copy_free(ExecRequestCopy *c);
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
