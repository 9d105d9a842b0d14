/*
 * loop_offload.h - helper threads for blocking work (loop_offload.c).
 *
 * Threads: loop_offload() from any thread; start and stop from the main one.
 *
 * Helpers must not touch a loop's own state: they resume connections
 * through loop_resume().
 */
#ifndef LOOP_OFFLOAD_H
#define LOOP_OFFLOAD_H

#include <stdbool.h>
#include <stddef.h>

/* Starts n helper threads for blocking work; false with a message in err. */
bool        loop_offload_start(int n, char *err, size_t errlen);
/* Runs fn(arg) on a helper thread; false (fn does not run) when out of memory or stopping. */
bool        loop_offload(void (*fn) (void *arg), void *arg);
/* Lets the helpers finish every queued task, then joins them. */
void        loop_offload_stop(void);

#endif                          /* LOOP_OFFLOAD_H */
