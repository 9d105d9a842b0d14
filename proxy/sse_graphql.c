/*
 * sse_graphql.c - a GraphQL request that asked for an event stream: a
 * subscription goes to the registry (subscribe.c), a query or mutation runs
 * once and its result is sent as `next`, then `complete`.
 *
 * It sits above both sse.c (the stream) and subscribe.c (the registry) and
 * is called from http.c; neither of those calls back into it.
 *
 * It must not queue bytes on a stream by itself beyond the events of its
 * one request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loop.h"
#include "loop_offload.h"
#include "sse.h"
#include "sse_graphql.h"
#include "subscribe.h"

/* A stream's request, copied for a helper thread. */
typedef struct SseOpen
{
    SseStream  *stream;         /* own reference */
    ExecRequestCopy copy;
} SseOpen;

/* Frees an SseOpen and drops its stream reference. */
static void
open_free(SseOpen *o)
{
    sse_unref(o->stream);
    execute_request_copy_free(&o->copy);
    free(o);
}

/* Copies what opening a stream needs past the request handler; NULL when out of memory. */
static SseOpen *
open_new(SseStream *s, const ExecRequest *req)
{
    SseOpen    *o = calloc(1, sizeof(SseOpen));

    if (o == NULL)
        return NULL;
    sse_ref(s);
    o->stream = s;
    if (!execute_request_copy(&o->copy, req))
    {
        open_free(o);
        return NULL;
    }
    return o;
}

/*
 * On a helper thread (it may wait for the database): a subscription goes
 * to the registry; anything else runs once, as `next`, then `complete`.
 */
static void
open_stream(void *arg)
{
    SseOpen    *o = arg;
    SseStream  *s = o->stream;
    ExecRequest er = o->copy.req;

    if (er.token != NULL && strlen(er.token) > 256)
        er.token = "invalid";
    if (subscribe_open(s, &er) == SUBSCRIBE_NOT_SUBSCRIPTION)
    {
        /* a query or mutation (or a request with errors): one result, then complete */
        ExecResult  res;

        er.subscription = true;     /* a subscription with bad variables gets their errors */
        execute_request(&er, &res);
        if (res.body != NULL)
            sse_send_event(s, "next", res.body, res.body_len);
        execute_result_free(&res);
        sse_complete(s);
    }
    open_free(o);
}

/* See sse_graphql.h. */
struct MHD_Response *
sse_graphql(struct MHD_Connection *conn, const ExecRequest *req)
{
    struct MHD_Response *resp;
    bool        stopping;
    SseStream  *s = sse_open(conn, &resp, &stopping);
    SseOpen    *o;

    if (s == NULL)
        return NULL;
    if (stopping)
    {
        char       *body = execute_error_body("the server is stopping", "SERVICE_UNAVAILABLE");

        if (body != NULL)
            sse_send_event(s, "next", body, strlen(body));
        free(body);
        sse_complete(s);
        return resp;
    }
    o = open_new(s, req);
    if (o == NULL || !loop_offload(open_stream, o))
    {
        char       *body = execute_error_body("out of memory", "INTERNAL_SERVER_ERROR");

        if (o != NULL)
            open_free(o);
        if (body != NULL)
            sse_send_event(s, "next", body, strlen(body));
        free(body);
        sse_complete(s);
    }
    return resp;
}
