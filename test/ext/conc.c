/*
 * conc.c
 *	  Concurrency tests of the interview extension, in TAP: what one pgTAP
 *	  transaction cannot show. Several libpq connections are held open at
 *	  once so that their transactions really overlap:
 *	  - two start_interview calls for one account: exactly one succeeds,
 *	    the other waits on the account lock and then gets IV001;
 *	  - two judges claiming at once never get the same submission;
 *	  - a LISTENing connection gets the submission id when submit_task
 *	    commits, and nothing when it rolls back;
 *	  - the acting identity never outlives its transaction.
 *
 * Setup (accounts, tokens, a company with problems) is done by run.sh; the
 * tokens are read from table ext_token. Connection parameters come from the
 * PG* variables. Every wait is bounded (poll() with a timeout).
 *
 * Ownership: results are cleared where they are read; strings returned by
 * the helpers are malloc'd and freed by the caller.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

/* Longest wait for a result that should arrive, in milliseconds. */
#define WAIT_MS 10000
/* How long something that should not happen is waited for. */
#define QUIET_MS 700
/* Submissions queued for the claim tests. */
#define NSUB 40
/* Rounds of the simultaneous start test. */
#define START_ROUNDS 10

static int	ntests = 0;
static int	nfailed = 0;

/* Prints one TAP result line; returns cond. */
static int
ok(int cond, const char *fmt,...)
{
	va_list		ap;

	ntests++;
	if (!cond)
		nfailed++;
	printf("%sok %d - ", cond ? "" : "not ", ntests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

/* Stops the whole test run (TAP "Bail out!"). */
static void
bail(const char *fmt,...)
{
	va_list		ap;

	printf("Bail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(2);
}

/* Milliseconds on the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		bail("clock_gettime: %s", strerror(errno));
	return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether s is not NULL and begins with prefix. */
static int
starts_with(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A new connection from the PG* variables; bails out on failure. */
static PGconn *
connect_db(void)
{
	PGconn	   *c = PQconnectdb("");

	if (PQstatus(c) != CONNECTION_OK)
		bail("PQconnectdb: %s", PQerrorMessage(c));
	return c;
}

/* Runs sql and returns the first value (malloc'd) or NULL; bails out on error. */
static char *
value(PGconn *c, const char *sql)
{
	PGresult   *r = PQexec(c, sql);
	char	   *v = NULL;
	ExecStatusType st = PQresultStatus(r);

	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
	{
		fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
		PQclear(r);
		bail("statement failed: %s", sql);
	}
	if (st == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
	{
		v = strdup(PQgetvalue(r, 0, 0));
		if (v == NULL)
			bail("strdup: out of memory");
	}
	PQclear(r);
	return v;
}

/* Runs sql, ignoring its value; bails out on error. */
static void
run(PGconn *c, const char *sql)
{
	free(value(c, sql));
}

/* Runs sql and returns its value as a number (0 when null). */
static long long
number(PGconn *c, const char *sql)
{
	char	   *v = value(c, sql);
	long long	n = v ? atoll(v) : 0;

	free(v);
	return n;
}

/* Runs sql with printf-style arguments and returns its value (malloc'd) or NULL. */
static char *
valuef(PGconn *c, const char *fmt,...)
{
	char		sql[2048];
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t) n >= sizeof(sql))
		bail("statement too long: %s", fmt);
	return value(c, sql);
}

/* Runs sql with printf-style arguments and returns its value as a number. */
static long long
numberf(PGconn *c, const char *fmt,...)
{
	char		sql[2048];
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t) n >= sizeof(sql))
		bail("statement too long: %s", fmt);
	return number(c, sql);
}

/* Runs sql with printf-style arguments, ignoring its value. */
static void
runf(PGconn *c, const char *fmt,...)
{
	char		sql[2048];
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t) n >= sizeof(sql))
		bail("statement too long: %s", fmt);
	run(c, sql);
}

/* The outcome of an asynchronous statement. */
typedef struct Outcome
{
	int			done;			/* the result arrived */
	char		sqlstate[6];	/* "" when it succeeded */
	char	   *value;			/* first value (malloc'd) or NULL */
} Outcome;

/* Sends sql without waiting for its result. */
static void
send_query(PGconn *c, const char *sql)
{
	if (!PQsendQuery(c, sql))
		bail("PQsendQuery: %s", PQerrorMessage(c));
}

