/*
 * limits.h - per-client-address limits of interview-proxy: open connections
 * per IP address and a token bucket for login/register per IP address.
 *
 * One table shared by every thread (under one mutex): the acceptor counts
 * connections in, the loops count them out and take login tokens. The
 * table has a fixed size; an entry is reused once its address holds no
 * connection and its bucket is full again. When no entry is free the limit
 * refuses (fails closed). It may be called from any thread; it must not
 * know HTTP or GraphQL (callers pass the address as text).
 */
#ifndef LIMITS_H
#define LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#define LIMITS_IP_LEN 48        /* text of an IPv6 address and its NUL */

typedef struct LimitsConfig
{
    int         max_conns_per_ip;   /* 0: no limit */
    int         login_burst;        /* logins/registrations in a burst per IP (0: no limit) */
    int         login_interval_ms;  /* time that earns one more */
} LimitsConfig;

/* Sets the limits (before the server starts; read-only afterwards). */
void        limits_configure(const LimitsConfig *cfg);
/* The limits in force (borrowed). */
const LimitsConfig *limits_config(void);
/* The address of sa as text into buf (LIMITS_IP_LEN bytes); "?" when unknown. */
void        limits_ip_text(const struct sockaddr *sa, char *buf);
/* Whether ip (text of limits_ip_text) is a loopback address: 127.0.0.0/8, ::1 or 127.x mapped to IPv6. */
bool        limits_ip_is_loopback(const char *ip);
/* Counts a new connection from ip; false (nothing counted) when ip holds its maximum. */
bool        limits_conn_open(const char *ip);
/* Connections refused so far because their address held its maximum. */
unsigned long long limits_conn_refused(void);
/* Counts a closed connection of ip (one counted by limits_conn_open). */
void        limits_conn_close(const char *ip);
/* Takes a login token of ip; false when none is left (*retry_s: seconds until one is). */
bool        limits_login_take(const char *ip, int *retry_s);

#endif                          /* LIMITS_H */
