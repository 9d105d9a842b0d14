/*
 * main.c
 *	  interview-judge: the judge daemon. Connects to the interview database
 *	  as the judge role, LISTENs on the judge channel and lets N worker
 *	  threads claim, judge (judge_run, the sandbox) and report submissions.
 *
 * Threads and ownership:
 *	- The main thread owns the listener connection (LISTEN only, never in a
 *	  transaction) and the signal pipe. It wakes the workers when a
 *	  notification arrives, after every (re)connect and every 2 s, since
 *	  notifications sent while nobody listened are lost and leases expire.
 *	- Each worker thread owns its own connection and the submission it
 *	  holds; it claims until the queue is empty, then waits to be woken.
 *	- Shared state (generation counter, stop flags) lives in Shared and is
 *	  protected by Shared.lock; Shared.cond (CLOCK_MONOTONIC) wakes workers.
 *
 * Failures: a lost connection is reopened with capped exponential backoff,
 * never by exiting. A sandbox failure releases the submission as a counted
 * failure. SIGTERM/SIGINT: stop claiming, finish what is held (a verdict
 * waits for the database to come back), exit 0; a second signal abandons
 * held submissions (releasing them uncounted when the database answers).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "judge.h"
#include "queue.h"

#define JUDGE_VERSION		"1.0"
#define SWEEP_INTERVAL_MS	2000
#define BACKOFF_MIN_MS		100
#define BACKOFF_MAX_MS		5000

/* Command-line options. */
typedef struct Options
{
	const char *conninfo;		/* NULL: libpq's PG* variables */
	int			workers;
	int			lease_s;
	int			first_worker;	/* first sandbox slot to try (slots are taken host-wide) */
	const char *box_root;		/* NULL: the sandbox's default */
} Options;

/* One worker thread and what it owns. */
typedef struct Worker
{
	int			index;
	int			slot;			/* sandbox slot held for the worker's life: uid 64000+slot */
	int			slot_fd;		/* its lock (judge_slot_acquire) */
	pthread_t	thread;
	char		name[160];		/* host:pid/index, recorded as the claimer */
	char		appname[64];
	PGconn	   *conn;
	int			backoff_ms;
	const Options *opt;
} Worker;

/* State shared by the main thread and the workers, under lock. */
typedef struct Shared
{
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned long gen;			/* bumped whenever workers should sweep */
	int			stopping;		/* stop claiming */
	int			hard_stop;		/* abandon held submissions too */
	int			fatal;			/* a worker found it may not run */
	int			running;		/* worker threads still running */
} Shared;

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

static Shared shared = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
};
static int	signal_pipe[2] = {-1, -1};
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* The languages whose versions are recorded at start-up. */
static const char *const languages[] = {"c", "cpp", "python3", "javascript"};

/* Writes one timestamped line to stderr (one event, one line). */
static void
Log(const char *fmt,...)
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
static long long
NowMs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Async-signal-safe: hands the signal to the main thread through the pipe. */
static void
OnSignal(int signo)
{
	int			saved = errno;
	unsigned char b = (unsigned char) signo;

	if (write(signal_pipe[1], &b, 1) < 0)
	{
		/* the pipe is full: the main thread has signals to read anyway */
	}
	errno = saved;
}

/* Wakes every worker so that it sweeps the queue. */
static void
WakeWorkers(void)
{
	pthread_mutex_lock(&shared.lock);
	shared.gen++;
	pthread_cond_broadcast(&shared.cond);
	pthread_mutex_unlock(&shared.lock);
}

