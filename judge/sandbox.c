/*
 * sandbox.c
 *    One sandboxed command: the parent side (pipes, cgroup, timer, output
 *    limit, verdict facts) and the child side (namespaces, minimal root,
 *    privileges, rlimits, seccomp, exec).
 *
 *    The minimal root (read-only binds of /usr, /lib*, a few /etc files,
 *    /dev/null and friends, everything else absent) is built once by
 *    sandbox_init() in a template mount namespace (sandbox-setup.c).
 *
 *    Process layout of a run:
 *      judge thread --clone(VM|VFORK|NEWPID|NEWIPC|NEWUTS)--> pid 1 (root,
 *      sharing the judge's memory while the judge thread waits: joins the
 *      worker's empty network namespace, enters a private copy of the
 *      template, mounts its own /proc, /tmp and the box at /box)
 *      --clone(VM|VFORK)--> program (pid 2: joins the cgroup and makes it
 *      the root of its own cgroup namespace, drops to the box uid, execs).  Once the program has exec'd, pid 1 execs the
 *      embedded sandbox-init (sandbox-init.c) from a sealed memfd and the
 *      judge thread goes on.  No process of a run copies the judge's
 *      address space, so the cost of a run does not grow with the judge's
 *      memory (test data of the submission, worker threads, libpq).
 *      sandbox-init waits for the program, reports its wait status and
 *      exits; the kernel then kills everything left in the PID namespace.
 *      The parent kills pid 1 on a limit; pid 1 dies with the judge thread
 *      (PR_SET_PDEATHSIG).  The parent then kills the cgroup's processes and
 *      waits for it to empty.
 *
 *    Children before their exec share the judge's memory (and this
 *    thread's TLS, errno included) while this thread is suspended: they use
 *    only async-signal-safe calls (raw syscalls, no malloc, no stdio), every
 *    string and option is prepared before clone, they run with every signal
 *    blocked until the program resets its handlers, and their stacks are
 *    this thread's own (ChildStacks).  Errors in a child travel to the
 *    parent as a fixed-size message on the status pipe naming the call.
 *
 *    Host-side box handling lives in box.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#ifndef OPEN_TREE_CLONE
#include <linux/mount.h>
#endif
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "box.h"
#include "sandbox.h"
#include "sandbox-child.h"
#include "seccomp.h"

#define TIMER_PERIOD_NS (25 * 1000000LL)
#define CHILD_STACK_BYTES (256 * 1024)
#define STACK_GUARD_BYTES 4096

static const char *const stage_names[] = {
	"close_range", "mount(/, MS_PRIVATE)", "mount(tmpfs, new root)", "mkdir", "symlink",
	"open(O_CREAT)", "mount(MS_BIND)", "mount_setattr(read-only)", "mount(proc)",
	"mount(tmpfs, /tmp)", "chdir(new root)", "pivot_root", "umount2(old root)", "chdir(/)",
	"mount(/, MS_RDONLY)", "sethostname", "prctl(PR_SET_DUMPABLE)", "clone(program)",
	"write(cgroup.procs)", "dup2", "open(/dev/null)", "sigaction", "chdir(/box)",
	"setrlimit", "setgroups", "setresgid", "setresuid", "prctl(PR_SET_NO_NEW_PRIVS)",
	"prctl(PR_SET_SECCOMP)", "execve", "wait4", "setns(CLONE_NEWNET)",
	"prctl(PR_SET_PDEATHSIG)", "setns(CLONE_NEWNS)", "unshare(CLONE_NEWNS)",
	"move_mount(box, /box)", "execveat(sandbox init)", "sandbox init arguments",
	"clock_gettime", "fcntl(status pipe, F_SETFD)", "unshare(CLONE_NEWCGROUP)",
};
_Static_assert(sizeof(stage_names) / sizeof(stage_names[0]) == ST_UNSHARE_CGROUP + 1,
			   "one name per stage of sandbox-init.h");

/* Everything a child needs, prepared before clone. */
typedef struct ChildArgs {
	const SandboxConfig *cfg;
	const SandboxSpec *spec;
	const Cgroup *cg;
	int			status_fd;		/* write end */
	int			out_fd;			/* write end */
	char		tmp_opts[96];
	int			box_fd;			/* detached clone of the box (open_tree) */
	int			has_memcg;
	char	   *program_stack;	/* top of the program's pre-exec stack */
} ChildArgs;

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

	if (setns(a->cfg->mntns_fd, CLONE_NEWNS) != 0)
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

