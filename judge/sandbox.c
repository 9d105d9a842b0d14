/*
 * sandbox.c
 *    One sandboxed command: the parent side (pipes, cgroup, timer, output
 *    limit, verdict facts).  The child side (namespaces, minimal root,
 *    privileges, rlimits, seccomp, exec) is sandbox-child.c.
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
	a.mntns_fd = spec->mntns_fd > 0 ? spec->mntns_fd : cfg->mntns_fd;

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
	start = sandbox_now_ns();
	pid = clone(sandbox_child_init, stacks + STACK_GUARD_BYTES + CHILD_STACK_BYTES,
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
			long long	now = sandbox_now_ns(),
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
	res->wall_ns = sandbox_now_ns() - start;
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
