/*
 * main.c - interview-proxy: flags and environment, start-up checks
 * (schema mapping, database role), then the HTTP server until SIGINT or
 * SIGTERM.
 *
 * It must not serve requests itself, and it refuses to start when the
 * schema's mapping or the interview_proxy role does not check out.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compile.h"
#include "execute.h"
#include "graphql/graphql.h"
#include "http.h"
#include "limits.h"
#include "pool.h"
#include "sse.h"
#include "subscribe.h"

#ifndef PROXY_VERSION
#define PROXY_VERSION "1.0"
#endif
#ifndef PROXY_SHARE_DIR
#define PROXY_SHARE_DIR "."
#endif

/* Prints the usage text. */
static void
usage(FILE *out)
{
    fprintf(out,
            "Usage: interview-proxy [OPTION]...\n"
            "GraphQL server of the interview database: compiles each operation to SQL.\n\n"
            "  --listen ADDR:PORT       address to listen on (INTERVIEW_LISTEN; default 127.0.0.1:8080;\n"
            "                           port 0 picks a free one, printed on stderr)\n"
            "  --db CONNINFO            libpq connection string or URI (INTERVIEW_DB; default: PG* variables)\n"
            "  --pool N                 database connections (INTERVIEW_POOL; default 8)\n"
            "  --threads N              event loop threads serving HTTP (default: one per two CPUs)\n"
            "  --pool-wait MS           how long a request waits for a free database connection\n"
            "                           before it gets 503 (default 5000)\n"
            "  --batch N                queries waiting for a connection that may share one round\n"
            "                           trip and transaction (1 to 16, default 8; 1: each alone)\n"
            "  --max-body BYTES         largest request body (default 1048576; larger: 413)\n"
            "  --statement-timeout MS   per-statement timeout of a request (default 5000)\n"
            "  --cors-origin ORIGINS    comma-separated origins allowed by CORS, or * (INTERVIEW_CORS_ORIGIN)\n"
            "  --static DIR             serve a static candidate page at / from DIR\n"
            "  --graphiql DIR           GraphiQL's files (default %s/graphiql)\n"
            "  --schema FILE            the SDL with mapping directives (default %s/schema.graphql)\n"
            "  --insecure-cookie        plain HTTP for development: the session cookie without Secure\n"
            "                           (by default it is Secure: browsers send it over HTTPS only)\n"
            "  --pool-per-account N     pool connections one account's requests may hold at once;\n"
            "                           its others wait (default: half the pool, at least 1; 0: no cap)\n"
            "  --max-cost N             largest static cost of an operation: objects its lists may\n"
            "                           return (default %d; costlier: QUERY_TOO_COSTLY)\n"
            "  --doc-cache N            documents whose compiled SQL is cached; a new one evicts the\n"
            "                           least recently used (default 2048, at most 2048; 0: none)\n"
            "  --max-conns-per-ip N     open connections per client address (default 256; 0: no limit)\n"
            "  --request-deadline S     a request must arrive in full (headers and body) within S\n"
            "                           seconds of the connection's start or its previous answer\n"
            "                           (default 30; 0: no deadline)\n"
            "  --login-burst N          login/register operations per client address in a burst\n"
            "                           (default 30; 0: no limit; then RATE_LIMITED)\n"
            "  --login-interval MS      time that earns an address one more (default 2000)\n"
            "  --metrics-token TOKEN    /metrics answers only `Authorization: Bearer TOKEN`\n"
            "                           (INTERVIEW_METRICS_TOKEN; default: loopback clients only)\n"
            "  --compile DOCUMENT       print the SQL a GraphQL operation compiles to, and exit\n"
            "  --max-subscriptions N    open subscriptions in all (default 10000)\n"
            "  --max-subscriptions-per-user N  per account (default 20)\n"
            "  --sse-keepalive MS       keep-alive comment interval of event streams (default 15000)\n"
            "  --sse-max-queued BYTES   a client further behind is disconnected (default 262144)\n"
            "  --help                   this text\n"
            "  --version                the version\n\n"
            "The database role must be able to SET ROLE interview_proxy.\n",
            PROXY_SHARE_DIR, PROXY_SHARE_DIR, EXEC_DEFAULT_MAX_COST);
}

/* Parses a positive integer flag value or exits. */
static long
parse_number(const char *flag, const char *value, long min, long max)
{
    char       *end;
    long        v;

    errno = 0;
    v = strtol(value, &end, 10);
    if (errno != 0 || *end != '\0' || end == value || v < min || v > max)
    {
        fprintf(stderr, "interview-proxy: %s: expected a number from %ld to %ld, got \"%s\"\n",
                flag, min, max, value);
        exit(2);
    }
    return v;
}

