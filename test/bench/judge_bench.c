/*
 * judge_bench.c
 *	  Baselines for test/bench/judge.sh, measured in the same run as the
 *	  judge figures they are compared with:
 *
 *	  judge_bench forkexec BINARY INPUT N
 *		runs BINARY N times with a bare fork + execv, stdin from INPUT and
 *		stdout read through a pipe (what a judge minimally does per test
 *		case, without any sandbox); prints the mean wall time per run.
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
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

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

/* One bare run: fork, execv with stdin from input, drain stdout, wait. */
static void
RunOnce(const char *binary, const char *input)
{
	int			out[2];
	int			in;
	pid_t		pid;
	char		buf[4096];
	ssize_t		n;
	int			status;

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
	}
	close(out[0]);
	if (waitpid(pid, &status, 0) != pid)
		Die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
	{
		fprintf(stderr, "judge_bench: %s failed (status %d)\n", binary, status);
		exit(1);
	}
}

/* forkexec mode: N bare runs, mean wall time per run. */
static int
ForkExec(const char *binary, const char *input, int n)
{
	long long	start = NowUs(CLOCK_MONOTONIC);
	long long	total;

	for (int i = 0; i < n; i++)
		RunOnce(binary, input);
	total = NowUs(CLOCK_MONOTONIC) - start;
	printf("runs=%d total_ms=%.1f per_run_us=%.1f\n", n, total / 1000.0, (double) total / n);
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
	if (argc == 4 && strcmp(argv[1], "listen") == 0)
		return Listen(atoi(argv[2]), atoi(argv[3]));
	fprintf(stderr, "usage: judge_bench forkexec BINARY INPUT N | listen N SECONDS\n");
	return 2;
}
