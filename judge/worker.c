/*
 * worker.c
 *	  The worker threads of interview-judge: each claims a run or a
 *	  submission (runs first), judges it (judge_run / judge_run_code),
 *	  renews its lease meanwhile and reports or releases it; plus the log
 *	  and the small helpers shared with main.c.  Never parses options or
 *	  handles signals (main.c does).
 *
 * Ownership: a worker owns its connection and the claim it holds; the
 * shared flags live in `shared`, under shared.lock (see worker.h).  A lost
 * connection is reopened with capped exponential backoff; a sandbox failure
 * releases the claim as a counted failure; a hard stop abandons it
 * (released uncounted when the database answers).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "judge.h"
#include "queue.h"
#include "worker.h"

#define BACKOFF_MIN_MS		100
#define BACKOFF_MAX_MS		5000

/* The judgement in progress, for the lease-renewing tick. */
typedef struct TickState
{
	Worker	   *w;
	const QueueClaim *claim;
	long long	last_extend_ms;
	long long	last_try_ms;
	int			lost;			/* extend_lease said the token is stale */
	int			stopped;		/* aborted by a hard stop */
} TickState;

Shared		shared = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
};
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* Writes one timestamped line to stderr (one event, one line). */
void
judge_log(const char *fmt,...)
{
	char		line[2048];
	struct timespec ts;
	struct tm	tm;
	size_t		n;
	va_list		ap;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		memset(&ts, 0, sizeof(ts));
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
	n += snprintf(line + n, sizeof(line) - n, ".%06ldZ interview-judge[%d]: ",
				  ts.tv_nsec / 1000, (int) getpid());
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	n = strlen(line);
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	/* one event per line: fold newlines of embedded error messages */
	for (size_t i = 0; i < n; i++)
		if (line[i] == '\n')
			line[i] = ' ';
	line[n++] = '\n';
	pthread_mutex_lock(&log_lock);
	if (fwrite(line, 1, n, stderr) != n)
	{
		/* nowhere left to report a failing stderr */
	}
	fflush(stderr);
	pthread_mutex_unlock(&log_lock);
}

/* Milliseconds on the monotonic clock. */
long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads a flag of shared under its lock. */
int
shared_flag(const int *flag)
{
	int			v;

	pthread_mutex_lock(&shared.lock);
	v = *flag;
	pthread_mutex_unlock(&shared.lock);
	return v;
}

/*
 * Sleeps ms unless a stop comes first (any stop, or only a hard stop when
 * hard_only). Returns 1 when interrupted.
 */
static int
SleepUnlessStopped(int ms, int hard_only)
{
	struct timespec until;
	int			interrupted = 0;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long) (ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000)
	{
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&shared.lock);
	for (;;)
	{
		if (shared.hard_stop || (!hard_only && shared.stopping))
		{
			interrupted = 1;
			break;
		}
		if (pthread_cond_timedwait(&shared.cond, &shared.lock, &until) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&shared.lock);
	return interrupted;
}

/* The next backoff delay: doubles up to the cap, with a little jitter. */
int
next_backoff(int *backoff_ms)
{
	int			delay = *backoff_ms;

	if (delay < BACKOFF_MIN_MS)
		delay = BACKOFF_MIN_MS;
	*backoff_ms = delay * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : delay * 2;
	return delay + (int) (((unsigned) rand() ^ (unsigned) now_ms()) % (unsigned) (delay / 4 + 1));
}

/* Closes the worker's connection after a failure. */
static void
WorkerDisconnect(Worker *w)
{
	if (w->conn)
		PQfinish(w->conn);
	w->conn = NULL;
}

/*
 * Makes sure the worker has a connection. One attempt; on failure sleeps
 * the backoff (interrupted by a stop, or only a hard stop when hard_only)
 * and returns 0.
 */
static int
WorkerConnect(Worker *w, int hard_only)
{
	char		err[512];
	int			fatal;

	if (w->conn)
		return 1;
	w->conn = queue_connect(w->opt->conninfo, w->appname, &fatal, err, sizeof(err));
	if (w->conn)
	{
		if (w->backoff_ms > BACKOFF_MIN_MS)
			judge_log("w%d connected", w->index);
		w->backoff_ms = 0;
		return 1;
	}
	if (fatal)
	{
		judge_log("w%d error: %s; refusing to run", w->index, err);
		pthread_mutex_lock(&shared.lock);
		shared.fatal = shared.stopping = shared.hard_stop = 1;
		pthread_cond_broadcast(&shared.cond);
		pthread_mutex_unlock(&shared.lock);
		return 0;
	}
	{
		int			delay = next_backoff(&w->backoff_ms);

		judge_log("w%d error: %s; retrying in %d ms", w->index, err, delay);
		SleepUnlessStopped(delay, hard_only);
	}
	return 0;
}

