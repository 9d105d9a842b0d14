/*
 * seccomp.h
 *    The sandbox's seccomp deny-list, compiled once in the parent with
 *    libseccomp into a raw BPF program that forked children load with
 *    prctl() alone (async-signal-safe).  The program is read-only after
 *    seccomp_build(); any thread may pass it to a child.
 */
#ifndef INTERVIEW_SECCOMP_H
#define INTERVIEW_SECCOMP_H

#include <stddef.h>
#include <linux/filter.h>

/* Builds the filter into *prog (filter array malloc'd, kept for the process lifetime). 0 ok. */
int			seccomp_build(struct sock_fprog *prog, char *err, size_t errlen);

/* In a child: loads prog (no_new_privs must already be set).  Returns 0 or -errno. */
int			seccomp_load_raw(const struct sock_fprog *prog);

#endif							/* INTERVIEW_SECCOMP_H */
