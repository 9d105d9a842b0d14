/*
 * execute_state.c - what every part of execution reads or counts: the
 * schema (set once at start) and the counters behind /metrics.  The lowest
 * of the execution files: it calls none of them.
 *
 * It must not hold per-request state.
 */
#include <pthread.h>

#include "execute_int.h"

const GqlSchema *exec_schema;
ExecStats   exec_stats;
pthread_mutex_t exec_stats_lock = PTHREAD_MUTEX_INITIALIZER;

/* Adds to a counter. */
void
execute_count(unsigned long long *c, unsigned long long n)
{
    pthread_mutex_lock(&exec_stats_lock);
    *c += n;
    pthread_mutex_unlock(&exec_stats_lock);
}

