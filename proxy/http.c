/*
 * http.c - libmicrohttpd front end (see http.h).
 *
 * Per-request state (HttpReq) lives in the request closure: created on the
 * first call of the access handler, freed in the completion callback, which
 * also records the metrics.  Counters are updated with atomic builtins.
 * GraphiQL's files are read into memory once at start-up.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "execute.h"
#include "http.h"
#include "loop.h"
#include "pool.h"
#include "sse.h"
#include "sse_graphql.h"
#include "subscribe.h"

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

typedef struct Asset
{
    const char *name;
    const char *type;
    char       *data;
    size_t      len;
} Asset;

static const HttpConfig *cfg;

static Asset assets[] = {
    {"graphiql.min.js", "application/javascript; charset=utf-8", NULL, 0},
    {"graphiql.min.css", "text/css; charset=utf-8", NULL, 0},
    {"react.production.min.js", "application/javascript; charset=utf-8", NULL, 0},
    {"react-dom.production.min.js", "application/javascript; charset=utf-8", NULL, 0},
};
#define NASSETS (sizeof(assets) / sizeof(assets[0]))

/* ---- metrics ------------------------------------------------------------ */

static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                 0.25, 0.5, 1, 2.5, 5};
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))
static atomic_ullong by_status[600];
static atomic_ullong hist[NBUCKETS + 1];
static atomic_ullong hist_count;
static atomic_ullong hist_sum_us;

/* Records one finished request. */
static void
metrics_record(unsigned status, double seconds)
{
    size_t      b = 0;

    if (status >= 600)
        status = 0;
    atomic_fetch_add(&by_status[status], 1);
    while (b < NBUCKETS && seconds > buckets[b])
        b++;
    atomic_fetch_add(&hist[b], 1);
    atomic_fetch_add(&hist_count, 1);
    atomic_fetch_add(&hist_sum_us, (unsigned long long) (seconds * 1e6));
}