/*
 * Waits at most ms for the result of the statement sent on c; fills *o.
 * Returns 1 when the result arrived, 0 when the time ran out first.
 */
static int
await(PGconn *c, int ms, Outcome *o)
{
	long long	deadline = now_ms() + ms;
	PGresult   *r;

	memset(o, 0, sizeof(*o));
	for (;;)
	{
		struct pollfd pfd;
		long long	left;
		int			rc;

		if (!PQconsumeInput(c))
			bail("PQconsumeInput: %s", PQerrorMessage(c));
		if (!PQisBusy(c))
			break;
		left = deadline - now_ms();
		if (left <= 0)
			return 0;
		pfd.fd = PQsocket(c);
		pfd.events = POLLIN;
		pfd.revents = 0;
		rc = poll(&pfd, 1, (int) left);
		if (rc < 0 && errno != EINTR)
			bail("poll: %s", strerror(errno));
	}
	while ((r = PQgetResult(c)) != NULL)
	{
		ExecStatusType st = PQresultStatus(r);

		if (st == PGRES_FATAL_ERROR && o->sqlstate[0] == '\0')
		{
			const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);

			snprintf(o->sqlstate, sizeof(o->sqlstate), "%s", s ? s : "?????");
		}
		else if (st == PGRES_TUPLES_OK && o->value == NULL &&
				 PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
		{
			o->value = strdup(PQgetvalue(r, 0, 0));
			if (o->value == NULL)
				bail("strdup: out of memory");
		}
		PQclear(r);
	}
	o->done = 1;
	return 1;
}

/* Waits at most ms for a notification on c; returns "channel:payload" (malloc'd) or NULL. */
static char *
await_notify(PGconn *c, int ms)
{
	long long	deadline = now_ms() + ms;

	for (;;)
	{
		PGnotify   *n;
		struct pollfd pfd;
		long long	left;
		int			rc;

		if (!PQconsumeInput(c))
			bail("PQconsumeInput: %s", PQerrorMessage(c));
		n = PQnotifies(c);
		if (n != NULL)
		{
			size_t		len = strlen(n->relname) + strlen(n->extra) + 2;
			char	   *s = malloc(len);

			if (s == NULL)
				bail("malloc: out of memory");
			snprintf(s, len, "%s:%s", n->relname, n->extra);
			PQfreemem(n);
			return s;
		}
		left = deadline - now_ms();
		if (left <= 0)
			return NULL;
		pfd.fd = PQsocket(c);
		pfd.events = POLLIN;
		pfd.revents = 0;
		rc = poll(&pfd, 1, (int) left);
		if (rc < 0 && errno != EINTR)
			bail("poll: %s", strerror(errno));
	}
}

/* The session token of a test account, read from ext_token (malloc'd). */
static char *
token_of(PGconn *m, const char *name)
{
	char	   *t = valuef(m, "SELECT token FROM ext_token WHERE name = '%s'", name);

	if (t == NULL)
		bail("no token for %s", name);
	return t;
}

/* Unfinished interviews of an account, counted by the superuser connection. */
static long long
unfinished(PGconn *m, const char *name)
{
	char		sql[512];

	snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM interview.interview i JOIN interview.account a "
			 "ON a.id = i.account_id WHERE a.username = '%s' AND i.finished_time IS NULL",
			 name);
	return number(m, sql);
}

/* Finishes the account's unfinished interview, if any, through the API. */
static void
finish_all(PGconn *c, const char *token)
{
	runf(c, "SELECT CASE WHEN interview.current_interview() IS NOT NULL "
		 "THEN interview.finish_interview() END "
		 "FROM (SELECT interview.authenticate('%s')) AS who", token);
}