/* Reads a flag of shared under its lock. */
static int
SharedFlag(const int *flag)
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
static int
NextBackoff(int *backoff_ms)
{
	int			delay = *backoff_ms;

	if (delay < BACKOFF_MIN_MS)
		delay = BACKOFF_MIN_MS;
	*backoff_ms = delay * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : delay * 2;
	return delay + (int) (((unsigned) rand() ^ (unsigned) NowMs()) % (unsigned) (delay / 4 + 1));
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
			Log("w%d connected", w->index);
		w->backoff_ms = 0;
		return 1;
	}
	if (fatal)
	{
		Log("w%d error: %s; refusing to run", w->index, err);
		pthread_mutex_lock(&shared.lock);
		shared.fatal = shared.stopping = shared.hard_stop = 1;
		pthread_cond_broadcast(&shared.cond);
		pthread_mutex_unlock(&shared.lock);
		return 0;
	}
	{
		int			delay = NextBackoff(&w->backoff_ms);

		Log("w%d error: %s; retrying in %d ms", w->index, err, delay);
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
	long long	now = NowMs();
	char		err[512];
	int			fatal;
	int			rc;

	if (SharedFlag(&shared.hard_stop))
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
			Log("w%d error: %s (submission=%lld, judging on)", w->index, err,
				ts->claim->submission_id);
			return 0;
		}
	}
	rc = queue_extend(w->conn, ts->claim->submission_id, ts->claim->token,
					  w->opt->lease_s, err, sizeof(err));
	if (rc == 1)
	{
		ts->last_extend_ms = now;
		return 0;
	}
	if (rc == 0)
	{
		Log("w%d lease lost submission=%lld token=%lld: abandoning it", w->index,
			ts->claim->submission_id, ts->claim->token);
		ts->lost = 1;
		return 1;
	}
	Log("w%d error: %s (submission=%lld, judging on)", w->index, err,
		ts->claim->submission_id);
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
			if (SharedFlag(&shared.hard_stop))
			{
				Log("w%d gave up %s submission=%lld: no database", w->index,
					json ? "reporting" : "releasing", claim->submission_id);
				return -1;
			}
			continue;
		}
		if (json)
			rc = queue_report(w->conn, claim->submission_id, claim->token, json,
							  err, sizeof(err));
		else
			rc = queue_release(w->conn, claim->submission_id, claim->token, failed,
							   err, sizeof(err));
		if (rc >= 0)
			return rc;
		Log("w%d error: %s (submission=%lld)", w->index, err, claim->submission_id);
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
		Log("w%d release submission=%lld failed=%s reason=%s", w->index,
			claim->submission_id, failed ? "true" : "false", why);
	else if (rc == 0)
		Log("w%d release submission=%lld refused: token %lld is stale", w->index,
			claim->submission_id, claim->token);
}

/* Judges one claimed submission and reports (or releases) it. */
static void
JudgeClaim(Worker *w, QueueClaim *claim)
{
	JudgeResult res;
	TickState	ts;
	char		err[512];
	long long	start = NowMs();
	int			rc;

	claim->job.worker = w->slot;
	Log("w%d claim submission=%lld token=%lld attempt=%d language=%s tests=%d",
		w->index, claim->submission_id, claim->token, claim->attempt,
		claim->job.language, claim->job.ntests);
	memset(&res, 0, sizeof(res));
	memset(&ts, 0, sizeof(ts));
	ts.w = w;
	ts.claim = claim;
	ts.last_extend_ms = start;
	err[0] = '\0';
	rc = judge_run(&claim->job, &res, Tick, &ts, err, sizeof(err));
	if (rc == 0)
	{
		char	   *json = judge_result_json(&res, w->name);

		if (json == NULL)
		{
			Log("w%d error: judge_result_json failed (submission=%lld)", w->index,
				claim->submission_id);
			Release(w, claim, 1, "internal");
		}
		else
		{
			rc = Deliver(w, claim, json, 0);
			if (rc == 1)
				Log("w%d verdict submission=%lld verdict=%s failed_at=%d time_ms=%d "
					"memory_kb=%d elapsed_ms=%lld", w->index, claim->submission_id,
					res.verdict, res.failed_at, res.time_ms, res.memory_kb,
					NowMs() - start);
			else if (rc == 0)
				Log("w%d verdict submission=%lld discarded: token %lld is stale",
					w->index, claim->submission_id, claim->token);
			else if (rc == -2)
				Release(w, claim, 1, "report refused");
			free(json);
		}
	}
	else if (rc == -2 && ts.lost)
	{
		/* another judge holds it now */
	}
	else if (rc == -2)
		Release(w, claim, 0, "shutdown");
	else
	{
		Log("w%d error: sandbox failure (submission=%lld): %s", w->index,
			claim->submission_id, err[0] ? err : "unknown");
		Release(w, claim, 1, "sandbox failure");
	}
	judge_result_free(&res);
}

