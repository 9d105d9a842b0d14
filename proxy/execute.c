/*
 * execute.c - one GraphQL request from document to response body
 * (see execute.h).
 *
 * Cache: a hash table of CacheEntry under a rwlock; entries are never
 * freed while the process runs (at most CACHE_MAX of them, each at most
 * CACHE_ENTRY_BYTES and all together at most CACHE_BYTES of memory; past
 * that, documents are parsed and compiled per request and run as unnamed
 * statements), so a reader may keep using an entry after unlocking.  The
 * byte bounds keep clients that send many large distinct documents (a
 * comment or a string argument can fill 1 MiB) from filling the memory.  A
 * cached document is only read by requests; everything a request
 * allocates goes to its own arena.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "compile.h"
#include "execute.h"
#include "graphql/graphql.h"
#include "pool.h"

#define CACHE_BUCKETS 4096
#define CACHE_MAX POOL_MAX_PREPARED
#define CACHE_ENTRY_BYTES (256 * 1024)  /* a document's text, syntax tree and SQL */
#define CACHE_BYTES (64 * 1024 * 1024)
#define TEXTOID 25
#define MAX_PARAMS 4096         /* parameters of one statement */

typedef struct CacheEntry
{
    unsigned    id;
    uint64_t    hash;
    char       *query;
    size_t      query_len;
    char       *opname;         /* "" when absent */
    GqlArena   *arena;
    GqlDocument *doc;
    const GqlDefinition *op;
    CompiledOp *compiled;       /* NULL when it depends on the variables */
    struct CacheEntry *next;
} CacheEntry;

static const GqlSchema *exec_schema;
static int  exec_pool_wait_ms = 5000;
static CacheEntry *buckets[CACHE_BUCKETS];
static unsigned cache_count;
static size_t cache_bytes;     /* memory of the cached entries (guarded by cache_lock) */
static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static ExecStats stats;
/* every parameter is text: the SQL casts it where it needs another type */
static Oid  text_types[MAX_PARAMS];

/* SQLSTATE class IV -> extensions.code (docs/CONTRACTS.md, README "Errors"). */
static const char *const iv_codes[] = {
    NULL, "ANOTHER_INTERVIEW_ONGOING", "NO_INTERVIEW_ONGOING", "INTERVIEW_EXPIRED",
    "NOT_YOUR_TASK", "UNKNOWN_LANGUAGE", "INVALID_CODE", "TOO_MANY_PENDING",
    "FORBIDDEN", "UNAUTHENTICATED", "NO_PROBLEMS", "NOT_FOUND", "BAD_USER_INPUT",
    "RUN_PENDING", "RATE_LIMITED", "IN_USE", "INVALID_PACKAGE", NULL, "INVALID_CHECKER"
};

/* A request's working state. */
typedef struct Run
{
    GqlArena   *arena;
    GqlErrors   errs;
    const GqlDocument *doc;
    const GqlDefinition *op;
    CompiledOp *compiled;
    CacheEntry *entry;          /* NULL: not cached (unnamed statements) */
    json_t     *vars;           /* coerced variables (new reference) */
    /* coerced arguments per field selection */
    const GqlSelection **arg_sels;
    json_t    **arg_vals;
    int         nargs;
    int         capargs;
} Run;

/* Adds to a counter. */
static void
count(unsigned long long *c, unsigned long long n)
{
    pthread_mutex_lock(&stats_lock);
    *c += n;
    pthread_mutex_unlock(&stats_lock);
}

/* See execute.h. */
void
execute_init(const GqlSchema *schema, int pool_wait_ms)
{
    exec_schema = schema;
    for (int i = 0; i < MAX_PARAMS; i++)
        text_types[i] = TEXTOID;
    if (pool_wait_ms > 0)
        exec_pool_wait_ms = pool_wait_ms;
}

/* See execute.h. */
void
execute_stats(ExecStats *out)
{
    pthread_mutex_lock(&stats_lock);
    *out = stats;
    pthread_mutex_unlock(&stats_lock);
    /* the cache's own counts */
    pthread_rwlock_rdlock(&cache_lock);
    out->cache_entries = cache_count;
    out->cache_bytes = cache_bytes;
    pthread_rwlock_unlock(&cache_lock);
}

/* FNV-1a over the document and the operation name. */
static uint64_t
cache_hash(const char *q, size_t len, const char *opname)
{
    uint64_t    h = 1469598103934665603ULL;

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char) q[i]) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
    for (const char *p = opname; *p; p++)
        h = (h ^ (unsigned char) *p) * 1099511628211ULL;
    return h;
}

/* The cached entry for (query, opname), or NULL; caller holds the lock. */
static CacheEntry *
cache_find(uint64_t h, const char *q, size_t len, const char *opname)
{
    for (CacheEntry *e = buckets[h % CACHE_BUCKETS]; e; e = e->next)
        if (e->hash == h && e->query_len == len && memcmp(e->query, q, len) == 0 &&
            strcmp(e->opname, opname) == 0)
            return e;
    return NULL;
}

/* One error in spec shape (new reference); pos/key may be NULL. */
static json_t *
error_json(const char *message, const char *code, const GqlPos *pos, const char *key)
{
    json_t     *e = json_pack("{s:s, s:{s:s}}", "message", message, "extensions", "code", code);

    if (e == NULL)
        return NULL;
    if (pos != NULL && pos->line > 0)
        json_object_set_new(e, "locations",
                            json_pack("[{s:i, s:i}]", "line", pos->line, "column", pos->column));
    if (key != NULL)
        json_object_set_new(e, "path", json_pack("[s]", key));
    return e;
}

/* Dumps a response object into res and drops the reference. */
static void
finish_body(ExecResult *res, json_t *body)
{
    res->body = body ? json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    if (res->body == NULL)
        res->body = strdup("{\"errors\":[{\"message\":\"out of memory\","
                           "\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}]}");
    res->body_len = res->body ? strlen(res->body) : 0;
    json_decref(body);
}

