/*
 * execute_batch.c - the round trip of a job, or of a batch of jobs, on one
 * pool connection: Parse messages, authenticate and statements sent as one
 * libpq pipeline with one Sync, the results collected without blocking, a
 * failed batch split into jobs that run alone, a broken connection retried
 * once for queries.  It must not parse, compile or decide what a request
 * may run (execute.c does), and it never blocks on the socket.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "execute_int.h"

/* every parameter is text: the SQL casts it where it needs another type */
static const Oid text_types[MAX_PARAMS] = {[0 ... MAX_PARAMS - 1] = TEXTOID};

/* Records a command of job, sent in lead's pipeline. */
static void
add_cmd(ExecJob *lead, ExecJob *job, CmdKind kind, int stmt)
{
    Cmd        *c = &job->cmds[job->ncmds++];

    *c = (Cmd) {kind, stmt, NULL};
    lead->order[lead->norder++] = c;
}

/* Whether a job of the pipeline before job sent the Parse messages of cache entry serial. */
static bool
parse_sent(const ExecJob *lead, const ExecJob *job, uint32_t serial)
{
    for (const ExecJob *j = lead; j != job; j = j->batch_next)
        if (j->sent_parse && j->run.entry->serial == serial)
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
    if (job->named && !pool_is_prepared(pc, job->run.entry->slot, job->run.entry->serial) &&
        !parse_sent(lead, job, job->run.entry->serial))
        for (int s = 0; s < op->nstmts; s++)
        {
            snprintf(name, sizeof(name), "q%u_%d", job->run.entry->serial, s);
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

        if (job->named)
        {
            snprintf(name, sizeof(name), "q%u_%d", job->run.entry->serial, s);
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
        /* decided once per pipeline: an evicted entry's statements may be gone */
        j->named = j->run.entry != NULL && !execute_cache_evicted(j->run.entry);
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
    execute_count(&exec_stats.statements, sent);
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
    if (job->named && any && all)
        pool_set_prepared(pc, job->run.entry->slot, job->run.entry->serial);
}

/* Frees the results of a pipeline. */
void
execute_clear_cmds(Cmd *cmds, int n)
{
    for (int c = 0; c < n; c++)
    {
        PQclear(cmds[c].result);
        cmds[c].result = NULL;
    }
}

/*
 * After the connection failed: a query is safe to send again on a fresh
 * one, once; else the request gets a 503 with (message, code).
 */
static ExecStep
retry_or_fail(ExecJob *job, ExecResult *res, const char *message, const char *code)
{
    execute_clear_cmds(job->cmds, job->ncmds);
    if (job->attempt++ == 0 && job->run.compiled->type != GQL_OP_MUTATION)
        return EXEC_STEP_RETRY;
    execute_unavailable_body(res, message, code);
    return EXEC_STEP_DONE;
}

/* One job's step after its connection failed. */
static ExecStep
broken_step(ExecJob *job, ExecResult *res)
{
    ExecStep    step = retry_or_fail(job, res, "the database is unavailable",
                                     "SERVICE_UNAVAILABLE");

    if (step == EXEC_STEP_DONE)
        execute_count(&exec_stats.db_errors, 1);
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
    /* every result slot is NULL here: execute_clear_cmds() emptied them after the last use */
    job->res = res;
    *broken = !pipeline_send(pc, job);
    return *broken ? execute_broken(job, res) : EXEC_STEP_WAIT;
}

/* See execute.h. */
bool
execute_batchable(const ExecJob *job)
{
    return job->token != NULL && !job->solo && !job->expensive &&
        job->run.compiled->type == GQL_OP_QUERY &&
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
        execute_map_sql_error(failed, &code, &message, broken);
        execute_count(&exec_stats.db_errors, 1);
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
            execute_field_error(res, execute_error_json(message, code, root ? &root->pos : NULL,
                                        root ? root->key : NULL), data);
        }
        execute_clear_cmds(cmds, ncmds);
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
            execute_build_data(res, run, PQgetvalue(last, 0, 0));
        if (res->body == NULL)
            execute_finish_body(res, NULL);
    }
    execute_clear_cmds(cmds, ncmds);
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

        execute_map_sql_error(failed, &code, &message, broken);
        execute_count(&exec_stats.batch_splits, 1);
        for (ExecJob *j = job; j; j = j->batch_next)
        {
            if (*broken)
                j->step = retry_or_fail(j, j->res, message, code);
            else
            {
                execute_clear_cmds(j->cmds, j->ncmds);
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
            execute_count(&exec_stats.batched, n);
            execute_count(&exec_stats.batches, 1);
        }
    }
    unlink_batch(job);
    return job->step;
}