/* Two start_interview calls for one account, in overlapping transactions. */
static void
test_start_race(PGconn *m)
{
	PGconn	   *a = connect_db();
	PGconn	   *b = connect_db();
	char	   *tok = token_of(m, "ext_c1");
	char	   *pid_b = value(b, "SELECT pg_backend_pid()");
	char	   *wait;
	Outcome		o;
	int			one = 0;
	int			ongoing = 0;

	/* A starts and holds its transaction open; B's start must wait for it. */
	run(a, "BEGIN");
	runf(a, "SELECT interview.authenticate('%s')", tok);
	run(a, "SELECT interview.start_interview()");
	run(b, "BEGIN");
	runf(b, "SELECT interview.authenticate('%s')", tok);
	send_query(b, "SELECT interview.start_interview()");
	ok(!await(b, QUIET_MS, &o), "a second start_interview of the account waits while the first is open");
	/* On a busy machine B may need a moment to reach the lock: poll, bounded. */
	wait = NULL;
	for (long long until = now_ms() + WAIT_MS; now_ms() < until;)
	{
		struct timespec nap = {0, 20 * 1000 * 1000};

		free(wait);
		wait = valuef(m, "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", pid_b);
		if (wait != NULL && strcmp(wait, "Lock") == 0)
			break;
		if (nanosleep(&nap, NULL) != 0 && errno != EINTR)
			bail("nanosleep: %s", strerror(errno));
	}
	ok(wait != NULL && strcmp(wait, "Lock") == 0, "it waits on a lock (wait_event_type %s)",
	   wait ? wait : "null");
	free(wait);
	run(a, "COMMIT");
	ok(await(b, WAIT_MS, &o) && strcmp(o.sqlstate, "IV001") == 0,
	   "after the first commits, the second gets IV001 (got '%s')", o.sqlstate);
	free(o.value);
	run(b, "ROLLBACK");
	ok(unfinished(m, "ext_c1") == 1, "exactly one unfinished interview exists");
	finish_all(a, tok);

	/* When the first rolls back, the waiting one succeeds. */
	run(a, "BEGIN");
	runf(a, "SELECT interview.authenticate('%s')", tok);
	run(a, "SELECT interview.start_interview()");
	run(b, "BEGIN");
	runf(b, "SELECT interview.authenticate('%s')", tok);
	send_query(b, "SELECT interview.start_interview()");
	ok(!await(b, QUIET_MS, &o), "the second start waits again");
	run(a, "ROLLBACK");
	ok(await(b, WAIT_MS, &o) && o.sqlstate[0] == '\0' && o.value != NULL,
	   "after the first rolls back, the second succeeds (got '%s')", o.sqlstate);
	free(o.value);
	run(b, "COMMIT");
	ok(unfinished(m, "ext_c1") == 1, "still exactly one unfinished interview");
	finish_all(a, tok);

	/* Both sent at the same moment, in their own transactions, several times. */
	for (int round = 0; round < START_ROUNDS; round++)
	{
		Outcome		oa;
		Outcome		ob;
		char		sql[512];

		snprintf(sql, sizeof(sql),
				 "SELECT interview.start_interview() "
				 "FROM (SELECT interview.authenticate('%s')) AS who", tok);
		send_query(a, sql);
		send_query(b, sql);
		if (!await(a, WAIT_MS, &oa) || !await(b, WAIT_MS, &ob))
			bail("a start_interview did not return");
		if ((oa.sqlstate[0] == '\0') + (ob.sqlstate[0] == '\0') == 1 &&
			(strcmp(oa.sqlstate, "IV001") == 0 || strcmp(ob.sqlstate, "IV001") == 0))
			one++;
		ongoing += (int) unfinished(m, "ext_c1");
		free(oa.value);
		free(ob.value);
		finish_all(a, tok);
	}
	ok(one == START_ROUNDS, "%d simultaneous pairs: exactly one succeeds, the other gets IV001 (%d of %d)",
	   START_ROUNDS, one, START_ROUNDS);
	ok(ongoing == START_ROUNDS, "never more than one unfinished interview (%d in %d rounds)",
	   ongoing, START_ROUNDS);

	free(pid_b);
	free(tok);
	PQfinish(a);
	PQfinish(b);
}

/* Records a claimed submission id in seen[]; returns 0 when it was seen before. */
static int
record_claim(const char *json, int *seen, long long base, int *count)
{
	const char *p;
	long long	id;

	if (json == NULL)
		return 1;
	p = strstr(json, "\"submission_id\": ");
	if (p == NULL)
		bail("claim without submission_id: %s", json);
	id = atoll(p + strlen("\"submission_id\": "));
	if (id < base || id >= base + NSUB)
		bail("claimed a submission that was not queued by this test: %lld", id);
	(*count)++;
	if (seen[id - base]++)
		return 0;
	return 1;
}