/* See execute.h. */
char *
execute_error_body(const char *message, const char *code)
{
    ExecResult  res = {0};

    finish_body(&res, json_pack("{s:[o]}", "errors", error_json(message, code, NULL, NULL)));
    return res.body;
}

/* A request error: {"errors": [...]} from the collected GraphQL errors. */
static void
request_error(ExecResult *res, Run *run)
{
    res->status = EXEC_REQUEST_ERROR;
    finish_body(res, json_pack("{s:o}", "errors", gql_errors_to_json(&run->errs)));
}

/* An execution error: {"errors": [e], "data": data} (data may be NULL: null). */
static void
field_error(ExecResult *res, json_t *err, json_t *data)
{
    res->status = EXEC_OK;
    finish_body(res, json_pack("{s:[o], s:o}", "errors", err, "data", data ? data : json_null()));
}

/* See execute.h. */
bool
execute_request_copy(ExecRequestCopy *c, const ExecRequest *req)
{
    memset(c, 0, sizeof(*c));
    c->query = strndup(req->query, req->query_len);
    c->operation_name = req->operation_name ? strdup(req->operation_name) : NULL;
    c->token = req->token ? strndup(req->token, 257) : NULL;
    c->variables = req->variables ? json_deep_copy(req->variables) : NULL;
    if (c->query == NULL || (req->operation_name && c->operation_name == NULL) ||
        (req->token && c->token == NULL) || (req->variables && c->variables == NULL))
    {
        execute_request_copy_free(c);
        return false;
    }
    c->req = *req;
    c->req.query = c->query;
    c->req.operation_name = c->operation_name;
    c->req.token = c->token;
    c->req.variables = c->variables;
    return true;
}

/* See execute.h. */
void
execute_request_copy_free(ExecRequestCopy *c)
{
    free(c->query);
    free(c->operation_name);
    free(c->token);
    json_decref(c->variables);
    memset(c, 0, sizeof(*c));
}

/* Frees what execute_request() put in res. */
void
execute_result_free(ExecResult *res)
{
    free(res->body);
    free(res->set_token);
    res->body = NULL;
    res->set_token = NULL;
}

/* Parses, validates and selects the operation into the run's arena; false on a request error. */
static bool
prepare_document(Run *run, const ExecRequest *req, GqlArena *arena)
{
    GqlError   *perr = NULL;
    GqlDocument *doc = gql_parse(arena, req->query, req->query_len, NULL, &perr);
    GqlErrors   verrs = {0};

    if (doc == NULL)
    {
        if (perr != NULL)
        {
            perr->next = NULL;
            run->errs.first = run->errs.last = perr;
            run->errs.count = 1;
        }
        else
            gql_error_add(&run->errs, GQL_CODE_PARSE_FAILED, NULL, (GqlPos) {0, 0},
                          "Syntax Error: could not parse the document.");
        return false;
    }
    verrs.arena = arena;
    if (!gql_validate(exec_schema, doc, NULL, &verrs))
    {
        run->errs = verrs;
        return false;
    }
    run->op = gql_select_operation(doc, req->operation_name, &verrs);
    if (run->op == NULL)
    {
        run->errs = verrs;
        return false;
    }
    run->doc = doc;
    return true;
}

/* Finds or creates the cache entry of a request; NULL after a request error in run->errs. */
static CacheEntry *
lookup_document(Run *run, const ExecRequest *req, bool *uncached)
{
    const char *opname = req->operation_name ? req->operation_name : "";
    uint64_t    h = cache_hash(req->query, req->query_len, opname);
    CacheEntry *e;
    CacheEntry *found;
    GqlArena   *arena;
    char        err[256];

    *uncached = false;
    pthread_rwlock_rdlock(&cache_lock);
    e = cache_find(h, req->query, req->query_len, opname);
    pthread_rwlock_unlock(&cache_lock);
    if (e != NULL)
    {
        count(&stats.cache_hits, 1);
        run->doc = e->doc;
        run->op = e->op;
        run->compiled = e->compiled;
        return e;
    }
    count(&stats.cache_misses, 1);

    arena = gql_arena_new();
    if (arena == NULL)
    {
        gql_error_add(&run->errs, "INTERNAL_SERVER_ERROR", NULL, (GqlPos) {0, 0}, "out of memory");
        return NULL;
    }
    if (!prepare_document(run, req, arena))
    {
        /* the errors live in this arena: keep it with the run */
        GqlArena   *old = run->arena;

        run->arena = arena;
        gql_arena_free(old);
        return NULL;
    }
    e = calloc(1, sizeof(CacheEntry));
    if (e == NULL)
        goto uncached;
    e->hash = h;
    e->query = malloc(req->query_len + 1);
    e->opname = strdup(opname);
    if (e->query == NULL || e->opname == NULL)
        goto uncached;
    memcpy(e->query, req->query, req->query_len);
    e->query[req->query_len] = '\0';
    e->query_len = req->query_len;
    e->arena = arena;
    e->doc = (GqlDocument *) run->doc;
    e->op = run->op;
    if (!gql_is_introspection_only(exec_schema, run->doc, run->op, NULL) &&
        !compile_depends_on_variables(run->doc, run->op))
    {
        e->compiled = compile_operation(arena, exec_schema, run->doc, run->op, NULL,
                                        err, sizeof(err));
        if (e->compiled == NULL)
        {
            fprintf(stderr, "interview-proxy: compile: %s\n", err);
            goto uncached;
        }
        /* introspection inside a mixed operation is answered per request */
        if (e->compiled->has_meta)
            goto uncached;
    }
    else
        goto uncached;

    {
        bool        inserted = false;
        size_t      cost = gql_arena_used(arena) + req->query_len;

        pthread_rwlock_wrlock(&cache_lock);
        found = cache_find(h, req->query, req->query_len, opname);
        if (found == NULL && cache_count < CACHE_MAX && cost <= CACHE_ENTRY_BYTES &&
            cache_bytes + cost <= CACHE_BYTES)
        {
            cache_bytes += cost;
            e->id = cache_count++;
            e->next = buckets[h % CACHE_BUCKETS];
            buckets[h % CACHE_BUCKETS] = e;
            inserted = true;
        }
        pthread_rwlock_unlock(&cache_lock);
        if (inserted)
        {
            run->compiled = e->compiled;
            return e;
        }
        if (found != NULL)
        {
            /* another thread cached it first: use theirs */
            free(e->query);
            free(e->opname);
            free(e);
            gql_arena_free(arena);
            run->doc = found->doc;
            run->op = found->op;
            run->compiled = found->compiled;
            return found;
        }
        /* the cache is full, or the document too big: it runs uncached, compiled as it is */
        free(e->query);
        free(e->opname);
        run->compiled = e->compiled;
        free(e);
        e = NULL;
        {
            GqlArena   *old = run->arena;

            run->arena = arena;
            gql_arena_free(old);
        }
        run->errs.arena = arena;
        *uncached = true;
        return NULL;
    }

uncached:
    if (e != NULL)
    {
        free(e->query);
        free(e->opname);
        free(e);
    }
    {
        GqlArena   *old = run->arena;

        run->arena = arena;
        gql_arena_free(old);
    }
    run->errs.arena = arena;
    run->compiled = NULL;
    *uncached = true;
    return NULL;
}

