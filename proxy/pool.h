/*
 * pool.h - a fixed-size pool of libpq connections to the interview database.
 *
 * Every connection runs `SET ROLE interview_proxy` right after connecting
 * (and is closed unless that works), then sets the session time zone to UTC
 * and the statement timeout.  A broken connection is closed on release and
 * reopened on the next acquire, at most once a second per slot, so the
 * proxy recovers by itself when the database comes back.
 *
 * Threads: pool_acquire() hands a slot to one thread at a time; the slot's
 * members may be used freely by that thread until pool_release().
 *
 * Event loops (loop.c) take slots without blocking: pool_take() returns a
 * free slot or queues a PoolWaiter, whose callback gets the slot when one
 * is released.  Waiters of both kinds are served first come, first served
 * (pool.c tells the one exception); a loop may also take its own waiters
 * back to run them in a batch on a slot it holds (pool_withdraw).
 * A loop keeps the sockets of the slots it used in its epoll set
 * (pool_watch); a slot taken elsewhere leaves that set first.
 *
 * The pool must not know GraphQL or HTTP: it hands out connections.
 */
#ifndef POOL_H
#define POOL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <libpq-fe.h>

/* Highest number of cached statement groups a connection tracks as prepared. */
#define POOL_MAX_PREPARED 2048
/*
 * Statement groups of evicted cache entries a connection may keep before it
 * is closed and opened again (which drops them on the server).
 */
#define POOL_MAX_STALE 256

typedef struct PoolConn
{
    PGconn     *conn;           /* NULL while disconnected */
    bool        auth_prepared;  /* "iv_auth" exists on this connection */
    uint32_t    prepared[POOL_MAX_PREPARED];    /* per cache slot: the serial prepared, 0: none */
    int         stale;          /* statement groups left behind by evicted entries */
    double      last_attempt;   /* monotonic seconds of the last connect attempt */
    int         index;
    bool        in_use;
    int         watch_epfd;     /* epoll set holding the socket, or -1 */
    int         watch_fd;       /* the socket registered there */
    unsigned    watch_events;   /* and its events */
    uint64_t    holder;         /* the account holding it (PoolWaiter.account), 0: none */
} PoolConn;

/*
 * A waiter of an event loop.  When a slot is released to it, `slot` is set
 * and handed(w) is called under the pool's lock by the releasing thread:
 * it must only queue the waiter for its loop and return.
 */
typedef struct PoolWaiter
{
    struct PoolWaiter *next;
    PoolConn   *slot;
    void        (*handed) (struct PoolWaiter *w);
    pthread_cond_t *cond;       /* internal: a blocked thread's condition variable */
    int         epfd;           /* internal: the waiting loop's epoll set, or -1 */
    double      since;          /* internal: when it was queued (pool_now) */
    uint64_t    account;        /* whose request (a key of its session), 0: not capped */
} PoolWaiter;

/*
 * At most n slots may serve one account (PoolWaiter.account) at a time
 * (0: no cap); its further requests wait, while other accounts' requests
 * take the free slots. Set before the server starts.
 */
void        pool_set_account_cap(int n);

typedef struct PoolStats
{
    int         size;
    int         in_use;
    int         connected;
    unsigned long long acquired;
    unsigned long long waits;       /* acquires that had to wait */
    unsigned long long timeouts;    /* acquires that gave up */
    unsigned long long connects;    /* successful (re)connects */
    unsigned long long connect_failures;
    /* released slots passed straight to a waiter: of the releasing loop,
     * of another loop, a blocked thread */
    unsigned long long handoffs_same_loop;
    unsigned long long handoffs_other_loop;
    unsigned long long handoffs_thread;
    unsigned long long batch_joins; /* waits that ended by joining a batch */
} PoolStats;

/*
 * Creates the pool and opens one connection to check the database and the
 * role; returns false with a message in err when that fails (the caller
 * refuses to run).  conninfo may be "" (libpq's PG* variables).
 */
bool        pool_init(const char *conninfo, int size, int statement_timeout_ms,
                      char *err, size_t errlen);
/* Closes every connection. */
void        pool_shutdown(void);
/*
 * Waits up to timeout_ms for a free slot and makes sure it is connected.
 * Returns NULL when no slot became free in time (*down = false) or the
 * database cannot be reached (*down = true).
 */
PoolConn   *pool_acquire(int timeout_ms, bool *down);
/*
 * For an event loop: a free slot (preferring one already watched by epfd),
 * or NULL after queueing w (see PoolWaiter).  The slot may be disconnected:
 * see pool_connect().
 */
PoolConn   *pool_take(PoolWaiter *w, int epfd);
/* Why a waiter leaves the queue without a slot (for the counters). */
typedef enum PoolWithdraw
{
    POOL_GIVE_UP,               /* its wait timed out */
    POOL_JOIN_BATCH,            /* it joins a batch on another job's slot (loop.c) */
    POOL_ABORT                  /* the server stops */
} PoolWithdraw;

/* Takes a queued waiter back; false when a slot was handed to it already, or when it
 * would join a batch while its account holds all the slots it may (it stays queued). */
bool        pool_withdraw(PoolWaiter *w, PoolWithdraw why);
/*
 * Makes sure a taken slot is connected (at most one attempt a second while
 * the database is down); false when it is not.
 */
bool        pool_connect(PoolConn *pc);
/*
 * Puts a taken slot's socket in epfd (level-triggered, data.ptr = pc) with
 * the given events, taking it out of another loop's set first.
 */
bool        pool_watch(PoolConn *pc, int epfd, unsigned events);
/* An event of epfd for a slot its loop does not hold: stop watching it if it is idle. */
void        pool_stray(PoolConn *pc, int epfd);
/* Gives a slot back; broken = true closes its connection. */
void        pool_release(PoolConn *pc, bool broken);
/*
 * Whether the statements of the cache entry in slot with serial are prepared
 * on this connection.  Serials are never reused, so the statements of an
 * entry that left the slot never pass for those of the one that took it.
 */
bool        pool_is_prepared(const PoolConn *pc, unsigned slot, uint32_t serial);
/*
 * Records that they are; a group of another serial left in the slot counts
 * as stale, and past POOL_MAX_STALE the slot's release closes the
 * connection.
 */
void        pool_set_prepared(PoolConn *pc, unsigned slot, uint32_t serial);
/* A consistent copy of the counters. */
void        pool_stats(PoolStats *out);
/* Monotonic clock in seconds. */
double      pool_now(void);

#endif                          /* POOL_H */
