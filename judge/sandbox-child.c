/*
 * sandbox-child.c
 *    The children of one sandboxed run (sandbox.c starts them): pid 1,
 *    which enters the worker's network namespace and a private copy of the
 *    language's template root, mounts the run's /proc, /tmp and /box, starts
 *    the program and execs the embedded sandbox-init; and the program,
 *    which joins the cgroups, plumbs its fds, drops to the box uid, sets
 *    its rlimits, no_new_privs and seccomp, and execs.
 *
 *    Both share the judge's memory until their exec (CLONE_VM|CLONE_VFORK):
 *    only async-signal-safe calls (raw syscalls, no malloc, no stdio), every
 *    string prepared by the parent in ChildArgs, errors reported as a
 *    fixed-size message on the status pipe (sandbox_child_fail).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#ifndef OPEN_TREE_CLONE
#include <linux/mount.h>
#endif
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sandbox-child.h"
#include "seccomp.h"

/* Sends an error message from a child and exits (async-signal-safe). */
void
sandbox_child_fail(int fd, int stage, int item, int err)
{
	ChildMsg	m;

	memset(&m, 0, sizeof(m));
	m.kind = MSG_ERROR;
	m.stage = stage;
	m.item = item;
	m.err = err;
	while (write(fd, &m, sizeof(m)) < 0 && errno == EINTR)
		;
	_exit(126);
}

