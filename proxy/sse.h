/*
 * sse.h - Server-Sent Events streams: the text/event-stream responses that
 * carry GraphQL over SSE (sse_graphql.c) as `next` events (one JSON
 * execution result each) and a final `complete` event.
 *
 * A stream is a bounded per-connection queue of bytes that libmicrohttpd
 * reads through a content-reader callback; while the queue is empty the
 * connection is suspended, and anything queued resumes it.  A client that
 * lets more than the queue limit pile up is disconnected.  Keep-alive
 * comments go out every interval so dead peers are noticed.
 *
 * Ownership: a stream is reference counted.  sse_open() hands one
 * reference to the response (dropped when libmicrohttpd is done with the
 * connection, after the close callback ran) and lends the stream to its
 * caller (sse_graphql.c), which passes it to subscribe_open(), which takes
 * its own.  This file knows nothing of GraphQL or the registry.
 *
 * Threads: every function may be called from any thread.
 *
 * A stream must not be written after sse_complete().
 */
#ifndef SSE_H
#define SSE_H

#include <stdbool.h>
#include <stddef.h>
#include <microhttpd.h>

typedef struct SseStream SseStream;

/* Called once when libmicrohttpd is done with the stream's connection. */
typedef void (*SseCloseFn) (void *arg);

typedef struct SseStats
{
    unsigned long long open;        /* streams whose connection is still open */
    unsigned long long opened;      /* streams ever opened */
    unsigned long long overflows;   /* clients disconnected for reading too slowly */
    unsigned long long events;      /* next/complete events queued */
} SseStats;

/* Sets the queue limit per connection in bytes (default 256 KiB). */
void        sse_configure(size_t max_queued);
/* Whether the request asks for an event stream (Accept: text/event-stream). */
bool        sse_wanted(struct MHD_Connection *conn);
/*
 * Opens an event stream on conn.  Sets *resp to the response to queue with
 * status 200 (the caller queues and destroys it; it owns the stream's
 * reference) and returns the stream, borrowed: take a reference with
 * sse_ref() to keep it past the request handler.  *stopping is set when the
 * server is stopping: the stream is not kept, send a last event and
 * complete it.  NULL (and *resp NULL) when out of memory.
 */
SseStream  *sse_open(struct MHD_Connection *conn, struct MHD_Response **resp, bool *stopping);

/* Queues an event; data may hold newlines. false when the stream is gone or overflowed. */
bool        sse_send_event(SseStream *s, const char *event, const char *data, size_t len);
/* Queues `complete` and ends the stream once the queue is flushed. */
void        sse_complete(SseStream *s);
/* Sets the close callback (called at most once; at once if already closed). */
void        sse_on_close(SseStream *s, SseCloseFn fn, void *arg);
/* Takes a reference. */
void        sse_ref(SseStream *s);
/* Drops a reference; the last one frees the stream. */
void        sse_unref(SseStream *s);
/* Sends a keep-alive comment on every stream idle for interval_ms (call it often). */
void        sse_keepalive_all(int interval_ms);
/* Ends every stream (resuming suspended connections) before the server stops. */
void        sse_shutdown(void);
/* A copy of the counters. */
void        sse_stats(SseStats *out);

#endif                          /* SSE_H */
