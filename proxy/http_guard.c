/*
 * http_guard.c - the deadline of a request's arrival, against clients that
 * trickle their request a byte at a time to hold a connection.
 *
 * libmicrohttpd's own timeout only measures silence. Here every connection
 * has a Guard (its socket context) that records since when it has been
 * reading a request: from its start, or from the end of its previous
 * request. Once the request has arrived in full (headers and body) the
 * connection is busy and has no deadline until that request completes. A
 * reaper thread shuts down the socket of every connection that has been
 * reading for longer than the deadline; libmicrohttpd then sees the end of
 * the stream and closes the connection on its own loop.
 *
 * Guards are touched by the loop threads (start, phase changes, close) and
 * the reaper, all under guard_lock. A guard leaves the list in the close
 * notification, which libmicrohttpd calls before it closes the socket, so
 * the reaper never shuts down a descriptor that was reused.
 *
 * It must not close a socket itself (libmicrohttpd owns it) nor cut a
 * request whose answer is being computed or sent.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "http_int.h"
#include "limits.h"
#include "pool.h"

typedef struct Guard
{
    int         fd;
    double      since;          /* reading a request since (monotonic seconds) */
    bool        busy;           /* the request arrived in full: no deadline */
    bool        cut;            /* shut down by the reaper */
    char        ip[LIMITS_IP_LEN];
    struct Guard *prev;
    struct Guard *next;
} Guard;

static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t guard_wake = PTHREAD_COND_INITIALIZER;
static Guard *guards;
static int  deadline_s;
static bool reaper_running;
static bool reaper_stop;
static pthread_t reaper;
static atomic_ullong cut_total;

/* The reaper: four times a second, cuts connections past the deadline. */
static void *
reaper_main(void *arg)
{
    (void) arg;
    pthread_mutex_lock(&guard_lock);
    while (!reaper_stop)
    {
        struct timespec ts;
        double      now = pool_now();

        for (Guard *g = guards; g != NULL; g = g->next)
            if (!g->busy && !g->cut && now - g->since > deadline_s)
            {
                g->cut = true;
                atomic_fetch_add(&cut_total, 1);
                if (shutdown(g->fd, SHUT_RDWR) != 0 && errno != ENOTCONN)
                    fprintf(stderr, "interview-proxy: shutdown(slow client): %s\n", strerror(errno));
            }
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 250 * 1000000L;
        if (ts.tv_nsec >= 1000000000L)
        {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&guard_wake, &guard_lock, &ts);
    }
    pthread_mutex_unlock(&guard_lock);
    return NULL;
}

/* See http_int.h. */
bool
http_guard_start(int seconds, char *err, size_t errlen)
{
    int         rc;

    deadline_s = seconds;
    if (seconds <= 0)
        return true;
    reaper_stop = false;
    if ((rc = pthread_create(&reaper, NULL, reaper_main, NULL)) != 0)
    {
        snprintf(err, errlen, "pthread_create(reaper): %s", strerror(rc));
        return false;
    }
    reaper_running = true;
    return true;
}

/* See http_int.h. */
void
http_guard_stop(void)
{
    if (!reaper_running)
        return;
    pthread_mutex_lock(&guard_lock);
    reaper_stop = true;
    pthread_cond_signal(&guard_wake);
    pthread_mutex_unlock(&guard_lock);
    pthread_join(reaper, NULL);
    reaper_running = false;
}

/* See http_int.h. */
void
http_guard_open(struct MHD_Connection *conn, void **socket_context)
{
    const union MHD_ConnectionInfo *fd = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *addr = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    Guard      *g = calloc(1, sizeof(Guard));

    *socket_context = g;
    if (g == NULL)
        return;
    g->fd = fd != NULL ? fd->connect_fd : -1;
    limits_ip_text(addr != NULL ? addr->client_addr : NULL, g->ip);
    g->since = pool_now();
    g->busy = g->fd < 0;        /* nothing to cut without a descriptor */
    pthread_mutex_lock(&guard_lock);
    g->next = guards;
    if (guards != NULL)
        guards->prev = g;
    guards = g;
    pthread_mutex_unlock(&guard_lock);
}

/* See http_int.h. */
void
http_guard_close(void **socket_context)
{
    Guard      *g = *socket_context;

    if (g == NULL)
        return;
    pthread_mutex_lock(&guard_lock);
    if (g->prev != NULL)
        g->prev->next = g->next;
    else
        guards = g->next;
    if (g->next != NULL)
        g->next->prev = g->prev;
    pthread_mutex_unlock(&guard_lock);
    limits_conn_close(g->ip);
    free(g);
    *socket_context = NULL;
}

/* The guard of a connection (NULL when it has none). */
static Guard *
guard_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return ci != NULL ? ci->socket_context : NULL;
}

/* See http_int.h. */
void
http_guard_busy(struct MHD_Connection *conn, bool busy)
{
    Guard      *g = guard_of(conn);

    if (g == NULL)
        return;
    pthread_mutex_lock(&guard_lock);
    g->busy = busy || g->fd < 0;
    g->since = pool_now();
    pthread_mutex_unlock(&guard_lock);
}

/* See http_int.h. */
unsigned long long
http_guard_cut_total(void)
{
    return atomic_load(&cut_total);
}

/* See http_int.h. */
void
http_client_ip(struct MHD_Connection *conn, char *buf)
{
    Guard      *g = guard_of(conn);

    if (g != NULL)
        memcpy(buf, g->ip, LIMITS_IP_LEN);
    else
    {
        const union MHD_ConnectionInfo *addr =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

        limits_ip_text(addr != NULL ? addr->client_addr : NULL, buf);
    }
}
