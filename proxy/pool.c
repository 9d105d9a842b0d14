/*
 * pool.c - the libpq connection pool (see pool.h).
 *
 * One mutex guards the slot table (in_use flags and counters); the
 * connection of a slot is touched only by the thread that acquired it, so
 * connecting and querying happen outside the lock.
 *
 * Waiting is first come, first served: a thread that finds no free slot
 * queues itself with a condition variable of its own, and pool_release()
 * hands the slot straight to the oldest waiter and wakes only that thread.
 * (With one shared condition variable a thread arriving just then could take
 * the slot before the woken one ran, so a waiter could lose again and again.)
 * An event loop's waiter is in the same queue; instead of a condition
 * variable it has a callback that passes the slot to its loop.
 *
 * One exception to the order: a slot released by an event loop goes to the
 * oldest waiter of that same loop, when there is one, unless the oldest
 * waiter of all has waited AFFINITY_S already (only the first AFFINITY_SCAN
 * waiters are looked at, to keep the lock short).  Handing a slot to another
 * loop costs a wake-up of that loop and moves the socket between epoll
 * sets: with two loops on 2 cores under load, and strict order, the proxy
 * spent 68 - 82 us per request against 46 - 63 us with one loop (README).
 * The time bound keeps the queue fair.
 *
 * A second exception: a waiter whose account holds pool_set_account_cap()
 * slots already is passed over (it keeps its place) until one of them is
 * released, so one account's flood of requests cannot take every connection
 * (docs/security.md).
 *
 * Epoll registrations: a slot's socket may sit in one loop's epoll set
 * while the slot is idle.  Only the slot's holder changes the registration
 * (pool_watch, or unwatch in pool_acquire), and a loop drops an idle slot
 * from its set under the lock (pool_stray), so the two never race.
 * Closing a connection takes its socket out of every set by itself.
 *
 * It must not know GraphQL or HTTP, and must not hold its mutex while
 * connecting or querying.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pool.h"

static PoolConn *slots;
static int  nslots;
static char *pool_conninfo;
static int  pool_timeout_ms;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_condattr_t cond_attr;   /* CLOCK_MONOTONIC, for the waits */
static PoolStats counters;
static int  account_cap;        /* slots one account may hold; 0: no cap */

/* how long the oldest waiter may be passed over for a waiter of the releasing loop */
#define AFFINITY_S 0.002
#define AFFINITY_SCAN 64

/* threads and loop requests waiting for a slot, oldest first (guarded by pool_lock) */
static PoolWaiter *wait_head;
static PoolWaiter *wait_tail;