/* Monotonic clock in ns. */
static long long
NowNs(void)
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
static int
ChildInit(void *arg)
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
	keep[n++] = a->cfg->mntns_fd;
	keep[n++] = a->cfg->init_fd;
	for (i = 0; i < a->cg->ndirs; i++)
		keep[n++] = a->cg->procs_fd[i];
	if (CloseExcept(keep, n) != 0)
		sandbox_child_fail(fd, ST_CLOSE, -1, errno);
	ChildEnterRoot(a);
	close(a->box_fd);
	close(a->cfg->mntns_fd);
	if (sethostname("box", 3) != 0)
		sandbox_child_fail(fd, ST_HOSTNAME, -1, errno);
	FormatNumber(startbuf, NowNs());
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

/* Appends what is readable on fd to res->output (up to the limit); returns 0, or 1 at EOF. */
static int
ReadOutput(int fd, SandboxResult *res, size_t *cap, long long limit, int *exceeded, char *err, size_t errlen)
{
	for (;;)
	{
		ssize_t		n;

		if (res->output_len + 65536 + 1 > *cap && (long long) *cap <= limit + 1)
		{
			size_t		ncap = *cap * 2;
			char	   *p;

			if ((long long) ncap > limit + 65536 + 1)
				ncap = (size_t) limit + 65536 + 1;
			p = realloc(res->output, ncap);
			if (p == NULL)
			{
				snprintf(err, errlen, "realloc(output, %zu): out of memory", ncap);
				return -1;
			}
			res->output = p;
			*cap = ncap;
		}
		if (*cap - res->output_len - 1 == 0)
		{
			*exceeded = 1;
			return 0;
		}
		n = read(fd, res->output + res->output_len, *cap - res->output_len - 1);
		if (n == 0)
			return 1;
		if (n < 0)
		{
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			snprintf(err, errlen, "read(output pipe): %s", strerror(errno));
			return -1;
		}
		res->output_len += (size_t) n;
		res->output[res->output_len] = '\0';
		if ((long long) res->output_len > limit)
		{
			*exceeded = 1;
			return 0;
		}
	}
}

/* Formats a child's error message into err. */
void
sandbox_child_error(const SandboxConfig *cfg, const ChildMsg *m, char *err, size_t errlen)
{
	const char *stage = m->stage >= 0 && m->stage < (int) (sizeof(stage_names) / sizeof(stage_names[0])) ?
		stage_names[m->stage] : "?";

	if (m->item >= 0 && m->item < cfg->nmounts && m->stage != ST_RLIMIT && m->stage != ST_CGROUP)
		snprintf(err, errlen, "sandbox child: %s(%s): %s", stage, cfg->mounts[m->item].dst, strerror(m->err));
	else if (m->item >= 0)
		snprintf(err, errlen, "sandbox child: %s(%d): %s", stage, m->item, strerror(m->err));
	else
		snprintf(err, errlen, "sandbox child: %s: %s", stage, strerror(m->err));
}

static pthread_once_t stacks_once = PTHREAD_ONCE_INIT;
static pthread_key_t stacks_key;
static int	stacks_key_error;

#define CHILD_STACKS_BYTES (2 * (STACK_GUARD_BYTES + CHILD_STACK_BYTES))

/* Thread-exit destructor of a thread's child stacks. */
static void
ChildStacksFree(void *p)
{
	munmap(p, CHILD_STACKS_BYTES);
}

/* Creates the key that holds each thread's child stacks (once). */
static void
ChildStacksKey(void)
{
	stacks_key_error = pthread_key_create(&stacks_key, ChildStacksFree);
}

/*
 * This thread's two child stacks (pid 1's, then the program's, each above a
 * guard page), made on first use and unmapped when the thread ends: they
 * are free again whenever clone() returns (CLONE_VFORK).  NULL with err.
 */
