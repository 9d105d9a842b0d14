/*
 * worker.h
 *	  What main.c and worker.c share: options, the worker threads, the
 *	  shared stop flags, the log.  Not for the judging core (judge.h).
 *
 * Locking: every field of `shared` is read and written under shared.lock
 * (shared_flag() reads one); shared.cond (CLOCK_MONOTONIC) wakes workers.
 * A Worker belongs to its thread once started.
 */
#ifndef JUDGE_WORKER_H
#define JUDGE_WORKER_H

#include <pthread.h>
#include <libpq-fe.h>

#define SWEEP_INTERVAL_MS	2000

/* Command-line options. */
typedef struct Options
{
	const char *conninfo;		/* NULL: libpq's PG* variables */
	int			workers;
	int			lease_s;
	int			first_worker;	/* first sandbox slot to try (slots are taken host-wide) */
	const char *box_root;		/* NULL: the sandbox's default */
	const char *languages;		/* NULL: the default language file */
	int			recheck;		/* check every language, ignoring earlier checks */
	const char *drivers;		/* NULL: the default drivers directory */
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

extern Shared shared;

/* Writes one timestamped line to stderr (one event, one line). */
void		judge_log(const char *fmt,...) __attribute__((format(printf, 1, 2)));

/* Milliseconds on the monotonic clock. */
long long	now_ms(void);

/* Reads a flag of shared under its lock. */
int			shared_flag(const int *flag);

/* The next backoff delay: doubles up to the cap, with a little jitter. */
int			next_backoff(int *backoff_ms);

/* A worker thread: sweeps the queue whenever woken, until told to stop. */
void	   *worker_main(void *arg);

#endif							/* JUDGE_WORKER_H */
