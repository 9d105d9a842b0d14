/*
 * sandbox.h
 *    Runs one command (a compile or a test run) in a sandbox: own mount,
 *    PID, network, IPC and UTS namespaces, a minimal read-only root with the
 *    box directory at /box and a private /tmp, an unprivileged uid/gid,
 *    an empty environment, no_new_privs, the seccomp deny-list, rlimits and a
 *    per-run memory cgroup (pids and CPU groups per run or per worker).
 *
 * A SandboxConfig is built once by sandbox_init() and is read-only after; it
 * is shared by all threads.  sandbox_run() may run concurrently in several
 * threads (each with its own box, uid and cgroup name).  The child side uses
 * only async-signal-safe calls.  Results' output buffers are malloc'd and
 * owned by the caller (sandbox_result_free).  Box directories: box.h.
 */
#ifndef INTERVIEW_SANDBOX_H
#define INTERVIEW_SANDBOX_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/filter.h>

#include "sandbox-types.h"


/*
 * Prepares box root, mount plan, seccomp filter and cgroups. binds: the host
 * paths every box gets read-only (NULL-terminated; NULL or empty: all of
 * /usr). 0 ok.
 */
int			sandbox_init(SandboxConfig *cfg, const char *box_root, char *const *binds,
						 char *err, size_t errlen);

/*
 * A template root with the base plan plus binds (host paths, read-only, at
 * the same place; a missing one is an error naming it): *fd gets its mount
 * namespace (never fd 0), for SandboxSpec.mntns_fd. 0 ok, -1 with err.
 */
int			sandbox_template_create(const SandboxConfig *cfg, char *const *binds, int *fd,
									char *err, size_t errlen);

/* Runs spec in a sandbox.  0: res filled; -1: infrastructure failure, err names the call. */
int			sandbox_run(const SandboxConfig *cfg, const SandboxSpec *spec, SandboxResult *res,
						char *err, size_t errlen);

/*
 * Makes an empty network namespace (only a loopback device that stays down)
 * and returns an fd for it, to be passed as SandboxSpec.netns_fd: joining it
 * is much cheaper than creating one per run.  Give each worker its own so
 * concurrent runs cannot meet (abstract unix sockets are per namespace).
 * -1 with err on failure.
 */
int			sandbox_netns_create(char *err, size_t errlen);

/* Frees res->output. */
void		sandbox_result_free(SandboxResult *res);


#endif							/* INTERVIEW_SANDBOX_H */
