/*
 * loop.c - the event loops (see loop.h): each loop's thread, its jobs and
 * pool slots.  What other threads hand a loop is in loop_inbox.c, the
 * helper threads in loop_offload.c.
 *
 * A loop's own state (its jobs, the slot table, the list of jobs waiting
 * for a slot) is touched only by its thread.  Other threads reach it
 * through the inbox, under inbox_lock: accepted sockets, connections to
 * resume, and jobs that the pool handed a slot to.  Whoever fills an empty
 * inbox from another thread writes the eventfd once; the loop drains both
 * on every turn.  Lock order: the pool's lock before an inbox lock (the
 * pool hands slots over under its lock).
 *
 * It must not block: anything that waits goes to a helper thread
 * (loop_offload.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "limits.h"
#include "loop_int.h"
#include "loop_offload.h"

/* ---- jobs ---------------------------------------------------------------- */

static void job_acquire(Loop *l, LoopJob *j);

/* Hands the final result to the request and frees the job. */
static void
job_finish(Loop *l, LoopJob *j)
{
    j->done(j->arg, &j->res);
    execute_job_free(j->exec);
    free(j);
    l->run_mhd = true;          /* the connection was resumed */
}

/* A job's final step: run it again, or answer its request. */
static void
job_settle(Loop *l, LoopJob *j, ExecStep step)
{
    if (step == EXEC_STEP_RETRY)
        job_acquire(l, j);
    else
        job_finish(l, j);
}

/* Acts on a step of a job that holds a slot (and of the members of its batch). */
static void
job_step(Loop *l, LoopJob *j, ExecStep step, bool broken)
{
    PoolConn   *pc = j->pc;
    LoopJob    *m;

    if (step == EXEC_STEP_WAIT)
    {
        unsigned    want = EPOLLIN | (j->writing ? EPOLLOUT : 0);

        if (pool_watch(pc, l->epfd, want))
            return;
        /* cannot watch the socket: give up on this connection */
        step = execute_broken(j->exec, &j->res);
        broken = true;
    }
    l->by_slot[pc->index] = NULL;
    j->pc = NULL;
    pool_release(pc, broken);
    m = j->batch_next;
    j->batch_next = NULL;
    job_settle(l, j, step);
    while (m != NULL)
    {
        LoopJob    *next = m->batch_next;

        m->batch_next = NULL;
        job_settle(l, m, execute_step(m->exec));
        m = next;
    }
}

/* Flushes a job's output; false when the connection broke. */
static bool
job_flush(LoopJob *j)
{
    int         f = PQflush(j->pc->conn);

    j->writing = f == 1;
    return f >= 0;
}

/* On a helper thread: (re)connects a job's slot, then hands the job back to its loop. */
static void
connect_task(void *arg)
{
    LoopJob    *j = arg;

    pool_connect(j->waiter.slot);   /* job_start() looks at the outcome */
    loop_slot_handed(&j->waiter);
}

/*
 * Adds the oldest batchable jobs of the loop's waiting list (at most
 * BATCH_SCAN looked at) to the batch of j, which has a slot: under load the
 * queued queries then share one round trip and one transaction (execute.h).
 */
static void
gather_batch(Loop *l, LoopJob *j)
{
    LoopJob   **tail = &j->batch_next;
    LoopJob    *w = l->waiting.head;
    int         n = 1;

    j->batch_next = NULL;
    if (l->batch_max <= 1 || !execute_batchable(j->exec))
        return;
    for (int seen = 0; w != NULL && n < l->batch_max && seen < BATCH_SCAN; seen++)
    {
        LoopJob    *next = w->next;

        /* a job that was handed a slot meanwhile starts from the inbox */
        if (execute_batchable(w->exec) && pool_withdraw(&w->waiter, POOL_JOIN_BATCH))
        {
            loop_list_remove(&l->waiting, w);
            w->waiting = false;
            if (execute_batch_add(j->exec, w->exec, &w->res))
            {
                *tail = w;
                tail = &w->batch_next;
                w->batch_next = NULL;
                n++;
            }
            else
            {
                /* cannot happen (both are batchable, n < EXEC_BATCH_MAX) */
                execute_unavailable(&w->res, EXEC_BUSY);
                job_finish(l, w);
            }
        }
        w = next;
    }
}