/* The Prometheus text exposition (malloc'd). */
static char *
metrics_text(void)
{
    size_t      cap = 16384;
    size_t      len = 0;
    char       *out = malloc(cap);
    unsigned long long cum = 0;
    PoolStats   ps;
    ExecStats   es;

#define EMIT(...) do { if (out) { int n_ = snprintf(out + len, cap - len, __VA_ARGS__); \
        if (n_ > 0 && (size_t) n_ < cap - len) len += (size_t) n_; } } while (0)
    if (out == NULL)
        return NULL;
    pool_stats(&ps);
    execute_stats(&es);
    EMIT("# HELP interview_proxy_requests_total HTTP requests by status code.\n"
         "# TYPE interview_proxy_requests_total counter\n");
    for (unsigned s = 0; s < 600; s++)
    {
        unsigned long long v = atomic_load(&by_status[s]);

        if (v > 0)
            EMIT("interview_proxy_requests_total{status=\"%u\"} %llu\n", s, v);
    }
    EMIT("# HELP interview_proxy_request_duration_seconds Time from request to response.\n"
         "# TYPE interview_proxy_request_duration_seconds histogram\n");
    for (size_t b = 0; b < NBUCKETS; b++)
    {
        cum += atomic_load(&hist[b]);
        EMIT("interview_proxy_request_duration_seconds_bucket{le=\"%g\"} %llu\n", buckets[b], cum);
    }
    cum += atomic_load(&hist[NBUCKETS]);
    EMIT("interview_proxy_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", cum);
    EMIT("interview_proxy_request_duration_seconds_sum %.6f\n",
         atomic_load(&hist_sum_us) / 1e6);
    EMIT("interview_proxy_request_duration_seconds_count %llu\n", atomic_load(&hist_count));
    EMIT("# HELP interview_proxy_pool_size Database connections in the pool.\n"
         "# TYPE interview_proxy_pool_size gauge\ninterview_proxy_pool_size %d\n", ps.size);
    EMIT("# HELP interview_proxy_pool_in_use Connections lent to requests.\n"
         "# TYPE interview_proxy_pool_in_use gauge\ninterview_proxy_pool_in_use %d\n", ps.in_use);
    EMIT("# HELP interview_proxy_pool_connected Connections currently open.\n"
         "# TYPE interview_proxy_pool_connected gauge\ninterview_proxy_pool_connected %d\n",
         ps.connected);
    EMIT("# TYPE interview_proxy_pool_acquires_total counter\n"
         "interview_proxy_pool_acquires_total %llu\n", ps.acquired);
    EMIT("# TYPE interview_proxy_pool_waits_total counter\n"
         "interview_proxy_pool_waits_total %llu\n", ps.waits);
    EMIT("# TYPE interview_proxy_pool_timeouts_total counter\n"
         "interview_proxy_pool_timeouts_total %llu\n", ps.timeouts);
    EMIT("# HELP interview_proxy_pool_handoffs_total Released connections passed straight to a "
         "waiting request: one of the same event loop, of another loop, or a blocked thread.\n"
         "# TYPE interview_proxy_pool_handoffs_total counter\n"
         "interview_proxy_pool_handoffs_total{to=\"same_loop\"} %llu\n"
         "interview_proxy_pool_handoffs_total{to=\"other_loop\"} %llu\n"
         "interview_proxy_pool_handoffs_total{to=\"thread\"} %llu\n",
         ps.handoffs_same_loop, ps.handoffs_other_loop, ps.handoffs_thread);
    EMIT("# HELP interview_proxy_pool_batch_joins_total Waits for a connection that ended by "
         "joining another request's batch.\n"
         "# TYPE interview_proxy_pool_batch_joins_total counter\n"
         "interview_proxy_pool_batch_joins_total %llu\n", ps.batch_joins);
    EMIT("# TYPE interview_proxy_pool_connects_total counter\n"
         "interview_proxy_pool_connects_total %llu\n", ps.connects);
    EMIT("# TYPE interview_proxy_pool_connect_failures_total counter\n"
         "interview_proxy_pool_connect_failures_total %llu\n", ps.connect_failures);
    EMIT("# TYPE interview_proxy_cache_hits_total counter\n"
         "interview_proxy_cache_hits_total %llu\n", es.cache_hits);
    EMIT("# TYPE interview_proxy_cache_misses_total counter\n"
         "interview_proxy_cache_misses_total %llu\n", es.cache_misses);
    EMIT("# TYPE interview_proxy_cache_entries gauge\n"
         "interview_proxy_cache_entries %llu\n", es.cache_entries);
    EMIT("# HELP interview_proxy_cache_bytes Memory of the cached documents (at most 64 MiB; "
         "a document above 256 KiB is not cached).\n"
         "# TYPE interview_proxy_cache_bytes gauge\ninterview_proxy_cache_bytes %llu\n", es.cache_bytes);
    EMIT("# TYPE interview_proxy_sql_statements_total counter\n"
         "interview_proxy_sql_statements_total %llu\n", es.statements);
    EMIT("# TYPE interview_proxy_db_errors_total counter\n"
         "interview_proxy_db_errors_total %llu\n", es.db_errors);
    EMIT("# HELP interview_proxy_batches_total Transactions shared by queued queries (--batch).\n"
         "# TYPE interview_proxy_batches_total counter\n"
         "interview_proxy_batches_total %llu\n", es.batches);
    EMIT("# TYPE interview_proxy_batched_requests_total counter\n"
         "interview_proxy_batched_requests_total %llu\n", es.batched);
    EMIT("# HELP interview_proxy_batch_splits_total Shared transactions that failed, after which "
         "each of their requests ran again alone.\n"
         "# TYPE interview_proxy_batch_splits_total counter\n"
         "interview_proxy_batch_splits_total %llu\n", es.batch_splits);
    {
        SubscribeStats ss;
        SseStats    sst;

        subscribe_stats(&ss);
        sse_stats(&sst);
        EMIT("# HELP interview_proxy_subscriptions Open GraphQL subscriptions.\n"
             "# TYPE interview_proxy_subscriptions gauge\ninterview_proxy_subscriptions %d\n"
             "# TYPE interview_proxy_sse_streams gauge\ninterview_proxy_sse_streams %llu\n"
             "# TYPE interview_proxy_sse_overflows_total counter\n"
             "interview_proxy_sse_overflows_total %llu\n"
             "# TYPE interview_proxy_subscription_evaluations_total counter\n"
             "interview_proxy_subscription_evaluations_total %llu\n"
             "# TYPE interview_proxy_subscription_listening gauge\n"
             "interview_proxy_subscription_listening %d\n",
             ss.open, sst.open, sst.overflows, ss.evaluations, ss.listening ? 1 : 0);
    }
#undef EMIT
    return out;
}

/* ---- responses ---------------------------------------------------------- */

/* Adds the CORS headers when the request's Origin is allowed. */
static void
add_cors(struct MHD_Connection *conn, struct MHD_Response *resp)
{
    const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
    const char *p;
    size_t      olen;

    if (origin == NULL || cfg->cors_origins == NULL || cfg->cors_origins[0] == '\0')
        return;
    if (strcmp(cfg->cors_origins, "*") == 0)
    {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
        return;
    }
    olen = strlen(origin);
    for (p = cfg->cors_origins; *p;)
    {
        const char *end = strchr(p, ',');
        size_t      n = end ? (size_t) (end - p) : strlen(p);

        while (n > 0 && *p == ' ')
            p++, n--;
        if (n == olen && strncmp(p, origin, n) == 0)
        {
            MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
            MHD_add_response_header(resp, "Access-Control-Allow-Credentials", "true");
            MHD_add_response_header(resp, "Vary", "Origin");
            return;
        }
        if (end == NULL)
            break;
        p = end + 1;
    }
}

