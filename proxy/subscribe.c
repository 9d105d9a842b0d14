/*
 * subscribe.c - the subscription registry and its LISTEN connection
 * (see subscribe.h).
 *
 * Locking: reg_lock guards the registry list, every Sub's flags and
 * reference count, and the job queue (jobs_cond signals workers).  A Sub
 * is referenced by the registry while it is open, by its stream's close
 * callback until that runs, and by each queued or running evaluation; the
 * last reference frees it and drops its stream reference.  Evaluations run
 * without reg_lock; one Sub is evaluated by one worker at a time (events
 * that arrive meanwhile set `pending` and run it again afterwards).
 *
 * The listener thread owns its PGconn alone; it also sends keep-alives
 * and retries evaluations that found the database down.
 *
 * It calls the stream (sse.c) and never the other way round; it must not
 * send a subscriber anything that the subscriber's own token did not
 * read.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "graphql/graphql.h"
#include "pool.h"
#include "subscribe.h"

#define CHANNEL "interview_event"
#define MAX_WORKERS 16
#define TICK_MS 250

typedef enum SubKind
{
    SUB_SUBMISSION,             /* submissionJudged(id) */
    SUB_RUN,                    /* runFinished(id) */
    SUB_INTERVIEW               /* interviewUpdated */
} SubKind;

/* Why an evaluation runs; a larger value wins when several are pending. */
typedef enum Trigger
{
    TRIGGER_NONE,
    TRIGGER_CHECK,              /* opened, or a re-check after a reconnect */
    TRIGGER_EVENT               /* a notification concerning it */
} Trigger;

typedef struct Sub
{
    struct Sub *prev;           /* registry list */
    struct Sub *next;
    struct Sub *job_next;       /* job queue */
    SseStream  *stream;         /* own reference */
    SubKind     kind;
    long long   key;            /* submission id (SUB_SUBMISSION), run id (SUB_RUN) */
    long long   account;        /* the subscriber */
    ExecRequestCopy copy;       /* the subscriber's request */
    char       *response_key;
    char       *last_body;      /* SUB_INTERVIEW: the last result sent */
    bool        open;           /* in the registry */
    bool        queued;
    bool        running;
    bool        stale;          /* the database was down: evaluate again */
    Trigger     pending;
    int         refs;
} Sub;

static SubscribeConfig conf;
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_cond = PTHREAD_COND_INITIALIZER;
static Sub *subs;
static int  nsubs;
static Sub *jobs_head;
static Sub *jobs_tail;
static bool stopping;
static int  stop_pipe[2] = {-1, -1};
static pthread_t listener;
static pthread_t workers[MAX_WORKERS];
static int  nworkers;
static bool started;
static atomic_ullong st_opened, st_rejected, st_notifications, st_evaluations, st_connects;
static atomic_bool listening;

/* ---- references and the job queue (reg_lock held) -------------------- */

/* Drops a reference; frees the Sub at zero.  Caller holds reg_lock. */
static void
sub_unref_locked(Sub *sub)
{
    if (--sub->refs > 0)
        return;
    sse_unref(sub->stream);
    execute_request_copy_free(&sub->copy);
    free(sub->response_key);
    free(sub->last_body);
    free(sub);
}

/* Takes the Sub out of the registry (drops the registry's reference). */
static void
sub_remove_locked(Sub *sub)
{
    if (!sub->open)
        return;
    sub->open = false;
    if (sub->prev)
        sub->prev->next = sub->next;
    else
        subs = sub->next;
    if (sub->next)
        sub->next->prev = sub->prev;
    sub->prev = sub->next = NULL;
    nsubs--;
    sub_unref_locked(sub);
}