/* Starts a job on a slot it was given. */
static void
job_start(Loop *l, LoopJob *j, PoolConn *pc)
{
    bool        broken = false;
    ExecStep    step;

    j->pc = pc;
    j->writing = false;
    if (pc->conn == NULL || PQstatus(pc->conn) != CONNECTION_OK)
    {
        /* connecting blocks (up to libpq's connect_timeout): not on the loop */
        if (!j->connect_tried)
        {
            j->connect_tried = true;
            j->waiter.slot = pc;
            j->pc = NULL;
            if (loop_offload(connect_task, j))
                return;
            pool_connect(pc);   /* the helpers are stopping */
            j->pc = pc;
        }
        if (pc->conn == NULL || PQstatus(pc->conn) != CONNECTION_OK)
        {
            j->pc = NULL;
            pool_release(pc, false);
            execute_unavailable(&j->res, EXEC_DOWN);
            job_finish(l, j);
            return;
        }
    }
    if (pc->index >= l->nslots)
    {
        fprintf(stderr, "interview-proxy: pool slot %d out of range\n", pc->index);
        abort();
    }
    l->by_slot[pc->index] = j;
    gather_batch(l, j);
    if (!PQisnonblocking(pc->conn) && PQsetnonblocking(pc->conn, 1) != 0)
        step = execute_broken(j->exec, &j->res), broken = true;
    else
    {
        step = execute_send(j->exec, pc, &j->res, &broken);
        if (step == EXEC_STEP_WAIT && !job_flush(j))
            step = execute_broken(j->exec, &j->res), broken = true;
    }
    job_step(l, j, step, broken);
}

/* Gets a slot for a job, or puts it on the waiting list. */
static void
job_acquire(Loop *l, LoopJob *j)
{
    PoolConn   *pc;

    memset(&j->waiter, 0, sizeof(j->waiter));
    j->waiter.handed = loop_slot_handed;
    j->waiter.account = execute_account_key(j->exec);
    j->connect_tried = false;
    pc = pool_take(&j->waiter, l->epfd);
    if (pc != NULL)
    {
        job_start(l, j, pc);
        return;
    }
    j->deadline = pool_now() + l->pool_wait_ms / 1000.0;
    j->waiting = true;
    loop_list_append(&l->waiting, j);
}

/* An event on a slot's socket. */
static void
slot_event(Loop *l, PoolConn *pc, unsigned events)
{
    LoopJob    *j = pc->index < l->nslots ? l->by_slot[pc->index] : NULL;
    bool        broken = false;
    ExecStep    step;

    if (j == NULL)
    {
        /* an idle slot still in this set (the server closed it, say) */
        pool_stray(pc, l->epfd);
        return;
    }
    if ((events & EPOLLOUT) && j->writing && !job_flush(j))
    {
        job_step(l, j, execute_broken(j->exec, &j->res), true);
        return;
    }
    step = execute_receive(j->exec, pc, &j->res, &broken);
    job_step(l, j, step, broken);
}

/* See loop.h. */
void
loop_execute(ExecJob *job, LoopDoneFn done, void *arg)
{
    Loop       *l = loop_current;
    LoopJob    *j = calloc(1, sizeof(LoopJob));

    if (l == NULL || j == NULL)
    {
        /* not on a loop thread (a bug) or out of memory: fail at once */
        ExecResult  res;

        free(j);
        memset(&res, 0, sizeof(res));
        execute_unavailable(&res, EXEC_BUSY);
        execute_job_free(job);
        done(arg, &res);
        return;
    }
    j->loop = l;
    j->exec = job;
    j->done = done;
    j->arg = arg;
    /* started once the daemon's turn is over: the handler suspends first */
    loop_list_append(&l->fresh, j);
}

/* Starts the jobs the handlers submitted. */
static void
start_fresh(Loop *l)
{
    LoopJob    *j;

    while ((j = l->fresh.head) != NULL)
    {
        loop_list_remove(&l->fresh, j);
        job_acquire(l, j);
    }
}

/* Fails the jobs whose wait for a slot is over. */
static void
expire_waiting(Loop *l, double now)
{
    LoopJob    *j;

    while ((j = l->waiting.head) != NULL && j->deadline <= now)
    {
        if (!pool_withdraw(&j->waiter, POOL_GIVE_UP))
            break;              /* a slot is on its way in the inbox */
        loop_list_remove(&l->waiting, j);
        j->waiting = false;
        execute_unavailable(&j->res, EXEC_BUSY);
        job_finish(l, j);
    }
}

/* What the inbox held (see inbox_take). */
typedef struct Inbox
{
    NewConn    *new_conns;
    LoopJob    *handed;         /* newest first */
    struct MHD_Connection **resumes;
    size_t      nresumes;
} Inbox;

/* Takes everything out of the inbox and resets the eventfd; false when it was empty. */
static bool
inbox_take(Loop *l, Inbox *in)
{
    uint64_t    v;

    pthread_mutex_lock(&l->inbox_lock);
    in->new_conns = l->new_conns;
    in->handed = l->handed;
    in->resumes = l->resumes;
    in->nresumes = l->nresumes;
    l->new_conns = NULL;
    l->handed = NULL;
    l->resumes = NULL;
    l->nresumes = l->capresumes = 0;
    if (l->signalled)
    {
        l->signalled = false;
        if (read(l->evfd, &v, sizeof(v)) < 0 && errno != EAGAIN)
            fprintf(stderr, "interview-proxy: eventfd read: %s\n", strerror(errno));
    }
    pthread_mutex_unlock(&l->inbox_lock);
    return in->new_conns != NULL || in->handed != NULL || in->nresumes > 0;
}

