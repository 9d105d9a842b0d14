/*
 * execute_int.h - what the files of execution share (execute.c: the request
 * lifecycle; execute_batch.c: pipelines and batches; execute_cache.c: the
 * document cache; execute_result.c: result assembly; execute_state.c: the
 * schema and the counters).  Internal: nothing here is part of execute.h.
 *
 * Calls go one way: execute.c -> execute_batch.c -> execute_result.c ->
 * execute_state.c, and execute.c -> execute_cache.c -> execute_state.c;
 * execute_batch.c asks execute_cache.c whether an entry was evicted.
 *
 * Nothing here may be used outside execute*.c.
 */
#ifndef EXECUTE_INT_H
#define EXECUTE_INT_H

#include <pthread.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "compile.h"
#include "execute.h"
#include "graphql/graphql.h"
#include "pool.h"

#define TEXTOID 25
#define MAX_PARAMS 4096         /* parameters of one statement */

typedef struct CacheEntry
{
    unsigned    slot;           /* its statement group on every pool connection (< POOL_MAX_PREPARED) */
    uint32_t    serial;         /* names its prepared statements (q<serial>_<n>); never reused */
    uint64_t    hash;
    char       *query;
    size_t      query_len;
    char       *opname;         /* "" when absent */
    GqlArena   *arena;
    GqlDocument *doc;
    const GqlDefinition *op;
    CompiledOp *compiled;       /* NULL when it depends on the variables */
    size_t      bytes;          /* memory it is counted for */
    uint64_t    last_used;      /* tick of its latest use (atomic) */
    int         refs;           /* the table's and the running requests' (atomic) */
    bool        evicted;        /* out of the table: its statements are no longer prepared (atomic) */
    struct CacheEntry *next;
} CacheEntry;

/* A request's working state. */
typedef struct Run
{
    GqlArena   *arena;
    GqlErrors   errs;
    const GqlDocument *doc;
    const GqlDefinition *op;
    CompiledOp *compiled;
    CacheEntry *entry;          /* NULL: not cached (unnamed statements); a reference it holds */
    json_t     *vars;           /* coerced variables (new reference) */
    /* coerced arguments per field selection */
    const GqlSelection **arg_sels;
    json_t    **arg_vals;
    int         nargs;
    int         capargs;
} Run;

typedef enum CmdKind
{
    CMD_PREPARE,
    CMD_AUTH_PREPARE,
    CMD_AUTH,
    CMD_STMT
} CmdKind;

typedef struct Cmd
{
    CmdKind     kind;
    int         stmt;
    PGresult   *result;
} Cmd;

#define MAX_MUTATION_FIELDS 64
#define MAX_CMDS (2 * MAX_MUTATION_FIELDS + 4)

/*
 * A job, or a batch of jobs: the lead job's pipeline then carries the
 * commands of its members too (see execute_batch_add), and the lead keeps
 * the order in which every command was sent.
 */
struct ExecJob
{
    Run         run;
    const char *token;          /* NULL: the operation runs without authenticate */
    const char ***values;       /* parameter texts per statement */
    Cmd         cmds[MAX_CMDS];
    int         ncmds;
    int         attempt;
    bool        solo;           /* a batch it was in failed: it runs alone now */
    bool        expensive;      /* its static cost is above EXEC_EXPENSIVE_COST: never batched */
    bool        named;          /* this pipeline runs its entry's prepared statements */
    bool        sent_parse;     /* its statements' Parse messages are in this pipeline */
    ExecJob    *batch_next;     /* the next job of the lead's pipeline */
    ExecResult *res;            /* where its result goes (set by execute_send and batch_add) */
    ExecStep    step;           /* its step once the lead's step is final */
    Cmd        *order[MAX_CMDS];    /* the lead: every command of the pipeline, as sent */
    int         norder;
    int         cursor;         /* the lead: the command whose results are arriving */
};

/* ---- execute_state.c -------------------------------------------------- */

/* The schema every request runs against (borrowed, set once by execute_init). */
extern const GqlSchema *exec_schema;
/* The counters (guarded by exec_stats_lock). */
extern ExecStats exec_stats;
extern pthread_mutex_t exec_stats_lock;

/* Adds to a counter. */
void        execute_count(unsigned long long *c, unsigned long long n);

/* ---- execute_result.c ------------------------------------------------- */

/* One error in spec shape (new reference); pos/key may be NULL. */
json_t     *execute_error_json(const char *message, const char *code, const GqlPos *pos, const char *key);
/* Dumps a response object into res and drops the reference (NULL: out of memory). */
void        execute_finish_body(ExecResult *res, json_t *body);
/* A request error: {"errors": [...]} from the collected GraphQL errors. */
void        execute_request_error(ExecResult *res, Run *run);
/* An execution error: {"errors": [e], "data": data} (data may be NULL: null). */
void        execute_field_error(ExecResult *res, json_t *err, json_t *data);
/* Maps a failed result to (code, message); *down when the database went away. */
void        execute_map_sql_error(const PGresult *r, const char **code, const char **message, bool *down);
/* The response of an executed operation from the final statement's JSON text. */
void        execute_build_data(ExecResult *res, Run *run, const char *text);
/* A 503 response with a GraphQL error. */
void        execute_unavailable_body(ExecResult *res, const char *message, const char *code);

/* ---- execute_cache.c -------------------------------------------------- */

/* Parses, validates and selects the operation into arena; false on a request error in run->errs. */
bool        execute_prepare_document(Run *run, const ExecRequest *req, GqlArena *arena);
/* Finds or creates the cache entry of a request; NULL after a request error in run->errs, or with *uncached. */
CacheEntry *execute_cache_lookup(Run *run, const ExecRequest *req, bool *uncached);
/* How many documents are cached and their bytes. */
void        execute_cache_counts(unsigned long long *entries, unsigned long long *bytes);
/* Gives back a request's reference to an entry (NULL: nothing); the last one frees it. */
void        execute_cache_release(CacheEntry *e);
/* Whether the entry left the table: its requests then run unnamed statements. */
bool        execute_cache_evicted(const CacheEntry *e);

/* ---- execute_batch.c -------------------------------------------------- */

/* Frees the results of a pipeline. */
void        execute_clear_cmds(Cmd *cmds, int n);

#endif                          /* EXECUTE_INT_H */
