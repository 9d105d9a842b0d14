/*
 * run.c
 *	  Runs: code run once on the candidate's own input before submitting.
 *	  run_code (candidates) and the run queue for judges: claim_run,
 *	  extend_run_lease, report_run, release_run.
 *
 * A run is not a submission: it never counts as an attempt nor gives the
 * task a verdict. Its queue keeps the discipline of submissions (queue.c):
 * FOR UPDATE SKIP LOCKED claims (oldest first), a fresh fencing
 * token per claim, calls with a stale token change nothing and return
 * false, an expired lease counts as a failure when claimed again and the
 * third counted failure ends the run as IE. Judges try claim_run before
 * claim_submission, so a candidate's feedback loop stays short under load.
 *
 * Abuse limits: one unfinished run per account (IV013, with a partial
 * unique index as backstop), interview.run_rate_per_minute runs per
 * account in any minute (IV014), input at most 1 MiB (IV012). For a
 * function problem the input is the JSON array of the arguments, checked
 * against the signature (IV012), and the judge reports the function's
 * return value as the run's result, apart from what the code printed.
 */
#include "interview.h"

#include "catalog/pg_type.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"

PG_FUNCTION_INFO_V1(run_code);
PG_FUNCTION_INFO_V1(claim_run);
PG_FUNCTION_INFO_V1(extend_run_lease);
PG_FUNCTION_INFO_V1(report_run);
PG_FUNCTION_INFO_V1(release_run);

#define IV_MAX_RUN_INPUT		(1024 * 1024)
#define IV_MAX_RUN_OUTPUT		65536
#define IV_RUN_CUT_MARKER		"\n[cut at 64 KiB]\n"

/* GUC interview.run_rate_per_minute. */
static int	run_rate_per_minute = 30;

static SPIPlanPtr plan_lock_account;
static SPIPlanPtr plan_task_state;
static SPIPlanPtr plan_insert;
static SPIPlanPtr plan_expired;
static SPIPlanPtr plan_queued;
static SPIPlanPtr plan_claim;
static SPIPlanPtr plan_mark_ie;
static SPIPlanPtr plan_extend;
static SPIPlanPtr plan_lock_leased;
static SPIPlanPtr plan_done;
static SPIPlanPtr plan_requeue;

/* The verdicts a run may have. */
static const char *const run_verdicts[] = {"OK", "CE", "RE", "TLE", "MLE", "OLE", "IE"};

/* Defines the GUCs of runs (from _PG_init). */
void
RunDefineGucs(void)
{
	DefineCustomIntVariable("interview.run_rate_per_minute",
							"Runs (run_code) an account may start in any minute.",
							"A run_code over the limit fails with IV014 RATE_LIMITED.",
							&run_rate_per_minute,
							30, 1, 100000,
							PGC_SUSET, 0,
							NULL, NULL, NULL);
}

/* Sends the event of a finished run on interview_event. */
static void
NotifyRun(int64 run_id, int64 account_id, const char *verdict)
{
	IvNotify("interview_event",
			 psprintf("{\"kind\":\"run\",\"run_id\":" INT64_FORMAT ",\"account_id\":" INT64_FORMAT
					  ",\"verdict\":\"%s\"}", run_id, account_id, verdict));
}

/* Errors with IV013/IV014 unless the account may start a run now (inside SPI, account locked). */
static void
CheckRunLimits(int64 account_id, int64 task_id, Datum language)
{
	Oid			types[4] = {INT8OID, INT8OID, TEXTOID, INT4OID};
	Datum		values[4] = {Int64GetDatum(task_id), Int64GetDatum(account_id), language,
		Int32GetDatum(run_rate_per_minute)};
	bool		isnull;

	IvSpiExecPlan(&plan_task_state,
				  "SELECT i.id, i.finished_time IS NOT NULL, i.expired_time <= pg_catalog.now(), "
				  "EXISTS (SELECT 1 FROM interview.language l WHERE l.id = $3), "
				  "EXISTS (SELECT 1 FROM interview.run r WHERE r.account_id = $2 "
				  " AND r.status <> 'judged'), "
				  "(SELECT pg_catalog.count(*) FROM interview.run r WHERE r.account_id = $2 "
				  " AND r.created_at > pg_catalog.now() - interval '1 minute') >= $4 "
				  "FROM interview.task t JOIN interview.interview i ON i.id = t.interview_id "
				  "WHERE t.id = $1 AND i.account_id = $2",
				  4, types, values, DatumGetPointer(language) == NULL ? "  n " : NULL, false,
				  SPI_OK_SELECT);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_IV_NOT_YOUR_TASK),
				 errmsg("not your task")));
	if (DatumGetBool(IvSpiValue(0, 2, &isnull)))
		ereport(ERROR,
				(errcode(ERRCODE_IV_NO_INTERVIEW),
				 errmsg("no interview is ongoing")));
	if (DatumGetBool(IvSpiValue(0, 3, &isnull)))
		ereport(ERROR,
				(errcode(ERRCODE_IV_INTERVIEW_EXPIRED),
				 errmsg("interview expired")));
	if (!DatumGetBool(IvSpiValue(0, 4, &isnull)))
		ereport(ERROR,
				(errcode(ERRCODE_IV_UNKNOWN_LANGUAGE),
				 errmsg("unknown language"),
				 errhint("The languages are listed in interview.language.")));
	if (DatumGetBool(IvSpiValue(0, 5, &isnull)))
		ereport(ERROR,
				(errcode(ERRCODE_IV_RUN_PENDING),
				 errmsg("a run is pending"),
				 errdetail("An account has at most one unfinished run; wait for its result.")));
	if (DatumGetBool(IvSpiValue(0, 6, &isnull)))
		ereport(ERROR,
				(errcode(ERRCODE_IV_RATE_LIMITED),
				 errmsg("too many runs"),
				 errdetail("An account may start at most %d runs a minute.", run_rate_per_minute),
				 errhint("Wait a minute before running again.")));
}

