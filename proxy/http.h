/*
 * http.h - the HTTP side of interview-proxy (libmicrohttpd daemons, one per
 * event loop thread (loop.h), fed by one acceptor that balances the
 * connections):
 * GraphQL over HTTP at /graphql (POST JSON, GET for queries), GraphiQL for
 * browsers, /health, /metrics (Prometheus text), CORS, the session cookie,
 * and an optional static candidate page at /.
 *
 * The HTTP side holds no business rules and must not touch the database
 * except through execute.h and the health check.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct HttpConfig
{
    const char *host;           /* numeric IPv4 or IPv6 address to bind */
    int         port;           /* 0: any free port (see http_port) */
    int         threads;        /* event loop threads, one libmicrohttpd daemon each */
    int         pool_wait_ms;   /* how long a request waits for a database connection */
    int         batch;          /* queries that may share a round trip (loop_start) */
    size_t      max_body;       /* larger request bodies get 413 */
    const char *cors_origins;   /* comma-separated origins, "*", or NULL: no CORS */
    const char *static_dir;     /* files served at / (NULL: none) */
    const char *graphiql_dir;   /* graphiql.min.js, react*.js ... (NULL: no GraphiQL assets) */
    const char *version;
    bool        cookie_secure;  /* add Secure to the session cookie (default; --insecure-cookie) */
    int         request_deadline_s; /* a request must arrive in full within this (0: no limit) */
    const char *metrics_token;  /* /metrics needs `Authorization: Bearer` it; NULL: loopback only */
} HttpConfig;

/* Starts the server; false with a message in err. cfg must outlive the server. */
bool        http_start(const HttpConfig *cfg, char *err, size_t errlen);
/* The port actually bound. */
int         http_port(void);
/* Stops the server (waits for running requests). */
void        http_stop(void);

#endif                          /* HTTP_H */