/* Two judges claiming in overlapping transactions, then simultaneously. */
static void
test_claim_race(PGconn *m)
{
	PGconn	   *a = connect_db();
	PGconn	   *b = connect_db();
	int			seen[NSUB];
	int			count = 0;
	int			dup = 0;
	int			waited = 0;
	long long	base;
	int			a_done = 0;
	int			b_done = 0;
	char	   *tok;
	char	   *iv;

	/* NSUB queued submissions on a task of account ext_c2 (superuser setup). */
	tok = token_of(m, "ext_c2");
	finish_all(m, tok);
	iv = valuef(m, "SELECT interview.start_interview() "
				"FROM (SELECT interview.authenticate('%s')) AS who", tok);
	base = numberf(m, "WITH s AS (INSERT INTO interview.submission (task_id, account_id, language, code) "
				  " SELECT t.id, i.account_id, 'c', 'int main(void){return 0;}' "
				  " FROM interview.task t JOIN interview.interview i ON i.id = t.interview_id, "
				  " generate_series(1, %d) WHERE t.interview_id = (SELECT max(id) FROM interview.interview) "
				  " AND t.ordinal = 1 RETURNING id) SELECT min(id) FROM s", NSUB);
	ok(iv != NULL && number(m, "SELECT max(id) FROM interview.interview") == atoll(iv),
	   "the submissions belong to the interview just started");
	free(iv);
	free(tok);
	ok(number(m, "SELECT count(*) FROM interview.submission WHERE status = 'queued'") == NSUB,
	   "%d submissions are queued", NSUB);

	run(a, "SET ROLE interview_judge");
	run(b, "SET ROLE interview_judge");

	/* Overlapping transactions: each keeps every row it claimed locked until the end. */
	memset(seen, 0, sizeof(seen));
	run(a, "BEGIN");
	run(b, "BEGIN");
	while (!a_done || !b_done)
	{
		Outcome		o;

		if (!a_done)
		{
			send_query(a, "SELECT interview.claim_submission('ext:a', '1 minute')");
			if (!await(a, WAIT_MS, &o))
				bail("claim on a did not return");
			if (o.sqlstate[0] != '\0')
				bail("claim on a failed: %s", o.sqlstate);
			a_done = (o.value == NULL);
			dup += !record_claim(o.value, seen, base, &count);
			free(o.value);
		}
		if (!b_done)
		{
			long long	t0 = now_ms();

			send_query(b, "SELECT interview.claim_submission('ext:b', '1 minute')");
			if (!await(b, WAIT_MS, &o))
				bail("claim on b did not return");
			if (o.sqlstate[0] != '\0')
				bail("claim on b failed: %s", o.sqlstate);
			/* Blocking on a's locks would last until a commits, after the loop. */
			if (now_ms() - t0 > WAIT_MS / 2)
				waited++;
			b_done = (o.value == NULL);
			dup += !record_claim(o.value, seen, base, &count);
			free(o.value);
		}
	}
	run(a, "COMMIT");
	run(b, "COMMIT");
	ok(dup == 0, "overlapping transactions: no submission claimed twice (%d duplicates)", dup);
	ok(count == NSUB, "between them they claimed all %d (%d)", NSUB, count);
	ok(waited == 0, "a claimer never waits for the other's locks (SKIP LOCKED)");
	ok(number(m, "SELECT count(DISTINCT worker) FROM interview.submission WHERE status = 'judging'") == 2,
	   "both workers got some");

	/* Simultaneous autocommit claims after putting everything back in the queue. */
	run(m, "UPDATE interview.submission SET status = 'queued', lease_token = NULL, "
		"lease_expires_at = NULL, worker = NULL WHERE status = 'judging'");
	memset(seen, 0, sizeof(seen));
	count = 0;
	dup = 0;
	a_done = b_done = 0;
	while (!a_done || !b_done)
	{
		Outcome		oa;
		Outcome		ob;

		memset(&oa, 0, sizeof(oa));
		memset(&ob, 0, sizeof(ob));
		if (!a_done)
			send_query(a, "SELECT interview.claim_submission('ext:a2')");
		if (!b_done)
			send_query(b, "SELECT interview.claim_submission('ext:b2')");
		if (!a_done)
		{
			if (!await(a, WAIT_MS, &oa) || oa.sqlstate[0] != '\0')
				bail("claim on a failed");
			a_done = (oa.value == NULL);
			dup += !record_claim(oa.value, seen, base, &count);
		}
		if (!b_done)
		{
			if (!await(b, WAIT_MS, &ob) || ob.sqlstate[0] != '\0')
				bail("claim on b failed");
			b_done = (ob.value == NULL);
			dup += !record_claim(ob.value, seen, base, &count);
		}
		free(oa.value);
		free(ob.value);
	}
	ok(dup == 0 && count == NSUB, "simultaneous claims: each of %d claimed exactly once (%d claims, %d duplicates)",
	   NSUB, count, dup);
	ok(number(m, "SELECT count(*) FROM interview.submission WHERE attempts <> 2") == 0,
	   "every submission records exactly two claims, one per round");
	ok(number(m, "SELECT count(DISTINCT lease_token) FROM interview.submission") == NSUB,
	   "and holds a fencing token of its own");

	/* Clean up so that later tests start from an empty queue. */
	run(m, "UPDATE interview.submission SET status = 'judged', verdict = 'AC', lease_token = NULL, "
		"lease_expires_at = NULL WHERE status <> 'judged'");
	PQfinish(a);
	PQfinish(b);
}