/* Queues a response that owns body (malloc'd, may be NULL for empty). */
static enum MHD_Result
respond(struct MHD_Connection *conn, HttpReq *req, unsigned status, const char *type,
        char *body, size_t len)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;

    resp = MHD_create_response_from_buffer(body ? len : 0, body ? body : (void *) "",
                                           body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (resp == NULL)
    {
        free(body);
        return MHD_NO;
    }
    if (type != NULL)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    add_cors(conn, resp);
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, POST, OPTIONS");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        MHD_add_response_header(resp, "Retry-After", "1");
    req->status = status;
    req->responded = true;
    ret = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Queues a JSON error {"errors":[...]} with the given status. */
static enum MHD_Result
respond_error(struct MHD_Connection *conn, HttpReq *req, unsigned status, const char *type,
              const char *message, const char *code)
{
    char       *body = execute_error_body(message, code);

    return respond(conn, req, status, type, body, body ? strlen(body) : 0);
}

/* ---- GraphQL over HTTP -------------------------------------------------- */

/* Response media type per Accept: 1 graphql-response+json, 0 json, -1 neither. */
static int
negotiate(struct MHD_Connection *conn)
{
    const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept");

    if (accept == NULL || accept[0] == '\0')
        return 0;
    if (strstr(accept, "application/graphql-response+json"))
        return 1;
    if (strstr(accept, "application/json") || strstr(accept, "*/*") ||
        strstr(accept, "application/*"))
        return 0;
    return -1;
}

/* The session token: Authorization: Bearer, else the cookie; NULL when none. */
static const char *
session_token(struct MHD_Connection *conn)
{
    const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");

    if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0)
    {
        auth += 7;
        while (*auth == ' ')
            auth++;
        return *auth ? auth : NULL;
    }
    auth = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, COOKIE_NAME);
    return auth && *auth ? auth : NULL;
}

/* Queues the response of an executed GraphQL request and frees res's contents. */
static enum MHD_Result
respond_result(struct MHD_Connection *conn, HttpReq *req, int media, ExecResult *res)
{
    const char *type = media == 1 ? "application/graphql-response+json; charset=utf-8"
        : "application/json; charset=utf-8";
    struct MHD_Response *resp;
    unsigned    status;
    enum MHD_Result ret;

    switch (res->status)
    {
        case EXEC_OK:
            status = MHD_HTTP_OK;
            break;
        case EXEC_REQUEST_ERROR:
            status = media == 1 ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_OK;
            break;
        case EXEC_METHOD_NOT_ALLOWED:
            status = MHD_HTTP_METHOD_NOT_ALLOWED;
            break;
        default:
            status = MHD_HTTP_SERVICE_UNAVAILABLE;
            break;
    }
    resp = MHD_create_response_from_buffer(res->body_len, res->body, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL)
    {
        execute_result_free(res);
        return MHD_NO;
    }
    res->body = NULL;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "POST");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        MHD_add_response_header(resp, "Retry-After", "1");
    if (res->set_token != NULL || res->clear_cookie)
    {
        char        cookie[512];

        snprintf(cookie, sizeof(cookie), COOKIE_NAME "=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
                 res->set_token && !res->clear_cookie ? res->set_token : "",
                 res->clear_cookie ? "; Max-Age=0" : "", cfg->cookie_secure ? "; Secure" : "");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
    }
    add_cors(conn, resp);
    req->status = status;
    req->responded = true;
    ret = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    execute_result_free(res);
    return ret;
}

/* A job's result arrives (on the loop thread): keep it and resume the connection. */
static void
graphql_done(void *arg, ExecResult *res)
{
    HttpReq    *req = arg;

    req->res = *res;
    req->ready = true;
    loop_resume(req->conn);
}

/*
 * Runs a GraphQL request whose parameters were read from the body or the
 * URL; they must stay valid until the request completes (see HttpReq.keep).
 */