/* The coerced arguments of a field selection, computed once per request (borrowed). */
static json_t *
field_args(Run *run, const GqlSelection *sel, const GqlFieldDef *fd)
{
    json_t     *v;

    for (int i = 0; i < run->nargs; i++)
        if (run->arg_sels[i] == sel)
            return run->arg_vals[i];
    v = gql_coerce_arguments(exec_schema, fd->args, sel->args, run->vars, &run->errs, sel->pos);
    if (v == NULL)
        return NULL;
    if (run->nargs == run->capargs)
    {
        int         cap = run->capargs ? run->capargs * 2 : 8;
        const GqlSelection **s = realloc(run->arg_sels, cap * sizeof(*s));
        json_t    **a;

        if (s == NULL)
        {
            json_decref(v);
            return NULL;
        }
        run->arg_sels = s;
        a = realloc(run->arg_vals, cap * sizeof(*a));
        if (a == NULL)
        {
            json_decref(v);
            return NULL;
        }
        run->arg_vals = a;
        run->capargs = cap;
    }
    run->arg_sels[run->nargs] = sel;
    run->arg_vals[run->nargs++] = v;
    return v;
}

/* Text of one parameter (arena-owned or borrowed), NULL for SQL NULL; false + *msg on bad input. */
static bool
param_text(Run *run, const CompiledParam *p, const char **out, const char **msg)
{
    json_t     *args = field_args(run, p->sel, p->field);
    json_t     *v;

    *out = NULL;
    if (args == NULL)
    {
        *msg = run->errs.first ? run->errs.first->message : "invalid argument";
        return false;
    }
    v = json_object_get(args, p->arg);
    if (p->check != CHECK_NONE)
    {
        json_int_t  n;

        if (v == NULL || json_is_null(v))
            n = p->check == CHECK_LIMIT ? COMPILE_DEFAULT_LIMIT : 0;
        else if (json_is_integer(v))
            n = json_integer_value(v);
        else
        {
            *msg = "limit and offset must be integers";
            return false;
        }
        if (p->check == CHECK_LIMIT && (n < 0 || n > COMPILE_MAX_LIMIT))
        {
            *msg = "limit must be between 0 and 1000";
            return false;
        }
        if (p->check == CHECK_OFFSET && n < 0)
        {
            *msg = "offset must not be negative";
            return false;
        }
        *out = gql_arena_printf(run->arena, "%" JSON_INTEGER_FORMAT, n);
        return *out != NULL;
    }
    if (v == NULL || json_is_null(v))
        return true;
    if (json_is_string(v))
    {
        if (strlen(json_string_value(v)) != json_string_length(v))
        {
            *msg = "strings may not contain NUL characters";
            return false;
        }
        *out = json_string_value(v);
    }
    else if (json_is_integer(v))
        *out = gql_arena_printf(run->arena, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        *out = gql_arena_printf(run->arena, "%.17g", json_real_value(v));
    else if (json_is_boolean(v))
        *out = json_is_true(v) ? "true" : "false";
    else
    {
        char       *s = json_dumps(v, JSON_COMPACT);

        *out = s ? gql_arena_strdup(run->arena, s) : NULL;
        free(s);
    }
    if (*out == NULL)
    {
        *msg = "out of memory";
        return false;
    }
    return true;
}

/* Maps a failed result to (code, message); *down when the database went away. */
static void
map_sql_error(const PGresult *r, const char **code, const char **message, bool *down)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;

    *down = false;
    if (state == NULL || strlen(state) != 5)
    {
        *code = "INTERNAL_SERVER_ERROR";
        *message = "internal server error";
        *down = true;
        return;
    }
    if (state[0] == 'I' && state[1] == 'V')
    {
        int         n = atoi(state + 2);

        if (n >= 1 && n < (int) (sizeof(iv_codes) / sizeof(iv_codes[0])) && iv_codes[n])
        {
            *code = iv_codes[n];
            *message = primary ? primary : iv_codes[n];
            return;
        }
    }
    if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0)
    {
        *code = "BAD_USER_INPUT";
        *message = "an argument has an invalid value";
        return;
    }
    if (strcmp(state, "57014") == 0)
    {
        *code = "TIMEOUT";
        *message = "the request took too long";
        return;
    }
    if (strcmp(state, "42501") == 0)
    {
        *code = "FORBIDDEN";
        *message = "permission denied";
        return;
    }
    /* a prepared statement lost or stale on this connection: start it afresh */
    if (strcmp(state, "26000") == 0 || strcmp(state, "0A000") == 0)
    {
        fprintf(stderr, "interview-proxy: SQL error %s: %s (reconnecting)\n", state,
                primary ? primary : "?");
        *code = "SERVICE_UNAVAILABLE";
        *message = "the database connection was reset, try again";
        *down = true;
        return;
    }
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
        strcmp(state, "53300") == 0)
    {
        *code = "SERVICE_UNAVAILABLE";
        *message = "the database is unavailable";
        *down = true;
        return;
    }
    fprintf(stderr, "interview-proxy: SQL error %s: %s\n", state, primary ? primary : "?");
    *code = "INTERNAL_SERVER_ERROR";
    *message = "internal server error";
}

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
    bool        sent_parse;     /* its statements' Parse messages are in this pipeline */
    ExecJob    *batch_next;     /* the next job of the lead's pipeline */
    ExecResult *res;            /* where its result goes (set by execute_send and batch_add) */
    ExecStep    step;           /* its step once the lead's step is final */
    Cmd        *order[MAX_CMDS];    /* the lead: every command of the pipeline, as sent */
    int         norder;
    int         cursor;         /* the lead: the command whose results are arriving */
};