/* Monotonic clock in seconds, for rate limits and latencies. */
double
pool_now(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Takes a slot's socket out of the epoll set watching it, if any. */
static void
unwatch(PoolConn *pc)
{
    if (pc->watch_epfd >= 0 && epoll_ctl(pc->watch_epfd, EPOLL_CTL_DEL, pc->watch_fd, NULL) != 0)
        fprintf(stderr, "interview-proxy: epoll_ctl(DEL): %s\n", strerror(errno));
    pc->watch_epfd = -1;
}

/* Closes a slot's connection (which also leaves any epoll set). */
static void
slot_close(PoolConn *pc)
{
    PQfinish(pc->conn);
    pc->conn = NULL;
    pc->watch_epfd = -1;
}

/*
 * Opens the connection of a slot and switches it to the proxy role.  JIT is
 * off for the proxy's sessions: one GraphQL operation is one statement of
 * many small subplans, whose summed cost passes jit_above_cost although it
 * runs in milliseconds; compiling it cost 0.5 - 1 s (the candidate page's
 * interview query on the demo bank, docs/page.md).
 */
static bool
slot_connect(PoolConn *pc, char *err, size_t errlen)
{
    const char *keys[] = {"connect_timeout", "application_name", "dbname", NULL};
    const char *vals[] = {"3", "interview-proxy", pool_conninfo, NULL};
    char        setup[256];
    PGconn     *conn;
    PGresult   *res;

    pc->last_attempt = pool_now();
    pc->auth_prepared = false;
    memset(pc->prepared, 0, sizeof(pc->prepared));
    pc->stale = 0;
    conn = PQconnectdbParams(keys, vals, 1);
    if (conn == NULL)
    {
        snprintf(err, errlen, "PQconnectdbParams: out of memory");
        return false;
    }
    if (PQstatus(conn) != CONNECTION_OK)
    {
        snprintf(err, errlen, "PQconnectdbParams: %s", PQerrorMessage(conn));
        PQfinish(conn);
        return false;
    }
    snprintf(setup, sizeof(setup),
             "SET ROLE interview_proxy; SET TimeZone = 'UTC'; SET jit = off; "
             "SET statement_timeout = %d; SET idle_in_transaction_session_timeout = %d",
             pool_timeout_ms, pool_timeout_ms > 0 ? pool_timeout_ms * 2 : 60000);
    res = PQexec(conn, setup);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
    {
        snprintf(err, errlen, "SET ROLE interview_proxy: %s", PQerrorMessage(conn));
        PQclear(res);
        PQfinish(conn);
        return false;
    }
    PQclear(res);
    pc->conn = conn;
    return true;
}

/* Creates the slots and checks one connection (see pool.h). */
bool
pool_init(const char *conninfo, int size, int statement_timeout_ms, char *err, size_t errlen)
{
    int         rc;

    if (size < 1)
        size = 1;
    slots = calloc(size, sizeof(PoolConn));
    pool_conninfo = strdup(conninfo ? conninfo : "");
    if (slots == NULL || pool_conninfo == NULL)
    {
        snprintf(err, errlen, "calloc: out of memory");
        return false;
    }
    if ((rc = pthread_condattr_init(&cond_attr)) != 0 ||
        (rc = pthread_condattr_setclock(&cond_attr, CLOCK_MONOTONIC)) != 0)
    {
        snprintf(err, errlen, "pthread_condattr_setclock: %s", strerror(rc));
        return false;
    }
    nslots = size;
    pool_timeout_ms = statement_timeout_ms;
    for (int i = 0; i < size; i++)
    {
        slots[i].index = i;
        slots[i].watch_epfd = -1;
    }
    counters.size = size;
    if (!slot_connect(&slots[0], err, errlen))
        return false;
    counters.connects++;
    return true;
}

/* Closes every connection. */
void
pool_shutdown(void)
{
    for (int i = 0; i < nslots; i++)
        if (slots[i].conn != NULL)
            slot_close(&slots[i]);
}

/*
 * Takes a free slot, preferring connected ones, and among those one that
 * epfd watches already (epfd -1: any); caller holds the lock.
 */
static PoolConn *
take_free_slot(int epfd)
{
    PoolConn   *any = NULL;

    for (int i = 0; i < nslots; i++)
    {
        if (slots[i].in_use)
            continue;
        if (slots[i].conn != NULL)
        {
            if (epfd < 0 || slots[i].watch_epfd == epfd)
            {
                any = &slots[i];
                break;
            }
            if (any == NULL || any->conn == NULL)
                any = &slots[i];
        }
        else if (any == NULL)
            any = &slots[i];
    }
    if (any != NULL)
        any->in_use = true;
    return any;
}

/* See pool.h. */
void
pool_set_account_cap(int n)
{
    account_cap = n;
}

/* Whether w's account may take one more slot; caller holds the lock. */
static bool
may_hold(const PoolWaiter *w)
{
    int         held = 0;

    if (account_cap <= 0 || w->account == 0)
        return true;
    for (int i = 0; i < nslots; i++)
        if (slots[i].in_use && slots[i].holder == w->account)
            held++;
    return held < account_cap;
}

/* The oldest queued waiter that may take a slot, or NULL; caller holds the lock. */
static PoolWaiter *
first_eligible(void)
{
    for (PoolWaiter *w = wait_head; w != NULL; w = w->next)
        if (may_hold(w))
            return w;
    return NULL;
}

/* Appends w to the wait queue; caller holds the lock. */
static void
enqueue(PoolWaiter *w, int epfd)
{
    w->next = NULL;
    w->slot = NULL;
    w->epfd = epfd;
    w->since = pool_now();
    if (wait_tail != NULL)
        wait_tail->next = w;
    else
        wait_head = w;
    wait_tail = w;
}

/* Takes w out of the wait queue; caller holds the lock. */
static void
unqueue(PoolWaiter *w)
{
    PoolWaiter **p = &wait_head;
    PoolWaiter *prev = NULL;

    while (*p != NULL && *p != w)
    {
        prev = *p;
        p = &(*p)->next;
    }
    if (*p == NULL)
        return;
    *p = w->next;
    if (wait_tail == w)
        wait_tail = prev;
}

/* Queues the caller and waits until a slot is handed over or the deadline
 * passes; caller holds the lock.  NULL on timeout. */
static PoolConn *
wait_for_slot(const struct timespec *deadline)
{
    PoolWaiter  w = {0};
    pthread_cond_t cond;
    int         rc;

    if ((rc = pthread_cond_init(&cond, &cond_attr)) != 0)
    {
        fprintf(stderr, "interview-proxy: pthread_cond_init: %s\n", strerror(rc));
        return NULL;
    }
    w.cond = &cond;
    enqueue(&w, -1);
    while (w.slot == NULL)
    {
        rc = pthread_cond_timedwait(&cond, &pool_lock, deadline);
        if (rc != 0 && w.slot == NULL)   /* ETIMEDOUT */
        {
            unqueue(&w);
            break;
        }
    }
    pthread_cond_destroy(&cond);
    return w.slot;
}

/* Counts a connect attempt's outcome. */
static void
count_connect(bool ok)
{
    pthread_mutex_lock(&pool_lock);
    if (ok)
        counters.connects++;
    else
        counters.connect_failures++;
    pthread_mutex_unlock(&pool_lock);
}

/* See pool.h. */
bool
pool_connect(PoolConn *pc)
{
    char        err[512];
    bool        ok = false;

    if (pc->conn != NULL && PQstatus(pc->conn) != CONNECTION_OK)
        slot_close(pc);
    if (pc->conn != NULL)
        return true;
    /* at most one attempt a second per slot while the database is down */
    if (pool_now() - pc->last_attempt >= 1.0)
        ok = slot_connect(pc, err, sizeof(err));
    count_connect(ok);
    return ok;
}

/* Waits for a slot and connects it when needed (see pool.h). */
PoolConn   *
pool_acquire(int timeout_ms, bool *down)
{
    struct timespec deadline;
    PoolConn   *pc;

    *down = false;
    if (clock_gettime(CLOCK_MONOTONIC, &deadline) != 0)
        return NULL;
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long) (timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L)
    {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&pool_lock);
    /* while others wait (and may take one), every released slot goes to them */
    pc = first_eligible() == NULL ? take_free_slot(-1) : NULL;
    if (pc != NULL)
        pc->holder = 0;
    if (pc == NULL)
    {
        counters.waits++;
        pc = wait_for_slot(&deadline);
        if (pc == NULL)
        {
            counters.timeouts++;
            pthread_mutex_unlock(&pool_lock);
            return NULL;
        }
    }
    counters.acquired++;
    counters.in_use++;
    pthread_mutex_unlock(&pool_lock);

    if (!pool_connect(pc))
    {
        pool_release(pc, false);
        *down = true;
        return NULL;
    }
    /* this thread blocks on the socket: no loop may see its events */
    unwatch(pc);
    if (PQisnonblocking(pc->conn))
        PQsetnonblocking(pc->conn, 0);
    return pc;
}