/* A worker thread: sweep the queue whenever woken, until told to stop. */
static void *
WorkerMain(void *arg)
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
		if (SharedFlag(&shared.stopping))
			break;
		need_sweep = 1;
		if (!WorkerConnect(w, 0))
			continue;
		need_sweep = 0;
		/* claim until the queue is empty */
		while (!SharedFlag(&shared.stopping))
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
				Log("w%d error: %s", w->index, err);
				Release(w, &claim, 1, "malformed claim");
			}
			else if (rc < 0)
			{
				Log("w%d error: %s", w->index, err);
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

/* Handles the signals waiting in the pipe: the first stops, the second hard-stops. */
static void
DrainSignals(void)
{
	unsigned char sigs[16];
	ssize_t		n;

	while ((n = read(signal_pipe[0], sigs, sizeof(sigs))) > 0)
	{
		for (ssize_t i = 0; i < n; i++)
		{
			pthread_mutex_lock(&shared.lock);
			if (!shared.stopping)
			{
				shared.stopping = 1;
				Log("signal %s: stopping; finishing held submissions", strsignal(sigs[i]));
			}
			else if (!shared.hard_stop)
			{
				shared.hard_stop = 1;
				Log("signal %s again: abandoning held submissions", strsignal(sigs[i]));
			}
			pthread_cond_broadcast(&shared.cond);
			pthread_mutex_unlock(&shared.lock);
		}
	}
}

/* Waits up to ms for a signal; returns 1 when stopping. */
static int
WaitSignal(int ms)
{
	struct pollfd pfd = {.fd = signal_pipe[0],.events = POLLIN};

	if (poll(&pfd, 1, ms) < 0 && errno != EINTR)
		Log("error: poll: %s", strerror(errno));
	DrainSignals();
	return SharedFlag(&shared.stopping);
}

/* Opens the listener: connect (with backoff), LISTEN. NULL when stopping. */
static PGconn *
ListenerConnect(const Options *opt, int *backoff_ms)
{
	char		err[512];
	int			fatal;

	for (;;)
	{
		PGconn	   *conn = queue_connect(opt->conninfo, "interview-judge/listener",
										 &fatal, err, sizeof(err));

		if (conn && queue_listen(conn, err, sizeof(err)) == 0)
		{
			*backoff_ms = 0;
			return conn;
		}
		if (conn)
			PQfinish(conn);
		if (fatal)
		{
			Log("error: %s; refusing to run", err);
			pthread_mutex_lock(&shared.lock);
			shared.fatal = shared.stopping = shared.hard_stop = 1;
			pthread_mutex_unlock(&shared.lock);
			return NULL;
		}
		{
			int			delay = NextBackoff(backoff_ms);

			Log("listener error: %s; retrying in %d ms", err, delay);
			if (WaitSignal(delay))
				return NULL;
		}
	}
}

/* Records the version of every language this judge runs. */
static void
RecordLanguageVersions(PGconn *conn)
{
	char		err[512];

	for (size_t i = 0; i < sizeof(languages) / sizeof(languages[0]); i++)
	{
		const char *version = judge_language_version(languages[i]);
		int			rc;

		if (version == NULL || version[0] == '\0')
		{
			Log("language %s: version unknown", languages[i]);
			continue;
		}
		rc = queue_set_language_version(conn, languages[i], version, err, sizeof(err));
		if (rc < 0)
			Log("error: %s", err);
		else
			Log("language %s version=\"%s\"%s", languages[i], version,
				rc == 0 ? " (not in the language table)" : "");
	}
}

/* Prints usage to f. */
static void
Usage(FILE *f)
{
	fprintf(f,
			"Usage: interview-judge [OPTION]...\n"
			"Judges the submissions queued in the interview database.\n\n"
			"  --db CONNINFO       libpq connection string (default: $INTERVIEW_DB,\n"
			"                      else libpq's PG* variables); the login role must\n"
			"                      be a member of " QUEUE_ROLE "\n"
			"  --workers N         judge N submissions at once (default: number of cores)\n"
			"  --lease SECONDS     lease per claimed submission, renewed every third\n"
			"                      (default 30)\n"
			"  --first-worker N    first sandbox slot to try (default 0); each worker\n"
			"                      takes the first free slot from N on, host-wide (a\n"
			"                      lock in /run/interview-judge), as uid 64000 + slot\n"
			"  --box-root DIR      where the sandbox boxes live\n"
			"                      (default /var/lib/interview-judge)\n"
			"  --help              show this help and exit\n"
			"  --version           show the version and exit\n\n"
			"SIGTERM or SIGINT: stop claiming, finish held submissions, exit 0.\n"
			"A second signal abandons held submissions.\n");
}

/* Parses a positive int option within [lo, hi]; exits on error. */
static int
ParseInt(const char *name, const char *s, int lo, int hi)
{
	char	   *end;
	long		v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
	{
		fprintf(stderr, "interview-judge: --%s must be an integer from %d to %d\n", name, lo, hi);
		exit(2);
	}
	return (int) v;
}

/* Fills opt from argv; exits on --help, --version and errors. */
static void
ParseOptions(int argc, char **argv, Options *opt)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"workers", required_argument, NULL, 'w'},
		{"lease", required_argument, NULL, 'l'},
		{"first-worker", required_argument, NULL, 'f'},
		{"box-root", required_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0}
	};
	long		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int			c;

	opt->conninfo = getenv("INTERVIEW_DB");
	opt->workers = ncpu > 0 ? (int) ncpu : 1;
	opt->lease_s = 30;
	opt->first_worker = 0;
	opt->box_root = NULL;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
	{
		switch (c)
		{
			case 'd':
				opt->conninfo = optarg;
				break;
			case 'w':
				opt->workers = ParseInt("workers", optarg, 1, 256);
				break;
			case 'l':
				opt->lease_s = ParseInt("lease", optarg, 1, 86400);
				break;
			case 'f':
				opt->first_worker = ParseInt("first-worker", optarg, 0, 1000);
				break;
			case 'b':
				opt->box_root = optarg;
				break;
			case 'h':
				Usage(stdout);
				exit(0);
			case 'V':
				printf("interview-judge " JUDGE_VERSION "\n");
				exit(0);
			default:
				Usage(stderr);
				exit(2);
		}
	}
	if (opt->first_worker + opt->workers > 1000)
	{
		fprintf(stderr, "interview-judge: --first-worker + --workers must be at most 1000\n");
		exit(2);
	}
	if (optind < argc)
	{
		fprintf(stderr, "interview-judge: unexpected argument \"%s\"\n", argv[optind]);
		exit(2);
	}
}