/* Closes every fd except those in keep[] (async-signal-safe). */
static int
CloseExcept(int *keep, int n)
{
	int			i,
				j,
				lo = 0;

	for (i = 1; i < n; i++)		/* insertion sort */
		for (j = i; j > 0 && keep[j - 1] > keep[j]; j--)
		{
			int			t = keep[j];

			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (i = 0; i < n; i++)
	{
		if (keep[i] < 0)
			continue;
		if (keep[i] > lo && syscall(SYS_close_range, lo, keep[i] - 1, 0) != 0)
			return -1;
		lo = keep[i] + 1;
	}
	return (int) syscall(SYS_close_range, lo, ~0U, 0);
}

/* Enters a private copy of the template root and mounts the run's /proc, /tmp and /box (child). */
static void
ChildEnterRoot(const ChildArgs *a)
{
	int			fd = a->status_fd;

	if (setns(a->mntns_fd, CLONE_NEWNS) != 0)
		sandbox_child_fail(fd, ST_SETNS_MNT, -1, errno);
	if (unshare(CLONE_NEWNS) != 0)
		sandbox_child_fail(fd, ST_UNSHARE_MNT, -1, errno);
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") != 0)
		sandbox_child_fail(fd, ST_PROC, -1, errno);
	if (mount("tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, a->tmp_opts) != 0)
		sandbox_child_fail(fd, ST_TMP, -1, errno);
	/* the box arrives as a detached mount cloned by the parent: host paths are not visible here */
	if (syscall(SYS_move_mount, a->box_fd, "", AT_FDCWD, "/box", MOVE_MOUNT_F_EMPTY_PATH) != 0)
		sandbox_child_fail(fd, ST_MOVE_MOUNT, -1, errno);
	if (mount(NULL, "/box", NULL, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV |
			  (a->spec->box_writable ? 0 : MS_RDONLY), NULL) != 0)
		sandbox_child_fail(fd, ST_REMOUNT, -1, errno);
	if (chdir("/") != 0)
		sandbox_child_fail(fd, ST_CHDIR_SLASH, -1, errno);
}

/* Sets one rlimit (soft and hard) or fails the child. */
static void
ChildLimit(int fd, int resource, unsigned long long soft, unsigned long long hard)
{
	struct rlimit rl;

	rl.rlim_cur = soft;
	rl.rlim_max = hard;
	if (setrlimit(resource, &rl) != 0)
		sandbox_child_fail(fd, ST_RLIMIT, resource, errno);
}

/* The program: join the cgroup, plumb fds, drop privileges, exec (child, async-signal-safe). */
static void
ChildProgram(const ChildArgs *a)
{
	const SandboxSpec *s = a->spec;
	const SandboxLimits *l = &s->lim;
	int			fd = a->status_fd;
	int			i,
				in,
				out,
				errf = -1,
				nullfd;
	struct sigaction sa;
	sigset_t	none;
	unsigned long long cpu_s = (unsigned long long) (l->cpu_ms + 999) / 1000 + 1;

	for (i = 0; i < a->cg->ndirs; i++)
		if (a->cg->procs_fd[i] >= 0 && write(a->cg->procs_fd[i], "0", 1) != 1)
			sandbox_child_fail(fd, ST_CGROUP, i, errno);
	/* its own cgroup is the root of what the program sees of cgroups */
	if (unshare(CLONE_NEWCGROUP) != 0)
		sandbox_child_fail(fd, ST_UNSHARE_CGROUP, -1, errno);
	/* move every fd we keep above 2 first, so the dup2()s cannot clobber one */
	if ((i = fcntl(fd, F_DUPFD_CLOEXEC, 10)) < 0)
		sandbox_child_fail(fd, ST_DUP2, -1, errno);
	fd = i;
	if ((in = s->stdin_fd) >= 0 && (in = fcntl(s->stdin_fd, F_DUPFD_CLOEXEC, 10)) < 0)
		sandbox_child_fail(fd, ST_DUP2, -1, errno);
	if ((out = fcntl(a->out_fd, F_DUPFD_CLOEXEC, 10)) < 0)
		sandbox_child_fail(fd, ST_DUP2, -1, errno);
	if (s->stderr_fd > 0 && (errf = fcntl(s->stderr_fd, F_DUPFD_CLOEXEC, 10)) < 0)
		sandbox_child_fail(fd, ST_DUP2, -1, errno);
	nullfd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (nullfd < 0)
		sandbox_child_fail(fd, ST_DEVNULL, -1, errno);
	if ((nullfd = fcntl(nullfd, F_DUPFD_CLOEXEC, 10)) < 0)
		sandbox_child_fail(fd, ST_DUP2, -1, errno);
	if (dup2(in >= 0 ? in : nullfd, 0) < 0 ||
		dup2(out, 1) < 0 ||
		dup2(errf >= 0 ? errf : s->merge_stderr ? out : nullfd, 2) < 0)
		sandbox_child_fail(fd, ST_DUP2, -1, errno);
	{
		int			keep[] = {0, 1, 2, fd};

		if (CloseExcept(keep, 4) != 0)
			sandbox_child_fail(fd, ST_CLOSE, -1, errno);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (i = 1; i < _NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			(void) sigaction(i, &sa, NULL);	/* EINVAL for the libc-reserved ones */
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) != 0)
		sandbox_child_fail(fd, ST_SIGNALS, -1, errno);
	if (chdir("/box") != 0)
		sandbox_child_fail(fd, ST_CHDIR_BOX, -1, errno);
	umask(022);
	ChildLimit(fd, RLIMIT_CPU, cpu_s, cpu_s + 1);
	ChildLimit(fd, RLIMIT_FSIZE, (unsigned long long) l->fsize_bytes, (unsigned long long) l->fsize_bytes);
	ChildLimit(fd, RLIMIT_NOFILE, (unsigned long long) l->nofile, (unsigned long long) l->nofile);
	ChildLimit(fd, RLIMIT_CORE, 0, 0);
	ChildLimit(fd, RLIMIT_STACK, (unsigned long long) l->stack_bytes, (unsigned long long) l->stack_bytes);
	ChildLimit(fd, RLIMIT_NPROC, (unsigned long long) l->pids, (unsigned long long) l->pids);
	ChildLimit(fd, RLIMIT_MSGQUEUE, 0, 0);
	if (!a->has_memcg && l->as_kb >= 0)
		ChildLimit(fd, RLIMIT_AS, (unsigned long long) l->as_kb * 1024, (unsigned long long) l->as_kb * 1024);
	/*
	 * Raw syscalls: libc's set*id() would try to change every thread of the
	 * judge it believes we still have (and may wait on its locks).
	 */
	if (syscall(SYS_setgroups, 0, NULL) != 0)
		sandbox_child_fail(fd, ST_SETGROUPS, -1, errno);
	if (syscall(SYS_setresgid, s->gid, s->gid, s->gid) != 0)
		sandbox_child_fail(fd, ST_SETGID, -1, errno);
	if (syscall(SYS_setresuid, s->uid, s->uid, s->uid) != 0)
		sandbox_child_fail(fd, ST_SETUID, -1, errno);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		sandbox_child_fail(fd, ST_NNP, -1, errno);
	i = seccomp_load_raw(&a->cfg->seccomp);
	if (i != 0)
		sandbox_child_fail(fd, ST_SECCOMP, -1, -i);
	execve(s->argv[0], (char *const *) s->argv, (char *const *) s->envp);
	sandbox_child_fail(fd, ST_EXECVE, -1, errno);
}

/* Monotonic clock in ns (async-signal-safe). */
long long
sandbox_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Clone entry of the program: never returns (execve or ChildFail). */
static int
ChildProgramMain(void *arg)
{
	ChildProgram(arg);
	return 127;
}

/* Formats v in decimal into buf (at least 24 bytes; async-signal-safe). */
static char *
FormatNumber(char *buf, long long v)
{
	char		tmp[24];
	int			n = 0,
				i = 0;

	if (v < 0)
		v = 0;
	do
		tmp[n++] = (char) ('0' + v % 10);
	while ((v /= 10) > 0);
	while (n > 0)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}

/*
 * Pid 1 of the PID namespace (child, sharing the judge's memory while the
 * judge thread waits in vfork): enter the namespaces and the root, start the
 * program the same way, then exec the embedded sandbox-init, which waits for
 * the program and reports its end.
 */
int
sandbox_child_init(void *arg)
{
	const ChildArgs *a = arg;
	int			fd = a->status_fd;
	int			keep[7 + CG_NCTL];
	int			n = 0,
				i;
	long		pid;
	struct sigaction sa;
	char		pidbuf[24],
				startbuf[24],
				fdbuf[24];
	char	   *argv[5];
	char	   *envp[1] = {NULL};

	/* die with the judge thread (the setting survives the exec below) */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
		sandbox_child_fail(fd, ST_PDEATHSIG, -1, errno);
	if (a->spec->netns_fd >= 0 && setns(a->spec->netns_fd, CLONE_NEWNET) != 0)
		sandbox_child_fail(fd, ST_SETNS, -1, errno);
	keep[n++] = fd;
	keep[n++] = a->out_fd;
	keep[n++] = a->spec->stdin_fd;
	keep[n++] = a->spec->stderr_fd > 0 ? a->spec->stderr_fd : -1;
	keep[n++] = a->box_fd;
	keep[n++] = a->mntns_fd;
	keep[n++] = a->cfg->init_fd;
	for (i = 0; i < a->cg->ndirs; i++)
		keep[n++] = a->cg->procs_fd[i];
	if (CloseExcept(keep, n) != 0)
		sandbox_child_fail(fd, ST_CLOSE, -1, errno);
	ChildEnterRoot(a);
	close(a->box_fd);
	close(a->mntns_fd);
	if (sethostname("box", 3) != 0)
		sandbox_child_fail(fd, ST_HOSTNAME, -1, errno);
	FormatNumber(startbuf, sandbox_now_ns());
	/* shares this memory until its execve; we wait meanwhile */
	pid = clone(ChildProgramMain, a->program_stack, CLONE_VM | CLONE_VFORK | SIGCHLD, (void *) a);
	if (pid < 0)
		sandbox_child_fail(fd, ST_CLONE, -1, errno);
	close(a->out_fd);
	if (a->spec->stdin_fd >= 0)
		close(a->spec->stdin_fd);
	for (i = 0; i < a->cg->ndirs; i++)
		close(a->cg->procs_fd[i]);
	/* sandbox-init must be able to wait: SIGCHLD not ignored */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	if (sigaction(SIGCHLD, &sa, NULL) != 0)
		sandbox_child_fail(fd, ST_SIGNALS, -1, errno);
	if (fcntl(fd, F_SETFD, 0) != 0)
		sandbox_child_fail(fd, ST_FCNTL, -1, errno);
	argv[0] = (char *) "interview-sandbox-init";
	argv[1] = FormatNumber(pidbuf, pid);
	argv[2] = startbuf;
	argv[3] = FormatNumber(fdbuf, fd);
	argv[4] = NULL;
	syscall(SYS_execveat, a->cfg->init_fd, "", argv, envp, AT_EMPTY_PATH);
	sandbox_child_fail(fd, ST_EXEC_INIT, -1, errno);
	return 127;
}
