/*
 * sse_graphql.h - GraphQL over Server-Sent Events ("distinct connections
 * mode" of the graphql-sse protocol) for one request: see sse_graphql().
 *
 * sse_graphql.c is the only file that knows both the stream and the
 * registry: neither sse.c nor subscribe.c may include this header.
 */
#ifndef SSE_GRAPHQL_H
#define SSE_GRAPHQL_H

#include <microhttpd.h>

#include "execute.h"

/*
 * Answers a GraphQL request with an event stream: a subscription is handed
 * to the registry (subscribe.c), a query or mutation runs once and its
 * result is sent as `next` then `complete`.  Returns the response to queue
 * with status 200 (the caller queues and destroys it), NULL when out of
 * memory.
 */
struct MHD_Response *sse_graphql(struct MHD_Connection *conn, const ExecRequest *req);

#endif                          /* SSE_GRAPHQL_H */
