/*
 * sandbox-init.c
 *    interview-sandbox-init: what pid 1 of a sandbox becomes once the
 *    submission's program runs.  It waits for the program, reports its wait
 *    status, rusage and wall time on the status pipe and exits; the kernel
 *    then kills whatever is left in the PID namespace.
 *
 *    sandbox.c clones pid 1 sharing the judge's memory (CLONE_VM|CLONE_VFORK,
 *    so its cost does not grow with the judge's size); pid 1 sets up the
 *    namespaces, starts the program and then execs this program from a
 *    sealed memfd, which gives it a memory of its own and lets the judge
 *    thread go on.  It is freestanding (no libc, raw syscalls) so that exec
 *    costs next to nothing; the Makefile embeds the binary in the judge.
 *
 *    argv: interview-sandbox-init PROGRAM_PID START_NS STATUS_FD
 *    START_NS is CLOCK_MONOTONIC when the program was cloned.  Failures are
 *    reported on STATUS_FD as a ChildMsg naming the call (exit 126).
 */
#include <stddef.h>
#include <linux/errno.h>
#include <linux/prctl.h>
#include <linux/resource.h>
#include <linux/time.h>
#include <asm/unistd.h>

#include "sandbox-init.h"

static void InitMain(long *sp) __attribute__((noreturn, used));

#if defined(__x86_64__)
__asm__(".text\n"
		".global _start\n"
		".type _start, @function\n"
		"_start:\n"
		"\txor %ebp, %ebp\n"
		"\tmov %rsp, %rdi\n"
		"\tand $-16, %rsp\n"
		"\tcall InitMain\n"
		"\thlt\n");

/* One raw system call with up to four arguments; -errno on failure. */
static long
Sys(long n, long a, long b, long c, long d)
{
	long		ret;
	register long r10 __asm__("r10") = d;

	__asm__ volatile("syscall"
					 : "=a"(ret)
					 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
					 : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
__asm__(".text\n"
		".global _start\n"
		".type _start, %function\n"
		"_start:\n"
		"\tmov x0, sp\n"
		"\tbl InitMain\n"
		"\tbrk #0\n");

/* One raw system call with up to four arguments; -errno on failure. */
static long
Sys(long n, long a, long b, long c, long d)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;

	__asm__ volatile("svc 0"
					 : "+r"(x0)
					 : "r"(x8), "r"(x1), "r"(x2), "r"(x3)
					 : "memory");
	return x0;
}
#else
#error "interview-sandbox-init: only x86_64 and aarch64 are supported"
#endif

/* Ends this process (exit_group). */
static void __attribute__((noreturn))
Exit(int code)
{
	for (;;)
		Sys(__NR_exit_group, code, 0, 0, 0);
}

/* Writes the whole message (atomic: smaller than PIPE_BUF). */
static void
Send(int fd, const ChildMsg *m)
{
	while (Sys(__NR_write, fd, (long) m, sizeof(*m), 0) == -EINTR)
		;
}

/* Returns a message with every field zero. */
static ChildMsg
EmptyMsg(void)
{
	ChildMsg	m;

	m.kind = m.stage = m.item = m.err = m.status = 0;
	m.utime_us = m.stime_us = m.maxrss_kb = m.wall_ns = 0;
	return m;
}

/* Reports a failed call and exits. */
static void __attribute__((noreturn))
Fail(int fd, int stage, long err)
{
	ChildMsg	m = EmptyMsg();

	m.kind = MSG_ERROR;
	m.stage = stage;
	m.item = -1;
	m.err = (int) -err;
	Send(fd, &m);
	Exit(126);
}

/* Parses a non-negative decimal number; -1 when s is not one. */
static long long
Number(const char *s)
{
	long long	v = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++)
	{
		if (*s < '0' || *s > '9' || v > 922337203685477579LL)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* Monotonic clock in ns, or -errno. */
static long long
NowNs(void)
{
	struct timespec ts;
	long		r = Sys(__NR_clock_gettime, CLOCK_MONOTONIC, (long) &ts, 0, 0);

	if (r < 0)
		return r;
	return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Waits for the program and reports how it ended. */
static void
InitMain(long *sp)
{
	long		argc = sp[0];
	char	  **argv = (char **) (sp + 1);
	long long	pid,
				start,
				fd,
				end;
	struct rusage ru;
	int			status = 0;
	long		r;
	ChildMsg	m;

	if (argc != 4 || (fd = Number(argv[3])) < 0 || fd > 1 << 20)
		Exit(125);
	pid = Number(argv[1]);
	start = Number(argv[2]);
	if (pid <= 0 || pid > 1 << 22 || start < 0)
		Fail((int) fd, ST_INIT_ARGS, -EINVAL);
	/* exec made us dumpable again: keep /proc/1 closed to everyone */
	if ((r = Sys(__NR_prctl, PR_SET_DUMPABLE, 0, 0, 0)) != 0)
		Fail((int) fd, ST_DUMPABLE, r);
	while ((r = Sys(__NR_wait4, pid, (long) &status, 0, (long) &ru)) == -EINTR)
		;
	if (r < 0)
		Fail((int) fd, ST_WAIT, r);
	if ((end = NowNs()) < 0)
		Fail((int) fd, ST_CLOCK, end);
	m = EmptyMsg();
	m.kind = MSG_STATUS;
	m.status = status;
	m.wall_ns = end - start;
	m.utime_us = (long long) ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec;
	m.stime_us = (long long) ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec;
	m.maxrss_kb = ru.ru_maxrss;
	Send((int) fd, &m);
	Exit(0);
}