static enum MHD_Result
graphql(struct MHD_Connection *conn, HttpReq *req, bool is_get, const char *query,
        const char *opname, const json_t *variables)
{
    int         media = negotiate(conn);
    const char *token = session_token(conn);
    ExecRequest er = {query, strlen(query), opname, variables, token, is_get, false};
    ExecResult  res;
    ExecJob    *job;
    struct MHD_Response *resp;
    enum MHD_Result ret;

    if (sse_wanted(conn))
    {
        /* GraphQL over Server-Sent Events (sse.c): subscriptions, or one result */
        ExecRequest sr = {query, strlen(query), opname, variables, token, is_get, true};

        resp = sse_graphql(conn, &sr);
        if (resp == NULL)
            return MHD_NO;
        add_cors(conn, resp);
        req->status = MHD_HTTP_OK;
        req->responded = true;
        ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    if (media < 0)
        return respond_error(conn, req, MHD_HTTP_NOT_ACCEPTABLE, "application/json; charset=utf-8",
                             "send Accept: application/graphql-response+json or application/json",
                             "NOT_ACCEPTABLE");
    if (token != NULL && strlen(token) > MAX_TOKEN)
        token = er.token = "invalid";
    job = execute_start(&er, &res);
    if (job == NULL)
        return respond_result(conn, req, media, &res);
    /* the database part runs on this loop; the connection waits suspended */
    req->conn = conn;
    req->deferred = DEFER_GRAPHQL;
    req->media = media;
    MHD_suspend_connection(conn);
    loop_execute(job, graphql_done, req);
    return MHD_YES;
}

/* POST /graphql: the JSON body {"query", "operationName", "variables", "extensions"}. */
static enum MHD_Result
graphql_post(struct MHD_Connection *conn, HttpReq *req)
{
    const char *ctype = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    const char *json_type = "application/json; charset=utf-8";
    json_error_t jerr;
    json_t     *body;
    json_t     *q, *op, *vars, *ext;
    enum MHD_Result ret;

    if (ctype == NULL || strncasecmp(ctype, "application/json", 16) != 0 ||
        (ctype[16] != '\0' && ctype[16] != ';' && ctype[16] != ' '))
        return respond_error(conn, req, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, json_type,
                             "send the request as Content-Type: application/json",
                             "UNSUPPORTED_MEDIA_TYPE");
    if (req->len == 0)
        return respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                             "the request body is empty", "BAD_REQUEST");
    body = json_loadb(req->body, req->len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (body == NULL || !json_is_object(body))
    {
        json_decref(body);
        return respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                             "the request body is not a JSON object (or not UTF-8)",
                             "BAD_REQUEST");
    }
    q = json_object_get(body, "query");
    op = json_object_get(body, "operationName");
    vars = json_object_get(body, "variables");
    ext = json_object_get(body, "extensions");
    if (q == NULL || !json_is_string(q))
        ret = respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                            "the request needs a string parameter query", "BAD_REQUEST");
    else if (op != NULL && !json_is_null(op) && !json_is_string(op))
        ret = respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                            "operationName must be a string or null", "BAD_REQUEST");
    else if (vars != NULL && !json_is_null(vars) && !json_is_object(vars))
        ret = respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                            "variables must be an object or null", "BAD_REQUEST");
    else if (ext != NULL && !json_is_null(ext) && !json_is_object(ext))
        ret = respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                            "extensions must be an object or null", "BAD_REQUEST");
    else if (strlen(json_string_value(q)) != json_string_length(q))
        ret = respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                            "the query contains a NUL character", "BAD_REQUEST");
    else
    {
        req->keep = body;       /* the strings below live in it */
        return graphql(conn, req, false, json_string_value(q),
                       json_is_string(op) ? json_string_value(op) : NULL,
                       json_is_object(vars) ? vars : NULL);
    }
    json_decref(body);
    return ret;
}

/* GET /graphql?query=...&operationName=...&variables=<JSON>. */
static enum MHD_Result
graphql_get(struct MHD_Connection *conn, HttpReq *req)
{
    const char *json_type = "application/json; charset=utf-8";
    const char *q = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "query");
    const char *op = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "operationName");
    const char *vtext = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "variables");
    const char *etext = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "extensions");
    json_t     *vars = NULL;
    json_error_t jerr;

    if (q == NULL)
        return respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                             "the request needs a query parameter", "BAD_REQUEST");
    if (vtext != NULL && vtext[0] != '\0')
    {
        vars = json_loads(vtext, JSON_DECODE_ANY, &jerr);
        if (vars == NULL || !(json_is_object(vars) || json_is_null(vars)))
        {
            json_decref(vars);
            return respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                                 "variables must be a JSON object", "BAD_REQUEST");
        }
    }
    if (etext != NULL && etext[0] != '\0')
    {
        json_t     *ext = json_loads(etext, JSON_DECODE_ANY, &jerr);
        bool        ok = ext != NULL && (json_is_object(ext) || json_is_null(ext));

        json_decref(ext);
        if (!ok)
        {
            json_decref(vars);
            return respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                                 "extensions must be a JSON object", "BAD_REQUEST");
        }
    }
    req->keep = vars;
    return graphql(conn, req, true, q, op && op[0] ? op : NULL, json_is_object(vars) ? vars : NULL);
}

/* ---- pages ------------------------------------------------------------ */