/* Records a command of job, sent in lead's pipeline. */
static void
add_cmd(ExecJob *lead, ExecJob *job, CmdKind kind, int stmt)
{
    Cmd        *c = &job->cmds[job->ncmds++];

    *c = (Cmd) {kind, stmt, NULL};
    lead->order[lead->norder++] = c;
}

/* Whether a job of the pipeline before job sent the Parse messages of cache entry id. */
static bool
parse_sent(const ExecJob *lead, const ExecJob *job, unsigned id)
{
    for (const ExecJob *j = lead; j != job; j = j->batch_next)
        if (j->sent_parse && j->run.entry->id == id)
            return true;
    return false;
}

/*
 * Queues the Parse messages that job needs and that neither the connection
 * nor an earlier job of the pipeline has; *auth_sent tells whether "iv_auth"
 * is on its way already.  Parse messages go first, so that a failure of a
 * job's authenticate or statement cannot abort them.
 */
static bool
send_parses(PoolConn *pc, ExecJob *lead, ExecJob *job, bool *auth_sent)
{
    PGconn     *conn = pc->conn;
    const CompiledOp *op = job->run.compiled;
    char        name[32];
    bool        ok = true;

    if (job->token != NULL && !pc->auth_prepared && !*auth_sent)
    {
        if (!PQsendPrepare(conn, "iv_auth", "SELECT interview.authenticate($1)", 1, text_types))
            ok = false;
        add_cmd(lead, job, CMD_AUTH_PREPARE, -1);
        *auth_sent = true;
    }
    if (job->run.entry != NULL && !pool_is_prepared(pc, job->run.entry->id) &&
        !parse_sent(lead, job, job->run.entry->id))
        for (int s = 0; s < op->nstmts; s++)
        {
            snprintf(name, sizeof(name), "q%u_%d", job->run.entry->id, s);
            if (!PQsendPrepare(conn, name, op->stmts[s].sql, op->stmts[s].nparams, text_types))
                ok = false;
            add_cmd(lead, job, CMD_PREPARE, s);
            job->sent_parse = true;
        }
    return ok;
}

/* Queues a job's authenticate and statements. */
static bool
send_body(PoolConn *pc, ExecJob *lead, ExecJob *job)
{
    PGconn     *conn = pc->conn;
    const CompiledOp *op = job->run.compiled;
    char        name[32];
    bool        ok = true;

    if (job->token != NULL)
    {
        if (!PQsendQueryPrepared(conn, "iv_auth", 1, &job->token, NULL, NULL, 0))
            ok = false;
        add_cmd(lead, job, CMD_AUTH, -1);
    }
    for (int s = 0; s < op->nstmts; s++)
    {
        const CompiledStmt *st = &op->stmts[s];
        int         sent;

        if (job->run.entry != NULL)
        {
            snprintf(name, sizeof(name), "q%u_%d", job->run.entry->id, s);
            sent = PQsendQueryPrepared(conn, name, st->nparams, job->values[s], NULL, NULL, 0);
        }
        else
            sent = PQsendQueryParams(conn, st->sql, st->nparams, text_types, job->values[s],
                                     NULL, NULL, 0);
        if (!sent)
            ok = false;
        add_cmd(lead, job, CMD_STMT, s);
    }
    return ok;
}

/*
 * Sends the lead's whole batch as one pipeline with one Sync, so the server
 * runs it as one implicit transaction; false when the connection broke.
 */
static bool
pipeline_send(PoolConn *pc, ExecJob *lead)
{
    PGconn     *conn = pc->conn;
    bool        ok = true;
    bool        auth_sent = false;
    unsigned long long sent = 0;

    lead->norder = 0;
    lead->cursor = 0;
    for (ExecJob *j = lead; j; j = j->batch_next)
    {
        j->ncmds = 0;
        j->sent_parse = false;
    }
    if (!PQenterPipelineMode(conn))
        return false;
    for (ExecJob *j = lead; j; j = j->batch_next)
        ok &= send_parses(pc, lead, j, &auth_sent);
    for (ExecJob *j = lead; j; j = j->batch_next)
        ok &= send_body(pc, lead, j);
    if (!ok || !PQpipelineSync(conn))
    {
        fprintf(stderr, "interview-proxy: PQsend: %s", PQerrorMessage(conn));
        return false;
    }
    for (ExecJob *j = lead; j; j = j->batch_next)
        sent += (unsigned long long) (j->run.compiled->nstmts + (j->token ? 1 : 0));
    count(&stats.statements, sent);
    return true;
}