/* Takes everything out of the inbox and acts on it. */
static void
drain_inbox(Loop *l)
{
    Inbox       in;
    NewConn    *nc;
    LoopJob    *handed;

    inbox_take(l, &in);
    nc = in.new_conns;
    handed = in.handed;

    while (nc != NULL)
    {
        NewConn    *next = nc->next;

        if (MHD_add_connection(l->daemon, nc->fd, (struct sockaddr *) &nc->addr, nc->len)
            != MHD_YES)
        {
            char        ip[LIMITS_IP_LEN];

            fprintf(stderr, "interview-proxy: MHD_add_connection: %s\n", strerror(errno));
            if (nc->count != NULL)
                atomic_fetch_sub(nc->count, 1);
            limits_ip_text((struct sockaddr *) &nc->addr, ip);
            limits_conn_close(ip);
        }
        free(nc);
        nc = next;
        l->run_mhd = true;
    }
    for (size_t i = 0; i < in.nresumes; i++)
    {
        MHD_resume_connection(in.resumes[i]);
        l->run_mhd = true;
    }
    free(in.resumes);
    /* the list is newest first: start the oldest first */
    {
        LoopJob    *rev = NULL;

        while (handed != NULL)
        {
            LoopJob    *next = handed->handed_next;

            handed->handed_next = rev;
            rev = handed;
            handed = next;
        }
        while (rev != NULL)
        {
            LoopJob    *next = rev->handed_next;

            if (rev->waiting)
            {
                loop_list_remove(&l->waiting, rev);
                rev->waiting = false;
            }
            job_start(l, rev, rev->waiter.slot);
            rev = next;
        }
    }
}

/* Whether the inbox has anything (a racy peek, made good by the eventfd). */
static bool
inbox_busy(Loop *l)
{
    bool        busy;

    pthread_mutex_lock(&l->inbox_lock);
    busy = l->new_conns != NULL || l->handed != NULL || l->nresumes > 0;
    pthread_mutex_unlock(&l->inbox_lock);
    return busy;
}

/* How long the loop may sleep, in milliseconds. */
static int
sleep_ms(Loop *l, double now)
{
    MHD_UNSIGNED_LONG_LONG mhd_ms;
    int         ms = 1000;

    if (l->run_mhd || l->fresh.head != NULL)
        return 0;
    if (MHD_get_timeout(l->daemon, &mhd_ms) == MHD_YES && mhd_ms < (MHD_UNSIGNED_LONG_LONG) ms)
        ms = (int) mhd_ms;
    if (l->waiting.head != NULL)
    {
        double      left = (l->waiting.head->deadline - now) * 1000.0 + 1;

        if (left < ms)
            ms = left < 0 ? 0 : (int) left;
    }
    return ms;
}

/* The loop thread. */
static void *
loop_main(void *arg)
{
    Loop       *l = arg;
    struct epoll_event ev[MAX_EVENTS];

    loop_current = l;
    while (!atomic_load(&l->stop))
    {
        int         ms = sleep_ms(l, pool_now());
        int         n = epoll_wait(l->epfd, ev, MAX_EVENTS, ms);

        if (n < 0 && errno != EINTR)
        {
            fprintf(stderr, "interview-proxy: epoll_wait: %s\n", strerror(errno));
            break;
        }
        if (n <= 0 || ms == 0)
            l->run_mhd = true;  /* a timeout, or the daemon said it has work */
        for (int i = 0; i < n; i++)
        {
            void       *p = ev[i].data.ptr;

            if (p == &l->mhd_tag)
                l->run_mhd = true;
            else if (p != &l->inbox_tag)
                slot_event(l, p, ev[i].events);
        }
        drain_inbox(l);
        expire_waiting(l, pool_now());
        while (l->run_mhd || l->fresh.head != NULL || inbox_busy(l))
        {
            if (l->run_mhd)
            {
                l->run_mhd = false;
                MHD_run(l->daemon);
            }
            start_fresh(l);
            drain_inbox(l);
        }
    }
    return NULL;
}

