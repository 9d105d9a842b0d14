/*
 * queue.h
 *	  The judge's side of the database queue (libpq): connecting as the
 *	  judge role, LISTEN on the judge channel, and the calls
 *	  claim_run / claim_submission (runs first), extend_lease,
 *	  report_verdict, release_submission and their run counterparts
 *	  (extend_run_lease, report_run, release_run), set_language_version.
 *
 * Every call runs one autocommit statement, so no connection is ever left
 * inside a transaction. Return codes: 1 true (or claimed), 0 false (or
 * nothing to claim), -1 the connection is unusable (close it and reconnect),
 * -2 the server refused the statement (the connection is fine; retrying the
 * same call would fail the same way).
 * Error text goes to a caller-supplied buffer. A PGconn is used by one
 * thread at a time; the functions keep no state of their own.
 */
#ifndef JUDGE_QUEUE_H
#define JUDGE_QUEUE_H

#include <stddef.h>
#include <libpq-fe.h>

#include "judge.h"

/* The channel submit_task notifies and the role the daemon acts as. */
#define QUEUE_CHANNEL	"interview_judge"
#define QUEUE_ROLE		"interview_judge"

/* What a claim holds. */
typedef enum QueueKind
{
	QUEUE_SUBMISSION,			/* judged against the problem's tests */
	QUEUE_RUN					/* run once on the candidate's own input */
} QueueKind;

/*
 * A claimed submission or run. job (and its tests, the run's input) borrows
 * strings from the parsed claim document; queue_claim_free releases both.
 */
typedef struct QueueClaim
{
	QueueKind	kind;
	long long	id;				/* submission or run id */
	long long	token;
	int			attempt;
	JudgeJob	job;
	JudgeTest  *tests;
	const char *input;			/* QUEUE_RUN: the input, borrowed */
	size_t		input_len;
	char	   *signature;		/* function problems: the signature's JSON (malloc'd), else NULL */
	void	   *doc;			/* json_t *, owned */
} QueueClaim;

/* "submission" or "run", for logs. */
extern const char *queue_kind_name(QueueKind kind);

/*
 * Connects with conninfo (NULL or "": libpq's PG* variables), names the
 * session appname and does SET ROLE interview_judge. Returns the
 * connection, or NULL with *fatal = 1 when the server refused the role
 * (the daemon must not run) and *fatal = 0 when the server is unreachable.
 */
extern PGconn *queue_connect(const char *conninfo, const char *appname,
							 int *fatal, char *err, size_t errlen);

/* LISTEN on the judge channel; 0 ok, -1 error. */
extern int	queue_listen(PGconn *conn, char *err, size_t errlen);

/*
 * Reads what the server sent on a listening connection and drains its
 * notifications. Returns how many arrived (>= 0), or -1 when the
 * connection is lost.
 */
extern int	queue_drain_notifies(PGconn *conn, char *err, size_t errlen);

/*
 * claim_run(worker, lease), then claim_submission when no run waits: 1
 * claimed (fills *claim), 0 none, -1/-2 failure, -3 claimed but malformed
 * (kind, id and token are set: release it as a failure). Call
 * queue_claim_free afterwards in every case.
 */
extern int	queue_claim(PGconn *conn, const char *worker, int lease_s,
						QueueClaim *claim, char *err, size_t errlen);

/* Frees what queue_claim allocated; safe on a zeroed claim. */
extern void queue_claim_free(QueueClaim *claim);

/* extend_lease / extend_run_lease: 1 extended, 0 the token is stale, -1 error. */
extern int	queue_extend(PGconn *conn, const QueueClaim *claim, int lease_s,
						 char *err, size_t errlen);

/* report_verdict / report_run with the result JSON: 1 recorded, 0 stale token, -1 error. */
extern int	queue_report(PGconn *conn, const QueueClaim *claim, const char *result_json,
						 char *err, size_t errlen);

/* release_submission / release_run: 1 released, 0 stale token, -1 error. */
extern int	queue_release(PGconn *conn, const QueueClaim *claim, int failed,
						  char *err, size_t errlen);

/* set_language_version: 1 recorded, 0 unknown language, -1 error. */
extern int	queue_set_language_version(PGconn *conn, const char *language,
									   const char *version, char *err, size_t errlen);

/* set_language_driver with the driver's starter keys (JSON): 1 recorded, 0 unknown language, -1 error. */
extern int	queue_set_language_driver(PGconn *conn, const char *language,
									  const char *starter_json, char *err, size_t errlen);

#endif							/* JUDGE_QUEUE_H */