/*
 * SQL: interview.run_code(task_id, language, code, input) -> bigint.
 * Checks, in order: the task is the caller's (IV004), its interview is
 * neither finished (IV002) nor expired (IV003), the language exists
 * (IV005), no run of the account is unfinished (IV013), the rate limit
 * (IV014), the code (IV006) and the input (IV012: its size, and for a
 * function problem the argument list of the signature).
 */
Datum
run_code(PG_FUNCTION_ARGS)
{
	int64		account_id = RequireAccount();
	Oid			ltypes[1] = {INT8OID};
	Datum		lvalues[1] = {Int64GetDatum(account_id)};
	Oid			itypes[5] = {INT8OID, INT8OID, TEXTOID, TEXTOID, TEXTOID};
	Datum		ivalues[5];
	int64		run_id;
	int			len;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_IV_NOT_YOUR_TASK),
				 errmsg("not your task")));
	IvSpiConnect();
	IvSpiExecPlan(&plan_lock_account,
				  "SELECT 1 FROM interview.account WHERE id = $1 FOR NO KEY UPDATE",
				  1, ltypes, lvalues, NULL, false, SPI_OK_SELECT);
	CheckRunLimits(account_id, PG_GETARG_INT64(0), PG_ARGISNULL(1) ? (Datum) 0 : PG_GETARG_DATUM(1));
	len = PG_ARGISNULL(2) ? 0 : VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(2));
	if (len == 0 || len > IV_MAX_CODE_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_IV_INVALID_CODE),
				 errmsg("code empty or too large"),
				 errdetail("Code must have 1 to %d bytes.", IV_MAX_CODE_BYTES)));
	if (PG_ARGISNULL(3) || VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(3)) > IV_MAX_RUN_INPUT)
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("input must be a string of at most 1 MiB")));
	IvCheckRunInput(PG_GETARG_INT64(0), text_to_cstring(PG_GETARG_TEXT_PP(3)));

	ivalues[0] = PG_GETARG_DATUM(0);
	ivalues[1] = Int64GetDatum(account_id);
	ivalues[2] = PG_GETARG_DATUM(1);
	ivalues[3] = PG_GETARG_DATUM(2);
	ivalues[4] = PG_GETARG_DATUM(3);
	IvSpiExecPlan(&plan_insert,
				  "INSERT INTO interview.run (task_id, account_id, language, code, input) "
				  "VALUES ($1, $2, $3, $4, $5) RETURNING id",
				  5, itypes, ivalues, NULL, false, SPI_OK_INSERT_RETURNING);
	run_id = IvSpiInt64(0, 1, NULL);
	IvNotify("interview_judge", psprintf("run:" INT64_FORMAT, run_id));
	IvSpiFinish();
	PG_RETURN_INT64(run_id);
}

/* Ends a locked run as judged IE after `failures` counted failures. */
static void
RunInternalError(int64 run_id, int failures)
{
	Oid			types[2] = {INT8OID, INT4OID};
	Datum		values[2] = {Int64GetDatum(run_id), Int32GetDatum(failures)};

	IvSpiExecPlan(&plan_mark_ie,
				  "UPDATE interview.run SET status = 'judged', verdict = 'IE', "
				  "judged_at = pg_catalog.now(), failures = $2, lease_token = NULL, "
				  "lease_expires_at = NULL WHERE id = $1 RETURNING account_id",
				  2, types, values, NULL, false, SPI_OK_UPDATE_RETURNING);
	if (SPI_processed != 1)
		elog(ERROR, "run " INT64_FORMAT " vanished while locked", run_id);
	NotifyRun(run_id, IvSpiInt64(0, 1, NULL), "IE");
}

