/*
 * judge_bench.c
 *	  Baselines for test/bench/judge.sh, measured in the same run as the
 *	  judge figures they are compared with:
 *
 *	  judge_bench forkexec BINARY INPUT N
 *		runs BINARY N times with a bare fork + execv, stdin from INPUT and
 *		stdout read through a pipe (what a judge minimally does per test
 *		case, without any sandbox); prints the mean wall time per run.
 *	  judge_bench sandbox BINARY INPUT N BOX_ROOT WORKER
 *		runs the static BINARY N times in the judge's sandbox (sandbox_run:
 *		namespaces, cgroups, seccomp, rlimits, with the limits the judge
 *		gives a C test case) and N times bare as forkexec does, interleaved
 *		in blocks of 10 so that both see the same load;
 *		checks every output and prints the mean and median wall time of
 *		each.  Needs root, like the judge.
 *	  judge_bench listen N SECONDS
 *		LISTENs on interview_judge (libpq PG* variables) and prints
 *		"<payload> <epoch microseconds>" for each of the first N
 *		notifications, the raw NOTIFY delivery the judge's pickup builds on.
 *		Prints "ready" once listening; gives up after SECONDS.
 *
 * Every syscall is checked; a failure names the call and exits 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "box.h"
#include "sandbox.h"

/* Prints the failed call and exits. */
static void
Die(const char *call)
{
	fprintf(stderr, "judge_bench: %s: %s\n", call, strerror(errno));
	exit(1);
}

/* Microseconds on the given clock. */
static long long
NowUs(clockid_t clock)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts) != 0)
		Die("clock_gettime");
	return (long long) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* One bare run: fork, execv with stdin from input, drain stdout, wait; returns the output's first byte. */
