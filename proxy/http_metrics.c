/*
 * http_metrics.c - the proxy's /metrics: requests by status and a latency
 * histogram (counted with atomics as requests complete), plus the
 * counters of the pool, execution, subscriptions and streams, in
 * Prometheus text.  It must not change what it reports on.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http_int.h"
#include "limits.h"
#include "pool.h"
#include "sse.h"
#include "subscribe.h"

static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                 0.25, 0.5, 1, 2.5, 5};
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))
static atomic_ullong by_status[600];
static atomic_ullong hist[NBUCKETS + 1];
static atomic_ullong hist_count;
static atomic_ullong hist_sum_us;

/* Records one finished request. */
void
http_metrics_record(unsigned status, double seconds)
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

/* See http_int.h. */
bool
http_metrics_allowed(struct MHD_Connection *conn)
{
    char        ip[LIMITS_IP_LEN];

    if (http_cfg->metrics_token != NULL)
    {
        const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
        const char *want = http_cfg->metrics_token;
        size_t      n = strlen(want);
        unsigned char diff = 0;

        if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0 || strlen(auth + 7) != n)
            return false;
        for (size_t i = 0; i < n; i++)
            diff |= (unsigned char) (auth[7 + i] ^ want[i]);
        return diff == 0;
    }
    http_client_ip(conn, ip);
    return limits_ip_is_loopback(ip);
}

/* The Prometheus text exposition (malloc'd). */
char *
http_metrics_text(void)
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
    EMIT("# HELP interview_proxy_cache_evictions_total Least recently used documents the cache "
         "dropped for new ones (at most --doc-cache documents).\n"
         "# TYPE interview_proxy_cache_evictions_total counter\n"
         "interview_proxy_cache_evictions_total %llu\n", es.cache_evictions);
    EMIT("# HELP interview_proxy_cache_bytes Memory of the cached documents (at most 64 MiB; "
         "a document above 256 KiB is not cached).\n"
         "# TYPE interview_proxy_cache_bytes gauge\ninterview_proxy_cache_bytes %llu\n", es.cache_bytes);
    EMIT("# HELP interview_proxy_connections_refused_total Connections closed at once: their "
         "address held --max-conns-per-ip.\n"
         "# TYPE interview_proxy_connections_refused_total counter\n"
         "interview_proxy_connections_refused_total %llu\n", limits_conn_refused());
    EMIT("# HELP interview_proxy_slow_requests_cut_total Connections cut because a request had "
         "not arrived in full within --request-deadline.\n"
         "# TYPE interview_proxy_slow_requests_cut_total counter\n"
         "interview_proxy_slow_requests_cut_total %llu\n", http_guard_cut_total());
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
