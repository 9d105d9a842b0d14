/*
 * sandbox-child.h
 *    What sandbox.c (the runs), sandbox-child.c (the children of a run) and
 *    sandbox-setup.c (the template roots, the network namespaces and
 *    sandbox-init, made once) share about their children: the arguments a
 *    run's children get, how a child reports a failed call and how the
 *    parent words it.  Internal to the sandbox; not part of its interface
 *    (sandbox.h).
 */
#ifndef INTERVIEW_SANDBOX_CHILD_H
#define INTERVIEW_SANDBOX_CHILD_H

#include <stddef.h>

#include "sandbox-types.h"
#include "cgroup.h"
#include "sandbox-init.h"

/* Everything a child needs, prepared before clone. */
typedef struct ChildArgs {
	const SandboxConfig *cfg;
	const SandboxSpec *spec;
	const Cgroup *cg;
	int			status_fd;		/* write end */
	int			out_fd;			/* write end */
	char		tmp_opts[96];
	int			box_fd;			/* detached clone of the box (open_tree) */
	int			mntns_fd;		/* the template root to copy */
	int			has_memcg;
	char	   *program_stack;	/* top of the program's pre-exec stack */
} ChildArgs;

/* Sends a MSG_ERROR naming stage (and mount plan item) on fd and exits 126 (async-signal-safe). */
void		sandbox_child_fail(int fd, int stage, int item, int err) __attribute__((noreturn));

/* Formats a child's error message into err: "sandbox child: <call>(<item>): <error>". */
void		sandbox_child_error(const SandboxConfig *cfg, const ChildMsg *m, char *err, size_t errlen);

/* Clone entry of pid 1 of a run (arg: ChildArgs); never returns unless exec fails. */
int			sandbox_child_init(void *arg);

/* Monotonic clock in ns (async-signal-safe). */
long long	sandbox_now_ns(void);

#endif							/* INTERVIEW_SANDBOX_CHILD_H */
