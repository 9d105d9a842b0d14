/*
 * queue.c
 *	  libpq client of the extension's judge queue (see queue.h).
 *
 * Statements are schema-qualified and take their values as parameters,
 * never spliced into the text. Each call is a single autocommit statement.
 * A failed call tells apart a lost connection (-1: reconnect and retry)
 * from a statement the server refused while the connection is fine (-2:
 * retrying the same call would fail the same way).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "queue.h"

/* Copies the libpq error of conn (or res) into err, without the newline. */
static void
SetError(char *err, size_t errlen, const char *what, PGconn *conn, const PGresult *res)
{
	const char *msg = res ? PQresultErrorMessage(res) : NULL;
	size_t		n;

	if (msg == NULL || msg[0] == '\0')
		msg = PQerrorMessage(conn);
	if (msg == NULL || msg[0] == '\0')
		msg = "unknown error";
	snprintf(err, errlen, "%s: %s", what, msg);
	n = strlen(err);
	while (n > 0 && (err[n - 1] == '\n' || err[n - 1] == ' '))
		err[--n] = '\0';
}

/* -1 when the failure means the connection is gone, -2 when only the statement failed. */
static int
FailureKind(PGconn *conn, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (PQstatus(conn) != CONNECTION_OK)
		return -1;
	/* connection exceptions and operator intervention (shutdown, terminate) */
	if (state != NULL && (strncmp(state, "08", 2) == 0 || strncmp(state, "57", 2) == 0))
		return -1;
	if (state == NULL)
		return -1;
	return -2;
}

/* Runs a statement returning one boolean: 1 true, 0 false, -1/-2 failure. */
static int
ExecBool(PGconn *conn, const char *what, const char *sql, int nparams,
		 const char *const *values, char *err, size_t errlen)
{
	PGresult   *res;
	int			rc;

	res = PQexecParams(conn, sql, nparams, NULL, values, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
	{
		SetError(err, errlen, what, conn, res);
		rc = FailureKind(conn, res);
		PQclear(res);
		return rc;
	}
	rc = (!PQgetisnull(res, 0, 0) && strcmp(PQgetvalue(res, 0, 0), "t") == 0) ? 1 : 0;
	PQclear(res);
	return rc;
}

PGconn *
queue_connect(const char *conninfo, const char *appname, int *fatal,
			  char *err, size_t errlen)
{
	/* keepalives notice a vanished server; the caller's conninfo may override them */
	const char *keys[9] = {"connect_timeout", "keepalives", "keepalives_idle",
		"keepalives_interval", "keepalives_count", NULL, NULL, NULL, NULL};
	const char *vals[9] = {"5", "1", "10", "5", "3", NULL, NULL, NULL, NULL};
	int			n = 5;
	PGconn	   *conn;
	PGresult   *res;

	*fatal = 0;
	if (conninfo != NULL && conninfo[0] != '\0')
	{
		keys[n] = "dbname";
		vals[n++] = conninfo;
	}
	keys[n] = "application_name";
	vals[n++] = appname;
	conn = PQconnectdbParams(keys, vals, 1);
	if (conn == NULL)
	{
		snprintf(err, errlen, "PQconnectdbParams: out of memory");
		return NULL;
	}
	if (PQstatus(conn) != CONNECTION_OK)
	{
		SetError(err, errlen, "connect", conn, NULL);
		PQfinish(conn);
		return NULL;
	}
	res = PQexec(conn, "SET ROLE " QUEUE_ROLE);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		SetError(err, errlen, "SET ROLE " QUEUE_ROLE, conn, res);
		*fatal = (FailureKind(conn, res) == -2);
		PQclear(res);
		PQfinish(conn);
		return NULL;
	}
	PQclear(res);
	return conn;
}