static const char graphiql_html[] =
    "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>interview GraphiQL</title>\n"
    "<link rel=\"stylesheet\" href=\"/graphiql/graphiql.min.css\">\n"
    "<style>body{margin:0;height:100vh}#graphiql{height:100vh}</style>\n</head>\n<body>\n"
    "<div id=\"graphiql\">Loading GraphiQL...</div>\n"
    "<script src=\"/graphiql/react.production.min.js\"></script>\n"
    "<script src=\"/graphiql/react-dom.production.min.js\"></script>\n"
    "<script src=\"/graphiql/graphiql.min.js\"></script>\n"
    "<script>\n"
    "const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });\n"
    "ReactDOM.createRoot(document.getElementById('graphiql'))\n"
    "  .render(React.createElement(GraphiQL, { fetcher: fetcher }));\n"
    "</script>\n</body>\n</html>\n";

/* Reads GraphiQL's files into memory; missing files are left out. */
static void
load_assets(void)
{
    if (cfg->graphiql_dir == NULL)
        return;
    for (size_t i = 0; i < NASSETS; i++)
    {
        char        path[4096];
        FILE       *f;
        long        size;

        snprintf(path, sizeof(path), "%s/%s", cfg->graphiql_dir, assets[i].name);
        f = fopen(path, "rb");
        if (f == NULL)
        {
            fprintf(stderr, "interview-proxy: fopen(%s): %s (GraphiQL will not load)\n",
                    path, strerror(errno));
            continue;
        }
        if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        {
            fprintf(stderr, "interview-proxy: fseek(%s): %s\n", path, strerror(errno));
            fclose(f);
            continue;
        }
        assets[i].data = malloc((size_t) size + 1);
        if (assets[i].data == NULL || fread(assets[i].data, 1, (size_t) size, f) != (size_t) size)
        {
            fprintf(stderr, "interview-proxy: fread(%s) failed\n", path);
            free(assets[i].data);
            assets[i].data = NULL;
        }
        else
            assets[i].len = (size_t) size;
        fclose(f);
    }
}

/* Serves one of GraphiQL's files from memory. */
static enum MHD_Result
serve_asset(struct MHD_Connection *conn, HttpReq *req, const char *name)
{
    for (size_t i = 0; i < NASSETS; i++)
        if (assets[i].data != NULL && strcmp(assets[i].name, name) == 0)
        {
            struct MHD_Response *resp =
                MHD_create_response_from_buffer(assets[i].len, assets[i].data,
                                                MHD_RESPMEM_PERSISTENT);
            enum MHD_Result ret;

            if (resp == NULL)
                return MHD_NO;
            MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, assets[i].type);
            MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=86400");
            req->status = MHD_HTTP_OK;
            req->responded = true;
            ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
            MHD_destroy_response(resp);
            return ret;
        }
    return respond(conn, req, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
                   strdup("not found\n"), 10);
}

