/*
 * execute.c - one GraphQL request from document to response body (see
 * execute.h): the request's lifecycle.  execute_start() finds the cached
 * document (execute_cache.c), coerces the variables, answers introspection,
 * compiles and binds the parameters; execute_batch.c then runs it on the
 * database and execute_result.c assembles the answer.  execute_request()
 * drives those steps on a blocking thread.
 *
 * It must not talk to the socket itself (execute_batch.c does) nor format
 * errors by hand (execute_result.c does).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "execute_int.h"
#include "limits.h"

static int  exec_pool_wait_ms = 5000;
static double exec_max_cost = EXEC_DEFAULT_MAX_COST;

/* See execute.h. */
void
execute_init(const GqlSchema *schema, int pool_wait_ms)
{
    exec_schema = schema;
    if (pool_wait_ms > 0)
        exec_pool_wait_ms = pool_wait_ms;
}

/* See execute.h. */
void
execute_set_max_cost(long max_cost)
{
    exec_max_cost = (double) max_cost;
}

/* See execute.h. */
uint64_t
execute_account_key(const ExecJob *job)
{
    uint64_t    h = 1469598103934665603ULL;

    if (job->token == NULL)
        return 0;
    for (const char *p = job->token; *p; p++)
        h = (h ^ (unsigned char) *p) * 1099511628211ULL;
    return h == 0 ? 1 : h;
}

