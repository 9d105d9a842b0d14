/*
 * main.c
 *	  interview-judge: the judge daemon. Connects to the interview database
 *	  as the judge role, LISTENs on the judge channel and lets N worker
 *	  threads (worker.c) claim, judge (the sandbox) and report runs and
 *	  submissions.
 *
 * Threads and ownership:
 *	- The main thread owns the listener connection (LISTEN only, never in a
 *	  transaction) and the signal pipe. It wakes the workers when a
 *	  notification arrives, after every (re)connect and every 2 s, since
 *	  notifications sent while nobody listened are lost and leases expire.
 *	- Each worker thread owns its own connection and the run or submission
 *	  it holds; it claims until the queue is empty, then waits to be woken.
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

#include "funcs.h"
#include "judge.h"
#include "langcheck.h"
#include "queue.h"
#include "worker.h"

#define JUDGE_VERSION		"1.0"

static int	signal_pipe[2] = {-1, -1};

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
				judge_log("signal %s: stopping; finishing held submissions", strsignal(sigs[i]));
			}
			else if (!shared.hard_stop)
			{
				shared.hard_stop = 1;
				judge_log("signal %s again: abandoning held submissions", strsignal(sigs[i]));
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
		judge_log("error: poll: %s", strerror(errno));
	DrainSignals();
	return shared_flag(&shared.stopping);
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
			judge_log("error: %s; refusing to run", err);
			pthread_mutex_lock(&shared.lock);
			shared.fatal = shared.stopping = shared.hard_stop = 1;
			pthread_mutex_unlock(&shared.lock);
			return NULL;
		}
		{
			int			delay = next_backoff(backoff_ms);

			judge_log("listener error: %s; retrying in %d ms", err, delay);
			if (WaitSignal(delay))
				return NULL;
		}
	}
}

/* Registers how each language with a driver spells signatures (starter code). */
static void
RecordLanguageDrivers(PGconn *conn)
{
	char		err[512];
	int			n;
	const char *const *langs = funcs_languages(&n);

	for (int i = 0; i < n; i++)
	{
		char	   *starter = funcs_starter_json(funcs_driver(langs[i]));
		int			rc;

		if (starter == NULL)
		{
			judge_log("error: language %s: out of memory for its driver", langs[i]);
			continue;
		}
		rc = queue_set_language_driver(conn, langs[i], starter, err, sizeof(err));
		free(starter);
		if (rc < 0)
			judge_log("error: %s", err);
		else if (rc == 0)
			judge_log("language %s: driver not registered (not in the language table)", langs[i]);
	}
	judge_log("function problems: %d drivers registered from %s", n, funcs_dir());
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
			"  --drivers DIR       function-problem drivers (default: drivers/ beside\n"
			"                      the binary, else /etc/interview-judge/drivers)\n"
			"  --languages FILE    the language file\n"
			"                      (default /etc/interview-judge/languages.conf)\n"
			"  --recheck-languages check every language at start, even one whose\n"
			"                      entry and version passed a check before\n"
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
		{"languages", required_argument, NULL, 'L'},
		{"recheck-languages", no_argument, NULL, 'R'},
		{"drivers", required_argument, NULL, 'D'},
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
	opt->languages = NULL;
	opt->recheck = 0;
	opt->drivers = NULL;
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
			case 'L':
				opt->languages = optarg;
				break;
			case 'R':
				opt->recheck = 1;
				break;
			case 'D':
				opt->drivers = optarg;
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
		judge_log("error: pipe2: %s", strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = OnSignal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0)
	{
		judge_log("error: sigaction: %s", strerror(errno));
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
			judge_log("error: w%d: %s", i, err);
			break;
		}
		judge_log("w%d sandbox slot=%d uid=%d", i, w->slot, judge_slot_uid(w->slot));
		snprintf(w->name, sizeof(w->name), "%s:%d/%d", host, (int) getpid(), i);
		snprintf(w->appname, sizeof(w->appname), "interview-judge/w%d", i);
		pthread_mutex_lock(&shared.lock);
		shared.running++;
		pthread_mutex_unlock(&shared.lock);
		rc = pthread_create(&w->thread, NULL, worker_main, w);
		if (rc != 0)
		{
			judge_log("error: pthread_create: %s", strerror(rc));
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
		judge_log("error: pthread_cond_init failed");
		return 1;
	}
	if (SetupSignals() != 0)
		return 1;
	err[0] = '\0';
	if (opt.box_root)
		judge_set_box_root(opt.box_root);
	if (opt.languages)
		judge_set_languages_file(opt.languages);
	if (opt.drivers)
		judge_set_drivers_dir(opt.drivers);
	if (judge_init(err, sizeof(err)) != 0)
	{
		judge_log("error: judge_init: %s", err);
		return 1;
	}
	if (langcheck_run(opt.first_worker, opt.workers, !opt.recheck, err, sizeof(err)) != 0)
	{
		judge_log("error: language check: %s", err);
		return 1;
	}
	judge_log("starting: workers=%d lease=%ds", opt.workers, opt.lease_s);
	listener = ListenerConnect(&opt, &backoff_ms);
	if (listener == NULL)
		return shared.fatal ? 1 : 0;
	judge_log("listening on channel " QUEUE_CHANNEL);
	langcheck_register(listener, judge_log);
	RecordLanguageDrivers(listener);
	workers = calloc((size_t) opt.workers, sizeof(Worker));
	if (workers == NULL)
	{
		judge_log("error: calloc: out of memory for %d workers", opt.workers);
		PQfinish(listener);
		return 1;
	}
	started = StartWorkers(workers, &opt);
	if (started == 0)
	{
		PQfinish(listener);
		return 1;
	}
	next_sweep = now_ms() + SWEEP_INTERVAL_MS;
	while (!shared_flag(&shared.stopping))
	{
		struct pollfd pfd[2];
		long long	wait_ms;
		int			n;

		if (listener != NULL && PQstatus(listener) != CONNECTION_OK)
		{
			judge_log("listener error: connection lost; reconnecting");
			PQfinish(listener);
			listener = NULL;
		}
		if (listener == NULL)
		{
			listener = ListenerConnect(&opt, &backoff_ms);
			if (listener == NULL)
				break;
			judge_log("listening on channel " QUEUE_CHANNEL " (reconnected)");
			WakeWorkers();
			next_sweep = now_ms() + SWEEP_INTERVAL_MS;
		}
		wait_ms = next_sweep - now_ms();
		if (wait_ms < 0)
			wait_ms = 0;
		pfd[0].fd = signal_pipe[0];
		pfd[0].events = POLLIN;
		pfd[1].fd = PQsocket(listener);
		pfd[1].events = POLLIN;
		n = poll(pfd, 2, (int) wait_ms);
		if (n < 0 && errno != EINTR)
			judge_log("error: poll: %s", strerror(errno));
		if (n > 0 && pfd[0].revents)
			DrainSignals();
		if (n > 0 && pfd[1].revents)
		{
			int			notes = queue_drain_notifies(listener, err, sizeof(err));

			if (notes < 0)
			{
				judge_log("listener error: %s; reconnecting", err);
				PQfinish(listener);
				listener = NULL;
				continue;
			}
			if (notes > 0)
				WakeWorkers();
		}
		if (now_ms() >= next_sweep)
		{
			WakeWorkers();
			next_sweep = now_ms() + SWEEP_INTERVAL_MS;
		}
	}
	if (listener)
		PQfinish(listener);
	/* keep reading signals (a second one hard-stops) until the workers are done */
	while (shared_flag(&shared.running) > 0)
		WaitSignal(200);
	for (int i = 0; i < started; i++)
	{
		int			rc = pthread_join(workers[i].thread, NULL);

		if (rc != 0)
			judge_log("error: pthread_join: %s", strerror(rc));
		judge_slot_release(workers[i].slot_fd);
	}
	free(workers);
	judge_log("stopped");
	return shared.fatal ? 1 : 0;
}
