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
 */
#include <errno.h>
#include <pthread.h>
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

typedef struct Waiter
{
    struct Waiter *next;
    PoolConn   *slot;           /* set by pool_release() when handed over */
    pthread_cond_t cond;
} Waiter;

/* threads waiting for a slot, oldest first (guarded by pool_lock) */
static Waiter *wait_head;
static Waiter *wait_tail;

/* Monotonic clock in seconds, for rate limits and latencies. */
double
pool_now(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Opens the connection of a slot and switches it to the proxy role. */
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
             "SET ROLE interview_proxy; SET TimeZone = 'UTC'; "
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
        slots[i].index = i;
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
        {
            PQfinish(slots[i].conn);
            slots[i].conn = NULL;
        }
}

/* Takes a free slot, preferring connected ones; caller holds the lock. */
static PoolConn *
take_free_slot(void)
{
    PoolConn   *any = NULL;

    for (int i = 0; i < nslots; i++)
    {
        if (slots[i].in_use)
            continue;
        if (slots[i].conn != NULL)
        {
            any = &slots[i];
            break;
        }
        if (any == NULL)
            any = &slots[i];
    }
    if (any != NULL)
        any->in_use = true;
    return any;
}

/* Takes w out of the wait queue; caller holds the lock. */
static void
unqueue(Waiter *w)
{
    Waiter    **p = &wait_head;
    Waiter     *prev = NULL;

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
    Waiter      w;
    int         rc;

    w.next = NULL;
    w.slot = NULL;
    if ((rc = pthread_cond_init(&w.cond, &cond_attr)) != 0)
    {
        fprintf(stderr, "interview-proxy: pthread_cond_init: %s\n", strerror(rc));
        return NULL;
    }
    if (wait_tail != NULL)
        wait_tail->next = &w;
    else
        wait_head = &w;
    wait_tail = &w;
    while (w.slot == NULL)
    {
        rc = pthread_cond_timedwait(&w.cond, &pool_lock, deadline);
        if (rc != 0 && w.slot == NULL)   /* ETIMEDOUT */
        {
            unqueue(&w);
            break;
        }
    }
    pthread_cond_destroy(&w.cond);
    return w.slot;
}

/* Waits for a slot and connects it when needed (see pool.h). */
PoolConn   *
pool_acquire(int timeout_ms, bool *down)
{
    struct timespec deadline;
    PoolConn   *pc;
    char        err[512];

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
    /* while others wait, every released slot goes to them */
    pc = wait_head == NULL ? take_free_slot() : NULL;
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

    if (pc->conn != NULL && PQstatus(pc->conn) != CONNECTION_OK)
    {
        PQfinish(pc->conn);
        pc->conn = NULL;
    }
    if (pc->conn == NULL)
    {
        bool        ok = false;

        /* at most one attempt a second per slot while the database is down */
        if (pool_now() - pc->last_attempt >= 1.0)
            ok = slot_connect(pc, err, sizeof(err));
        pthread_mutex_lock(&pool_lock);
        if (ok)
            counters.connects++;
        else
            counters.connect_failures++;
        pthread_mutex_unlock(&pool_lock);
        if (!ok)
        {
            pool_release(pc, false);
            *down = true;
            return NULL;
        }
    }
    return pc;
}

/* Returns a slot; a broken connection is closed here (see pool.h). */
void
pool_release(PoolConn *pc, bool broken)
{
    if (pc->conn != NULL && (broken || PQstatus(pc->conn) != CONNECTION_OK))
    {
        PQfinish(pc->conn);
        pc->conn = NULL;
        pc->last_attempt = 0;
    }
    pthread_mutex_lock(&pool_lock);
    counters.in_use--;
    if (wait_head != NULL)
    {
        Waiter     *w = wait_head;

        /* the slot stays in use: it goes straight to the oldest waiter */
        wait_head = w->next;
        if (wait_head == NULL)
            wait_tail = NULL;
        w->slot = pc;
        pthread_cond_signal(&w->cond);
    }
    else
        pc->in_use = false;
    pthread_mutex_unlock(&pool_lock);
}

/* Whether cache entry id is prepared on this connection. */
bool
pool_is_prepared(const PoolConn *pc, unsigned id)
{
    return id < POOL_MAX_PREPARED && (pc->prepared[id / 8] & (1u << (id % 8))) != 0;
}

/* Records that cache entry id is prepared on this connection. */
void
pool_set_prepared(PoolConn *pc, unsigned id)
{
    if (id < POOL_MAX_PREPARED)
        pc->prepared[id / 8] |= (unsigned char) (1u << (id % 8));
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