static int
RunOnce(const char *binary, const char *input)
{
	int			out[2];
	int			in;
	pid_t		pid;
	char		buf[4096];
	ssize_t		n;
	int			status,
				first = -1;

	in = open(input, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		Die("open(input)");
	if (pipe2(out, O_CLOEXEC) != 0)
		Die("pipe2");
	pid = fork();
	if (pid < 0)
		Die("fork");
	if (pid == 0)
	{
		char	   *const argv[] = {(char *) binary, NULL};
		char	   *const envp[] = {NULL};

		if (dup2(in, 0) < 0 || dup2(out[1], 1) < 0)
			_exit(126);
		execve(binary, argv, envp);
		_exit(127);
	}
	close(in);
	close(out[1]);
	while ((n = read(out[0], buf, sizeof(buf))) != 0)
	{
		if (n < 0 && errno != EINTR)
			Die("read");
		if (n > 0 && first < 0)
			first = (unsigned char) buf[0];
	}
	close(out[0]);
	if (waitpid(pid, &status, 0) != pid)
		Die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
	{
		fprintf(stderr, "judge_bench: %s failed (status %d)\n", binary, status);
		exit(1);
	}
	return first;
}

/* forkexec mode: N bare runs, mean wall time per run. */
static int
ForkExec(const char *binary, const char *input, int n)
{
	long long	start = NowUs(CLOCK_MONOTONIC);
	long long	total;

	for (int i = 0; i < n; i++)
		(void) RunOnce(binary, input);
	total = NowUs(CLOCK_MONOTONIC) - start;
	printf("runs=%d total_ms=%.1f per_run_us=%.1f\n", n, total / 1000.0, (double) total / n);
	return 0;
}

/* qsort comparison of long longs. */
static int
CompareLL(const void *a, const void *b)
{
	long long	x = *(const long long *) a,
				y = *(const long long *) b;

	return x < y ? -1 : x > y;
}

/* Median of n values (sorts them). */
static double
Median(long long *v, int n)
{
	qsort(v, (size_t) n, sizeof(*v), CompareLL);
	return n % 2 ? (double) v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* Reads a whole file into a malloc'd buffer. */
static char *
Slurp(const char *path, size_t *len)
{
	int			fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	char	   *buf;

	if (fd < 0)
		Die("open");
	if (fstat(fd, &sb) != 0)
		Die("fstat");
	buf = malloc((size_t) sb.st_size + 1);
	if (buf == NULL)
		Die("malloc");
	if (read(fd, buf, (size_t) sb.st_size) != sb.st_size)
		Die("read");
	close(fd);
	*len = (size_t) sb.st_size;
	return buf;
}

/* The test input in a memfd at offset 0, as the judge passes it. */
static int
InputMemfd(const char *data, size_t len)
{
	int			fd = memfd_create("input", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (fd < 0)
		Die("memfd_create");
	if (write(fd, data, len) != (ssize_t) len)
		Die("write(memfd)");
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) != 0)
		Die("fcntl(memfd, F_ADD_SEALS)");
	if (lseek(fd, 0, SEEK_SET) != 0)
		Die("lseek");
	return fd;
}

/* sandbox mode: n sandboxed and n bare runs of a static binary, interleaved. */
static int
Sandbox(const char *binary, const char *input, int n, const char *box_root, int worker)
{
	static const char *const argv[] = {"./main", NULL};
	static const char *const envp[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/box", "LANG=C.UTF-8",
	"TMPDIR=/tmp", NULL};
	SandboxConfig *cfg = calloc(1, sizeof(SandboxConfig));
	uid_t		uid = (uid_t) (64000 + worker);
	char		err[512],
				boxdir[1200],
				boxname[64],
				keep[64];
	char	   *prog,
			   *in;
	size_t		prog_len,
				in_len;
	long long  *ts = calloc((size_t) n, sizeof(long long)),
			   *tb = calloc((size_t) n, sizeof(long long)),
				sum_s = 0,
				sum_b = 0;
	int			boxfd,
				netns,
				ns = 0,
				nb = 0;

	if (cfg == NULL || ts == NULL || tb == NULL)
		Die("calloc");
	if (sandbox_init(cfg, box_root, NULL, err, sizeof(err)) != 0)
	{
		fprintf(stderr, "judge_bench: sandbox_init: %s\n", err);
		return 1;
	}
	netns = sandbox_netns_create(err, sizeof(err));
	if (netns < 0)
	{
		fprintf(stderr, "judge_bench: sandbox_netns_create: %s\n", err);
		return 1;
	}
	snprintf(boxname, sizeof(boxname), "%ld.%d", (long) getpid(), worker);
	/* as judge.c: the worker's v1 pids and CPU groups serve all its runs */
	snprintf(keep, sizeof(keep), "%ld-w%d", (long) getpid(), worker);
	snprintf(boxdir, sizeof(boxdir), "%s/%s", cfg->box_root, boxname);
	prog = Slurp(binary, &prog_len);
	in = Slurp(input, &in_len);
	if (box_create(cfg, boxname, uid, uid, &boxfd, err, sizeof(err)) != 0 ||
		box_write_file(boxfd, "main", prog, prog_len, uid, uid, err, sizeof(err)) != 0)
	{
		fprintf(stderr, "judge_bench: box: %s\n", err);
		return 1;
	}
	if (fchmodat(boxfd, "main", 0755, 0) != 0)
		Die("fchmodat(main)");
	for (int i = 0; ns < n || nb < n; i++)
	{
		/*
		 * Blocks of 10 in the order S B B S S B B S ...: both kinds see the
		 * same load, and the kernel's deferred cleanup after a sandboxed run
		 * (namespaces, cgroups) lands in a bare run only at a block's start.
		 */
		int			block = i / 10;
		int			sandboxed = (block % 2 == 0) == ((block / 2) % 2 == 0);
		long long	t0 = NowUs(CLOCK_MONOTONIC);

		if (sandboxed ? ns >= n : nb >= n)
			continue;
		if (sandboxed)
		{
			SandboxSpec spec;
			SandboxResult res;
			char		cg[96];
			int			infd = InputMemfd(in, in_len);

			memset(&spec, 0, sizeof(spec));
			spec.argv = argv;
			spec.envp = envp;
			spec.box_dir = boxdir;
			spec.stdin_fd = infd;
			spec.uid = uid;
			spec.gid = uid;
			snprintf(cg, sizeof(cg), "%ld-%d-%d", (long) getpid(), worker, i);
			spec.cgroup_name = cg;
			spec.cgroup_keep_name = keep;
			spec.netns_fd = netns;
			/* what judge.c gives a C test case with the default limits */
			spec.lim.cpu_ms = 2000;
			spec.lim.wall_ms = 5000;
			spec.lim.memory_kb = 262144;
			spec.lim.as_kb = 262144 + 16384;
			spec.lim.pids = 64;
			spec.lim.nofile = 64;
			spec.lim.fsize_bytes = 16LL * 1024 * 1024;
			spec.lim.stack_bytes = 128LL * 1024 * 1024;
			spec.lim.output_bytes = 65536;
			spec.lim.tmp_mb = 64;
			if (sandbox_run(cfg, &spec, &res, err, sizeof(err)) != 0)
			{
				fprintf(stderr, "judge_bench: sandbox_run: %s\n", err);
				return 1;
			}
			close(infd);
			if (!res.exited || res.exit_code != 0 || res.output_len == 0 || res.output[0] != '3')
			{
				fprintf(stderr, "judge_bench: sandboxed run %d: exit %d signal %d output \"%s\"\n",
						ns, res.exit_code, res.signo, res.output);
				return 1;
			}
			sandbox_result_free(&res);
			ts[ns] = NowUs(CLOCK_MONOTONIC) - t0;
			sum_s += ts[ns++];
		}
		else
		{
			if (RunOnce(binary, input) != '3')
			{
				fprintf(stderr, "judge_bench: bare run %d: wrong output\n", nb);
				return 1;
			}
			tb[nb] = NowUs(CLOCK_MONOTONIC) - t0;
			sum_b += tb[nb++];
		}
	}
	close(boxfd);
	cgroup_remove_own(&cfg->cgroups);
	if (box_remove(cfg, boxname, err, sizeof(err)) != 0)
	{
		fprintf(stderr, "judge_bench: box_remove: %s\n", err);
		return 1;
	}
	printf("runs=%d sandbox_mean_us=%.1f sandbox_p50_us=%.1f bare_mean_us=%.1f bare_p50_us=%.1f\n",
		   n, (double) sum_s / n, Median(ts, n), (double) sum_b / n, Median(tb, n));
	return 0;
}

/* listen mode: timestamps of the first n notifications on interview_judge. */
static int
Listen(int n, int seconds)
{
	PGconn	   *conn = PQconnectdb("");
	PGresult   *res;
	long long	deadline = NowUs(CLOCK_MONOTONIC) + (long long) seconds * 1000000;
	int			got = 0;

	if (PQstatus(conn) != CONNECTION_OK)
	{
		fprintf(stderr, "judge_bench: connect: %s", PQerrorMessage(conn));
		return 1;
	}
	res = PQexec(conn, "LISTEN interview_judge");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		fprintf(stderr, "judge_bench: LISTEN: %s", PQerrorMessage(conn));
		return 1;
	}
	PQclear(res);
	printf("ready\n");
	fflush(stdout);
	while (got < n && NowUs(CLOCK_MONOTONIC) < deadline)
	{
		struct pollfd pfd = {.fd = PQsocket(conn),.events = POLLIN};
		PGnotify   *note;

		if (poll(&pfd, 1, 1000) < 0 && errno != EINTR)
			Die("poll");
		if (!PQconsumeInput(conn))
		{
			fprintf(stderr, "judge_bench: PQconsumeInput: %s", PQerrorMessage(conn));
			return 1;
		}
		while ((note = PQnotifies(conn)) != NULL)
		{
			printf("%s %lld\n", note->extra, NowUs(CLOCK_REALTIME));
			got++;
			PQfreemem(note);
		}
		fflush(stdout);
	}
	PQfinish(conn);
	return got == n ? 0 : 1;
}

int
main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "forkexec") == 0)
		return ForkExec(argv[2], argv[3], atoi(argv[4]));
	if (argc == 7 && strcmp(argv[1], "sandbox") == 0)
		return Sandbox(argv[2], argv[3], atoi(argv[4]), argv[5], atoi(argv[6]));
	if (argc == 4 && strcmp(argv[1], "listen") == 0)
		return Listen(atoi(argv[2]), atoi(argv[3]));
	fprintf(stderr, "usage: judge_bench forkexec BINARY INPUT N | sandbox BINARY INPUT N BOX_ROOT WORKER"
			" | listen N SECONDS\n");
	return 2;
}