/* See pool.h. */
PoolConn   *
pool_take(PoolWaiter *w, int epfd)
{
    PoolConn   *pc;

    pthread_mutex_lock(&pool_lock);
    pc = first_eligible() == NULL && may_hold(w) ? take_free_slot(epfd) : NULL;
    if (pc == NULL)
    {
        counters.waits++;
        enqueue(w, epfd);
    }
    else
    {
        pc->holder = w->account;
        counters.acquired++;
        counters.in_use++;
    }
    pthread_mutex_unlock(&pool_lock);
    return pc;
}

/* See pool.h. */
bool
pool_withdraw(PoolWaiter *w, PoolWithdraw why)
{
    bool        withdrawn;

    pthread_mutex_lock(&pool_lock);
    /* riding in another request's batch would take its account past the cap */
    withdrawn = w->slot == NULL && (why != POOL_JOIN_BATCH || may_hold(w));
    if (withdrawn)
    {
        unqueue(w);
        if (why == POOL_GIVE_UP)
            counters.timeouts++;
        else if (why == POOL_JOIN_BATCH)
            counters.batch_joins++;
    }
    pthread_mutex_unlock(&pool_lock);
    return withdrawn;
}

/* See pool.h. */
bool
pool_watch(PoolConn *pc, int epfd, unsigned events)
{
    int         fd = PQsocket(pc->conn);
    struct epoll_event ev = {.events = events, .data.ptr = pc};
    int         op = EPOLL_CTL_ADD;

    if (fd < 0)
        return false;
    if (pc->watch_epfd == epfd && pc->watch_fd == fd)
    {
        if (pc->watch_events == events)
            return true;
        op = EPOLL_CTL_MOD;
    }
    else
        unwatch(pc);
    if (epoll_ctl(epfd, op, fd, &ev) != 0)
    {
        fprintf(stderr, "interview-proxy: epoll_ctl: %s\n", strerror(errno));
        return false;
    }
    pc->watch_epfd = epfd;
    pc->watch_fd = fd;
    pc->watch_events = events;
    return true;
}