/* Queues an evaluation unless one is queued or running (then it runs again after). */
static void
schedule_locked(Sub *sub, Trigger why)
{
    if (!sub->open)
        return;
    if (sub->queued || sub->running)
    {
        if (why > sub->pending)
            sub->pending = why;
        return;
    }
    sub->queued = true;
    sub->pending = why;
    sub->stale = false;
    sub->refs++;
    sub->job_next = NULL;
    if (jobs_tail)
        jobs_tail->job_next = sub;
    else
        jobs_head = sub;
    jobs_tail = sub;
    pthread_cond_signal(&jobs_cond);
}

/* ---- evaluation ------------------------------------------------------ */

/* Sends the last event(s) of a subscription and closes it. */
static void
sub_finish(Sub *sub, const char *body, size_t len)
{
    if (body != NULL)
        sse_send_event(sub->stream, "next", body, len);
    sse_complete(sub->stream);
    pthread_mutex_lock(&reg_lock);
    sub_remove_locked(sub);
    pthread_mutex_unlock(&reg_lock);
}

/*
 * Runs the subscriber's operation with the subscriber's token and decides
 * what to send.  Returns false when the database was unavailable (evaluate
 * again later).
 */
static bool
evaluate(Sub *sub, Trigger why)
{
    ExecRequest er = sub->copy.req;
    ExecResult  res;
    json_t     *body;
    json_t     *errors;
    json_t     *value;
    json_error_t jerr;

    atomic_fetch_add(&st_evaluations, 1);
    execute_request(&er, &res);
    if (res.status == EXEC_UNAVAILABLE || res.body == NULL)
    {
        execute_result_free(&res);
        return false;
    }
    body = json_loadb(res.body, res.body_len, 0, &jerr);
    errors = body ? json_object_get(body, "errors") : NULL;
    value = body ? json_object_get(json_object_get(body, "data"), sub->response_key) : NULL;
    if (body == NULL || (json_is_array(errors) && json_array_size(errors) > 0))
        sub_finish(sub, res.body, res.body_len);    /* an error ends it */
    else if (value == NULL || json_is_null(value))
    {
        /* judged but invisible to this subscriber: nothing to send, ever */
        if (sub->kind != SUB_INTERVIEW && why == TRIGGER_EVENT)
            sub_finish(sub, NULL, 0);
    }
    else if (sub->kind != SUB_INTERVIEW)
        sub_finish(sub, res.body, res.body_len);   /* one answer: the verdict */
    else if (sub->last_body == NULL || strcmp(sub->last_body, res.body) != 0)
    {
        if (sse_send_event(sub->stream, "next", res.body, res.body_len))
        {
            free(sub->last_body);
            sub->last_body = res.body;
            res.body = NULL;
        }
        else
            sub_finish(sub, NULL, 0);   /* gone, or too slow a reader: drop it now */
    }
    json_decref(body);
    execute_result_free(&res);
    return true;
}

/* An evaluation worker: takes Subs off the job queue until stopped. */
static void *
worker_main(void *arg)
{
    (void) arg;
    pthread_mutex_lock(&reg_lock);
    for (;;)
    {
        Sub        *sub;
        Trigger     why;
        bool        ok;

        while (jobs_head == NULL && !stopping)
            pthread_cond_wait(&jobs_cond, &reg_lock);
        if (stopping)
            break;
        sub = jobs_head;
        jobs_head = sub->job_next;
        if (jobs_head == NULL)
            jobs_tail = NULL;
        sub->queued = false;
        if (!sub->open)
        {
            sub_unref_locked(sub);
            continue;
        }
        sub->running = true;
        why = sub->pending;
        sub->pending = TRIGGER_NONE;
        pthread_mutex_unlock(&reg_lock);

        ok = evaluate(sub, why);

        pthread_mutex_lock(&reg_lock);
        sub->running = false;
        if (!ok)
        {
            /* the listener's tick queues it again */
            sub->stale = true;
            if (why > sub->pending)
                sub->pending = why;
        }
        else if (sub->pending != TRIGGER_NONE)
            schedule_locked(sub, sub->pending);
        sub_unref_locked(sub);
    }
    pthread_mutex_unlock(&reg_lock);
    return NULL;
}

