/*
 * sse.c - GraphQL over Server-Sent Events streams (see sse.h).
 *
 * Each SseStream has its own mutex guarding the queue and the flags.  The
 * content reader runs on a libmicrohttpd thread: it hands out queued
 * bytes, or suspends the connection (under the stream's mutex, so nothing
 * queued meanwhile is missed) when the queue is empty.  Whoever queues
 * bytes resumes a suspended connection.  Lock order: streams_lock before a
 * stream's lock; libmicrohttpd's own locks are taken inside a stream's
 * lock (suspend and resume) and never the other way round.
 *
 * Every stream is on a global list (streams_lock) for keep-alives and
 * shutdown; it leaves the list when its connection is done.
 *
 * It must not know GraphQL or the subscription registry (sse_graphql.c
 * and subscribe.c call it, never the other way), and must not buffer a
 * slow client without bound.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "loop.h"
#include "sse.h"

#define SSE_DEFAULT_MAX_QUEUED (256 * 1024)
#define SSE_BLOCK 16384

struct SseStream
{
    pthread_mutex_t lock;
    struct MHD_Connection *conn;    /* NULL once the connection is done */
    char       *buf;
    size_t      off;            /* bytes of buf already handed out */
    size_t      len;
    size_t      cap;
    bool        suspended;      /* we suspended the connection */
    bool        ended;          /* end of stream once the queue is empty */
    bool        failed;         /* overflow: close the connection */
    bool        closed;         /* libmicrohttpd is done with it */
    double      next_keepalive; /* monotonic seconds; pushed back by every write */
    SseCloseFn  on_close;
    void       *close_arg;
    int         refs;
    struct SseStream *prev;
    struct SseStream *next;
};

static pthread_mutex_t streams_lock = PTHREAD_MUTEX_INITIALIZER;
static SseStream *streams;
static bool shutting_down;
static size_t max_queued = SSE_DEFAULT_MAX_QUEUED;
static atomic_ullong st_open, st_opened, st_overflows, st_events;

/* See sse.h. */
void
sse_configure(size_t limit)
{
    if (limit >= 1024)
        max_queued = limit;
}

/* See sse.h. */
void
sse_stats(SseStats *out)
{
    out->open = atomic_load(&st_open);
    out->opened = atomic_load(&st_opened);
    out->overflows = atomic_load(&st_overflows);
    out->events = atomic_load(&st_events);
}

/* See sse.h: any Accept entry text/event-stream (parameters allowed). */
bool
sse_wanted(struct MHD_Connection *conn)
{
    const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept");
    const char *p = accept;

    while (p != NULL && *p)
    {
        while (*p == ' ' || *p == ',')
            p++;
        if (strncasecmp(p, "text/event-stream", 17) == 0 &&
            (p[17] == '\0' || p[17] == ',' || p[17] == ';' || p[17] == ' '))
            return true;
        p = strchr(p, ',');
    }
    return false;
}

/* Resumes the connection (on its loop) if we suspended it; caller holds s->lock. */
static void
wake(SseStream *s)
{
    if (s->suspended && s->conn != NULL)
    {
        s->suspended = false;
        loop_resume(s->conn);
    }
}

/*
 * Whether n more bytes may be queued; caller holds s->lock.  A client that
 * has not taken what was queued fails the stream when the total would pass
 * the limit (one event larger than the limit still goes into an empty queue).
 */
static bool
room(SseStream *s, size_t n)
{
    if (s->failed || s->ended || s->closed)
        return false;
    if (s->len > s->off && s->len - s->off + n > max_queued)
    {
        s->failed = true;
        s->off = s->len = 0;
        atomic_fetch_add(&st_overflows, 1);
        return false;
    }
    return true;
}

