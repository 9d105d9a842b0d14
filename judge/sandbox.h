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