/* Called by judge_run while it judges: renews the lease, aborts when it is lost. */
static int
Tick(void *arg)
{
	TickState  *ts = arg;
	Worker	   *w = ts->w;
	long long	now = now_ms();
	char		err[512];
	int			fatal;
	int			rc;

	if (shared_flag(&shared.hard_stop))
	{
		ts->stopped = 1;
		return 1;
	}
	if (now - ts->last_extend_ms < (long long) w->opt->lease_s * 1000 / 3 ||
		now - ts->last_try_ms < 1000)
		return 0;
	ts->last_try_ms = now;
	if (w->conn == NULL)
	{
		w->conn = queue_connect(w->opt->conninfo, w->appname, &fatal, err, sizeof(err));
		if (w->conn == NULL)
		{
			judge_log("w%d error: %s (%s=%lld, judging on)", w->index, err,
				queue_kind_name(ts->claim->kind), ts->claim->id);
			return 0;
		}
	}
	rc = queue_extend(w->conn, ts->claim, w->opt->lease_s, err, sizeof(err));
	if (rc == 1)
	{
		ts->last_extend_ms = now;
		return 0;
	}
	if (rc == 0)
	{
		judge_log("w%d lease lost %s=%lld token=%lld: abandoning it", w->index,
			queue_kind_name(ts->claim->kind), ts->claim->id, ts->claim->token);
		ts->lost = 1;
		return 1;
	}
	judge_log("w%d error: %s (%s=%lld, judging on)", w->index, err,
		queue_kind_name(ts->claim->kind), ts->claim->id);
	if (rc == -1)
		WorkerDisconnect(w);
	return 0;
}

/*
 * Reports a verdict (json != NULL) or releases the claim, retrying through
 * reconnects until the database answers or a hard stop. Returns what the
 * queue call returned (1, 0, -2), or -1 when it gave up.
 */
static int
Deliver(Worker *w, const QueueClaim *claim, const char *json, int failed)
{
	char		err[512];
	int			rc;

	for (;;)
	{
		if (!WorkerConnect(w, 1))
		{
			if (shared_flag(&shared.hard_stop))
			{
				judge_log("w%d gave up %s %s=%lld: no database", w->index,
					json ? "reporting" : "releasing", queue_kind_name(claim->kind), claim->id);
				return -1;
			}
			continue;
		}
		if (json)
			rc = queue_report(w->conn, claim, json, err, sizeof(err));
		else
			rc = queue_release(w->conn, claim, failed, err, sizeof(err));
		if (rc >= 0)
			return rc;
		judge_log("w%d error: %s (%s=%lld)", w->index, err, queue_kind_name(claim->kind), claim->id);
		if (rc == -2)
			return rc;
		WorkerDisconnect(w);
	}
}

/* Releases a claim and logs the outcome. */
static void
Release(Worker *w, const QueueClaim *claim, int failed, const char *why)
{
	int			rc = Deliver(w, claim, NULL, failed);

	if (rc == 1)
		judge_log("w%d release %s=%lld failed=%s reason=%s", w->index,
			queue_kind_name(claim->kind), claim->id, failed ? "true" : "false", why);
	else if (rc == 0)
		judge_log("w%d release %s=%lld refused: token %lld is stale", w->index,
			queue_kind_name(claim->kind), claim->id, claim->token);
}

/*
 * Judges a claim (a submission against its tests, or a run on its input):
 * 0 with *json (malloc'd) and a log summary, or judge_run's -1/-2.
 */