/* Appends bytes to the queue; caller holds s->lock and checked room(). false when out of memory. */
static bool
append(SseStream *s, const char *data, size_t n)
{
    if (s->failed || s->ended || s->closed)
        return false;
    if (s->len + n > s->cap)
    {
        size_t      cap;
        char       *p;

        if (s->off > 0)
        {
            memmove(s->buf, s->buf + s->off, s->len - s->off);
            s->len -= s->off;
            s->off = 0;
        }
        cap = s->cap ? s->cap : 256;
        while (cap < s->len + n)
            cap *= 2;
        if (cap != s->cap)
        {
            p = realloc(s->buf, cap);
            if (p == NULL)
            {
                s->failed = true;
                return false;
            }
            s->buf = p;
            s->cap = cap;
        }
    }
    memcpy(s->buf + s->len, data, n);
    s->len += n;
    s->next_keepalive = 0;      /* set from the interval at the next keep-alive pass */
    return true;
}

/* The content reader: queued bytes, end of stream, or suspend until more. */
static ssize_t
reader(void *cls, uint64_t pos, char *out, size_t max)
{
    SseStream  *s = cls;
    ssize_t     n;

    (void) pos;
    pthread_mutex_lock(&s->lock);
    if (s->failed)
        n = MHD_CONTENT_READER_END_WITH_ERROR;
    else if (s->len > s->off)
    {
        size_t      k = s->len - s->off < max ? s->len - s->off : max;

        memcpy(out, s->buf + s->off, k);
        s->off += k;
        if (s->off == s->len)
            s->off = s->len = 0;
        n = (ssize_t) k;
    }
    else if (s->ended)
        n = MHD_CONTENT_READER_END_OF_STREAM;
    else
    {
        s->suspended = true;
        MHD_suspend_connection(s->conn);
        n = 0;
    }
    pthread_mutex_unlock(&s->lock);
    return n;
}

/* The response's free callback: the connection is done with the stream. */
static void
reader_free(void *cls)
{
    SseStream  *s = cls;
    SseCloseFn  fn;
    void       *arg;

    pthread_mutex_lock(&streams_lock);
    if (s->prev)
        s->prev->next = s->next;
    else if (streams == s)
        streams = s->next;
    if (s->next)
        s->next->prev = s->prev;
    s->prev = s->next = NULL;
    pthread_mutex_unlock(&streams_lock);

    pthread_mutex_lock(&s->lock);
    s->closed = true;
    s->conn = NULL;
    s->suspended = false;
    fn = s->on_close;
    arg = s->close_arg;
    s->on_close = NULL;
    pthread_mutex_unlock(&s->lock);
    atomic_fetch_sub(&st_open, 1);
    if (fn != NULL)
        fn(arg);
    sse_unref(s);
}

/* A new stream for conn with one reference (the caller's); NULL when out of memory. */
static SseStream *
stream_new(struct MHD_Connection *conn)
{
    SseStream  *s = calloc(1, sizeof(SseStream));

    if (s == NULL)
        return NULL;
    if (pthread_mutex_init(&s->lock, NULL) != 0)
    {
        free(s);
        return NULL;
    }
    s->conn = conn;
    s->refs = 1;
    return s;
}

/* See sse.h. */
void
sse_ref(SseStream *s)
{
    pthread_mutex_lock(&s->lock);
    s->refs++;
    pthread_mutex_unlock(&s->lock);
}

/* See sse.h. */
void
sse_unref(SseStream *s)
{
    int         left;

    if (s == NULL)
        return;
    pthread_mutex_lock(&s->lock);
    left = --s->refs;
    pthread_mutex_unlock(&s->lock);
    if (left > 0)
        return;
    pthread_mutex_destroy(&s->lock);
    free(s->buf);
    free(s);
}