/* LISTEN: the id arrives after submit_task commits, nothing after a rollback. */
static void
test_listen(PGconn *m)
{
	PGconn	   *l = connect_db();
	PGconn	   *c = connect_db();
	char	   *tok = token_of(m, "ext_c3");
	char	   *iv;
	char	   *task;
	char	   *sid;
	char	   *n;
	char		want[128];

	run(l, "LISTEN interview_judge");
	run(l, "LISTEN interview_event");
	finish_all(c, tok);
	iv = valuef(c, "SELECT interview.start_interview() FROM (SELECT interview.authenticate('%s')) w",
				tok);
	task = valuef(c, "SELECT id FROM interview.task WHERE ordinal = 1 AND interview_id = %s",
				  iv ? iv : "0");
	n = await_notify(l, WAIT_MS);
	ok(starts_with(n, "interview_event:{\"kind\":\"start\","),
	   "start_interview sends a start event (%s)", n ? n : "nothing");
	free(n);

	run(c, "BEGIN");
	runf(c, "SELECT interview.authenticate('%s')", tok);
	sid = valuef(c, "SELECT interview.submit_task(%s, 'c', 'int main(void){return 0;}')", task);
	n = await_notify(l, QUIET_MS);
	ok(n == NULL, "nothing is delivered before the submitting transaction commits (%s)",
	   n ? n : "nothing");
	free(n);
	run(c, "COMMIT");
	snprintf(want, sizeof(want), "interview_judge:%s", sid);
	n = await_notify(l, WAIT_MS);
	ok(n != NULL && strcmp(n, want) == 0, "after commit the judge channel carries the submission id (%s)",
	   n ? n : "nothing");
	free(n);
	n = await_notify(l, WAIT_MS);
	snprintf(want, sizeof(want), "\"submission_id\":%s,", sid);
	ok(starts_with(n, "interview_event:{\"kind\":\"submit\",") && strstr(n, want) != NULL,
	   "and interview_event a submit event naming it (%s)", n ? n : "nothing");
	free(n);

	run(c, "BEGIN");
	runf(c, "SELECT interview.authenticate('%s')", tok);
	free(valuef(c, "SELECT interview.submit_task(%s, 'c', 'rolled back')", task));
	run(c, "ROLLBACK");
	n = await_notify(l, QUIET_MS * 2);
	ok(n == NULL, "nothing is delivered after a rollback (%s)", n ? n : "nothing");
	free(n);

	/* A submission given back by a judge is announced again. */
	run(c, "SET ROLE interview_judge");
	{
		char	   *tokn = value(c, "SELECT interview.claim_submission('ext:l')->>'token'");

		n = valuef(c, "SELECT interview.release_submission(%s, %s, false)", sid, tokn ? tokn : "0");
		ok(n != NULL && strcmp(n, "t") == 0, "a judge releases the submission");
		free(n);
		free(tokn);
	}
	snprintf(want, sizeof(want), "interview_judge:%s", sid);
	n = await_notify(l, WAIT_MS);
	ok(n != NULL && strcmp(n, want) == 0, "the requeued submission is announced on the judge channel (%s)",
	   n ? n : "nothing");
	free(n);

	/* A verdict is announced on interview_event with the ids the proxy needs. */
	{
		char	   *tokn = value(c, "SELECT interview.claim_submission('ext:l')->>'token'");

		n = valuef(c, "SELECT interview.report_verdict(%s, %s, '{\"verdict\":\"AC\"}')", sid,
				   tokn ? tokn : "0");
		ok(n != NULL && strcmp(n, "t") == 0, "the judge reports a verdict");
		free(n);
		free(tokn);
	}
	n = await_notify(l, WAIT_MS);
	snprintf(want, sizeof(want), "\"submission_id\":%s,\"task_id\":%s,\"interview_id\":%s,", sid, task, iv);
	ok(starts_with(n, "interview_event:{\"kind\":\"verdict\",") && strstr(n, want) != NULL &&
	   strstr(n, "\"verdict\":\"AC\"") != NULL,
	   "the verdict event names the submission, task and interview (%s)", n ? n : "nothing");
	free(n);
	run(c, "RESET ROLE");

	finish_all(c, tok);
	n = await_notify(l, WAIT_MS);
	ok(starts_with(n, "interview_event:{\"kind\":\"finish\","),
	   "finish_interview sends a finish event (%s)", n ? n : "nothing");
	free(n);
	free(iv);
	free(task);
	free(sid);
	free(tok);
	PQfinish(l);
	PQfinish(c);
}

