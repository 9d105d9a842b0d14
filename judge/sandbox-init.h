/*
 * sandbox-init.h
 *    What the sandbox's pid 1 and the judge tell each other: the fixed-size
 *    message on the status pipe and the stages a child can fail in.  Shared
 *    by sandbox.c (the judge side and the children it clones) and
 *    sandbox-init.c (the small freestanding program pid 1 becomes once the
 *    submission's program runs).
 *
 *    The message is smaller than PIPE_BUF, so every write is atomic.  Only
 *    plain types: sandbox-init.c is freestanding and includes no libc.
 */
#ifndef INTERVIEW_SANDBOX_INIT_H
#define INTERVIEW_SANDBOX_INIT_H

#define MSG_ERROR 1
#define MSG_STATUS 2
#define MSG_HELLO 3

/* Child -> parent message on the status pipe. */
typedef struct ChildMsg {
	int			kind;
	int			stage;			/* MSG_ERROR: index into stage_names (sandbox.c) */
	int			item;			/* mount plan index, or -1 */
	int			err;			/* errno */
	int			status;			/* MSG_STATUS: wait status of the program */
	long long	utime_us;
	long long	stime_us;
	long long	maxrss_kb;
	long long	wall_ns;
} ChildMsg;

/* Stages a child reports a failure in; names in sandbox.c. */
enum {
	ST_CLOSE, ST_PRIVATE, ST_ROOT_TMPFS, ST_MKDIR, ST_SYMLINK, ST_CREATE, ST_BIND,
	ST_REMOUNT, ST_PROC, ST_TMP, ST_CHDIR_ROOT, ST_PIVOT, ST_UMOUNT_OLD, ST_CHDIR_SLASH,
	ST_RO_ROOT, ST_HOSTNAME, ST_DUMPABLE, ST_CLONE, ST_CGROUP, ST_DUP2, ST_DEVNULL,
	ST_SIGNALS, ST_CHDIR_BOX, ST_RLIMIT, ST_SETGROUPS, ST_SETGID, ST_SETUID, ST_NNP,
	ST_SECCOMP, ST_EXECVE, ST_WAIT, ST_SETNS, ST_PDEATHSIG, ST_SETNS_MNT, ST_UNSHARE_MNT,
	ST_MOVE_MOUNT, ST_EXEC_INIT, ST_INIT_ARGS, ST_CLOCK, ST_FCNTL, ST_UNSHARE_CGROUP
};

#endif							/* INTERVIEW_SANDBOX_INIT_H */