static char *
ChildStacks(char *err, size_t errlen)
{
	char	   *p;
	int			e;

	if ((e = pthread_once(&stacks_once, ChildStacksKey)) != 0 || (e = stacks_key_error) != 0)
	{
		snprintf(err, errlen, "pthread_key_create(child stacks): %s", strerror(e));
		return NULL;
	}
	p = pthread_getspecific(stacks_key);
	if (p != NULL)
		return p;
	p = mmap(NULL, CHILD_STACKS_BYTES, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (p == MAP_FAILED)
	{
		snprintf(err, errlen, "mmap(child stacks, %d): %s", CHILD_STACKS_BYTES, strerror(errno));
		return NULL;
	}
	if (mprotect(p, STACK_GUARD_BYTES, PROT_NONE) != 0 ||
		mprotect(p + STACK_GUARD_BYTES + CHILD_STACK_BYTES, STACK_GUARD_BYTES, PROT_NONE) != 0)
	{
		snprintf(err, errlen, "mprotect(child stack guard): %s", strerror(errno));
		munmap(p, CHILD_STACKS_BYTES);
		return NULL;
	}
	if ((e = pthread_setspecific(stacks_key, p)) != 0)
	{
		snprintf(err, errlen, "pthread_setspecific(child stacks): %s", strerror(e));
		munmap(p, CHILD_STACKS_BYTES);
		return NULL;
	}
	return p;
}

int
sandbox_run(const SandboxConfig *cfg, const SandboxSpec *spec, SandboxResult *res,
			char *err, size_t errlen)
{
	ChildArgs	a;
	Cgroup		cg;
	CgroupStats st;
	int			status_pipe[2] = {-1, -1};
	int			out_pipe[2] = {-1, -1};
	int			tfd = -1;
	int			box_fd = -1;
	long		pid = -1;
	int			rc = -1;
	int			got_status = 0,
				got_error = 0,
				status_eof = 0,
				out_open = 1,
				exceeded = 0,
				killed = 0;
	size_t		cap = 65536;
	ChildMsg	msg,
				errmsg;
	long long	start,
				cpu_limit_ns = (long long) spec->lim.cpu_ms * 1000000LL,
				wall_limit_ns = (long long) spec->lim.wall_ms * 1000000LL;
	int			have_cg = 0,
				reaped = 0,
				e;
	char	   *stacks;
	sigset_t	all,
				oldmask;

	memset(res, 0, sizeof(*res));
	memset(&msg, 0, sizeof(msg));
	memset(&errmsg, 0, sizeof(errmsg));
	res->peak_kb = -1;
	res->output = malloc(cap);
	if (res->output == NULL)
	{
		snprintf(err, errlen, "malloc(output): out of memory");
		return -1;
	}
	res->output[0] = '\0';
	if (cgroup_create_keep(&cg, &cfg->cgroups, spec->cgroup_name, spec->cgroup_keep_name,
						   spec->lim.memory_kb * 1024, spec->lim.pids, err, errlen) != 0)
		goto done;
	have_cg = 1;
	if (pipe2(status_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0)
	{
		snprintf(err, errlen, "pipe2: %s", strerror(errno));
		goto done;
	}
	if (fcntl(out_pipe[0], F_SETFL, O_NONBLOCK) != 0)
	{
		snprintf(err, errlen, "fcntl(output pipe, O_NONBLOCK): %s", strerror(errno));
		goto done;
	}
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (tfd < 0)
	{
		snprintf(err, errlen, "timerfd_create: %s", strerror(errno));
		goto done;
	}
	{
		struct itimerspec its = {{0, TIMER_PERIOD_NS}, {0, TIMER_PERIOD_NS}};

		if (timerfd_settime(tfd, 0, &its, NULL) != 0)
		{
			snprintf(err, errlen, "timerfd_settime: %s", strerror(errno));
			goto done;
		}
	}

	memset(&a, 0, sizeof(a));
	a.cfg = cfg;
	a.spec = spec;
	a.cg = &cg;
	a.status_fd = status_pipe[1];
	a.out_fd = out_pipe[1];
	a.has_memcg = cfg->cgroups.version[CG_MEMORY] != CGROUP_NONE;
	snprintf(a.tmp_opts, sizeof(a.tmp_opts), "size=%dm,nr_inodes=1024,mode=1777", spec->lim.tmp_mb);
	box_fd = (int) syscall(SYS_open_tree, AT_FDCWD, spec->box_dir,
						   OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);
	if (box_fd < 0)
	{
		snprintf(err, errlen, "open_tree(%s, OPEN_TREE_CLONE): %s", spec->box_dir, strerror(errno));
		goto done;
	}
	a.box_fd = box_fd;

	stacks = ChildStacks(err, errlen);
	if (stacks == NULL)
		goto done;
	a.program_stack = stacks + 2 * (STACK_GUARD_BYTES + CHILD_STACK_BYTES);

	/*
	 * Pid 1 shares our memory until it execs sandbox-init (CLONE_VFORK: this
	 * thread waits until then), so no copy of the judge's address space is
	 * made per run.  Signals stay blocked meanwhile: no handler of the judge
	 * may run in the child.
	 */
	sigfillset(&all);
	if ((e = pthread_sigmask(SIG_SETMASK, &all, &oldmask)) != 0)
	{
		snprintf(err, errlen, "pthread_sigmask: %s", strerror(e));
		goto done;
	}
	start = NowNs();
	pid = clone(ChildInit, stacks + STACK_GUARD_BYTES + CHILD_STACK_BYTES,
				CLONE_VM | CLONE_VFORK | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS |
				(spec->netns_fd >= 0 ? 0 : CLONE_NEWNET) | SIGCHLD, &a);
	e = errno;
	if (pthread_sigmask(SIG_SETMASK, &oldmask, NULL) != 0 && pid >= 0)
	{
		kill((pid_t) pid, SIGKILL);
		snprintf(err, errlen, "pthread_sigmask: restore failed");
		goto kill_and_done;
	}
	if (pid < 0)
	{
		snprintf(err, errlen, "clone(CLONE_VM|CLONE_VFORK|CLONE_NEWPID|CLONE_NEWIPC|CLONE_NEWUTS): %s",
				 strerror(e));
		goto done;
	}
	close(status_pipe[1]);
	status_pipe[1] = -1;
	close(out_pipe[1]);
	out_pipe[1] = -1;

	while (!status_eof)
	{
		struct pollfd pfd[3];
		int			n = 0,
					i_out = -1,
					i_st,
					i_t;

		if (out_open && !exceeded)
		{
			pfd[n].fd = out_pipe[0];
			pfd[n].events = POLLIN;
			i_out = n++;
		}
		pfd[n].fd = status_pipe[0];
		pfd[n].events = POLLIN;
		i_st = n++;
		pfd[n].fd = tfd;
		pfd[n].events = POLLIN;
		i_t = n++;
		if (poll(pfd, (nfds_t) n, -1) < 0)
		{
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "poll: %s", strerror(errno));
			goto kill_and_done;
		}
		if (i_out >= 0 && (pfd[i_out].revents & (POLLIN | POLLHUP | POLLERR)))
		{
			int			r = ReadOutput(out_pipe[0], res, &cap, spec->lim.output_bytes, &exceeded, err, errlen);

			if (r < 0)
				goto kill_and_done;
			if (r == 1)
				out_open = 0;
			if (exceeded && !killed)
			{
				res->output_exceeded = 1;
				kill((pid_t) pid, SIGKILL);
				killed = 1;
			}
		}
		if (pfd[i_st].revents & (POLLIN | POLLHUP | POLLERR))
		{
			ssize_t		r = read(status_pipe[0], &msg, sizeof(msg));

			if (r < 0 && errno != EINTR)
			{
				snprintf(err, errlen, "read(status pipe): %s", strerror(errno));
				goto kill_and_done;
			}
			if (r == 0)
				status_eof = 1;
			else if (r == (ssize_t) sizeof(msg) && msg.kind == MSG_ERROR && !got_error)
			{
				errmsg = msg;
				got_error = 1;
			}
			else if (r == (ssize_t) sizeof(msg) && msg.kind == MSG_STATUS)
				got_status = 1;
		}
		if (pfd[i_t].revents & POLLIN)
		{
			unsigned long long ticks;
			long long	now = NowNs(),
						cpu;

			if (read(tfd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
			{
				snprintf(err, errlen, "read(timerfd): %s", strerror(errno));
				goto kill_and_done;
			}
			if (!killed && now - start > wall_limit_ns)
			{
				res->wall_exceeded = 1;
				kill((pid_t) pid, SIGKILL);
				killed = 1;
			}
			cpu = cgroup_cpu_ns(&cg);
			if (!killed && cpu >= 0 && cpu > cpu_limit_ns)
			{
				res->cpu_exceeded = 1;
				kill((pid_t) pid, SIGKILL);
				killed = 1;
			}
			if (!killed && spec->tick != NULL && spec->tick(spec->tick_arg) != 0)
			{
				res->aborted = 1;
				kill((pid_t) pid, SIGKILL);
				killed = 1;
			}
		}
	}
	/* what the program wrote before it ended is in the pipe: take it */
	if (out_open && !exceeded)
	{
		if (ReadOutput(out_pipe[0], res, &cap, spec->lim.output_bytes, &exceeded, err, errlen) < 0)
			goto kill_and_done;
		if (exceeded)
			res->output_exceeded = 1;
	}
	rc = 0;

kill_and_done:
	if (pid > 0)
	{
		int			st_init;

		if (rc != 0)
			kill((pid_t) pid, SIGKILL);
		while (waitpid((pid_t) pid, &st_init, 0) < 0)
			if (errno != EINTR)
			{
				if (rc == 0)
					snprintf(err, errlen, "waitpid(sandbox init): %s", strerror(errno));
				rc = -1;
				break;
			}
		/* pid 1 reaped: the kernel has killed and reaped all of its namespace */
		reaped = rc == 0;
	}
	res->wall_ns = NowNs() - start;
	if (rc == 0 && got_error)
	{
		sandbox_child_error(cfg, &errmsg, err, errlen);
		rc = -1;
	}
	if (rc == 0 && got_status)
	{
		res->wall_ns = msg.wall_ns;
		if (WIFEXITED(msg.status))
		{
			res->exited = 1;
			res->exit_code = WEXITSTATUS(msg.status);
		}
		else if (WIFSIGNALED(msg.status))
			res->signo = WTERMSIG(msg.status);
		res->cpu_ns = (msg.utime_us + msg.stime_us) * 1000;
		res->peak_kb = msg.maxrss_kb;
	}
	else if (rc == 0)
		res->signo = SIGKILL;	/* init was killed on a limit or abort */
	if (rc == 0 && res->wall_ns > wall_limit_ns)
		res->wall_exceeded = 1;

done:
	if (have_cg)
	{
		char		e2[256];

		/* after a failure something may be left in the group */
		if (!reaped && cgroup_kill_all(&cg, e2, sizeof(e2)) != 0 && rc == 0)
		{
			snprintf(err, errlen, "%s", e2);
			rc = -1;
		}
		if (rc == 0)
		{
			long long	cpu = cgroup_cpu_ns(&cg);

			if (cgroup_stats(&cg, &st, err, errlen) != 0)
				rc = -1;
			else
			{
				if (cpu >= 0)
					res->cpu_ns = cpu;
				if (st.peak_bytes >= 0)
					res->peak_kb = st.peak_bytes / 1024;
				res->oom = st.oom_kills > 0;
			}
		}
		if (cgroup_destroy(&cg, e2, sizeof(e2)) != 0 && rc == 0)
		{
			snprintf(err, errlen, "%s", e2);
			rc = -1;
		}
	}
	if (rc == 0 && res->cpu_ns > cpu_limit_ns)
		res->cpu_exceeded = 1;
	if (status_pipe[0] >= 0)
		close(status_pipe[0]);
	if (status_pipe[1] >= 0)
		close(status_pipe[1]);
	if (out_pipe[0] >= 0)
		close(out_pipe[0]);
	if (out_pipe[1] >= 0)
		close(out_pipe[1]);
	if (tfd >= 0)
		close(tfd);
	if (box_fd >= 0)
		close(box_fd);
	if (rc != 0)
		sandbox_result_free(res);
	return rc;
}

void
sandbox_result_free(SandboxResult *res)
{
	free(res->output);
	res->output = NULL;
	res->output_len = 0;
}