/*
 * SQL: interview.claim_run(worker text, lease interval) -> jsonb.
 * A run whose lease expired (the lost lease counts as a failure) or else
 * the oldest queued one, with what the judge needs; null when none.
 */
Datum
claim_run(PG_FUNCTION_ARGS)
{
	Datum		lease;
	Datum		result = (Datum) 0;
	bool		found = false;

	RequireJudge();
	IvCheckWorker(fcinfo, 0);
	lease = IvCheckLease(fcinfo, 1);

	IvSpiConnect();
	for (int round = 0; round < 1000 && !found; round++)
	{
		Oid			types[4] = {INT8OID, INTERVALOID, TEXTOID, INT4OID};
		Datum		values[4];
		int64		id;
		int			failures;
		bool		isnull;

		IvSpiExecPlan(&plan_expired,
					  "SELECT id, failures + 1 FROM interview.run "
					  "WHERE status = 'judging' AND lease_expires_at < pg_catalog.now() "
					  "ORDER BY lease_expires_at LIMIT 1 FOR UPDATE SKIP LOCKED",
					  0, NULL, NULL, NULL, false, SPI_OK_SELECT);
		if (SPI_processed == 0)
			IvSpiExecPlan(&plan_queued,
						  "SELECT id, failures FROM interview.run WHERE status = 'queued' "
						  "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
						  0, NULL, NULL, NULL, false, SPI_OK_SELECT);
		if (SPI_processed == 0)
			break;
		id = IvSpiInt64(0, 1, NULL);
		failures = (int) IvSpiInt64(0, 2, NULL);
		if (failures >= IV_MAX_FAILURES)
		{
			RunInternalError(id, failures);
			continue;
		}
		values[0] = Int64GetDatum(id);
		values[1] = lease;
		values[2] = PG_GETARG_DATUM(0);
		values[3] = Int32GetDatum(failures);
		IvSpiExecPlan(&plan_claim,
					  "WITH r AS ("
					  " UPDATE interview.run SET status = 'judging', "
					  " lease_expires_at = pg_catalog.now() + $2, worker = $3, "
					  " attempts = attempts + 1, failures = $4, "
					  " lease_token = pg_catalog.nextval('interview.lease_token_seq') "
					  " WHERE id = $1 "
					  " RETURNING id, task_id, lease_token, attempts, language, code, input) "
					  "SELECT pg_catalog.jsonb_build_object("
					  " 'run_id', r.id, 'token', r.lease_token, 'attempt', r.attempts, "
					  " 'language', r.language, 'code', r.code, 'input', r.input, "
					  " 'problem_id', p.id, 'time_limit_ms', p.time_limit_ms, "
					  " 'memory_limit_kb', p.memory_limit_kb, 'signature', p.signature) "
					  "FROM r JOIN interview.task t ON t.id = r.task_id "
					  "JOIN interview.problem p ON p.id = t.problem_id",
					  4, types, values, NULL, false, SPI_OK_SELECT);
		if (SPI_processed != 1)
			elog(ERROR, "run " INT64_FORMAT " vanished while locked", id);
		result = SPI_datumTransfer(IvSpiValue(0, 1, &isnull), false, -1);
		found = true;
	}
	IvSpiFinish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/*
 * SQL: interview.extend_run_lease(run_id, token, lease) -> boolean.
 * Pushes the lease to now() + lease; false when the token is not current.
 */
Datum
extend_run_lease(PG_FUNCTION_ARGS)
{
	return IvExtendLease(fcinfo, &plan_extend, "run");
}

/* Locks a run held with the current token; false when stale. Sets its account and failures. */
static bool
LockLeasedRun(FunctionCallInfo fcinfo, int64 *account_id, int *failures)
{
	Oid			types[2] = {INT8OID, INT8OID};
	Datum		values[2];

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return false;
	values[0] = PG_GETARG_DATUM(0);
	values[1] = PG_GETARG_DATUM(1);
	IvSpiExecPlan(&plan_lock_leased,
				  "SELECT account_id, failures FROM interview.run "
				  "WHERE id = $1 AND lease_token = $2 AND status = 'judging' FOR UPDATE",
				  2, types, values, NULL, false, SPI_OK_SELECT);
	if (SPI_processed != 1)
		return false;
	*account_id = IvSpiInt64(0, 1, NULL);
	*failures = (int) IvSpiInt64(0, 2, NULL);
	return true;
}

/* A text member cut at 64 KiB (at a character boundary) with a marker; NULL when absent. */
static Datum
CutOutput(JsonbContainer *root, const char *key, char *null)
{
	text	   *t = IvJsonbClippedText(root, key, IV_MAX_RUN_OUTPUT + 1);

	*null = t == NULL ? 'n' : ' ';
	if (t == NULL)
		return (Datum) 0;
	if (VARSIZE_ANY_EXHDR(t) > IV_MAX_RUN_OUTPUT)
	{
		int			keep = pg_mbcliplen(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), IV_MAX_RUN_OUTPUT);
		char	   *s = palloc(keep + sizeof(IV_RUN_CUT_MARKER));

		memcpy(s, VARDATA_ANY(t), keep);
		memcpy(s + keep, IV_RUN_CUT_MARKER, sizeof(IV_RUN_CUT_MARKER));
		t = cstring_to_text(s);
	}
	return PointerGetDatum(t);
}