/* Content type of a static file by its extension. */
static const char *
static_type(const char *path)
{
    const char *dot = strrchr(path, '.');

    if (dot == NULL)
        return "application/octet-stream";
    if (strcmp(dot, ".html") == 0)
        return "text/html; charset=utf-8";
    if (strcmp(dot, ".js") == 0)
        return "application/javascript; charset=utf-8";
    if (strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (strcmp(dot, ".json") == 0)
        return "application/json";
    if (strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    if (strcmp(dot, ".png") == 0)
        return "image/png";
    if (strcmp(dot, ".ico") == 0)
        return "image/x-icon";
    return "application/octet-stream";
}

/* Serves a file of the static directory (no dot-segments, regular files only). */
static enum MHD_Result
serve_static(struct MHD_Connection *conn, HttpReq *req, const char *url)
{
    char        path[4096];
    struct stat st;
    struct MHD_Response *resp;
    enum MHD_Result ret;
    int         fd;

    if (cfg->static_dir == NULL || strstr(url, "..") != NULL || strstr(url, "//") != NULL)
        return respond(conn, req, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
                       strdup("not found\n"), 10);
    for (const char *p = url; *p; p++)
        if (!(isalnum((unsigned char) *p) || strchr("/._-", *p)))
            return respond(conn, req, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
                           strdup("not found\n"), 10);
    snprintf(path, sizeof(path), "%s%s%s", cfg->static_dir, url,
             strcmp(url, "/") == 0 ? "index.html" : "");
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    {
        if (fd >= 0)
            close(fd);
        return respond(conn, req, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
                       strdup("not found\n"), 10);
    }
    resp = MHD_create_response_from_fd((uint64_t) st.st_size, fd);
    if (resp == NULL)
    {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, static_type(path));
    req->status = MHD_HTTP_OK;
    req->responded = true;
    ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* The health check on a helper thread: asks the database, then resumes the request. */
static void
health_check(void *arg)
{
    HttpReq    *req = arg;
    bool        down = false;
    PoolConn   *pc = pool_acquire(2000, &down);
    bool        ok = false;
    char        body[160];

    if (pc != NULL)
    {
        PGresult   *r = PQexec(pc->conn, "SELECT 1");

        ok = PQresultStatus(r) == PGRES_TUPLES_OK;
        PQclear(r);
        pool_release(pc, !ok);
    }
    snprintf(body, sizeof(body), "{\"status\":\"%s\",\"database\":\"%s\",\"version\":\"%s\"}",
             ok ? "ok" : "unavailable", ok ? "up" : (down ? "down" : "busy"), cfg->version);
    req->res.body = strdup(body);
    req->res.body_len = req->res.body ? strlen(body) : 0;
    req->health_status = ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE;
    req->ready = true;
    loop_resume(req->conn);
}

/* GET /health: 200 when the database answers, else 503 (asked off the loop thread). */
static enum MHD_Result
health(struct MHD_Connection *conn, HttpReq *req)
{
    req->conn = conn;
    req->deferred = DEFER_HEALTH;
    MHD_suspend_connection(conn);
    if (!loop_offload(health_check, req))
    {
        MHD_resume_connection(conn);
        req->deferred = DEFER_NONE;
        /* the helpers are stopping (or out of memory) */
        return respond_error(conn, req, MHD_HTTP_SERVICE_UNAVAILABLE, "application/json",
                             "the server is stopping", "SERVICE_UNAVAILABLE");
    }
    return MHD_YES;
}

/* The response of a request that was suspended, once its result is ready. */
static enum MHD_Result
respond_deferred(struct MHD_Connection *conn, HttpReq *req)
{
    Deferred    d = req->deferred;

    req->deferred = DEFER_NONE;
    if (d == DEFER_GRAPHQL)
        return respond_result(conn, req, req->media, &req->res);
    /* DEFER_HEALTH: respond() takes the body */
    {
        char       *body = req->res.body;

        req->res.body = NULL;
        return respond(conn, req, req->health_status, "application/json", body,
                       req->res.body_len);
    }
}

/* ---- dispatch ------------------------------------------------------------ */

/* libmicrohttpd's access handler: collects the body, then routes. */
static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
       const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
    HttpReq    *req = *con_cls;
    bool        is_get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    bool        is_post = strcmp(method, "POST") == 0;

    (void) cls;
    (void) version;
    if (req == NULL)
    {
        const char *clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");

        req = calloc(1, sizeof(HttpReq));
        if (req == NULL)
            return MHD_NO;
        req->start = pool_now();
        *con_cls = req;
        /* a body a little too large is read and dropped, so the client sees
         * the 413 rather than a reset; a far too large one is refused at once */
        if (clen != NULL && strtoull(clen, NULL, 10) > cfg->max_body)
            req->too_large = true;
        if (clen != NULL && strtoull(clen, NULL, 10) / 16 > cfg->max_body)
            return respond_error(conn, req, MHD_HTTP_CONTENT_TOO_LARGE,
                                 "application/json; charset=utf-8",
                                 "the request body is too large", "PAYLOAD_TOO_LARGE");
        return MHD_YES;
    }
    if (req->deferred != DEFER_NONE)
        return req->ready ? respond_deferred(conn, req) : MHD_YES;
    if (*upload_size > 0)
    {
        if (!req->responded && !req->too_large)
        {
            if (req->len + *upload_size > cfg->max_body)
            {
                req->too_large = true;
                free(req->body);
                req->body = NULL;
            }
            else
            {
                if (req->len + *upload_size > req->cap)
                {
                    size_t      cap = req->cap ? req->cap : 4096;
                    char       *p;

                    while (cap < req->len + *upload_size)
                        cap *= 2;
                    p = realloc(req->body, cap);
                    if (p == NULL)
                        return MHD_NO;
                    req->body = p;
                    req->cap = cap;
                }
                memcpy(req->body + req->len, upload_data, *upload_size);
                req->len += *upload_size;
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (req->responded)
        return MHD_YES;
    if (req->too_large)
        return respond_error(conn, req, MHD_HTTP_CONTENT_TOO_LARGE,
                             "application/json; charset=utf-8",
                             "the request body is too large", "PAYLOAD_TOO_LARGE");

    if (strcmp(method, "OPTIONS") == 0)
    {
        struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *) "",
                                                                    MHD_RESPMEM_PERSISTENT);
        enum MHD_Result ret;

        if (resp == NULL)
            return MHD_NO;
        add_cors(conn, resp);
        MHD_add_response_header(resp, "Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                                "Content-Type, Authorization, Accept");
        MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, POST, OPTIONS");
        req->status = MHD_HTTP_NO_CONTENT;
        req->responded = true;
        ret = MHD_queue_response(conn, MHD_HTTP_NO_CONTENT, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    if (strcmp(url, "/graphql") == 0)
    {
        if (is_post)
            return graphql_post(conn, req);
        if (is_get)
        {
            const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept");

            if (accept != NULL && strstr(accept, "text/html") &&
                MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "query") == NULL)
                return respond(conn, req, MHD_HTTP_OK, "text/html; charset=utf-8",
                               strdup(graphiql_html), sizeof(graphiql_html) - 1);
            return graphql_get(conn, req);
        }
        return respond_error(conn, req, MHD_HTTP_METHOD_NOT_ALLOWED,
                             "application/json; charset=utf-8",
                             "use GET or POST", "METHOD_NOT_ALLOWED");
    }
    if (!is_get)
        return respond_error(conn, req, MHD_HTTP_METHOD_NOT_ALLOWED,
                             "application/json; charset=utf-8", "use GET", "METHOD_NOT_ALLOWED");
    if (strcmp(url, "/health") == 0)
        return health(conn, req);
    if (strcmp(url, "/metrics") == 0)
    {
        char       *text = metrics_text();

        return respond(conn, req, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8",
                       text, text ? strlen(text) : 0);
    }
    if (strncmp(url, "/graphiql/", 10) == 0)
        return serve_asset(conn, req, url + 10);
    return serve_static(conn, req, url);
}

/* Completion callback: metrics, then the request state is freed. */
static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
          enum MHD_RequestTerminationCode toe)
{
    HttpReq    *req = *con_cls;

    (void) cls;
    (void) conn;
    if (req == NULL)
        return;
    metrics_record(req->responded ? req->status : (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK
                                                   ? 200 : 499),
                   pool_now() - req->start);
    json_decref(req->keep);
    execute_result_free(&req->res);
    free(req->body);
    free(req);
    *con_cls = NULL;
}

/* ---- server: an acceptor and one event loop per thread ------------------ */

/*
 * Each worker is an event loop (loop.c) running a libmicrohttpd daemon of
 * its own, without a listening socket; one acceptor thread hands every new
 * connection to the loop with the fewest open connections, so keep-alive
 * connections spread evenly.  (Letting whichever thread wakes first accept
 * piled most connections onto one thread.)
 */
typedef struct Worker
{
    struct MHD_Daemon *daemon;
    Loop       *loop;
    atomic_int  conns;          /* handed over and not yet closed */
} Worker;

#define MAX_CONNECTIONS 2000
/* threads for blocking work: health checks, opening event streams */
#define HELPER_THREADS 4

static Worker *workers;
static int  nworkers;
static int  listen_fd = -1;
static pthread_t acceptor;
static bool acceptor_running;
static atomic_bool stopping;

/* Connection notifications: a closed connection frees a place on its daemon. */
static void
connection_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                  enum MHD_ConnectionNotificationCode code)
{
    Worker     *w = cls;

    (void) conn;
    (void) socket_context;
    if (code == MHD_CONNECTION_NOTIFY_CLOSED)
        atomic_fetch_sub(&w->conns, 1);
}

/* The daemon with the fewest connections, ties taken in turn; NULL when all are full. */
static Worker *
pick_worker(void)
{
    static int  next;
    Worker     *best = NULL;
    int         best_n = 0;
    int         total = 0;

    for (int i = 0; i < nworkers; i++)
    {
        Worker     *w = &workers[(next + i) % nworkers];
        int         n = atomic_load(&w->conns);

        total += n;
        if (best == NULL || n < best_n)
        {
            best = w;
            best_n = n;
        }
    }
    next = (int) (best - workers + 1) % nworkers;
    return total >= MAX_CONNECTIONS ? NULL : best;
}

/* Sleeps for ms milliseconds (after an accept error). */
static void
pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long) (ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* The acceptor thread: accepts connections and hands each to a daemon. */
static void *
accept_loop(void *arg)
{
    (void) arg;
    while (!atomic_load(&stopping))
    {
        struct sockaddr_storage ss;
        socklen_t   len = sizeof(ss);
        int         fd = accept4(listen_fd, (struct sockaddr *) &ss, &len,
                                 SOCK_CLOEXEC | SOCK_NONBLOCK);
        Worker     *w;

        if (fd < 0)
        {
            if (atomic_load(&stopping))
                break;
            if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN || errno == EPROTO)
                continue;
            fprintf(stderr, "interview-proxy: accept4: %s\n", strerror(errno));
            if (errno == EBADF || errno == EINVAL || errno == ENOTSOCK)
                break;
            pause_ms(100);      /* out of descriptors or memory: let some close */
            continue;
        }
        w = pick_worker();
        if (w == NULL)
        {
            if (close(fd) != 0)
                fprintf(stderr, "interview-proxy: close: %s\n", strerror(errno));
            continue;
        }
        /* counted before the daemon sees it, so a burst of connects spreads out */
        atomic_fetch_add(&w->conns, 1);
        if (!loop_add_connection(w->loop, fd, (struct sockaddr *) &ss, len, &w->conns))
        {
            atomic_fetch_sub(&w->conns, 1);
            fprintf(stderr, "interview-proxy: a new connection was dropped: out of memory\n");
        }
    }
    return NULL;
}

/* Binds and listens on the configured address. */
static bool
open_listener(char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    socklen_t   len;
    int         one = 1;

    memset(&ss, 0, sizeof(ss));
    if (strchr(cfg->host, ':') != NULL)
    {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *) &ss;

        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t) cfg->port);
        len = sizeof(*a6);
        if (inet_pton(AF_INET6, cfg->host, &a6->sin6_addr) != 1)
        {
            snprintf(err, errlen, "inet_pton(%s): not a numeric IPv6 address", cfg->host);
            return false;
        }
    }
    else
    {
        struct sockaddr_in *a4 = (struct sockaddr_in *) &ss;

        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t) cfg->port);
        len = sizeof(*a4);
        if (inet_pton(AF_INET, cfg->host, &a4->sin_addr) != 1)
        {
            snprintf(err, errlen, "inet_pton(%s): not a numeric IPv4 address", cfg->host);
            return false;
        }
    }
    listen_fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd < 0)
    {
        snprintf(err, errlen, "socket: %s", strerror(errno));
        return false;
    }
    if (setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        (ss.ss_family == AF_INET6 &&
         setsockopt(listen_fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) != 0))
    {
        snprintf(err, errlen, "setsockopt: %s", strerror(errno));
        return false;
    }
    if (bind(listen_fd, (struct sockaddr *) &ss, len) != 0)
    {
        snprintf(err, errlen, "bind(%s:%d): %s", cfg->host, cfg->port, strerror(errno));
        return false;
    }
    if (listen(listen_fd, SOMAXCONN) != 0)
    {
        snprintf(err, errlen, "listen(%s:%d): %s", cfg->host, cfg->port, strerror(errno));
        return false;
    }
    return true;
}