/* See loop.h. */
Loop *
loop_start(struct MHD_Daemon *daemon, int pool_wait_ms, int batch, char *err, size_t errlen)
{
    Loop       *l = calloc(1, sizeof(Loop));
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_EPOLL_FD);
    PoolStats   ps;
    struct epoll_event ev = {.events = EPOLLIN};
    int         rc;

    pool_stats(&ps);
    if (l == NULL || di == NULL || atomic_load(&loop_count) >= MAX_LOOPS)
    {
        snprintf(err, errlen, "loop: %s", l == NULL ? "out of memory"
                 : di == NULL ? "the daemon has no epoll set" : "too many loops");
        free(l);
        return NULL;
    }
    l->daemon = daemon;
    l->pool_wait_ms = pool_wait_ms > 0 ? pool_wait_ms : 5000;
    l->batch_max = batch < 1 ? 1 : batch > EXEC_BATCH_MAX ? EXEC_BATCH_MAX : batch;
    l->nslots = ps.size;
    l->by_slot = calloc((size_t) ps.size, sizeof(LoopJob *));
    l->epfd = epoll_create1(EPOLL_CLOEXEC);
    l->evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (l->by_slot == NULL || l->epfd < 0 || l->evfd < 0)
    {
        snprintf(err, errlen, "loop: %s", strerror(errno ? errno : ENOMEM));
        return NULL;
    }
    pthread_mutex_init(&l->inbox_lock, NULL);
    ev.data.ptr = &l->mhd_tag;
    if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, di->epoll_fd, &ev) != 0)
    {
        snprintf(err, errlen, "epoll_ctl(daemon): %s", strerror(errno));
        return NULL;
    }
    ev.data.ptr = &l->inbox_tag;
    if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->evfd, &ev) != 0)
    {
        snprintf(err, errlen, "epoll_ctl(eventfd): %s", strerror(errno));
        return NULL;
    }
    loop_all[atomic_load(&loop_count)] = l;
    atomic_fetch_add(&loop_count, 1);
    if ((rc = pthread_create(&l->thread, NULL, loop_main, l)) != 0)
    {
        snprintf(err, errlen, "pthread_create: %s", strerror(rc));
        return NULL;
    }
    return l;
}

/* Ends a job that will not run: its request gets a 503 (see loop_stop). */
static void
job_abort(Loop *l, LoopJob *j)
{
    memset(&j->res, 0, sizeof(j->res));
    execute_unavailable(&j->res, EXEC_STOPPING);
    job_finish(l, j);
}

/* Answers every request the loop holds with a 503 and resumes its connection. */
static void
abort_all(Loop *l)
{
    for (int i = 0; i < l->nslots; i++)
        if (l->by_slot[i] != NULL)
        {
            LoopJob    *j = l->by_slot[i];

            l->by_slot[i] = NULL;
            pool_release(j->pc, true);
            while (j != NULL)
            {
                LoopJob    *next = j->batch_next;

                j->batch_next = NULL;
                job_abort(l, j);
                j = next;
            }
        }
    while (l->waiting.head != NULL)
    {
        LoopJob    *j = l->waiting.head;

        loop_list_remove(&l->waiting, j);
        j->waiting = false;
        if (pool_withdraw(&j->waiter, POOL_ABORT))
            job_abort(l, j);
        /* else it is in the inbox with a slot: below */
    }
    while (l->fresh.head != NULL)
    {
        LoopJob    *j = l->fresh.head;

        loop_list_remove(&l->fresh, j);
        job_abort(l, j);
    }
    for (;;)
    {
        Inbox       in;
        NewConn    *nc;
        LoopJob    *handed;

        if (!inbox_take(l, &in))
        {
            free(in.resumes);
            break;
        }
        nc = in.new_conns;
        handed = in.handed;
        while (nc != NULL)
        {
            NewConn    *next = nc->next;

            close(nc->fd);
            if (nc->count != NULL)
                atomic_fetch_sub(nc->count, 1);
            free(nc);
            nc = next;
        }
        while (handed != NULL)
        {
            LoopJob    *next = handed->handed_next;

            pool_release(handed->waiter.slot, false);
            job_abort(l, handed);
            handed = next;
        }
        for (size_t i = 0; i < in.nresumes; i++)
            MHD_resume_connection(in.resumes[i]);
        free(in.resumes);
    }
}

/* See loop.h. */
void
loop_stop(Loop *l)
{
    uint64_t    one = 1;

    atomic_store(&l->stop, true);
    if (write(l->evfd, &one, sizeof(one)) != sizeof(one))
        fprintf(stderr, "interview-proxy: eventfd write: %s\n", strerror(errno));
    pthread_join(l->thread, NULL);

    /*
     * The daemon is this thread's now.  Every request still waiting gets a
     * 503, and a few turns of the daemon send those answers (requests that
     * arrive meanwhile on kept-alive connections get the same); nothing may
     * stay suspended, as libmicrohttpd stops no daemon with suspended
     * connections.
     */
    loop_current = l;
    abort_all(l);
    for (int turn = 0; turn < 3; turn++)
    {
        MHD_run(l->daemon);
        abort_all(l);
    }
    loop_current = NULL;
}