int
queue_listen(PGconn *conn, char *err, size_t errlen)
{
	PGresult   *res = PQexec(conn, "LISTEN " QUEUE_CHANNEL);

	if (PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		SetError(err, errlen, "LISTEN " QUEUE_CHANNEL, conn, res);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

int
queue_drain_notifies(PGconn *conn, char *err, size_t errlen)
{
	PGnotify   *note;
	int			count = 0;

	if (!PQconsumeInput(conn))
	{
		SetError(err, errlen, "PQconsumeInput", conn, NULL);
		return -1;
	}
	while ((note = PQnotifies(conn)) != NULL)
	{
		count++;
		PQfreemem(note);
	}
	if (PQstatus(conn) != CONNECTION_OK)
	{
		SetError(err, errlen, "listener connection", conn, NULL);
		return -1;
	}
	return count;
}

/* A string member of obj (borrowed), its length in *len; NULL when absent. */
static const char *
GetString(json_t *obj, const char *key, size_t *len)
{
	json_t	   *v = json_object_get(obj, key);	/* borrowed */

	if (!json_is_string(v))
		return NULL;
	if (len)
		*len = json_string_length(v);
	return json_string_value(v);
}

/* A function problem's signature from a claim (kept as JSON text in claim); 0 ok, -1 out of memory. */
static int
GetSignature(json_t *doc, QueueClaim *claim, char *err, size_t errlen)
{
	json_t	   *sig = json_object_get(doc, "signature");	/* borrowed */

	if (!json_is_object(sig))
		return 0;
	claim->signature = json_dumps(sig, JSON_COMPACT);
	if (claim->signature == NULL)
	{
		snprintf(err, errlen, "json_dumps: out of memory for the signature");
		return -1;
	}
	claim->job.signature = claim->signature;
	return 0;
}

/* Fills claim from the claim_submission document; 0 ok, -1 malformed. */
static int
ParseClaim(json_t *doc, QueueClaim *claim, char *err, size_t errlen)
{
	json_t	   *tests = json_object_get(doc, "tests");	/* borrowed */
	size_t		i;

	if (!json_is_object(doc) || !json_is_integer(json_object_get(doc, "submission_id")) ||
		!json_is_integer(json_object_get(doc, "token")) || !json_is_array(tests))
	{
		snprintf(err, errlen, "claim_submission: malformed result");
		return -1;
	}
	claim->id = json_integer_value(json_object_get(doc, "submission_id"));
	claim->token = json_integer_value(json_object_get(doc, "token"));
	claim->attempt = (int) json_integer_value(json_object_get(doc, "attempt"));
	claim->job.submission_id = claim->id;
	claim->job.language = GetString(doc, "language", NULL);
	claim->job.code = GetString(doc, "code", &claim->job.code_len);
	claim->job.time_limit_ms = (int) json_integer_value(json_object_get(doc, "time_limit_ms"));
	claim->job.memory_limit_kb = (int) json_integer_value(json_object_get(doc, "memory_limit_kb"));
	if (claim->job.language == NULL || claim->job.code == NULL ||
		claim->job.time_limit_ms <= 0 || claim->job.memory_limit_kb <= 0)
	{
		snprintf(err, errlen, "claim_submission: submission %lld lacks language, code or limits",
				 claim->id);
		return -1;
	}
	claim->job.stop_at_first_failure = json_is_true(json_object_get(doc, "stop_at_first_failure"));
	claim->job.checker.kind = GetString(doc, "checker", NULL);
	claim->job.checker.problem_id = json_integer_value(json_object_get(doc, "problem_id"));
	claim->job.checker.language = GetString(doc, "checker_language", NULL);
	claim->job.checker.code = GetString(doc, "checker_code", &claim->job.checker.code_len);
	claim->job.checker.hash = GetString(doc, "checker_hash", NULL);
	if (GetSignature(doc, claim, err, errlen) != 0)
		return -1;
	claim->job.ntests = (int) json_array_size(tests);
	claim->tests = calloc(claim->job.ntests > 0 ? claim->job.ntests : 1, sizeof(JudgeTest));
	if (claim->tests == NULL)
	{
		snprintf(err, errlen, "calloc: out of memory for %d tests", claim->job.ntests);
		return -1;
	}
	for (i = 0; i < json_array_size(tests); i++)
	{
		json_t	   *t = json_array_get(tests, i);	/* borrowed */
		JudgeTest  *jt = &claim->tests[i];

		jt->test_case_id = json_integer_value(json_object_get(t, "test_case_id"));
		jt->ordinal = (int) json_integer_value(json_object_get(t, "ordinal"));
		jt->input = GetString(t, "input", &jt->input_len);
		jt->expected = GetString(t, "expected_output", &jt->expected_len);
		jt->is_sample = json_is_true(json_object_get(t, "is_sample"));
		if (jt->input == NULL || jt->expected == NULL)
		{
			snprintf(err, errlen, "claim_submission: test %zu of submission %lld is malformed",
					 i, claim->id);
			return -1;
		}
	}
	claim->job.tests = claim->tests;
	return 0;
}

/* Fills claim from the claim_run document; 0 ok, -1 malformed. */
static int
ParseRun(json_t *doc, QueueClaim *claim, char *err, size_t errlen)
{
	if (!json_is_object(doc) || !json_is_integer(json_object_get(doc, "run_id")) ||
		!json_is_integer(json_object_get(doc, "token")))
	{
		snprintf(err, errlen, "claim_run: malformed result");
		return -1;
	}
	claim->id = json_integer_value(json_object_get(doc, "run_id"));
	claim->token = json_integer_value(json_object_get(doc, "token"));
	claim->attempt = (int) json_integer_value(json_object_get(doc, "attempt"));
	claim->job.submission_id = claim->id;
	claim->job.language = GetString(doc, "language", NULL);
	claim->job.code = GetString(doc, "code", &claim->job.code_len);
	claim->input = GetString(doc, "input", &claim->input_len);
	claim->job.time_limit_ms = (int) json_integer_value(json_object_get(doc, "time_limit_ms"));
	claim->job.memory_limit_kb = (int) json_integer_value(json_object_get(doc, "memory_limit_kb"));
	if (claim->job.language == NULL || claim->job.code == NULL || claim->input == NULL ||
		claim->job.time_limit_ms <= 0 || claim->job.memory_limit_kb <= 0)
	{
		snprintf(err, errlen, "claim_run: run %lld lacks language, code, input or limits", claim->id);
		return -1;
	}
	return GetSignature(doc, claim, err, errlen);
}

/* One claim call (claim_run or claim_submission): 1 claimed, 0 none, -1/-2/-3 as queue_claim. */
static int
ClaimOne(PGconn *conn, QueueKind kind, const char *worker, int lease_s, QueueClaim *claim,
		 char *err, size_t errlen)
{
	const char *fn = kind == QUEUE_RUN ? "claim_run" : "claim_submission";
	char		sql[96];
	char		lease[32];
	const char *values[2] = {worker, lease};
	PGresult   *res;
	json_t	   *doc;
	json_error_t jerr;

	memset(claim, 0, sizeof(*claim));
	claim->kind = kind;
	snprintf(lease, sizeof(lease), "%d seconds", lease_s);
	snprintf(sql, sizeof(sql), "SELECT interview.%s($1, $2::interval)", fn);
	res = PQexecParams(conn, sql, 2, NULL, values, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
	{
		int			rc;

		SetError(err, errlen, fn, conn, res);
		rc = FailureKind(conn, res);
		PQclear(res);
		return rc;
	}
	if (PQgetisnull(res, 0, 0))
	{
		PQclear(res);
		return 0;
	}
	doc = json_loadb(PQgetvalue(res, 0, 0), (size_t) PQgetlength(res, 0, 0), 0, &jerr);
	PQclear(res);
	if (doc == NULL)
	{
		snprintf(err, errlen, "%s: invalid JSON: %s", fn, jerr.text);
		return -2;
	}
	claim->doc = doc;
	if ((kind == QUEUE_RUN ? ParseRun(doc, claim, err, errlen) : ParseClaim(doc, claim, err, errlen)) != 0)
	{
		/* keep the id and token so that the caller can release it */
		free(claim->tests);
		claim->tests = NULL;
		claim->job.tests = NULL;
		return -3;
	}
	return 1;
}

int
queue_claim(PGconn *conn, const char *worker, int lease_s, QueueClaim *claim,
			char *err, size_t errlen)
{
	int			rc = ClaimOne(conn, QUEUE_RUN, worker, lease_s, claim, err, errlen);

	if (rc != 0)
		return rc;
	return ClaimOne(conn, QUEUE_SUBMISSION, worker, lease_s, claim, err, errlen);
}

const char *
queue_kind_name(QueueKind kind)
{
	return kind == QUEUE_RUN ? "run" : "submission";
}

void
queue_claim_free(QueueClaim *claim)
{
	free(claim->tests);
	free(claim->signature);
	if (claim->doc)
		json_decref((json_t *) claim->doc);
	memset(claim, 0, sizeof(*claim));
}

int
queue_extend(PGconn *conn, const QueueClaim *claim, int lease_s, char *err, size_t errlen)
{
	char		sid[32],
				stok[32],
				lease[32];
	const char *values[3] = {sid, stok, lease};
	int			run = claim->kind == QUEUE_RUN;

	snprintf(sid, sizeof(sid), "%lld", claim->id);
	snprintf(stok, sizeof(stok), "%lld", claim->token);
	snprintf(lease, sizeof(lease), "%d seconds", lease_s);
	return ExecBool(conn, run ? "extend_run_lease" : "extend_lease",
					run ? "SELECT interview.extend_run_lease($1::bigint, $2::bigint, $3::interval)"
					: "SELECT interview.extend_lease($1::bigint, $2::bigint, $3::interval)",
					3, values, err, errlen);
}

int
queue_report(PGconn *conn, const QueueClaim *claim, const char *result_json,
			 char *err, size_t errlen)
{
	char		sid[32],
				stok[32];
	const char *values[3] = {sid, stok, result_json};
	int			run = claim->kind == QUEUE_RUN;

	snprintf(sid, sizeof(sid), "%lld", claim->id);
	snprintf(stok, sizeof(stok), "%lld", claim->token);
	return ExecBool(conn, run ? "report_run" : "report_verdict",
					run ? "SELECT interview.report_run($1::bigint, $2::bigint, $3::jsonb)"
					: "SELECT interview.report_verdict($1::bigint, $2::bigint, $3::jsonb)",
					3, values, err, errlen);
}

int
queue_release(PGconn *conn, const QueueClaim *claim, int failed, char *err, size_t errlen)
{
	char		sid[32],
				stok[32];
	const char *values[3] = {sid, stok, failed ? "true" : "false"};
	int			run = claim->kind == QUEUE_RUN;

	snprintf(sid, sizeof(sid), "%lld", claim->id);
	snprintf(stok, sizeof(stok), "%lld", claim->token);
	return ExecBool(conn, run ? "release_run" : "release_submission",
					run ? "SELECT interview.release_run($1::bigint, $2::bigint, $3::boolean)"
					: "SELECT interview.release_submission($1::bigint, $2::bigint, $3::boolean)",
					3, values, err, errlen);
}

int
queue_set_language_version(PGconn *conn, const char *language, const char *version,
						   char *err, size_t errlen)
{
	const char *values[2] = {language, version};

	return ExecBool(conn, "set_language_version",
					"SELECT interview.set_language_version($1, $2)",
					2, values, err, errlen);
}

int
queue_set_language_driver(PGconn *conn, const char *language, const char *starter_json,
						  char *err, size_t errlen)
{
	const char *values[2] = {language, starter_json};

	return ExecBool(conn, "set_language_driver",
					"SELECT interview.set_language_driver($1, $2::jsonb)",
					2, values, err, errlen);
}
