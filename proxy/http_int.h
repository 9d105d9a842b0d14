/*
 * http_int.h - what the files of the HTTP front end share: the per-request
 * state and the helpers of each file.  Internal to http*.c.
 *
 * Calls go one way: http.c (routing, the server) -> http_graphql.c (GraphQL
 * over HTTP), http_static.c (files, GraphiQL), http_metrics.c -> http_auth.c
 * (session token and cookie) -> http_respond.c (queueing responses).
 *
 * Nothing here may be used outside http*.c.
 */
#ifndef HTTP_INT_H
#define HTTP_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>
#include <microhttpd.h>

#include "execute.h"
#include "http.h"

#define COOKIE_NAME "iv_session"
#define MAX_TOKEN 256

/* What a suspended request waits for. */
typedef enum Deferred
{
    DEFER_NONE,
    DEFER_GRAPHQL,              /* a job on the loop (loop_execute) */
    DEFER_HEALTH                /* the health check on a helper thread */
} Deferred;

typedef struct HttpReq
{
    double      start;
    char       *body;
    size_t      len;
    size_t      cap;
    bool        too_large;
    bool        responded;
    unsigned    status;
    /* while suspended */
    struct MHD_Connection *conn;
    Deferred    deferred;
    bool        ready;          /* the result is in res: respond on the next call */
    int         media;          /* see negotiate() */
    json_t     *keep;           /* the parsed parameters, alive while the job runs */
    ExecResult  res;
    unsigned    health_status;
} HttpReq;

/* The configuration (borrowed from http_start for the life of the server). */
extern const HttpConfig *http_cfg;

/* ---- http_respond.c ---- */

/* Adds the CORS headers when the request's Origin is allowed. */
void        http_add_cors(struct MHD_Connection *conn, struct MHD_Response *resp);
/* Queues a response that owns body (malloc'd, may be NULL for empty). */
enum MHD_Result http_respond(struct MHD_Connection *conn, HttpReq *req, unsigned status,
                             const char *type, char *body, size_t len);
/* Queues a JSON error {"errors":[...]} with the given status. */
enum MHD_Result http_respond_error(struct MHD_Connection *conn, HttpReq *req, unsigned status,
                                   const char *type, const char *message, const char *code);

/* ---- http_auth.c ---- */

/* The session token: Authorization: Bearer, else the cookie; NULL when none. */
const char *http_session_token(struct MHD_Connection *conn);
/* Sets or clears the session cookie on a response as the result asks (nothing when it does not). */
void        http_session_cookie(struct MHD_Response *resp, const ExecResult *res);

/* ---- http_guard.c ---- */

/* Starts the reaper that cuts requests still arriving after seconds (0: none). */
bool        http_guard_start(int seconds, char *err, size_t errlen);
/* Stops the reaper. */
void        http_guard_stop(void);
/* A new connection (connection notification): its guard becomes the socket context. */
void        http_guard_open(struct MHD_Connection *conn, void **socket_context);
/* A closed connection: forgets its guard and counts it out of its address (limits.h). */
void        http_guard_close(void **socket_context);
/* The request arrived in full (busy), or the connection waits for the next one. */
void        http_guard_busy(struct MHD_Connection *conn, bool busy);
/* Connections cut at the deadline so far. */
unsigned long long http_guard_cut_total(void);
/* The client's address as text into buf (LIMITS_IP_LEN bytes, limits.h). */
void        http_client_ip(struct MHD_Connection *conn, char *buf);

/* ---- http_metrics.c ---- */

/* Records one finished request. */
void        http_metrics_record(unsigned status, double seconds);
/* Whether the client may read /metrics: the token when one is set, else a loopback address. */
bool        http_metrics_allowed(struct MHD_Connection *conn);
/* The Prometheus text exposition (malloc'd). */
char       *http_metrics_text(void);

/* ---- http_static.c ---- */

/* Reads GraphiQL's files into memory; missing files are left out. */
void        http_load_assets(void);
/* Serves one of GraphiQL's files from memory. */
enum MHD_Result http_serve_asset(struct MHD_Connection *conn, HttpReq *req, const char *name);
/* Serves GraphiQL's page. */
enum MHD_Result http_serve_graphiql(struct MHD_Connection *conn, HttpReq *req);
/* GET /favicon.ico: the static directory's icon, else the built-in one (never a 404). */
enum MHD_Result http_serve_favicon(struct MHD_Connection *conn, HttpReq *req);
/* Serves a file of the static directory (no dot-segments, regular files only). */
enum MHD_Result http_serve_static(struct MHD_Connection *conn, HttpReq *req, const char *url);

/* ---- http_graphql.c ---- */

/* Queues the response of an executed GraphQL request and frees res's contents. */
enum MHD_Result http_respond_result(struct MHD_Connection *conn, HttpReq *req, int media,
                                    ExecResult *res);
/* POST /graphql: the JSON body {"query", "operationName", "variables", "extensions"}. */
enum MHD_Result http_graphql_post(struct MHD_Connection *conn, HttpReq *req);
/* GET /graphql?query=...&operationName=...&variables=<JSON>. */
enum MHD_Result http_graphql_get(struct MHD_Connection *conn, HttpReq *req);

#endif                          /* HTTP_INT_H */