/*
 * Takes every result that has arrived (never blocks): 1 when the pipeline
 * is complete, 0 when more is to come, -1 when the connection broke.
 */
static int
pipeline_collect(PoolConn *pc, ExecJob *lead)
{
    PGconn     *conn = pc->conn;
    PGresult   *r;

    if (!PQconsumeInput(conn))
        return -1;
    while (!PQisBusy(conn))
    {
        r = PQgetResult(conn);
        if (r == NULL)
        {
            /* the end of one command's results */
            if (lead->cursor >= lead->norder)
                return -1;
            lead->cursor++;
            continue;
        }
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC)
        {
            PQclear(r);
            if (lead->cursor != lead->norder)
                return -1;
            if (!PQexitPipelineMode(conn))
            {
                fprintf(stderr, "interview-proxy: PQexitPipelineMode: %s", PQerrorMessage(conn));
                return -1;
            }
            return 1;
        }
        if (lead->cursor < lead->norder && lead->order[lead->cursor]->result == NULL)
            lead->order[lead->cursor]->result = r;
        else
            PQclear(r);
    }
    return PQstatus(conn) == CONNECTION_OK ? 0 : -1;
}

/* Remembers what the connection has prepared after a complete pipeline. */
static void
note_prepared(PoolConn *pc, ExecJob *job)
{
    Cmd        *cmds = job->cmds;
    int         n = job->ncmds;
    bool        any = false;
    bool        all = true;

    for (int c = 0; c < n; c++)
    {
        bool        done = PQresultStatus(cmds[c].result) == PGRES_COMMAND_OK;

        if (cmds[c].kind == CMD_AUTH_PREPARE && done)
            pc->auth_prepared = true;
        if (cmds[c].kind == CMD_PREPARE)
        {
            any = true;
            all &= done;
        }
    }
    if (job->run.entry != NULL && any && all)
        pool_set_prepared(pc, job->run.entry->id);
}

/* Frees the results of a pipeline. */
static void
clear_cmds(Cmd *cmds, int n)
{
    for (int c = 0; c < n; c++)
    {
        PQclear(cmds[c].result);
        cmds[c].result = NULL;
    }
}

/*
 * Replaces @guard markers by null with an error, and propagates nulls
 * into non-null parents.  Returns false when obj itself must become null.
 */
static bool fix_value(json_t **slot, const PlanNode *node, json_t *path, json_t *errors);

/* Walks the members of one object of the result. */
static bool
fix_object(json_t *obj, const PlanNode *children, json_t *path, json_t *errors)
{
    for (const PlanNode *c = children; c; c = c->next)
    {
        json_t     *v;

        if (!c->guard_code && !c->guarded_below)
            continue;
        v = json_object_get(obj, c->key);
        if (v == NULL)
            continue;
        json_incref(v);
        json_array_append_new(path, json_string(c->key));
        if (!fix_value(&v, c, path, errors))
        {
            json_decref(v);
            json_array_remove(path, json_array_size(path) - 1);
            return false;
        }
        json_object_set_new(obj, c->key, v);
        json_array_remove(path, json_array_size(path) - 1);
    }
    return true;
}

/* See fix_object: one field value (owned reference in *slot, may be replaced). */
static bool
fix_value(json_t **slot, const PlanNode *node, json_t *path, json_t *errors)
{
    json_t     *v = *slot;

    if (node->guard_code && json_is_object(v) && json_object_get(v, "!error"))
    {
        json_t     *e = json_pack("{s:s, s:[{s:i, s:i}], s:o, s:{s:s}}",
                                  "message", "not allowed",
                                  "locations", "line", node->pos.line, "column", node->pos.column,
                                  "path", json_deep_copy(path), "extensions", "code",
                                  node->guard_code);

        if (strcmp(node->guard_code, "FORBIDDEN") == 0)
            json_object_set_new(e, "message", json_string("permission denied"));
        json_array_append_new(errors, e);
        json_decref(v);
        *slot = v = json_null();
    }
    if (json_is_array(v) && node->guarded_below)
    {
        for (size_t i = 0; i < json_array_size(v); i++)
        {
            json_t     *item = json_array_get(v, i);

            json_incref(item);
            json_array_append_new(path, json_integer((json_int_t) i));
            if (!fix_object(item, node->children, path, errors))
            {
                json_decref(item);
                item = json_null();
            }
            json_array_set_new(v, i, item);
            json_array_remove(path, json_array_size(path) - 1);
            if (json_is_null(item) && node->item_non_null)
            {
                json_decref(v);
                *slot = v = json_null();
                break;
            }
        }
    }
    else if (json_is_object(v) && node->guarded_below)
    {
        if (!fix_object(v, node->children, path, errors))
        {
            json_decref(v);
            *slot = v = json_null();
        }
    }
    return !(json_is_null(v) && node->non_null);
}

/* The response of an executed operation from the final statement's JSON text. */
static void
build_data(ExecResult *res, Run *run, const char *text)
{
    const CompiledOp *op = run->compiled;
    json_t     *data;
    json_t     *errors;
    json_t     *path;
    json_error_t jerr;

    if (!op->guarded && !op->has_meta)
    {
        size_t      len = strlen(text);

        res->body = malloc(len + 16);
        if (res->body == NULL)
            return;
        memcpy(res->body, "{\"data\":", 8);
        memcpy(res->body + 8, text, len);
        memcpy(res->body + 8 + len, "}", 2);
        res->body_len = len + 9;
        return;
    }
    data = json_loads(text, JSON_DECODE_ANY, &jerr);
    errors = json_array();
    path = json_array();
    if (data == NULL || errors == NULL || path == NULL)
    {
        json_decref(data);
        json_decref(errors);
        json_decref(path);
        finish_body(res, NULL);
        return;
    }
    if (op->has_meta)
    {
        /* rebuild in document order with the introspection answers */
        json_t     *merged = json_object();

        for (int i = 0; i < op->nroots; i++)
        {
            const CompiledRoot *r = &op->roots[i];
            json_t     *v;

            if (r->meta)
                v = gql_introspect_field(exec_schema, run->doc, gql_schema_query_type(exec_schema),
                                         r->group, run->vars, &run->errs);
            else
                v = json_incref(json_object_get(data, r->key));
            json_object_set_new(merged, r->key, v ? v : json_null());
        }
        json_decref(data);
        data = merged;
    }
    if (op->guarded && !fix_object(data, op->plan, path, errors))
    {
        json_decref(data);
        data = json_null();
    }
    if (json_array_size(errors) > 0)
        finish_body(res, json_pack("{s:o, s:o}", "errors", errors, "data", data));
    else
    {
        json_decref(errors);
        finish_body(res, json_pack("{s:o}", "data", data));
    }
    json_decref(path);
}