/*
 * SQL: interview.report_run(run_id, token, result jsonb) -> boolean.
 * Records the outcome; false and nothing changed when the token is stale;
 * IV012 for a malformed result.
 */
Datum
report_run(PG_FUNCTION_ARGS)
{
	int64		account_id;
	int			failures;
	Jsonb	   *result;
	JsonbContainer *root;
	JsonbValue *v;
	char	   *verdict = NULL;
	Oid			types[8] = {INT8OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, INT4OID, INT4OID, TEXTOID};
	Datum		values[8];
	char		nulls[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
	bool		has;

	RequireJudge();
	IvSpiConnect();
	if (!LockLeasedRun(fcinfo, &account_id, &failures))
	{
		IvSpiFinish();
		PG_RETURN_BOOL(false);
	}
	if (PG_ARGISNULL(2))
		IvBadResult("result", "is required");
	result = PG_GETARG_JSONB_P(2);
	root = &result->root;
	if (!JsonContainerIsObject(root))
		IvBadResult("result", "must be an object");
	v = IvJsonbMember(root, "verdict");
	for (size_t i = 0; v != NULL && v->type == jbvString && i < lengthof(run_verdicts); i++)
		if ((int) strlen(run_verdicts[i]) == v->val.string.len &&
			memcmp(run_verdicts[i], v->val.string.val, v->val.string.len) == 0)
			verdict = pstrdup(run_verdicts[i]);
	if (verdict == NULL)
		IvBadResult("verdict", "must be one of OK, CE, RE, TLE, MLE, OLE, IE");

	values[0] = PG_GETARG_DATUM(0);
	values[1] = CStringGetTextDatum(verdict);
	values[2] = CutOutput(root, "stdout", &nulls[2]);
	values[3] = CutOutput(root, "stderr", &nulls[3]);
	values[4] = CutOutput(root, "compile_output", &nulls[4]);
	values[5] = Int32GetDatum((int32) IvJsonbInteger(root, "time_ms", 0, PG_INT32_MAX, 0, &has));
	nulls[5] = has ? ' ' : 'n';
	values[6] = Int32GetDatum((int32) IvJsonbInteger(root, "memory_kb", 0, PG_INT32_MAX, 0, &has));
	nulls[6] = has ? ' ' : 'n';
	values[7] = CutOutput(root, "result", &nulls[7]);
	IvSpiExecPlan(&plan_done,
				  "UPDATE interview.run SET status = 'judged', verdict = $2, stdout = $3, "
				  "stderr = $4, compile_output = $5, time_ms = $6, memory_kb = $7, result = $8, "
				  "judged_at = pg_catalog.now(), lease_token = NULL, lease_expires_at = NULL "
				  "WHERE id = $1",
				  8, types, values, nulls, false, SPI_OK_UPDATE);
	NotifyRun(PG_GETARG_INT64(0), account_id, verdict);
	IvSpiFinish();
	PG_RETURN_BOOL(true);
}

/*
 * SQL: interview.release_run(run_id, token, failed) -> boolean.
 * Gives a claimed run back: counted when failed; the third failure ends it as IE.
 */
Datum
release_run(PG_FUNCTION_ARGS)
{
	int64		account_id;
	int			failures;
	bool		failed = !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);

	RequireJudge();
	IvSpiConnect();
	if (!LockLeasedRun(fcinfo, &account_id, &failures))
	{
		IvSpiFinish();
		PG_RETURN_BOOL(false);
	}
	if (failed)
		failures++;
	if (failures >= IV_MAX_FAILURES)
		RunInternalError(PG_GETARG_INT64(0), failures);
	else
		IvRequeue(&plan_requeue, "run", PG_GETARG_INT64(0), failures,
				  psprintf("run:" INT64_FORMAT, PG_GETARG_INT64(0)));
	IvSpiFinish();
	PG_RETURN_BOOL(true);
}
