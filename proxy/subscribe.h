/*
 * subscribe.h - the registry of open GraphQL subscriptions and the
 * LISTEN connection that drives them.
 *
 * One dedicated libpq connection (SET ROLE interview_proxy, LISTEN
 * interview_event, never inside a transaction) receives the extension's
 * event notifications; each one is routed to the subscriptions it
 * concerns, whose selection set is then evaluated with the subscriber's
 * own token through the normal execution path (execute_request: the
 * session's authenticate(token), then the compiled statement), so
 * row-level security decides what anyone receives.  After a reconnect
 * every open subscription is checked again, since notifications sent
 * meanwhile are lost.
 *
 *   submissionJudged(id)  the submission once it is judged (at once if it
 *                         already is), then complete; complete without data
 *                         when the verdict is not the subscriber's to see
 *   interviewUpdated      the subscriber's latest interview, now and after
 *                         each start, submit, verdict and finish of theirs
 *
 * Threads: one listener thread, a few evaluation workers; subscribe_open()
 * runs on libmicrohttpd's threads.
 *
 * The registry must not evaluate a subscription with anyone's token but
 * its subscriber's.
 */
#ifndef SUBSCRIBE_H
#define SUBSCRIBE_H

#include <stdbool.h>
#include <stddef.h>

#include "execute.h"
#include "graphql/graphql.h"
#include "sse.h"

typedef struct SubscribeConfig
{
    const char *conninfo;       /* as for the pool ("" : PG* variables) */
    const GqlSchema *schema;    /* borrowed for the life of the process */
    int         max_total;      /* open subscriptions in all */
    int         max_per_user;   /* open subscriptions per account */
    int         workers;        /* evaluation threads */
    int         keepalive_ms;   /* keep-alive comment interval */
} SubscribeConfig;

typedef enum SubscribeResult
{
    SUBSCRIBE_OPENED,           /* registered; events will follow */
    SUBSCRIBE_REJECTED,         /* an error was sent as `next`, then `complete` */
    SUBSCRIBE_NOT_SUBSCRIPTION  /* not a (valid) subscription: run it as a request */
} SubscribeResult;

typedef struct SubscribeStats
{
    int         open;
    unsigned long long opened;
    unsigned long long rejected;
    unsigned long long notifications;
    unsigned long long evaluations;
    unsigned long long listen_connects;
    bool        listening;
} SubscribeStats;

/* Starts the listener and the workers; false with a message in err. cfg is copied. */
bool        subscribe_start(const SubscribeConfig *cfg, char *err, size_t errlen);
/* Stops the threads and ends every stream (before http_stop). */
void        subscribe_stop(void);
/* Opens a subscription on stream s for the request (see SubscribeResult). */
SubscribeResult subscribe_open(SseStream *s, const ExecRequest *req);
/* A copy of the counters. */
void        subscribe_stats(SubscribeStats *out);

#endif                          /* SUBSCRIBE_H */