/* See http.h. */
bool
http_start(const HttpConfig *config, char *err, size_t errlen)
{
    int         rc;

    cfg = config;
    nworkers = cfg->threads > 0 ? cfg->threads : 1;
    workers = calloc((size_t) nworkers, sizeof(Worker));
    if (workers == NULL)
    {
        snprintf(err, errlen, "calloc: out of memory");
        return false;
    }
    if (!open_listener(err, errlen))
        return false;
    load_assets();
    if (!loop_offload_start(HELPER_THREADS, err, errlen))
        return false;
    for (int i = 0; i < nworkers; i++)
    {
        /* external polling: the loop thread runs the daemon */
        workers[i].daemon =
            MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_NO_LISTEN_SOCKET |
                             MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG,
                             0, NULL, NULL, handle, NULL,
                             MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                             MHD_OPTION_NOTIFY_CONNECTION, connection_notify, &workers[i],
                             MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) 60,
                             MHD_OPTION_CONNECTION_LIMIT, (unsigned int) MAX_CONNECTIONS,
                             MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) 32 * 1024,
                             MHD_OPTION_END);
        if (workers[i].daemon == NULL)
        {
            snprintf(err, errlen, "MHD_start_daemon (thread %d of %d) failed", i + 1, nworkers);
            return false;
        }
        workers[i].loop = loop_start(workers[i].daemon, cfg->pool_wait_ms, cfg->batch, err,
                                     errlen);
        if (workers[i].loop == NULL)
            return false;
    }
    if ((rc = pthread_create(&acceptor, NULL, accept_loop, NULL)) != 0)
    {
        snprintf(err, errlen, "pthread_create: %s", strerror(rc));
        return false;
    }
    acceptor_running = true;
    return true;
}