/* See sse.h: "event: E\n" then one "data: " line per line of data, then "\n". */
bool
sse_send_event(SseStream *s, const char *event, const char *data, size_t len)
{
    bool        ok;
    size_t      i = 0;
    size_t      lines = 1;

    for (size_t k = 0; k < len; k++)
        lines += data[k] == '\n' || data[k] == '\r';
    pthread_mutex_lock(&s->lock);
    /* "event: " E "\n", per line "data: " "\n", a final "\n" */
    ok = room(s, 7 + strlen(event) + 1 + len + 7 * lines + 1);
    ok = ok && append(s, "event: ", 7) && append(s, event, strlen(event)) && append(s, "\n", 1);
    do
    {
        size_t      j = i;

        while (j < len && data[j] != '\n' && data[j] != '\r')
            j++;
        ok = ok && append(s, "data: ", 6) && append(s, data + i, j - i) && append(s, "\n", 1);
        if (j < len && data[j] == '\r' && j + 1 < len && data[j + 1] == '\n')
            j++;
        i = j + 1;
    } while (ok && i < len);
    ok = ok && append(s, "\n", 1);
    if (ok)
        atomic_fetch_add(&st_events, 1);
    wake(s);
    pthread_mutex_unlock(&s->lock);
    return ok;
}

/* See sse.h. */
void
sse_complete(SseStream *s)
{
    sse_send_event(s, "complete", "", 0);
    pthread_mutex_lock(&s->lock);
    s->ended = true;
    wake(s);
    pthread_mutex_unlock(&s->lock);
}

/* See sse.h. */
void
sse_on_close(SseStream *s, SseCloseFn fn, void *arg)
{
    bool        closed;

    pthread_mutex_lock(&s->lock);
    closed = s->closed;
    if (!closed)
    {
        s->on_close = fn;
        s->close_arg = arg;
    }
    pthread_mutex_unlock(&s->lock);
    if (closed)
        fn(arg);
}

/*
 * See sse.h.  Each stream has its own due time, first spread at random over
 * the interval, so streams opened together do not all wake at once.
 */
void
sse_keepalive_all(int interval_ms)
{
    double      now = pool_now();
    double      interval = interval_ms / 1000.0;

    pthread_mutex_lock(&streams_lock);
    for (SseStream *s = streams; s; s = s->next)
    {
        pthread_mutex_lock(&s->lock);
        if (s->next_keepalive == 0)
            s->next_keepalive = now + interval * (0.5 + 0.5 * (double) random() / RAND_MAX);
        else if (now >= s->next_keepalive)
        {
            /* only idle streams need one; a backlog is never grown by keep-alives */
            if (s->len == s->off && room(s, 3))
                append(s, ":\n\n", 3);
            s->next_keepalive = now + interval;
            wake(s);
        }
        pthread_mutex_unlock(&s->lock);
    }
    pthread_mutex_unlock(&streams_lock);
}

/* See sse.h. */
void
sse_shutdown(void)
{
    pthread_mutex_lock(&streams_lock);
    shutting_down = true;
    for (SseStream *s = streams; s; s = s->next)
    {
        pthread_mutex_lock(&s->lock);
        s->ended = true;
        wake(s);
        pthread_mutex_unlock(&s->lock);
    }
    pthread_mutex_unlock(&streams_lock);
}

/* See sse.h. */
SseStream *
sse_open(struct MHD_Connection *conn, struct MHD_Response **resp, bool *stopping)
{
    SseStream  *s = stream_new(conn);
    bool        down;

    *resp = NULL;
    *stopping = false;
    if (s == NULL)
        return NULL;
    /* a comment first, so the headers and a first chunk leave at once */
    pthread_mutex_lock(&s->lock);
    append(s, ":\n\n", 3);
    pthread_mutex_unlock(&s->lock);
    *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK, reader, s, reader_free);
    if (*resp == NULL)
    {
        sse_unref(s);
        return NULL;
    }
    MHD_add_response_header(*resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream; charset=utf-8");
    MHD_add_response_header(*resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    MHD_add_response_header(*resp, "X-Accel-Buffering", "no");
    atomic_fetch_add(&st_open, 1);
    atomic_fetch_add(&st_opened, 1);
    pthread_mutex_lock(&streams_lock);
    down = shutting_down;
    if (!down)
    {
        s->next = streams;
        if (streams)
            streams->prev = s;
        streams = s;
    }
    pthread_mutex_unlock(&streams_lock);
    *stopping = down;
    return s;
}
