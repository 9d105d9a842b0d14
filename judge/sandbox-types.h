/*
 * sandbox-types.h
 *    The data a sandbox run is described by and reports: the configuration
 *    made once (SandboxConfig), one run's spec and limits (SandboxSpec,
 *    SandboxLimits) and its result (SandboxResult).  Types only, no
 *    functions: both the sandbox's interface (sandbox.h) and its children
 *    (sandbox-child.h) build on it, so neither depends on the other.
 */
#ifndef INTERVIEW_SANDBOX_TYPES_H
#define INTERVIEW_SANDBOX_TYPES_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/filter.h>

#include "cgroup.h"

#define SANDBOX_MAX_MOUNTS 64

typedef enum SandboxMountKind {
	SM_MKDIR,					/* empty directory */
	SM_SYMLINK,					/* symlink to src */
	SM_BIND_DIR,				/* read-only bind of host directory src */
	SM_BIND_FILE,				/* read-only bind of host file src */
	SM_BIND_DEV,				/* bind of host device node src */
	SM_PROC,					/* fresh proc for the new PID namespace */
	SM_TMP,						/* private tmpfs (size per run) */
	SM_BOX						/* the run's box directory */
} SandboxMountKind;

typedef struct SandboxMount {
	SandboxMountKind kind;
	char		src[PATH_MAX];
	char		dst[PATH_MAX];	/* absolute, under the new root mount point */
} SandboxMount;

typedef struct SandboxConfig {
	char		box_root[520];
	int			box_root_fd;
	char		newroot[528];	/* empty mount point for the template's tmpfs root */
	int			mntns_fd;		/* template mount namespace: the minimal root */
	int			init_fd;		/* sealed memfd holding sandbox-init (pid 1 while the program runs) */
	int			nmounts;
	SandboxMount mounts[SANDBOX_MAX_MOUNTS];
	struct sock_fprog seccomp;
	CgroupSetup cgroups;
} SandboxConfig;

typedef struct SandboxLimits {
	int			cpu_ms;
	int			wall_ms;
	long long	memory_kb;		/* cgroup limit */
	long long	as_kb;			/* RLIMIT_AS when there is no memory cgroup; <0 none */
	int			pids;
	int			nofile;
	long long	fsize_bytes;
	long long	stack_bytes;
	long long	output_bytes;	/* kill when stdout exceeds this */
	int			tmp_mb;			/* size of /tmp */
} SandboxLimits;

typedef int (*SandboxTick) (void *arg);

typedef struct SandboxSpec {
	const char *const *argv;	/* argv[0] a path inside the sandbox */
	const char *const *envp;
	const char *box_dir;		/* host path of the box */
	int			box_writable;
	int			stdin_fd;		/* -1: /dev/null */
	int			merge_stderr;	/* 1: stderr joins stdout; 0: /dev/null (unless stderr_fd) */
	int			stderr_fd;		/* > 0: stderr goes to this file (e.g. a memfd); else per merge_stderr */
	uid_t		uid;
	gid_t		gid;
	const char *cgroup_name;	/* the run's own groups */
	const char *cgroup_keep_name;	/* v1 pids/cpuacct groups kept across one worker's runs, or NULL */
	int			netns_fd;		/* empty network namespace to join, or -1 for a new one */
	int			mntns_fd;		/* template root to copy (sandbox_template_create), or <= 0: the base one */
	SandboxLimits lim;
	SandboxTick tick;			/* called every timer period (25 ms); non-zero aborts */
	void	   *tick_arg;
} SandboxSpec;

typedef struct SandboxResult {
	int			exited;			/* 1: exit_code valid */
	int			exit_code;
	int			signo;			/* terminating signal, 0 none */
	long long	cpu_ns;
	long long	wall_ns;
	long long	peak_kb;		/* -1 unknown */
	int			oom;			/* the memory cgroup reported an OOM kill */
	int			cpu_exceeded;
	int			wall_exceeded;
	int			output_exceeded;
	int			aborted;
	char	   *output;			/* stdout (and stderr when merged), malloc'd, NUL-terminated */
	size_t		output_len;
} SandboxResult;

#endif							/* INTERVIEW_SANDBOX_TYPES_H */