/* Installs the signal handlers that feed the signal pipe. */
static int
SetupSignals(void)
{
	struct sigaction sa;

	if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
	{
		Log("error: pipe2: %s", strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = OnSignal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0)
	{
		Log("error: sigaction: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Starts the worker threads; returns how many started. */
static int
StartWorkers(Worker *workers, const Options *opt)
{
	char		host[HOST_NAME_MAX + 1],
				err[512];
	int			started = 0;

	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	for (int i = 0; i < opt->workers; i++)
	{
		Worker	   *w = &workers[i];
		int			rc;

		w->index = i;
		w->opt = opt;
		w->slot_fd = judge_slot_acquire(i == 0 ? opt->first_worker : workers[i - 1].slot + 1,
										&w->slot, err, sizeof(err));
		if (w->slot_fd < 0)
		{
			Log("error: w%d: %s", i, err);
			break;
		}
		Log("w%d sandbox slot=%d uid=%d", i, w->slot, judge_slot_uid(w->slot));
		snprintf(w->name, sizeof(w->name), "%s:%d/%d", host, (int) getpid(), i);
		snprintf(w->appname, sizeof(w->appname), "interview-judge/w%d", i);
		pthread_mutex_lock(&shared.lock);
		shared.running++;
		pthread_mutex_unlock(&shared.lock);
		rc = pthread_create(&w->thread, NULL, WorkerMain, w);
		if (rc != 0)
		{
			Log("error: pthread_create: %s", strerror(rc));
			judge_slot_release(w->slot_fd);
			pthread_mutex_lock(&shared.lock);
			shared.running--;
			pthread_mutex_unlock(&shared.lock);
			break;
		}
		started++;
	}
	return started;
}

int
main(int argc, char **argv)
{
	Options		opt;
	Worker	   *workers;
	PGconn	   *listener;
	pthread_condattr_t cattr;
	char		err[512];
	int			backoff_ms = 0;
	int			started;
	long long	next_sweep;

	ParseOptions(argc, argv, &opt);
	srand((unsigned) getpid());
	if (pthread_condattr_init(&cattr) != 0 ||
		pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC) != 0 ||
		pthread_cond_init(&shared.cond, &cattr) != 0)
	{
		Log("error: pthread_cond_init failed");
		return 1;
	}
	if (SetupSignals() != 0)
		return 1;
	err[0] = '\0';
	if (opt.box_root)
		judge_set_box_root(opt.box_root);
	if (judge_init(err, sizeof(err)) != 0)
	{
		Log("error: judge_init: %s", err);
		return 1;
	}
	Log("starting: workers=%d lease=%ds", opt.workers, opt.lease_s);
	listener = ListenerConnect(&opt, &backoff_ms);
	if (listener == NULL)
		return shared.fatal ? 1 : 0;
	Log("listening on channel " QUEUE_CHANNEL);
	RecordLanguageVersions(listener);
	workers = calloc((size_t) opt.workers, sizeof(Worker));
	if (workers == NULL)
	{
		Log("error: calloc: out of memory for %d workers", opt.workers);
		PQfinish(listener);
		return 1;
	}
	started = StartWorkers(workers, &opt);
	if (started == 0)
	{
		PQfinish(listener);
		return 1;
	}
	next_sweep = NowMs() + SWEEP_INTERVAL_MS;
	while (!SharedFlag(&shared.stopping))
	{
		struct pollfd pfd[2];
		long long	wait_ms;
		int			n;

		if (listener != NULL && PQstatus(listener) != CONNECTION_OK)
		{
			Log("listener error: connection lost; reconnecting");
			PQfinish(listener);
			listener = NULL;
		}
		if (listener == NULL)
		{
			listener = ListenerConnect(&opt, &backoff_ms);
			if (listener == NULL)
				break;
			Log("listening on channel " QUEUE_CHANNEL " (reconnected)");
			WakeWorkers();
			next_sweep = NowMs() + SWEEP_INTERVAL_MS;
		}
		wait_ms = next_sweep - NowMs();
		if (wait_ms < 0)
			wait_ms = 0;
		pfd[0].fd = signal_pipe[0];
		pfd[0].events = POLLIN;
		pfd[1].fd = PQsocket(listener);
		pfd[1].events = POLLIN;
		n = poll(pfd, 2, (int) wait_ms);
		if (n < 0 && errno != EINTR)
			Log("error: poll: %s", strerror(errno));
		if (n > 0 && pfd[0].revents)
			DrainSignals();
		if (n > 0 && pfd[1].revents)
		{
			int			notes = queue_drain_notifies(listener, err, sizeof(err));

			if (notes < 0)
			{
				Log("listener error: %s; reconnecting", err);
				PQfinish(listener);
				listener = NULL;
				continue;
			}
			if (notes > 0)
				WakeWorkers();
		}
		if (NowMs() >= next_sweep)
		{
			WakeWorkers();
			next_sweep = NowMs() + SWEEP_INTERVAL_MS;
		}
	}
	if (listener)
		PQfinish(listener);
	/* keep reading signals (a second one hard-stops) until the workers are done */
	while (SharedFlag(&shared.running) > 0)
		WaitSignal(200);
	for (int i = 0; i < started; i++)
	{
		int			rc = pthread_join(workers[i].thread, NULL);

		if (rc != 0)
			Log("error: pthread_join: %s", strerror(rc));
		judge_slot_release(workers[i].slot_fd);
	}
	free(workers);
	Log("stopped");
	return shared.fatal ? 1 : 0;
}