static int
JudgeOne(QueueClaim *claim, TickState *ts, const char *worker, char **json, char *summary,
		 size_t sumlen, char *err, size_t errlen)
{
	int			rc;

	*json = NULL;
	if (claim->kind == QUEUE_RUN)
	{
		JudgeRunResult rr;

		rc = judge_run_code(&claim->job, claim->input, claim->input_len, &rr, Tick, ts, err, errlen);
		if (rc == 0)
		{
			*json = judge_run_json(&rr);
			snprintf(summary, sumlen, "verdict=%s time_ms=%d memory_kb=%d", rr.verdict,
					 rr.time_ms, rr.memory_kb);
		}
		judge_run_result_free(&rr);
	}
	else
	{
		JudgeResult res;

		rc = judge_run(&claim->job, &res, Tick, ts, err, errlen);
		if (rc == 0)
		{
			*json = judge_result_json(&res, worker);
			snprintf(summary, sumlen, "verdict=%s failed_at=%d passed=%d total=%d time_ms=%d "
					 "memory_kb=%d", res.verdict, res.failed_at, res.passed, res.total,
					 res.time_ms, res.memory_kb);
		}
		judge_result_free(&res);
	}
	if (rc == 0 && *json == NULL)
	{
		snprintf(err, errlen, "formatting the result JSON failed");
		rc = -1;
	}
	return rc;
}

/* Judges one claimed submission or run and reports (or releases) it. */
static void
JudgeClaim(Worker *w, QueueClaim *claim)
{
	TickState	ts;
	char		err[512],
				summary[256];
	char	   *json;
	const char *kind = queue_kind_name(claim->kind);
	long long	start = now_ms();
	int			rc;

	claim->job.worker = w->slot;
	judge_log("w%d claim %s=%lld token=%lld attempt=%d language=%s tests=%d",
		w->index, kind, claim->id, claim->token, claim->attempt,
		claim->job.language, claim->job.ntests);
	memset(&ts, 0, sizeof(ts));
	ts.w = w;
	ts.claim = claim;
	ts.last_extend_ms = start;
	err[0] = '\0';
	rc = JudgeOne(claim, &ts, w->name, &json, summary, sizeof(summary), err, sizeof(err));
	if (rc == 0)
	{
		rc = Deliver(w, claim, json, 0);
		if (rc == 1)
			judge_log("w%d verdict %s=%lld %s elapsed_ms=%lld", w->index, kind, claim->id,
				summary, now_ms() - start);
		else if (rc == 0)
			judge_log("w%d verdict %s=%lld discarded: token %lld is stale",
				w->index, kind, claim->id, claim->token);
		else if (rc == -2)
			Release(w, claim, 1, "report refused");
		free(json);
	}
	else if (rc == -2 && ts.lost)
	{
		/* another judge holds it now */
	}
	else if (rc == -2)
		Release(w, claim, 0, "shutdown");
	else
	{
		judge_log("w%d error: sandbox failure (%s=%lld): %s", w->index, kind,
			claim->id, err[0] ? err : "unknown");
		Release(w, claim, 1, "sandbox failure");
	}
}

/* A worker thread: sweep the queue whenever woken, until told to stop. */
void *
worker_main(void *arg)
{
	Worker	   *w = arg;
	unsigned long seen = 0;
	int			need_sweep = 1;
	char		err[512];

	for (;;)
	{
		pthread_mutex_lock(&shared.lock);
		while (!shared.stopping && !need_sweep && seen == shared.gen)
		{
			struct timespec until;

			clock_gettime(CLOCK_MONOTONIC, &until);
			until.tv_sec += SWEEP_INTERVAL_MS / 1000 + 1;
			if (pthread_cond_timedwait(&shared.cond, &shared.lock, &until) == ETIMEDOUT)
				break;
		}
		seen = shared.gen;
		pthread_mutex_unlock(&shared.lock);
		if (shared_flag(&shared.stopping))
			break;
		need_sweep = 1;
		if (!WorkerConnect(w, 0))
			continue;
		need_sweep = 0;
		/* claim until the queue is empty */
		while (!shared_flag(&shared.stopping))
		{
			QueueClaim	claim;
			int			rc;

			if (w->conn == NULL)
			{
				need_sweep = 1;	/* lost while judging: reconnect first */
				break;
			}
			rc = queue_claim(w->conn, w->name, w->opt->lease_s, &claim,
										 err, sizeof(err));

			if (rc == 1)
				JudgeClaim(w, &claim);
			else if (rc == -3)
			{
				judge_log("w%d error: %s", w->index, err);
				Release(w, &claim, 1, "malformed claim");
			}
			else if (rc < 0)
			{
				judge_log("w%d error: %s", w->index, err);
				if (rc == -1)
				{
					WorkerDisconnect(w);
					need_sweep = 1;
				}
			}
			queue_claim_free(&claim);
			if (rc == 0 || rc == -1 || rc == -2)
				break;
		}
	}
	WorkerDisconnect(w);
	pthread_mutex_lock(&shared.lock);
	shared.running--;
	pthread_mutex_unlock(&shared.lock);
	return NULL;
}
