/*
 * limits.c - per-client-address limits (see limits.h).
 *
 * The table is open addressing over LIMITS_SLOTS entries, probed at most
 * LIMITS_PROBE steps from the address's hash. A login bucket is one instant
 * (the generic cell rate algorithm): a login at time now passes while
 * allowed_at - now is at most (burst - 1) intervals, and moves allowed_at
 * one interval on.
 *
 * It must not grow: the table is fixed, and an address it cannot place is
 * refused rather than let in unlimited.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "limits.h"

#define LIMITS_SLOTS 16384
#define LIMITS_PROBE 64

typedef struct LimitEntry
{
    char        ip[LIMITS_IP_LEN];  /* "" when the entry is free */
    int         conns;
    double      allowed_at;     /* login bucket: full again from this instant */
} LimitEntry;

static LimitsConfig config = {256, 30, 2000};
static LimitEntry table[LIMITS_SLOTS];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long long refused;  /* under table_lock */

/* See limits.h. */
void
limits_configure(const LimitsConfig *cfg)
{
    config = *cfg;
}

/* See limits.h. */
const LimitsConfig *
limits_config(void)
{
    return &config;
}

/* Monotonic clock in seconds. */
static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

/* See limits.h. */
void
limits_ip_text(const struct sockaddr *sa, char *buf)
{
    const void *a = NULL;

    if (sa != NULL && sa->sa_family == AF_INET)
        a = &((const struct sockaddr_in *) sa)->sin_addr;
    else if (sa != NULL && sa->sa_family == AF_INET6)
        a = &((const struct sockaddr_in6 *) sa)->sin6_addr;
    if (a == NULL || inet_ntop(sa->sa_family, a, buf, LIMITS_IP_LEN) == NULL)
        snprintf(buf, LIMITS_IP_LEN, "?");
}

/* See limits.h. */
bool
limits_ip_is_loopback(const char *ip)
{
    return strncmp(ip, "127.", 4) == 0 || strcmp(ip, "::1") == 0 ||
        strncmp(ip, "::ffff:127.", 11) == 0;
}

/* FNV-1a of the address text. */
static uint32_t
hash_ip(const char *ip)
{
    uint32_t    h = 2166136261u;

    for (; *ip; ip++)
        h = (h ^ (unsigned char) *ip) * 16777619u;
    return h;
}

/* Whether an entry holds nothing worth keeping at time now. */
static bool
entry_idle(const LimitEntry *e, double now)
{
    return e->conns == 0 && e->allowed_at <= now;
}

/* The entry of ip, made when absent; NULL when the probe window is full (lock held). */
static LimitEntry *
entry_of(const char *ip, double now)
{
    uint32_t    h = hash_ip(ip);
    LimitEntry *spare = NULL;

    for (int i = 0; i < LIMITS_PROBE; i++)
    {
        LimitEntry *e = &table[(h + (uint32_t) i) % LIMITS_SLOTS];

        if (e->ip[0] != '\0' && strcmp(e->ip, ip) == 0)
            return e;
        if (spare == NULL && (e->ip[0] == '\0' || entry_idle(e, now)))
            spare = e;
    }
    if (spare != NULL)
    {
        memset(spare, 0, sizeof(*spare));
        snprintf(spare->ip, sizeof(spare->ip), "%s", ip);
    }
    return spare;
}

/* See limits.h. */
bool
limits_conn_open(const char *ip)
{
    LimitEntry *e;
    bool        ok;

    if (config.max_conns_per_ip <= 0)
        return true;
    pthread_mutex_lock(&table_lock);
    e = entry_of(ip, now_s());
    ok = e != NULL && e->conns < config.max_conns_per_ip;
    if (ok)
        e->conns++;
    else
        refused++;
    pthread_mutex_unlock(&table_lock);
    return ok;
}

/* See limits.h. */
unsigned long long
limits_conn_refused(void)
{
    unsigned long long n;

    pthread_mutex_lock(&table_lock);
    n = refused;
    pthread_mutex_unlock(&table_lock);
    return n;
}

/* See limits.h. */
void
limits_conn_close(const char *ip)
{
    uint32_t    h = hash_ip(ip);

    if (config.max_conns_per_ip <= 0)
        return;
    pthread_mutex_lock(&table_lock);
    for (int i = 0; i < LIMITS_PROBE; i++)
    {
        LimitEntry *e = &table[(h + (uint32_t) i) % LIMITS_SLOTS];

        if (e->ip[0] != '\0' && strcmp(e->ip, ip) == 0)
        {
            if (e->conns > 0)
                e->conns--;
            break;
        }
    }
    pthread_mutex_unlock(&table_lock);
}

/* See limits.h. */
bool
limits_login_take(const char *ip, int *retry_s)
{
    double      now = now_s();
    double      step = config.login_interval_ms / 1000.0;
    double      slack = step * (config.login_burst - 1);
    LimitEntry *e;
    bool        ok = false;

    *retry_s = 1;
    if (config.login_burst <= 0 || step <= 0)
        return true;
    pthread_mutex_lock(&table_lock);
    e = entry_of(ip, now);
    if (e != NULL)
    {
        double      at = e->allowed_at > now ? e->allowed_at : now;

        if (at - now <= slack)
        {
            e->allowed_at = at + step;
            ok = true;
        }
        else
            *retry_s = (int) (at - now - slack) + 1;
    }
    pthread_mutex_unlock(&table_lock);
    return ok;
}