/* See execute.h. */
void
execute_stats(ExecStats *out)
{
    pthread_mutex_lock(&exec_stats_lock);
    *out = exec_stats;
    pthread_mutex_unlock(&exec_stats_lock);
    /* the cache's own counts */
    execute_cache_counts(&out->cache_entries, &out->cache_bytes);
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

/*
 * The limit of a list field for the static cost: its coerced `limit`
 * argument (the schema's default when absent), or the most rows a list
 * without one returns.
 */
static long
cost_limit(void *ctx, const GqlSelection *sel)
{
    Run        *run = ctx;
    json_t     *args;
    json_t     *v;
    json_int_t  n;

    if (sel->field_def == NULL || gql_input_value(sel->field_def->args, "limit") == NULL)
        return COMPILE_MAX_LIMIT;
    args = field_args(run, sel, sel->field_def);
    v = args ? json_object_get(args, "limit") : NULL;
    if (v == NULL || json_is_null(v))
        return COMPILE_DEFAULT_LIMIT;
    if (!json_is_integer(v))
        return COMPILE_MAX_LIMIT;
    n = json_integer_value(v);
    return n < 0 ? 0 : (n > COMPILE_MAX_LIMIT ? COMPILE_MAX_LIMIT : (long) n);
}

/*
 * The limits on an operation before it reaches the database: its static
 * cost (QUERY_TOO_COSTLY above the ceiling), at most one field that creates
 * a session (login, register), and for that field a token of the client
 * address's bucket (RATE_LIMITED). False with res filled when refused.
 */
static bool
check_limits(ExecJob *job, const ExecRequest *req, ExecResult *res)
{
    Run        *run = &job->run;
    double      cost = gql_cost(run->op, cost_limit, run);
    const CompiledRoot *first = NULL;
    int         sessions = 0;
    int         retry_s;

    if (cost > exec_max_cost)
    {
        gql_error_add(&run->errs, "QUERY_TOO_COSTLY", NULL, run->op->pos,
                      "The operation may return up to %.0f objects, more than the limit of %.0f: "
                      "lower the limit arguments of its nested lists.", cost, exec_max_cost);
        execute_request_error(res, run);
        return false;
    }
    job->expensive = cost > EXEC_EXPENSIVE_COST;
    for (int i = 0; i < run->compiled->nroots; i++)
        if (run->compiled->roots[i].cookie == COOKIE_SET && sessions++ == 0)
            first = &run->compiled->roots[i];
    if (sessions > 1)
    {
        res->status = EXEC_OK;
        execute_field_error(res, execute_error_json("an operation may hold only one login or register field",
                                                    "ONE_LOGIN_PER_OPERATION", &first->pos, first->key),
                            NULL);
        return false;
    }
    if (sessions == 1 && !limits_login_take(req->client[0] ? req->client : "?", &retry_s))
    {
        char        msg[128];

        snprintf(msg, sizeof(msg), "too many logins from this address: try again in %d s", retry_s);
        res->status = EXEC_OK;
        execute_field_error(res, execute_error_json(msg, "RATE_LIMITED", &first->pos, first->key), NULL);
        return false;
    }
    return true;
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

/* Binds every parameter of the job's statements before touching the database; false sets res. */
static bool
bind_values(ExecJob *job, ExecResult *res)
{
    Run        *run = &job->run;
    const CompiledOp *op = run->compiled;
    const char *msg = NULL;

    if (op->nstmts > MAX_MUTATION_FIELDS)
    {
        execute_field_error(res, execute_error_json("too many mutation fields in one request",
                                    "BAD_USER_INPUT", NULL, NULL), NULL);
        return false;
    }
    for (int s = 0; s < op->nstmts; s++)
        if (op->stmts[s].nparams > MAX_PARAMS)
        {
            execute_field_error(res, execute_error_json("too many arguments in one request",
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
                execute_field_error(res, execute_error_json(msg, "BAD_USER_INPUT", &st->params[p].sel->pos, NULL),
                            NULL);
                return false;
            }
    }
    if (job->values == NULL)
    {
        execute_finish_body(res, NULL);
        return false;
    }
    return true;
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
    execute_cache_release(run->entry);
}

/* See execute.h. */
void
execute_job_free(ExecJob *job)
{
    if (job == NULL)
        return;
    execute_clear_cmds(job->cmds, job->ncmds);
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
        execute_unavailable_body(res, "out of memory", "INTERNAL_SERVER_ERROR");
        return NULL;
    }
    run = &job->run;
    run->errs.arena = run->arena;
    run->entry = execute_cache_lookup(run, req, &uncached);
    run->errs.arena = run->arena;
    if (run->entry == NULL && !uncached)
    {
        execute_request_error(res, run);
        goto done;
    }
    if (run->op->operation == GQL_OP_SUBSCRIPTION && !req->subscription)
    {
        gql_error_add(&run->errs, "SUBSCRIPTION_NEEDS_SSE", NULL, run->op->pos,
                      "Subscriptions use the GraphQL over Server-Sent Events protocol: "
                      "send the request with Accept: text/event-stream.");
        execute_request_error(res, run);
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
        execute_request_error(res, run);
        goto done;
    }
    /* cached entries are never introspection-only (and their document is shared) */
    if (run->compiled == NULL && gql_is_introspection_only(exec_schema, run->doc, run->op, run->vars))
    {
        json_t     *data = gql_introspect_operation(exec_schema, run->doc, run->op, run->vars,
                                                    &run->errs);

        res->status = EXEC_OK;
        if (data == NULL)
            execute_finish_body(res, json_pack("{s:o, s:n}", "errors", gql_errors_to_json(&run->errs),
                                       "data"));
        else
            execute_finish_body(res, json_pack("{s:o}", "data", data));
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
            execute_field_error(res, execute_error_json("internal server error", "INTERNAL_SERVER_ERROR",
                                        NULL, NULL), NULL);
            goto done;
        }
        run->entry = NULL;
    }
    if (!run->compiled->has_sql)
    {
        /* only __typename and meta-fields left after @skip/@include */
        run->compiled->nstmts = 0;
        execute_build_data(res, run, "{}");
        goto done;
    }
    if (!check_limits(job, req, res))
        goto done;
    denied = needs_session(run->compiled);
    if (req->token == NULL && denied != NULL)
    {
        execute_field_error(res, execute_error_json("authentication required: log in and send the token",
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
    if (!execute_prepare_document(&run, &req, arena))
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