/* See http.h. */
int
http_port(void)
{
    struct sockaddr_storage ss;
    socklen_t   len = sizeof(ss);

    if (listen_fd < 0 || getsockname(listen_fd, (struct sockaddr *) &ss, &len) != 0)
        return -1;
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *) &ss)->sin6_port);
    return ntohs(((struct sockaddr_in *) &ss)->sin_port);
}

/* See http.h. */
void
http_stop(void)
{
    atomic_store(&stopping, true);
    /* wakes the acceptor out of accept4 (which then fails with EINVAL) */
    if (listen_fd >= 0 && shutdown(listen_fd, SHUT_RDWR) != 0)
        fprintf(stderr, "interview-proxy: shutdown: %s\n", strerror(errno));
    if (acceptor_running)
        pthread_join(acceptor, NULL);
    acceptor_running = false;
    if (listen_fd >= 0 && close(listen_fd) != 0)
        fprintf(stderr, "interview-proxy: close: %s\n", strerror(errno));
    listen_fd = -1;
    /* helpers first: what they finish resumes connections on the loops */
    loop_offload_stop();
    for (int i = 0; i < nworkers; i++)
        if (workers[i].loop != NULL)
        {
            loop_stop(workers[i].loop);
            workers[i].loop = NULL;
        }
    for (int i = 0; i < nworkers; i++)
        if (workers[i].daemon != NULL)
        {
            MHD_stop_daemon(workers[i].daemon);
            workers[i].daemon = NULL;
        }
}
