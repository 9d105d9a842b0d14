/*
 * http.c - libmicrohttpd front end (see http.h): the server (an acceptor
 * and one event loop per thread) and the routing of each request to
 * GraphQL over HTTP (http_graphql.c), files (http_static.c), /health and
 * /metrics (http_metrics.c).
 *
 * Per-request state (HttpReq) lives in the request closure: created on the
 * first call of the access handler, freed in the completion callback, which
 * also records the metrics.  It must not build GraphQL answers itself.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "http_int.h"
#include "limits.h"
#include "loop.h"
#include "loop_offload.h"
#include "pool.h"

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
             ok ? "ok" : "unavailable", ok ? "up" : (down ? "down" : "busy"), http_cfg->version);
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
        return http_respond_error(conn, req, MHD_HTTP_SERVICE_UNAVAILABLE, "application/json",
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
        return http_respond_result(conn, req, req->media, &req->res);
    /* DEFER_HEALTH: http_respond() takes the body */
    {
        char       *body = req->res.body;

        req->res.body = NULL;
        return http_respond(conn, req, req->health_status, "application/json", body,
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
        if (clen != NULL && strtoull(clen, NULL, 10) > http_cfg->max_body)
            req->too_large = true;
        if (clen != NULL && strtoull(clen, NULL, 10) / 16 > http_cfg->max_body)
            return http_respond_error(conn, req, MHD_HTTP_CONTENT_TOO_LARGE,
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
            if (req->len + *upload_size > http_cfg->max_body)
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
    /* headers and body are in: no deadline until the answer is sent */
    http_guard_busy(conn, true);
    if (req->responded)
        return MHD_YES;
    if (req->too_large)
        return http_respond_error(conn, req, MHD_HTTP_CONTENT_TOO_LARGE,
                             "application/json; charset=utf-8",
                             "the request body is too large", "PAYLOAD_TOO_LARGE");

    if (strcmp(method, "OPTIONS") == 0)
    {
        struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *) "",
                                                                    MHD_RESPMEM_PERSISTENT);
        enum MHD_Result ret;

        if (resp == NULL)
            return MHD_NO;
        http_add_cors(conn, resp);
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
    /* /graphql/ too: the original project's path */
    if (strcmp(url, "/graphql") == 0 || strcmp(url, "/graphql/") == 0)
    {
        if (is_post)
            return http_graphql_post(conn, req);
        if (is_get)
        {
            const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept");

            if (accept != NULL && strstr(accept, "text/html") &&
                MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "query") == NULL)
                return http_serve_graphiql(conn, req);
            return http_graphql_get(conn, req);
        }
        return http_respond_error(conn, req, MHD_HTTP_METHOD_NOT_ALLOWED,
                             "application/json; charset=utf-8",
                             "use GET or POST", "METHOD_NOT_ALLOWED");
    }
    if (!is_get)
        return http_respond_error(conn, req, MHD_HTTP_METHOD_NOT_ALLOWED,
                             "application/json; charset=utf-8", "use GET", "METHOD_NOT_ALLOWED");
    if (strcmp(url, "/health") == 0)
        return health(conn, req);
    if (strcmp(url, "/metrics") == 0)
    {
        char       *text;

        if (!http_metrics_allowed(conn))
            return http_respond_error(conn, req, MHD_HTTP_FORBIDDEN, "application/json; charset=utf-8",
                                      "metrics are served to loopback clients, or with the metrics token",
                                      "FORBIDDEN");
        text = http_metrics_text();

        return http_respond(conn, req, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8",
                       text, text ? strlen(text) : 0);
    }
    if (strncmp(url, "/graphiql/", 10) == 0)
        return http_serve_asset(conn, req, url + 10);
    if (strcmp(url, "/favicon.ico") == 0)
        return http_serve_favicon(conn, req);
    return http_serve_static(conn, req, url);
}

/* Completion callback: metrics, then the request state is freed. */
static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
          enum MHD_RequestTerminationCode toe)
{
    HttpReq    *req = *con_cls;

    (void) cls;
    if (req == NULL)
        return;
    /* the connection waits for its next request: the deadline starts again */
    http_guard_busy(conn, false);
    http_metrics_record(req->responded ? req->status : (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK
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

    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        http_guard_open(conn, socket_context);
    if (code == MHD_CONNECTION_NOTIFY_CLOSED)
    {
        http_guard_close(socket_context);
        atomic_fetch_sub(&w->conns, 1);
    }
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
        char        ip[LIMITS_IP_LEN];

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
        /* one address may hold at most --max-conns-per-ip (limits.h) */
        limits_ip_text((struct sockaddr *) &ss, ip);
        if (!limits_conn_open(ip))
        {
            if (close(fd) != 0)
                fprintf(stderr, "interview-proxy: close: %s\n", strerror(errno));
            continue;
        }
        w = pick_worker();
        if (w == NULL)
        {
            limits_conn_close(ip);
            if (close(fd) != 0)
                fprintf(stderr, "interview-proxy: close: %s\n", strerror(errno));
            continue;
        }
        /* counted before the daemon sees it, so a burst of connects spreads out */
        atomic_fetch_add(&w->conns, 1);
        if (!loop_add_connection(w->loop, fd, (struct sockaddr *) &ss, len, &w->conns))
        {
            atomic_fetch_sub(&w->conns, 1);
            limits_conn_close(ip);
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
    if (strchr(http_cfg->host, ':') != NULL)
    {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *) &ss;

        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t) http_cfg->port);
        len = sizeof(*a6);
        if (inet_pton(AF_INET6, http_cfg->host, &a6->sin6_addr) != 1)
        {
            snprintf(err, errlen, "inet_pton(%s): not a numeric IPv6 address", http_cfg->host);
            return false;
        }
    }
    else
    {
        struct sockaddr_in *a4 = (struct sockaddr_in *) &ss;

        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t) http_cfg->port);
        len = sizeof(*a4);
        if (inet_pton(AF_INET, http_cfg->host, &a4->sin_addr) != 1)
        {
            snprintf(err, errlen, "inet_pton(%s): not a numeric IPv4 address", http_cfg->host);
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
        snprintf(err, errlen, "bind(%s:%d): %s", http_cfg->host, http_cfg->port, strerror(errno));
        return false;
    }
    if (listen(listen_fd, SOMAXCONN) != 0)
    {
        snprintf(err, errlen, "listen(%s:%d): %s", http_cfg->host, http_cfg->port, strerror(errno));
        return false;
    }
    return true;
}

/* See http.h. */
bool
http_start(const HttpConfig *config, char *err, size_t errlen)
{
    int         rc;

    http_cfg = config;
    nworkers = http_cfg->threads > 0 ? http_cfg->threads : 1;
    workers = calloc((size_t) nworkers, sizeof(Worker));
    if (workers == NULL)
    {
        snprintf(err, errlen, "calloc: out of memory");
        return false;
    }
    if (!open_listener(err, errlen))
        return false;
    http_load_assets();
    if (!http_guard_start(http_cfg->request_deadline_s, err, errlen))
        return false;
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
        workers[i].loop = loop_start(workers[i].daemon, http_cfg->pool_wait_ms, http_cfg->batch, err,
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
    http_guard_stop();
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