/* The identity set in one transaction is gone in the next one on the same connection. */
static void
test_identity(PGconn *m)
{
	PGconn	   *p = connect_db();
	char	   *tok = token_of(m, "ext_c4");
	char	   *id = valuef(m, "SELECT id FROM interview.account WHERE username = 'ext_c4'");
	char	   *v;
	Outcome		o;

	run(p, "SET ROLE interview_proxy");
	run(p, "BEGIN");
	runf(p, "SELECT interview.authenticate('%s')", tok);
	v = value(p, "SELECT interview.current_account_id()");
	ok(v != NULL && strcmp(v, id) == 0, "inside the transaction the account acts");
	free(v);
	run(p, "SELECT interview.start_interview()");
	run(p, "COMMIT");
	v = value(p, "SELECT interview.current_account_id()");
	ok(v == NULL, "after COMMIT nobody acts on that connection (%s)", v ? v : "null");
	free(v);
	ok(number(p, "SELECT count(*) FROM interview.interview") == 0,
	   "and RLS shows the next transaction none of the account's interviews");
	send_query(p, "SELECT interview.finish_interview()");
	ok(await(p, WAIT_MS, &o) && strcmp(o.sqlstate, "IV009") == 0,
	   "the API refuses the next transaction with IV009 (%s)", o.sqlstate);
	free(o.value);

	run(p, "BEGIN");
	runf(p, "SELECT interview.authenticate('%s')", tok);
	run(p, "ROLLBACK");
	v = value(p, "SELECT interview.current_account_id()");
	ok(v == NULL, "after ROLLBACK nobody acts (%s)", v ? v : "null");
	free(v);

	runf(p, "SELECT interview.authenticate('%s')", tok);
	v = value(p, "SELECT interview.current_account_id()");
	ok(v == NULL, "an authenticate in its own statement does not carry into the next (%s)",
	   v ? v : "null");
	free(v);

	send_query(p, "BEGIN; SELECT interview.authenticate('bogus'); COMMIT");
	ok(await(p, WAIT_MS, &o) && strcmp(o.sqlstate, "IV009") == 0, "a bad token is refused (%s)", o.sqlstate);
	free(o.value);
	run(p, "ROLLBACK");
	v = value(p, "SELECT interview.current_account_id()");
	ok(v == NULL, "and leaves nobody acting");
	free(v);

	finish_all(p, tok);
	free(id);
	free(tok);
	PQfinish(p);
}

/* Runs every test and prints the TAP plan at the end. */
int
main(void)
{
	PGconn	   *m;

	setvbuf(stdout, NULL, _IOLBF, 0);
	m = connect_db();
	test_start_race(m);
	test_claim_race(m);
	test_listen(m);
	test_identity(m);
	PQfinish(m);
	printf("1..%d\n", ntests);
	return nfailed == 0 ? 0 : 1;
}