/* Reads the flags, checks schema and database, serves until a signal. */
int
main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'},
        {"db", required_argument, NULL, 'd'},
        {"pool", required_argument, NULL, 'p'},
        {"threads", required_argument, NULL, 't'},
        {"pool-wait", required_argument, NULL, 'w'},
        {"batch", required_argument, NULL, 'B'},
        {"max-body", required_argument, NULL, 'b'},
        {"statement-timeout", required_argument, NULL, 'T'},
        {"cors-origin", required_argument, NULL, 'c'},
        {"static", required_argument, NULL, 's'},
        {"graphiql", required_argument, NULL, 'g'},
        {"schema", required_argument, NULL, 'S'},
        {"cookie-secure", no_argument, NULL, 'C'},
        {"insecure-cookie", no_argument, NULL, 'I'},
        {"max-cost", required_argument, NULL, 'o'},
        {"doc-cache", required_argument, NULL, 'W'},
        {"pool-per-account", required_argument, NULL, 'A'},
        {"max-conns-per-ip", required_argument, NULL, 'P'},
        {"request-deadline", required_argument, NULL, 'D'},
        {"login-burst", required_argument, NULL, 'L'},
        {"login-interval", required_argument, NULL, 'N'},
        {"metrics-token", required_argument, NULL, 'm'},
        {"compile", required_argument, NULL, 'X'},
        {"max-subscriptions", required_argument, NULL, 'M'},
        {"max-subscriptions-per-user", required_argument, NULL, 'U'},
        {"sse-keepalive", required_argument, NULL, 'K'},
        {"sse-max-queued", required_argument, NULL, 'Q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}
    };
    const char *listen = getenv("INTERVIEW_LISTEN");
    const char *db = getenv("INTERVIEW_DB");
    const char *pool_env = getenv("INTERVIEW_POOL");
    char        graphiql_default[4096];
    char        schema_default[4096];
    const char *schema_path = schema_default;
    const char *compile_only = NULL;
    HttpConfig  http = {0};
    LimitsConfig limits = *limits_config();
    int         per_account = -1;
    SubscribeConfig subs = {0};
    int         pool_size = pool_env ? (int) parse_number("INTERVIEW_POOL", pool_env, 1, 1000) : 8;
    int         timeout_ms = 5000;
    int         pool_wait_ms = 5000;
    char        host[256];
    char        err[1024];
    const char *colon;
    GqlSchema  *schema;
    sigset_t    sigs;
    int         sig;
    int         c;

    snprintf(graphiql_default, sizeof(graphiql_default), "%s/graphiql", PROXY_SHARE_DIR);
    snprintf(schema_default, sizeof(schema_default), "%s/schema.graphql", PROXY_SHARE_DIR);
    http.max_body = 1024 * 1024;
    http.batch = 8;
    http.cors_origins = getenv("INTERVIEW_CORS_ORIGIN");
    http.graphiql_dir = graphiql_default;
    http.version = PROXY_VERSION;
    http.cookie_secure = true;
    http.request_deadline_s = 30;
    http.metrics_token = getenv("INTERVIEW_METRICS_TOKEN");
    if (http.metrics_token != NULL && http.metrics_token[0] == '\0')
        http.metrics_token = NULL;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
    {
        switch (c)
        {
            case 'l': listen = optarg; break;
            case 'd': db = optarg; break;
            case 'p': pool_size = (int) parse_number("--pool", optarg, 1, 1000); break;
            case 't': http.threads = (int) parse_number("--threads", optarg, 1, 1024); break;
            case 'w': pool_wait_ms = (int) parse_number("--pool-wait", optarg, 1, 600000); break;
            case 'B': http.batch = (int) parse_number("--batch", optarg, 1, EXEC_BATCH_MAX); break;
            case 'b': http.max_body = (size_t) parse_number("--max-body", optarg, 1024, 1L << 30); break;
            case 'T': timeout_ms = (int) parse_number("--statement-timeout", optarg, 0, 3600000); break;
            case 'c': http.cors_origins = optarg; break;
            case 's': http.static_dir = optarg; break;
            case 'g': http.graphiql_dir = optarg; break;
            case 'S': schema_path = optarg; break;
            case 'C': http.cookie_secure = true; break;     /* the default; kept for old scripts */
            case 'I': http.cookie_secure = false; break;
            case 'A': per_account = (int) parse_number("--pool-per-account", optarg, 0, 1000); break;
            case 'o': execute_set_max_cost(parse_number("--max-cost", optarg, 1, 1000000000L)); break;
            case 'W': execute_cache_configure((unsigned) parse_number("--doc-cache", optarg, 0, POOL_MAX_PREPARED), 0); break;
            case 'P': limits.max_conns_per_ip = (int) parse_number("--max-conns-per-ip", optarg, 0, 1000000); break;
            case 'D': http.request_deadline_s = (int) parse_number("--request-deadline", optarg, 0, 86400); break;
            case 'L': limits.login_burst = (int) parse_number("--login-burst", optarg, 0, 1000000); break;
            case 'N': limits.login_interval_ms = (int) parse_number("--login-interval", optarg, 1, 86400000); break;
            case 'm': http.metrics_token = optarg; break;
            case 'X': compile_only = optarg; break;
            case 'M': subs.max_total = (int) parse_number("--max-subscriptions", optarg, 1, 1000000); break;
            case 'U': subs.max_per_user = (int) parse_number("--max-subscriptions-per-user", optarg, 1, 1000000); break;
            case 'K': subs.keepalive_ms = (int) parse_number("--sse-keepalive", optarg, 10, 3600000); break;
            case 'Q': sse_configure((size_t) parse_number("--sse-max-queued", optarg, 1024, 1L << 30)); break;
            case 'h': usage(stdout); return 0;
            case 'V': printf("interview-proxy %s\n", PROXY_VERSION); return 0;
            default: usage(stderr); return 2;
        }
    }
    limits_configure(&limits);
    pool_set_account_cap(per_account >= 0 ? per_account : (pool_size / 2 > 0 ? pool_size / 2 : 1));
    if (optind < argc)
    {
        fprintf(stderr, "interview-proxy: unexpected argument \"%s\"\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    if (listen == NULL || listen[0] == '\0')
        listen = "127.0.0.1:8080";
    colon = strrchr(listen, ':');
    if (colon == NULL || (size_t) (colon - listen) >= sizeof(host) || colon == listen)
    {
        fprintf(stderr, "interview-proxy: --listen: expected ADDRESS:PORT, got \"%s\"\n", listen);
        return 2;
    }
    memcpy(host, listen, (size_t) (colon - listen));
    host[colon - listen] = '\0';
    if (host[0] == '[' && host[strlen(host) - 1] == ']')
    {
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = '\0';
    }
    http.host = host;
    http.port = (int) parse_number("--listen port", colon + 1, 0, 65535);
    /*
     * No request holds its loop while it waits for the database, and a loop
     * spends about a third of what PostgreSQL spends per request: a loop per
     * two CPUs leaves the rest to a database on the same machine (README).
     */
    if (http.threads == 0)
    {
        long        cpus = sysconf(_SC_NPROCESSORS_ONLN) / 2;

        http.threads = cpus < 1 ? 1 : (cpus > 64 ? 64 : (int) cpus);
    }
    http.pool_wait_ms = pool_wait_ms;

    schema = gql_schema_load_file(schema_path, err, sizeof(err));
    if (schema == NULL)
    {
        fprintf(stderr, "interview-proxy: schema %s: %s\n", schema_path, err);
        return 1;
    }
    if (!compile_check_schema(schema, err, sizeof(err)))
    {
        fprintf(stderr, "interview-proxy: schema %s: mapping: %s\n", schema_path, err);
        return 1;
    }
    if (compile_only != NULL)
    {
        char       *text;

        execute_init(schema, 0);
        text = execute_compile_text(compile_only, NULL, err, sizeof(err));
        if (text == NULL)
        {
            fprintf(stderr, "interview-proxy: --compile: %s\n", err);
            return 1;
        }
        fputs(text, stdout);
        free(text);
        gql_schema_free(schema);
        return 0;
    }
    if (!pool_init(db ? db : "", pool_size, timeout_ms, err, sizeof(err)))
    {
        fprintf(stderr, "interview-proxy: database: %s\n", err);
        return 1;
    }
    execute_init(schema, pool_wait_ms);
    subs.conninfo = db ? db : "";
    subs.schema = schema;
    subs.workers = pool_size / 2 > 4 ? 4 : (pool_size / 2 < 1 ? 1 : pool_size / 2);

    /* signals are taken by sigwait below; the server threads inherit the mask */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &sigs, NULL) != 0)
    {
        fprintf(stderr, "interview-proxy: pthread_sigmask failed\n");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    if (!subscribe_start(&subs, err, sizeof(err)))
    {
        fprintf(stderr, "interview-proxy: subscriptions: %s\n", err);
        return 1;
    }
    if (!http_start(&http, err, sizeof(err)))
    {
        fprintf(stderr, "interview-proxy: %s\n", err);
        return 1;
    }
    fprintf(stderr, "interview-proxy %s: listening on http://%s:%d/graphql (pool %d, threads %d)\n",
            PROXY_VERSION, strchr(host, ':') ? listen : host, http_port(), pool_size, http.threads);
    if (sigwait(&sigs, &sig) != 0)
        fprintf(stderr, "interview-proxy: sigwait failed\n");
    fprintf(stderr, "interview-proxy: signal %d, stopping\n", sig);
    subscribe_stop();
    http_stop();
    pool_shutdown();
    gql_schema_free(schema);
    return 0;
}