/* ---- the listener ---------------------------------------------------- */

/* Routes one notification payload to the subscriptions it concerns. */
static void
dispatch(const char *payload)
{
    json_error_t jerr;
    json_t     *ev = json_loads(payload, 0, &jerr);
    const char *kind;
    json_t     *sid;
    json_t     *rid;
    json_t     *aid;

    atomic_fetch_add(&st_notifications, 1);
    if (ev == NULL || !json_is_object(ev))
    {
        fprintf(stderr, "interview-proxy: " CHANNEL ": payload is not a JSON object: %.200s\n",
                payload);
        json_decref(ev);
        return;
    }
    kind = json_string_value(json_object_get(ev, "kind"));
    sid = json_object_get(ev, "submission_id");
    rid = json_object_get(ev, "run_id");
    aid = json_object_get(ev, "account_id");
    pthread_mutex_lock(&reg_lock);
    for (Sub *sub = subs; sub; sub = sub->next)
    {
        if (sub->kind == SUB_SUBMISSION)
        {
            if (kind != NULL && strcmp(kind, "verdict") == 0 && json_is_integer(sid) &&
                json_integer_value(sid) == sub->key)
                schedule_locked(sub, TRIGGER_EVENT);
        }
        else if (sub->kind == SUB_RUN)
        {
            if (kind != NULL && strcmp(kind, "run") == 0 && json_is_integer(rid) &&
                json_integer_value(rid) == sub->key)
                schedule_locked(sub, TRIGGER_EVENT);
        }
        else if (json_is_integer(aid) && json_integer_value(aid) == sub->account)
            schedule_locked(sub, TRIGGER_EVENT);
    }
    pthread_mutex_unlock(&reg_lock);
    json_decref(ev);
}

/* Queues a check of every open subscription (after a reconnect). */
static void
recheck_all(void)
{
    pthread_mutex_lock(&reg_lock);
    for (Sub *sub = subs; sub; sub = sub->next)
        schedule_locked(sub, TRIGGER_CHECK);
    pthread_mutex_unlock(&reg_lock);
}

/* Periodic work: keep-alives, and evaluations that met a database outage. */
static void
tick(void)
{
    sse_keepalive_all(conf.keepalive_ms);
    pthread_mutex_lock(&reg_lock);
    for (Sub *sub = subs; sub; sub = sub->next)
        if (sub->stale && !sub->queued && !sub->running)
            schedule_locked(sub, sub->pending != TRIGGER_NONE ? sub->pending : TRIGGER_CHECK);
    pthread_mutex_unlock(&reg_lock);
}

/* Waits up to ms for the stop pipe (or fd, when >= 0); returns poll's revents of fd. */
static int
wait_for(int fd, int ms)
{
    struct pollfd p[2] = {{stop_pipe[0], POLLIN, 0}, {fd, POLLIN, 0}};
    int         n = poll(p, fd >= 0 ? 2 : 1, ms);

    if (n < 0 && errno != EINTR)
        fprintf(stderr, "interview-proxy: poll: %s\n", strerror(errno));
    return n > 0 && fd >= 0 ? p[1].revents : 0;
}

