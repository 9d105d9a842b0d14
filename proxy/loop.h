/*
 * loop.h - the event loops of interview-proxy.
 *
 * Each loop is one thread with one epoll set holding: the epoll set of its
 * libmicrohttpd daemon (run with external polling), an eventfd for work
 * sent from other threads, and the sockets of the pool slots its requests
 * use.  A GraphQL request that needs the database suspends its HTTP
 * connection and becomes a job; the loop takes a slot (or waits for one
 * without blocking), sends the job's pipeline, reads the results when the
 * socket is readable, and resumes the connection.  So a loop never sleeps
 * while any of its requests has work, and one wake-up serves every socket
 * that became ready meanwhile.  A query that gets a slot takes other
 * queries queued in its loop along, in one pipeline and one transaction
 * (a batch, see execute.h), up to the loop's batch size.
 *
 * Work that must block (the health check, opening an event stream) runs
 * on a few helper threads (loop_offload.h), which resume the connection
 * through its loop when they are done.
 *
 * Threads: loop_execute() only on a loop's own thread (from a request
 * handler); loop_add_connection(), loop_resume() and loop_offload() from
 * any thread.
 *
 * A loop must never block: what waits goes to a helper thread.
 */
#ifndef LOOP_H
#define LOOP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <microhttpd.h>

#include "execute.h"

typedef struct Loop Loop;

/* Called on the loop's thread when a job is done; the callee takes res's contents. */
typedef void (*LoopDoneFn) (void *arg, ExecResult *res);

/*
 * Starts a loop thread for a daemon started with MHD_USE_EPOLL and without
 * an internal thread.  pool_wait_ms bounds a job's wait for a slot (then
 * 503); batch is the most queries that may share a round trip and a
 * transaction (1: none; see execute.h).  NULL with a message in err.
 */
Loop       *loop_start(struct MHD_Daemon *daemon, int pool_wait_ms, int batch, char *err,
                       size_t errlen);
/*
 * Hands an accepted socket to the loop's daemon; false (socket closed) when
 * that fails.  *count (may be NULL) is decremented if the daemon refuses it.
 */
bool        loop_add_connection(Loop *loop, int fd, const struct sockaddr *addr, socklen_t len,
                                atomic_int *count);
/*
 * Stops the loop thread.  Requests still waiting get a 503 "the server is
 * stopping", sent by a few last turns of the daemon, and no connection is
 * left suspended, so the caller can run MHD_stop_daemon next.
 */
void        loop_stop(Loop *loop);
/*
 * Runs a job for the request being handled on this loop's thread: the
 * handler has suspended its connection; done(arg, res) runs on this thread
 * once the result is final.
 */
void        loop_execute(ExecJob *job, LoopDoneFn done, void *arg);
/* Resumes a suspended connection on its loop's thread. */
void        loop_resume(struct MHD_Connection *conn);

#endif                          /* LOOP_H */
