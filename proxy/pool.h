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
 */
#ifndef POOL_H
#define POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <libpq-fe.h>

/* Highest number of cached statement groups a connection tracks as prepared. */
#define POOL_MAX_PREPARED 2048

typedef struct PoolConn
{
    PGconn     *conn;           /* NULL while disconnected */
    bool        auth_prepared;  /* "iv_auth" exists on this connection */
    unsigned char prepared[POOL_MAX_PREPARED / 8];  /* bit per cache entry id */
    double      last_attempt;   /* monotonic seconds of the last connect attempt */
    int         index;
    bool        in_use;
} PoolConn;

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
/* Gives a slot back; broken = true closes its connection. */
void        pool_release(PoolConn *pc, bool broken);
/* Whether cache entry id is prepared on this connection. */
bool        pool_is_prepared(const PoolConn *pc, unsigned id);
/* Records that cache entry id is prepared on this connection. */
void        pool_set_prepared(PoolConn *pc, unsigned id);
/* A consistent copy of the counters. */
void        pool_stats(PoolStats *out);
/* Monotonic clock in seconds. */
double      pool_now(void);

#endif                          /* POOL_H */