/* Binds every parameter of the job's statements before touching the database; false sets res. */
static bool
bind_values(ExecJob *job, ExecResult *res)
{
    Run        *run = &job->run;
    const CompiledOp *op = run->compiled;
    const char *msg = NULL;

    if (op->nstmts > MAX_MUTATION_FIELDS)
    {
        field_error(res, error_json("too many mutation fields in one request",
                                    "BAD_USER_INPUT", NULL, NULL), NULL);
        return false;
    }
    for (int s = 0; s < op->nstmts; s++)
        if (op->stmts[s].nparams > MAX_PARAMS)
        {
            field_error(res, error_json("too many arguments in one request",
                                        "BAD_USER_INPUT", NULL, NULL), NULL);
            return false;
        }
    job->values = gql_arena_alloc(run->arena, sizeof(*job->values) * (size_t) op->nstmts);
    for (int s = 0; job->values && s < op->nstmts; s++)
    {
        const CompiledStmt *st = &op->stmts[s];

        job->values[s] = gql_arena_alloc(run->arena, sizeof(char *) * (size_t) (st->nparams + 1));
        if (job->values[s] == NULL)
        {
            job->values = NULL;
            break;
        }
        for (int p = 0; p < st->nparams; p++)
            if (!param_text(run, &st->params[p], &job->values[s][p], &msg))
            {
                field_error(res, error_json(msg, "BAD_USER_INPUT", &st->params[p].sel->pos, NULL),
                            NULL);
                return false;
            }
    }
    if (job->values == NULL)
    {
        finish_body(res, NULL);
        return false;
    }
    return true;
}

/* A 503 response with a GraphQL error. */
static void
unavailable(ExecResult *res, const char *message, const char *code)
{
    res->status = EXEC_UNAVAILABLE;
    res->body = execute_error_body(message, code);
    res->body_len = res->body ? strlen(res->body) : 0;
}

/* See execute.h. */
void
execute_unavailable(ExecResult *res, ExecUnavailable why)
{
    static const char *const messages[] = {
        [EXEC_DOWN] = "the database is unavailable",
        [EXEC_BUSY] = "the server is busy, try again",
        [EXEC_STOPPING] = "the server is stopping",
    };

    unavailable(res, messages[why], "SERVICE_UNAVAILABLE");
}

/*
 * After the connection failed: a query is safe to send again on a fresh
 * one, once; else the request gets a 503 with (message, code).
 */
static ExecStep
retry_or_fail(ExecJob *job, ExecResult *res, const char *message, const char *code)
{
    clear_cmds(job->cmds, job->ncmds);
    if (job->attempt++ == 0 && job->run.compiled->type != GQL_OP_MUTATION)
        return EXEC_STEP_RETRY;
    unavailable(res, message, code);
    return EXEC_STEP_DONE;
}

/* One job's step after its connection failed. */
static ExecStep
broken_step(ExecJob *job, ExecResult *res)
{
    ExecStep    step = retry_or_fail(job, res, "the database is unavailable",
                                     "SERVICE_UNAVAILABLE");

    if (step == EXEC_STEP_DONE)
        count(&stats.db_errors, 1);
    return step;
}

/* Ends a batch: its members run alone from now on (their steps are set). */
static void
unlink_batch(ExecJob *lead)
{
    ExecJob    *j = lead->batch_next;

    lead->batch_next = NULL;
    while (j != NULL)
    {
        ExecJob    *next = j->batch_next;

        j->batch_next = NULL;
        j = next;
    }
}

/* See execute.h. */
ExecStep
execute_broken(ExecJob *job, ExecResult *res)
{
    job->res = res;
    for (ExecJob *j = job; j; j = j->batch_next)
        j->step = broken_step(j, j->res);
    unlink_batch(job);
    return job->step;
}

/* See execute.h. */
ExecStep
execute_send(ExecJob *job, PoolConn *pc, ExecResult *res, bool *broken)
{
    /* every result slot is NULL here: clear_cmds() emptied them after the last use */
    job->res = res;
    *broken = !pipeline_send(pc, job);
    return *broken ? execute_broken(job, res) : EXEC_STEP_WAIT;
}

/* See execute.h. */
bool
execute_batchable(const ExecJob *job)
{
    return job->token != NULL && !job->solo && job->run.compiled->type == GQL_OP_QUERY &&
        job->run.compiled->nstmts == 1;
}

/* See execute.h. */
bool
execute_batch_add(ExecJob *lead, ExecJob *job, ExecResult *res)
{
    ExecJob    *tail = lead;
    int         n = 1;

    if (job == lead || job->batch_next != NULL || !execute_batchable(lead) ||
        !execute_batchable(job))
        return false;
    for (; tail->batch_next != NULL; tail = tail->batch_next)
        n++;
    if (n >= EXEC_BATCH_MAX)
        return false;
    tail->batch_next = job;
    job->res = res;
    return true;
}

