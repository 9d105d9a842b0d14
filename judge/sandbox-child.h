/*
 * sandbox-child.h
 *    What sandbox.c (the runs) and sandbox-setup.c (the template root, the
 *    network namespaces and sandbox-init, made once) share about their
 *    children: how a child reports a failed call and how the parent words
 *    it.  Internal to the sandbox; not part of its interface (sandbox.h).
 */
#ifndef INTERVIEW_SANDBOX_CHILD_H
#define INTERVIEW_SANDBOX_CHILD_H

#include <stddef.h>

#include "sandbox.h"
#include "sandbox-init.h"

/* Sends a MSG_ERROR naming stage (and mount plan item) on fd and exits 126 (async-signal-safe). */
void		sandbox_child_fail(int fd, int stage, int item, int err) __attribute__((noreturn));

/* Formats a child's error message into err: "sandbox child: <call>(<item>): <error>". */
void		sandbox_child_error(const SandboxConfig *cfg, const ChildMsg *m, char *err, size_t errlen);

#endif							/* INTERVIEW_SANDBOX_CHILD_H */