/* See pool.h. */
void
pool_stray(PoolConn *pc, int epfd)
{
    pthread_mutex_lock(&pool_lock);
    if (!pc->in_use && pc->watch_epfd == epfd)
        unwatch(pc);
    pthread_mutex_unlock(&pool_lock);
}

/*
 * The waiter a released slot goes to: the oldest, or the oldest of the loop
 * with epoll set epfd (-1: none), the one that released it (see the top of
 * this file); caller holds the lock and the queue is not empty.
 */
static PoolWaiter *
next_waiter(int epfd)
{
    int         n = 0;

    if (epfd < 0 || wait_head->epfd == epfd || pool_now() - wait_head->since >= AFFINITY_S)
        return wait_head;
    for (PoolWaiter *w = wait_head->next; w != NULL && n < AFFINITY_SCAN; w = w->next, n++)
        if (w->epfd == epfd)
            return w;
    return wait_head;
}

/* Returns a slot; a broken connection is closed here (see pool.h). */
void
pool_release(PoolConn *pc, bool broken)
{
    if (pc->conn != NULL &&
        (broken || pc->stale > POOL_MAX_STALE || PQstatus(pc->conn) != CONNECTION_OK))
    {
        slot_close(pc);
        pc->last_attempt = 0;
    }
    pthread_mutex_lock(&pool_lock);
    counters.in_use--;
    pc->holder = 0;
    pc->in_use = false;         /* not counted by may_hold() while a waiter is chosen */
    if (first_eligible() != NULL)
    {
        /* the releasing loop: the one whose epoll set holds the open socket */
        int         epfd = pc->conn != NULL ? pc->watch_epfd : -1;
        PoolWaiter *w = next_waiter(epfd);

        if (!may_hold(w))
            w = first_eligible();
        pc->in_use = true;
        pc->holder = w->account;

        if (w->epfd < 0)
            counters.handoffs_thread++;
        else if (w->epfd == epfd)
            counters.handoffs_same_loop++;
        else
            counters.handoffs_other_loop++;

        /* the slot stays in use: it goes straight to that waiter */
        unqueue(w);
        w->slot = pc;
        if (w->handed != NULL)
        {
            /* a blocked thread counts itself in pool_acquire() */
            counters.acquired++;
            counters.in_use++;
            w->handed(w);
        }
        else
            pthread_cond_signal(w->cond);
    }
    pthread_mutex_unlock(&pool_lock);
}

/* See pool.h. */
bool
pool_is_prepared(const PoolConn *pc, unsigned slot, uint32_t serial)
{
    return slot < POOL_MAX_PREPARED && pc->prepared[slot] == serial;
}

/* See pool.h. */
void
pool_set_prepared(PoolConn *pc, unsigned slot, uint32_t serial)
{
    if (slot >= POOL_MAX_PREPARED)
        return;
    if (pc->prepared[slot] != 0 && pc->prepared[slot] != serial)
        pc->stale++;
    pc->prepared[slot] = serial;
}

/* Copies the counters under the lock, counting connected slots. */
void
pool_stats(PoolStats *out)
{
    pthread_mutex_lock(&pool_lock);
    *out = counters;
    out->connected = 0;
    for (int i = 0; i < nslots; i++)
        if (slots[i].conn != NULL)
            out->connected++;
    pthread_mutex_unlock(&pool_lock);
}