/* See execute.h. */
ExecStep
execute_step(const ExecJob *job)
{
    return job->step;
}

/* Whether a command's result is a success (not an error, not skipped by one). */
static bool
succeeded(const PGresult *r)
{
    ExecStatusType st = PQresultStatus(r);

    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

/* The first command of the pipeline that did not succeed, or NULL. */
static const PGresult *
first_failure(const ExecJob *lead)
{
    for (int c = 0; c < lead->norder; c++)
        if (!succeeded(lead->order[c]->result))
            return lead->order[c]->result;
    return NULL;
}

/* The response of a complete pipeline (see ExecStep). */
static ExecStep
finish_results(ExecJob *job, ExecResult *res, bool *broken)
{
    Run        *run = &job->run;
    const CompiledOp *op = run->compiled;
    Cmd        *cmds = job->cmds;
    int         ncmds = job->ncmds;
    const PGresult *failed = NULL;
    int         failed_stmt = -1;
    const char *code;
    const char *message;

    for (int c = 0; c < ncmds; c++)
    {
        if (!succeeded(cmds[c].result))
        {
            failed = cmds[c].result;
            failed_stmt = cmds[c].kind == CMD_STMT ? cmds[c].stmt : -1;
            break;
        }
    }
    if (failed != NULL)
    {
        map_sql_error(failed, &code, &message, broken);
        count(&stats.db_errors, 1);
        if (*broken)
            return retry_or_fail(job, res, message, code);
        else
        {
            const CompiledRoot *root = NULL;
            json_t     *data = NULL;

            if (failed_stmt >= 0 && op->type == GQL_OP_MUTATION &&
                op->stmts[failed_stmt].root >= 0)
                root = &op->roots[op->stmts[failed_stmt].root];
            if (op->type == GQL_OP_MUTATION)
            {
                data = json_object();
                for (int i = 0; i < op->nroots; i++)
                    json_object_set_new(data, op->roots[i].key,
                                        op->roots[i].call_stmt >= 0 ? json_null()
                                        : json_string("Mutation"));
            }
            field_error(res, error_json(message, code, root ? &root->pos : NULL,
                                        root ? root->key : NULL), data);
        }
        clear_cmds(cmds, ncmds);
        return EXEC_STEP_DONE;
    }
    /* success: cookie actions, then the data */
    for (int i = 0; i < op->nroots; i++)
    {
        const CompiledRoot *r = &op->roots[i];

        if (r->cookie == COOKIE_CLEAR)
            res->clear_cookie = true;
        if (r->cookie == COOKIE_SET)
            for (int c = 0; c < ncmds; c++)
                if (cmds[c].kind == CMD_STMT && cmds[c].stmt == r->call_stmt &&
                    PQntuples(cmds[c].result) == 1)
                {
                    free(res->set_token);
                    res->set_token = strdup(PQgetvalue(cmds[c].result, 0, 0));
                }
    }
    res->status = EXEC_OK;
    {
        const PGresult *last = cmds[ncmds - 1].result;

        if (PQntuples(last) == 1 && PQnfields(last) == 1)
            build_data(res, run, PQgetvalue(last, 0, 0));
        if (res->body == NULL)
            finish_body(res, NULL);
    }
    clear_cmds(cmds, ncmds);
    return EXEC_STEP_DONE;
}

/* See execute.h. */
ExecStep
execute_receive(ExecJob *job, PoolConn *pc, ExecResult *res, bool *broken)
{
    int         got = pipeline_collect(pc, job);
    const PGresult *failed;

    *broken = false;
    job->res = res;
    if (got == 0)
        return EXEC_STEP_WAIT;
    if (got < 0)
    {
        *broken = true;
        return execute_broken(job, res);
    }
    for (ExecJob *j = job; j; j = j->batch_next)
        note_prepared(pc, j);
    if (job->batch_next != NULL && (failed = first_failure(job)) != NULL)
    {
        /*
         * The batch's transaction failed, so nothing of it counts: every job
         * runs again alone, where a failure is its own (a bad token, say).
         */
        const char *code;
        const char *message;

        map_sql_error(failed, &code, &message, broken);
        count(&stats.batch_splits, 1);
        for (ExecJob *j = job; j; j = j->batch_next)
        {
            if (*broken)
                j->step = retry_or_fail(j, j->res, message, code);
            else
            {
                clear_cmds(j->cmds, j->ncmds);
                j->solo = true;
                j->step = EXEC_STEP_RETRY;
            }
        }
    }
    else
    {
        unsigned long long n = 0;

        for (ExecJob *j = job; j; j = j->batch_next, n++)
        {
            bool        b = false;

            j->step = finish_results(j, j->res, &b);
            *broken |= b;
        }
        if (n > 1)
        {
            count(&stats.batched, n);
            count(&stats.batches, 1);
        }
    }
    unlink_batch(job);
    return job->step;
}

/* Whether the operation is allowed without a session; else the first field that is not. */
static const CompiledRoot *
needs_session(const CompiledOp *op)
{
    for (int i = 0; i < op->nroots; i++)
        if (!op->roots[i].meta && !op->roots[i].is_public)
            return &op->roots[i];
    return NULL;
}

/* Frees what a run holds. */
static void
run_free(Run *run)
{
    for (int i = 0; i < run->nargs; i++)
        json_decref(run->arg_vals[i]);
    free(run->arg_sels);
    free(run->arg_vals);
    json_decref(run->vars);
    gql_arena_free(run->arena);
}

/* See execute.h. */
void
execute_job_free(ExecJob *job)
{
    if (job == NULL)
        return;
    clear_cmds(job->cmds, job->ncmds);
    run_free(&job->run);
    free(job);
}

/* See execute.h. */
ExecJob *
execute_start(const ExecRequest *req, ExecResult *res)
{
    ExecJob    *job = calloc(1, sizeof(ExecJob));
    Run        *run;
    bool        uncached = false;
    char        err[256];
    const CompiledRoot *denied;

    memset(res, 0, sizeof(*res));
    if (job == NULL || (job->run.arena = gql_arena_new()) == NULL)
    {
        free(job);
        unavailable(res, "out of memory", "INTERNAL_SERVER_ERROR");
        return NULL;
    }
    run = &job->run;
    run->errs.arena = run->arena;
    run->entry = lookup_document(run, req, &uncached);
    run->errs.arena = run->arena;
    if (run->entry == NULL && !uncached)
    {
        request_error(res, run);
        goto done;
    }
    if (run->op->operation == GQL_OP_SUBSCRIPTION && !req->subscription)
    {
        gql_error_add(&run->errs, "SUBSCRIPTION_NEEDS_SSE", NULL, run->op->pos,
                      "Subscriptions use the GraphQL over Server-Sent Events protocol: "
                      "send the request with Accept: text/event-stream.");
        request_error(res, run);
        goto done;
    }
    if (req->is_get && run->op->operation != GQL_OP_QUERY)
    {
        res->status = EXEC_METHOD_NOT_ALLOWED;
        res->body = execute_error_body("only queries may be sent with GET; use POST",
                                       "METHOD_NOT_ALLOWED");
        res->body_len = res->body ? strlen(res->body) : 0;
        goto done;
    }
    run->vars = gql_coerce_variables(exec_schema, run->op, req->variables, &run->errs);
    if (run->vars == NULL)
    {
        request_error(res, run);
        goto done;
    }
    /* cached entries are never introspection-only (and their document is shared) */
    if (run->compiled == NULL && gql_is_introspection_only(exec_schema, run->doc, run->op, run->vars))
    {
        json_t     *data = gql_introspect_operation(exec_schema, run->doc, run->op, run->vars,
                                                    &run->errs);

        res->status = EXEC_OK;
        if (data == NULL)
            finish_body(res, json_pack("{s:o, s:n}", "errors", gql_errors_to_json(&run->errs),
                                       "data"));
        else
            finish_body(res, json_pack("{s:o}", "data", data));
        goto done;
    }
    if (run->compiled == NULL)
    {
        run->compiled = compile_operation(run->arena, exec_schema, run->doc, run->op, run->vars,
                                          err, sizeof(err));
        if (run->compiled == NULL)
        {
            fprintf(stderr, "interview-proxy: compile: %s\n", err);
            res->status = EXEC_OK;
            field_error(res, error_json("internal server error", "INTERNAL_SERVER_ERROR",
                                        NULL, NULL), NULL);
            goto done;
        }
        run->entry = NULL;
    }
    if (!run->compiled->has_sql)
    {
        /* only __typename and meta-fields left after @skip/@include */
        run->compiled->nstmts = 0;
        build_data(res, run, "{}");
        goto done;
    }
    denied = needs_session(run->compiled);
    if (req->token == NULL && denied != NULL)
    {
        field_error(res, error_json("authentication required: log in and send the token",
                                    "UNAUTHENTICATED", &denied->pos, denied->key), NULL);
        goto done;
    }
    if (!bind_values(job, res))
        goto done;
    job->token = run->compiled->all_public ? NULL : req->token;
    return job;

done:
    execute_job_free(job);
    return NULL;
}

/* Waits until the slot's socket is readable (and writable while output is pending). */
static void
wait_socket(PoolConn *pc)
{
    struct pollfd pfd = {PQsocket(pc->conn), POLLIN, 0};

    if (PQflush(pc->conn) == 1)
        pfd.events |= POLLOUT;
    if (pfd.fd >= 0 && poll(&pfd, 1, -1) < 0 && errno != EINTR)
        fprintf(stderr, "interview-proxy: poll: %s\n", strerror(errno));
}

/* See execute.h: the job's steps on this thread, blocking. */
void
execute_request(const ExecRequest *req, ExecResult *res)
{
    ExecJob    *job = execute_start(req, res);
    ExecStep    step = EXEC_STEP_RETRY;

    while (job != NULL && step == EXEC_STEP_RETRY)
    {
        bool        down = false;
        bool        broken = false;
        PoolConn   *pc = pool_acquire(exec_pool_wait_ms, &down);

        if (pc == NULL)
        {
            execute_unavailable(res, down ? EXEC_DOWN : EXEC_BUSY);
            break;
        }
        step = execute_send(job, pc, res, &broken);
        while (step == EXEC_STEP_WAIT)
        {
            wait_socket(pc);
            step = execute_receive(job, pc, res, &broken);
        }
        pool_release(pc, broken);
    }
    execute_job_free(job);
}

/* See execute.h. */
char *
execute_compile_text(const char *query, const char *operation_name, char *err, size_t errlen)
{
    GqlArena   *arena = gql_arena_new();
    Run         run = {0};
    ExecRequest req = {0};
    CompiledOp *op;
    size_t      len = 0;
    char       *out = NULL;

    if (arena == NULL)
    {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    run.arena = arena;
    run.errs.arena = arena;
    req.query = query;
    req.query_len = strlen(query);
    req.operation_name = operation_name;
    if (!prepare_document(&run, &req, arena))
    {
        snprintf(err, errlen, "%s", run.errs.first ? run.errs.first->message : "invalid document");
        gql_arena_free(arena);
        return NULL;
    }
    op = compile_operation(arena, exec_schema, run.doc, run.op, NULL, err, errlen);
    if (op != NULL)
    {
        for (int s = 0; s < op->nstmts; s++)
            len += strlen(op->stmts[s].sql) + 3;
        out = malloc(len + 1);
        if (out != NULL)
        {
            out[0] = '\0';
            for (int s = 0; s < op->nstmts; s++)
            {
                strcat(out, op->stmts[s].sql);
                strcat(out, ";\n");
            }
        }
    }
    gql_arena_free(arena);
    return out;
}