/* Runs one SQL command on the listen connection; false with a message in err. */
static bool
listen_exec(PGconn *c, const char *sql, char *err, size_t errlen)
{
    PGresult   *r = PQexec(c, sql);
    bool        ok = PQresultStatus(r) == PGRES_COMMAND_OK;

    if (!ok)
        snprintf(err, errlen, "%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    return ok;
}

/* Connects, takes the proxy role and LISTENs; NULL with a message in err. */
static PGconn *
listen_connect(char *err, size_t errlen)
{
    PGconn     *c = PQconnectdb(conf.conninfo);

    if (PQstatus(c) != CONNECTION_OK)
    {
        snprintf(err, errlen, "PQconnectdb: %s", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    if (!listen_exec(c, "SET ROLE interview_proxy", err, errlen) ||
        !listen_exec(c, "LISTEN " CHANNEL, err, errlen))
    {
        PQfinish(c);
        return NULL;
    }
    if (PQsetnonblocking(c, 1) != 0)
    {
        snprintf(err, errlen, "PQsetnonblocking: %s", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    return c;
}

/* The listener thread: connect, LISTEN, route notifications; reconnect with backoff. */
static void *
listener_main(void *arg)
{
    double      backoff = 0.1;
    bool        was_down = false;
    char        err[512];

    (void) arg;
    while (!__atomic_load_n(&stopping, __ATOMIC_SEQ_CST))
    {
        PGconn     *c = listen_connect(err, sizeof(err));
        double      until;

        if (c == NULL)
        {
            if (!was_down)
                fprintf(stderr, "interview-proxy: subscriptions: %s", err);
            was_down = true;
            until = pool_now() + backoff;
            while (!__atomic_load_n(&stopping, __ATOMIC_SEQ_CST) && pool_now() < until)
            {
                wait_for(-1, TICK_MS);
                tick();
            }
            backoff = backoff * 2 > 5 ? 5 : backoff * 2;
            continue;
        }
        if (was_down)
            fprintf(stderr, "interview-proxy: subscriptions: listening again\n");
        was_down = false;
        backoff = 0.1;
        atomic_fetch_add(&st_connects, 1);
        atomic_store(&listening, true);
        /* notifications sent while we were away are lost: look again */
        recheck_all();
        while (!__atomic_load_n(&stopping, __ATOMIC_SEQ_CST))
        {
            int         rev = wait_for(PQsocket(c), TICK_MS);
            PGnotify   *n;

            if (rev != 0 && !PQconsumeInput(c))
            {
                fprintf(stderr, "interview-proxy: subscriptions: PQconsumeInput: %s",
                        PQerrorMessage(c));
                break;
            }
            while ((n = PQnotifies(c)) != NULL)
            {
                dispatch(n->extra);
                PQfreemem(n);
            }
            if (PQstatus(c) != CONNECTION_OK)
                break;
            tick();
        }
        atomic_store(&listening, false);
        PQfinish(c);
        was_down = true;
    }
    return NULL;
}

/* ---- opening ------------------------------------------------------------ */

/* Sends an error as `next`, then `complete`. */
static SubscribeResult
reject(SseStream *s, const char *message, const char *code)
{
    char       *body = execute_error_body(message, code);

    atomic_fetch_add(&st_rejected, 1);
    if (body != NULL)
        sse_send_event(s, "next", body, strlen(body));
    free(body);
    sse_complete(s);
    return SUBSCRIBE_REJECTED;
}

/* The account of a token (authenticate); 0 with (message, code) set when it has none. */
static long long
token_account(const char *token, const char **message, const char **code)
{
    bool        down = false;
    PoolConn   *pc = pool_acquire(5000, &down);
    PGresult   *r;
    long long   id = 0;

    if (pc == NULL)
    {
        *message = down ? "the database is unavailable" : "the server is busy, try again";
        *code = "SERVICE_UNAVAILABLE";
        return 0;
    }
    r = PQexecParams(pc->conn, "SELECT interview.authenticate($1)", 1, NULL, &token,
                     NULL, NULL, 0);
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
        id = atoll(PQgetvalue(r, 0, 0));
    else
    {
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);

        if (state != NULL && strcmp(state, "IV009") == 0)
        {
            *message = "invalid or expired token";
            *code = "UNAUTHENTICATED";
        }
        else
        {
            *message = "the database is unavailable";
            *code = "SERVICE_UNAVAILABLE";
        }
    }
    pool_release(pc, PQstatus(pc->conn) != CONNECTION_OK);
    PQclear(r);
    return id;
}

/* Frees what a stream's close callback holds: the subscription goes away. */
static void
stream_closed(void *arg)
{
    Sub        *sub = arg;

    pthread_mutex_lock(&reg_lock);
    sub_remove_locked(sub);
    sub_unref_locked(sub);
    pthread_mutex_unlock(&reg_lock);
}

/* The fields of a new Sub, copied from the request; NULL when out of memory. */
static Sub *
sub_new(SseStream *s, const ExecRequest *req, SubKind kind, long long key, long long account,
        const char *response_key)
{
    Sub        *sub = calloc(1, sizeof(Sub));

    if (sub == NULL)
        return NULL;
    sub->kind = kind;
    sub->key = key;
    sub->account = account;
    sub->response_key = strdup(response_key);
    if (sub->response_key == NULL || !execute_request_copy(&sub->copy, req))
    {
        free(sub->response_key);
        free(sub);
        return NULL;
    }
    sub->copy.req.is_get = false;
    sub->copy.req.subscription = true;
    sse_ref(s);
    sub->stream = s;
    return sub;
}

/* See subscribe.h. */
SubscribeResult
subscribe_open(SseStream *s, const ExecRequest *req)
{
    GqlArena   *arena = gql_arena_new();
    GqlErrors   errs = {0};
    GqlError   *perr = NULL;
    GqlDocument *doc;
    const GqlDefinition *op;
    const GqlTypeDef *root = gql_schema_subscription_type(conf.schema);
    json_t     *vars = NULL;
    json_t     *args = NULL;
    const GqlFieldGroup *g;
    const GqlSelection *sel;
    SubscribeResult result = SUBSCRIBE_NOT_SUBSCRIPTION;
    SubKind     kind;
    long long   key = 0;
    long long   account;
    const char *message = NULL;
    const char *code = NULL;
    Sub        *sub;
    int         mine = 0;

    if (arena == NULL)
        return reject(s, "out of memory", "INTERNAL_SERVER_ERROR");
    errs.arena = arena;
    /* anything but a valid subscription is run as a request, which reports the errors */
    doc = gql_parse(arena, req->query, req->query_len, NULL, &perr);
    if (doc == NULL || root == NULL || !gql_validate(conf.schema, doc, NULL, &errs) ||
        (op = gql_select_operation(doc, req->operation_name, &errs)) == NULL ||
        op->operation != GQL_OP_SUBSCRIPTION ||
        (vars = gql_coerce_variables(conf.schema, op, req->variables, &errs)) == NULL)
        goto done;
    g = gql_collect_fields(arena, conf.schema, doc, root,
                           (const GqlSelectionSet *const *) &op->selection_set, 1, vars);
    if (g == NULL || g->nfields < 1 || g->fields[0]->field_def == NULL)
        goto done;
    sel = g->fields[0];
    if (strcmp(sel->name, "submissionJudged") == 0 || strcmp(sel->name, "runFinished") == 0)
    {
        const char *id;
        char       *end;

        kind = strcmp(sel->name, "runFinished") == 0 ? SUB_RUN : SUB_SUBMISSION;
        args = gql_coerce_arguments(conf.schema, sel->field_def->args, sel->args, vars, &errs,
                                    sel->pos);
        id = args ? json_string_value(json_object_get(args, "id")) : NULL;
        if (id == NULL)
            goto done;
        errno = 0;
        key = strtoll(id, &end, 10);
        if (errno != 0 || *end != '\0' || end == id || key <= 0)
        {
            result = reject(s, kind == SUB_RUN ? "id must be the decimal id of a run"
                            : "id must be the decimal id of a submission", "BAD_USER_INPUT");
            goto done;
        }
    }
    else if (strcmp(sel->name, "interviewUpdated") == 0)
        kind = SUB_INTERVIEW;
    else
    {
        result = reject(s, "this subscription field is not served", "INTERNAL_SERVER_ERROR");
        goto done;
    }
    if (req->token == NULL)
    {
        result = reject(s, "authentication required: log in and send the token",
                        "UNAUTHENTICATED");
        goto done;
    }
    account = token_account(req->token, &message, &code);
    if (account == 0)
    {
        result = reject(s, message, code);
        goto done;
    }
    sub = sub_new(s, req, kind, key, account, g->response_key);
    if (sub == NULL)
    {
        result = reject(s, "out of memory", "INTERNAL_SERVER_ERROR");
        goto done;
    }
    pthread_mutex_lock(&reg_lock);
    for (Sub *x = subs; x; x = x->next)
        if (x->account == account)
            mine++;
    if (stopping || nsubs >= conf.max_total || mine >= conf.max_per_user)
    {
        bool        all = stopping || nsubs >= conf.max_total;

        sub->refs = 1;
        sub_unref_locked(sub);
        pthread_mutex_unlock(&reg_lock);
        result = reject(s, all ? "too many open subscriptions on this server, try again later"
                        : "too many open subscriptions for this account",
                        "TOO_MANY_SUBSCRIPTIONS");
        goto done;
    }
    /* registered before the first look, so no event can slip between */
    sub->refs = 2;              /* the registry, the stream's close callback */
    sub->open = true;
    sub->next = subs;
    if (subs)
        subs->prev = sub;
    subs = sub;
    nsubs++;
    schedule_locked(sub, TRIGGER_CHECK);
    pthread_mutex_unlock(&reg_lock);
    sse_on_close(s, stream_closed, sub);
    atomic_fetch_add(&st_opened, 1);
    result = SUBSCRIBE_OPENED;

done:
    json_decref(args);
    json_decref(vars);
    gql_arena_free(arena);
    return result;
}

/* ---- start, stop, stats ------------------------------------------------- */

/* See subscribe.h. */
bool
subscribe_start(const SubscribeConfig *cfg, char *err, size_t errlen)
{
    int         rc;

    conf = *cfg;
    if (conf.conninfo == NULL)
        conf.conninfo = "";
    if (conf.max_total < 1)
        conf.max_total = 10000;
    if (conf.max_per_user < 1)
        conf.max_per_user = 20;
    if (conf.keepalive_ms < 10)
        conf.keepalive_ms = 15000;
    nworkers = conf.workers < 1 ? 1 : conf.workers > MAX_WORKERS ? MAX_WORKERS : conf.workers;
    if (pipe(stop_pipe) != 0)
    {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        return false;
    }
    for (int i = 0; i < nworkers; i++)
        if ((rc = pthread_create(&workers[i], NULL, worker_main, NULL)) != 0)
        {
            snprintf(err, errlen, "pthread_create: %s", strerror(rc));
            nworkers = i;
            return false;
        }
    if ((rc = pthread_create(&listener, NULL, listener_main, NULL)) != 0)
    {
        snprintf(err, errlen, "pthread_create: %s", strerror(rc));
        return false;
    }
    started = true;
    return true;
}

/* See subscribe.h. */
void
subscribe_stop(void)
{
    if (!started)
        return;
    pthread_mutex_lock(&reg_lock);
    __atomic_store_n(&stopping, true, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&jobs_cond);
    pthread_mutex_unlock(&reg_lock);
    if (write(stop_pipe[1], "x", 1) != 1)
        fprintf(stderr, "interview-proxy: write(stop pipe): %s\n", strerror(errno));
    pthread_join(listener, NULL);
    for (int i = 0; i < nworkers; i++)
        pthread_join(workers[i], NULL);
    sse_shutdown();
    started = false;
}

/* See subscribe.h. */
void
subscribe_stats(SubscribeStats *out)
{
    pthread_mutex_lock(&reg_lock);
    out->open = nsubs;
    pthread_mutex_unlock(&reg_lock);
    out->opened = atomic_load(&st_opened);
    out->rejected = atomic_load(&st_rejected);
    out->notifications = atomic_load(&st_notifications);
    out->evaluations = atomic_load(&st_evaluations);
    out->listen_connects = atomic_load(&st_connects);
    out->listening = atomic_load(&listening);
}
