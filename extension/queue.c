/*
 * queue.c
 *	  The judge queue: claim_submission, extend_lease, report_verdict,
 *	  release_submission and set_language_version.
 *
 * Who may: members of interview_judge and superusers, checked against the
 * outer role (GetOuterUserId()), since the functions run as their owner.
 *
 * Leases and fencing: a claim locks one submission with FOR UPDATE SKIP
 * LOCKED (so concurrent claimers never take the same row), makes it
 * `judging` until lease_expires_at and gives it a fresh token from
 * interview.lease_token_seq. Every later call names that token; a call with
 * any other token, or on a submission no longer `judging`, changes nothing
 * and returns false. A lease that expires counts as one failure when the
 * submission is claimed again; the third counted failure (expired lease or
 * release_submission(failed := true)) ends it as judged with verdict IE.
 * A lease past its expiry that nobody has claimed again is still held:
 * extend_lease and report_verdict with its token succeed.
 *
 * report_verdict truncates compile_output to 64 KiB, failed_output to
 * 4 KiB and a test's detail to 256 bytes (at a character boundary) rather
 * than refusing a verdict; malformed results are refused with IV012.
 *
 * It must not change a submission for a stale token, nor let anyone but
 * the judge role call it.
 */
#include "interview.h"

#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(claim_submission);
PG_FUNCTION_INFO_V1(extend_lease);
PG_FUNCTION_INFO_V1(report_verdict);
PG_FUNCTION_INFO_V1(release_submission);
PG_FUNCTION_INFO_V1(set_language_version);

#define IV_MAX_COMPILE_OUTPUT	65536
#define IV_MAX_FAILED_OUTPUT	4096
#define IV_MAX_DETAIL			256
#define IV_MAX_ACTUAL_OUTPUT	65536
#define IV_MAX_CHECKER_MESSAGE	1024
#define IV_MAX_JUDGE_INFO		8192
#define IV_MAX_TESTS			10000
#define IV_MAX_WORKER			256
#define IV_MAX_VERSION			256
/* Accounts a claim considers in fair order before taking the oldest submission. */
#define IV_FAIR_ACCOUNTS		64
/* First key of the accounts' advisory locks taken by claims (the second is the account). */
#define IV_CLAIM_LOCK_CLASS		1769370740
/* Bound on submissions ended as IE within one claim. */
#define IV_MAX_CLAIM_ROUNDS		1000

/* Kept plans, one per statement. */
static SPIPlanPtr plan_expired;
static SPIPlanPtr plan_queued;
static SPIPlanPtr plan_accounts;
static SPIPlanPtr plan_fair_pick;
static SPIPlanPtr plan_claim;
static SPIPlanPtr plan_mark_ie;
static SPIPlanPtr plan_extend;
static SPIPlanPtr plan_lock_leased;
static SPIPlanPtr plan_requeue;
static SPIPlanPtr plan_insert_results;
static SPIPlanPtr plan_judged;
static SPIPlanPtr plan_language;

/* The verdicts a submission and a test result may have. */
static const char *const verdicts[] = {"AC", "WA", "CE", "RE", "TLE", "MLE", "OLE", "IE"};

/*
 * Picks the queued submission to claim in fair order and locks it (FOR
 * UPDATE, inside SPI): accounts with the fewest submissions and runs being
 * judged first, the oldest submission first among equals. A claimer takes
 * an account's advisory lock (pg_try_advisory_xact_lock, never waiting)
 * before its submission, so two judges claiming at the same moment, before
 * either has committed, serve two accounts instead of one twice; when every
 * waiting account is held by another claimer it takes the oldest unlocked
 * submission. Returns the id and sets *failures, or 0 when none is queued.
 */
static int64
PickQueued(int *failures)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	int64	   *accounts;
	int			n;

	IvSpiExecPlan(&plan_accounts,
				  "SELECT s.account_id FROM (SELECT DISTINCT ON (account_id) account_id, id "
				  " FROM interview.submission WHERE status = 'queued' ORDER BY account_id, id) s "
				  "ORDER BY (SELECT count(*) FROM interview.submission j "
				  " WHERE j.account_id = s.account_id AND j.status = 'judging') "
				  " + (SELECT count(*) FROM interview.run r "
				  " WHERE r.account_id = s.account_id AND r.status = 'judging'), s.id "
				  "LIMIT " CppAsString2(IV_FAIR_ACCOUNTS),
				  0, NULL, NULL, NULL, false, SPI_OK_SELECT);
	n = (int) SPI_processed;
	accounts = palloc(sizeof(int64) * (n > 0 ? n : 1));
	for (int i = 0; i < n; i++)
		accounts[i] = IvSpiInt64(i, 1, NULL);
	for (int i = 0; i < n; i++)
	{
		values[0] = Int64GetDatum(accounts[i]);
		IvSpiExecPlan(&plan_fair_pick,
					  "SELECT s.id, s.failures FROM interview.submission s "
					  "WHERE s.account_id = $1 AND s.status = 'queued' "
					  " AND pg_catalog.pg_try_advisory_xact_lock("
					  CppAsString2(IV_CLAIM_LOCK_CLASS) ", ($1 % 2147483647)::int) "
					  "ORDER BY s.id LIMIT 1 FOR UPDATE SKIP LOCKED",
					  1, types, values, NULL, false, SPI_OK_SELECT);
		if (SPI_processed == 1)
		{
			*failures = (int) IvSpiInt64(0, 2, NULL);
			return IvSpiInt64(0, 1, NULL);
		}
	}
	IvSpiExecPlan(&plan_queued,
				  "SELECT id, failures FROM interview.submission "
				  "WHERE status = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
				  0, NULL, NULL, NULL, false, SPI_OK_SELECT);
	if (SPI_processed == 0)
		return 0;
	*failures = (int) IvSpiInt64(0, 2, NULL);
	return IvSpiInt64(0, 1, NULL);
}

/* Errors with IV008 unless the outer role is a judge or a superuser. */
void
RequireJudge(void)
{
	Oid			outer = GetOuterUserId();
	Oid			judge = get_role_oid("interview_judge", true);

	if (superuser_arg(outer))
		return;
	if (OidIsValid(judge) && has_privs_of_role(outer, judge))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_IV_FORBIDDEN),
			 errmsg("permission denied"),
			 errdetail("Only members of interview_judge may use the judge queue.")));
}

/* Errors with IV012 unless a lease is present, positive and at most a day. */
Datum
IvCheckLease(FunctionCallInfo fcinfo, int argno)
{
	Interval   *lease;
	int64		usecs;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("lease must not be null")));
	lease = PG_GETARG_INTERVAL_P(argno);
	usecs = lease->time + (int64) lease->day * USECS_PER_DAY +
		(int64) lease->month * DAYS_PER_MONTH * USECS_PER_DAY;
	if (lease->month < -12000 || lease->month > 12000 || usecs <= 0 ||
		usecs > USECS_PER_DAY)
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("lease must be between 1 microsecond and 1 day")));
	return PG_GETARG_DATUM(argno);
}

/* Whether v is one of the verdicts. */
static bool
IsVerdict(const char *v, int len)
{
	for (size_t i = 0; i < lengthof(verdicts); i++)
		if ((int) strlen(verdicts[i]) == len && memcmp(verdicts[i], v, len) == 0)
			return true;
	return false;
}

/* Sends the verdict event of a submission on interview_event. */
static void
NotifyVerdict(int64 submission_id, int64 task_id, int64 interview_id,
			  int64 account_id, const char *verdict)
{
	IvNotify("interview_event",
			 psprintf("{\"kind\":\"verdict\",\"submission_id\":" INT64_FORMAT
					  ",\"task_id\":" INT64_FORMAT ",\"interview_id\":" INT64_FORMAT
					  ",\"account_id\":" INT64_FORMAT ",\"verdict\":\"%s\"}",
					  submission_id, task_id, interview_id, account_id, verdict));
}

/* Ends a locked submission as judged IE after `failures` counted failures. */
static void
MarkInternalError(int64 submission_id, int failures)
{
	Oid			types[2] = {INT8OID, INT4OID};
	Datum		values[2] = {Int64GetDatum(submission_id), Int32GetDatum(failures)};

	IvSpiExecPlan(&plan_mark_ie,
				  "UPDATE interview.submission s SET status = 'judged', verdict = 'IE', "
				  "judged_at = pg_catalog.now(), failures = $2, lease_token = NULL, "
				  "lease_expires_at = NULL "
				  "FROM interview.task t WHERE s.id = $1 AND t.id = s.task_id "
				  "RETURNING s.task_id, t.interview_id, s.account_id",
				  2, types, values, NULL, false, SPI_OK_UPDATE_RETURNING);
	if (SPI_processed != 1)
		elog(ERROR, "submission " INT64_FORMAT " vanished while locked", submission_id);
	NotifyVerdict(submission_id, IvSpiInt64(0, 1, NULL), IvSpiInt64(0, 2, NULL),
				  IvSpiInt64(0, 3, NULL), "IE");
}

/*
 * SQL: interview.claim_submission(worker text, lease interval) -> jsonb.
 * Takes a submission whose lease expired (earliest expiry first; the lost
 * lease counts as a failure) or else the oldest queued one, and returns
 * what the judge needs; null when none is ready.
 */
Datum
claim_submission(PG_FUNCTION_ARGS)
{
	Datum		lease;
	text	   *worker;
	Datum		result = (Datum) 0;
	bool		found = false;

	RequireJudge();
	IvCheckWorker(fcinfo, 0);
	worker = PG_GETARG_TEXT_PP(0);
	lease = IvCheckLease(fcinfo, 1);

	IvSpiConnect();
	for (int round = 0; round < IV_MAX_CLAIM_ROUNDS && !found; round++)
	{
		int64		id;
		int			failures = 0;
		Oid			ctypes[4] = {INT8OID, INTERVALOID, TEXTOID, INT4OID};
		Datum		cvalues[4];
		bool		isnull;

		IvSpiExecPlan(&plan_expired,
					  "SELECT id, failures FROM interview.submission "
					  "WHERE status = 'judging' AND lease_expires_at < pg_catalog.now() "
					  "ORDER BY lease_expires_at LIMIT 1 FOR UPDATE SKIP LOCKED",
					  0, NULL, NULL, NULL, false, SPI_OK_SELECT);
		if (SPI_processed == 1)
		{
			id = IvSpiInt64(0, 1, NULL);
			failures = (int) IvSpiInt64(0, 2, NULL) + 1;
			if (failures >= IV_MAX_FAILURES)
			{
				MarkInternalError(id, failures);
				continue;
			}
		}
		else
		{
			id = PickQueued(&failures);
			if (id == 0)
				break;
		}

		cvalues[0] = Int64GetDatum(id);
		cvalues[1] = lease;
		cvalues[2] = PointerGetDatum(worker);
		cvalues[3] = Int32GetDatum(failures);
		IvSpiExecPlan(&plan_claim,
					  "WITH s AS ("
					  " UPDATE interview.submission SET status = 'judging', "
					  " lease_expires_at = pg_catalog.now() + $2, worker = $3, "
					  " attempts = attempts + 1, failures = $4, "
					  " lease_token = pg_catalog.nextval('interview.lease_token_seq'), "
					  " problem_version = (SELECT p.version FROM interview.task t "
					  "  JOIN interview.problem p ON p.id = t.problem_id "
					  "  WHERE t.id = submission.task_id) "
					  " WHERE id = $1 "
					  " RETURNING id, task_id, lease_token, attempts, language, code) "
					  "SELECT pg_catalog.jsonb_build_object("
					  " 'submission_id', s.id, 'token', s.lease_token, "
					  " 'attempt', s.attempts, 'language', s.language, 'code', s.code, "
					  " 'problem_id', p.id, 'time_limit_ms', p.time_limit_ms, "
					  " 'memory_limit_kb', p.memory_limit_kb, 'problem_version', p.version, "
					  " 'stop_at_first_failure', p.stop_at_first_failure, "
					  " 'checker', p.checker, 'checker_language', k.language, "
					  " 'checker_code', k.code, 'checker_hash', k.code_hash, "
					  " 'signature', p.signature, "
					  " 'tests', COALESCE((SELECT pg_catalog.jsonb_agg("
					  "   pg_catalog.jsonb_build_object('test_case_id', c.id, "
					  "   'ordinal', c.ordinal, 'input', c.input, "
					  "   'expected_output', c.expected_output, 'is_sample', c.is_sample) "
					  "   ORDER BY c.ordinal) "
					  "   FROM interview.test_case c "
					  "   WHERE c.problem_id = p.id AND c.deleted_at IS NULL), '[]'))"
					  "FROM s JOIN interview.task t ON t.id = s.task_id "
					  "JOIN interview.problem p ON p.id = t.problem_id "
					  "LEFT JOIN interview.custom_checker k "
					  " ON k.problem_id = p.id AND p.checker = 'custom'",
					  4, ctypes, cvalues, NULL, false, SPI_OK_SELECT);
		if (SPI_processed != 1)
			elog(ERROR, "submission " INT64_FORMAT " vanished while locked", id);
		result = SPI_datumTransfer(IvSpiValue(0, 1, &isnull), false, -1);
		found = true;
	}
	IvSpiFinish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/*
 * SQL: interview.extend_lease(submission_id, token, lease) -> boolean.
 * Pushes the lease to now() + lease; false when the token is not current.
 */
Datum
extend_lease(PG_FUNCTION_ARGS)
{
	return IvExtendLease(fcinfo, &plan_extend, "submission");
}

/*
 * The body of extend_lease and extend_run_lease (args id, token, lease) on
 * interview.<table>: true when the lease was pushed to now() + lease.
 */
Datum
IvExtendLease(FunctionCallInfo fcinfo, SPIPlanPtr *plan, const char *table)
{
	Oid			types[3] = {INT8OID, INT8OID, INTERVALOID};
	Datum		values[3];
	bool		ok;

	RequireJudge();
	values[2] = IvCheckLease(fcinfo, 2);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_BOOL(false);
	values[0] = PG_GETARG_DATUM(0);
	values[1] = PG_GETARG_DATUM(1);

	IvSpiConnect();
	IvSpiExecPlan(plan,
				  psprintf("UPDATE interview.%s SET lease_expires_at = pg_catalog.now() + $3 "
						   "WHERE id = $1 AND lease_token = $2 AND status = 'judging'", table),
				  3, types, values, NULL, false, SPI_OK_UPDATE);
	ok = (SPI_processed == 1);
	IvSpiFinish();
	PG_RETURN_BOOL(ok);
}

/*
 * Puts a locked row of interview.<table> back in the queue with its
 * failures counted so far, and announces payload on interview_judge.
 */
void
IvRequeue(SPIPlanPtr *plan, const char *table, int64 id, int failures, const char *payload)
{
	Oid			types[2] = {INT8OID, INT4OID};
	Datum		values[2] = {Int64GetDatum(id), Int32GetDatum(failures)};

	IvSpiExecPlan(plan,
				  psprintf("UPDATE interview.%s SET status = 'queued', failures = $2, "
						   "worker = NULL, lease_token = NULL, lease_expires_at = NULL "
						   "WHERE id = $1", table),
				  2, types, values, NULL, false, SPI_OK_UPDATE);
	IvNotify("interview_judge", payload);
}

/* Errors with IV012 unless argument argno is a worker name of 1 to 256 bytes. */
void
IvCheckWorker(FunctionCallInfo fcinfo, int argno)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("worker must not be null")));
	if (VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(argno)) == 0 ||
		VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(argno)) > IV_MAX_WORKER)
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("worker name must have 1 to %d bytes", IV_MAX_WORKER)));
}

/*
 * Locks a submission held with the current token; false when the token is
 * stale or the submission is not judging. Sets the ids it belongs to.
 */
static bool
LockLeased(FunctionCallInfo fcinfo, int64 *task_id, int64 *interview_id,
		   int64 *problem_id, int64 *account_id, int *failures)
{
	Oid			types[2] = {INT8OID, INT8OID};
	Datum		values[2];

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return false;
	values[0] = PG_GETARG_DATUM(0);
	values[1] = PG_GETARG_DATUM(1);
	IvSpiExecPlan(&plan_lock_leased,
				  "SELECT s.task_id, t.interview_id, t.problem_id, s.account_id, s.failures "
				  "FROM interview.submission s JOIN interview.task t ON t.id = s.task_id "
				  "WHERE s.id = $1 AND s.lease_token = $2 AND s.status = 'judging' "
				  "FOR UPDATE OF s",
				  2, types, values, NULL, false, SPI_OK_SELECT);
	if (SPI_processed != 1)
		return false;
	*task_id = IvSpiInt64(0, 1, NULL);
	*interview_id = IvSpiInt64(0, 2, NULL);
	*problem_id = IvSpiInt64(0, 3, NULL);
	*account_id = IvSpiInt64(0, 4, NULL);
	*failures = (int) IvSpiInt64(0, 5, NULL);
	return true;
}

/* Errors with IV012 about field `what` of the result. */
void
IvBadResult(const char *what, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_IV_BAD_INPUT),
			 errmsg("invalid verdict result"),
			 errdetail("Field \"%s\" %s.", what, why)));
}

/* The member key of object c, or NULL when absent or JSON null. */
JsonbValue *
IvJsonbMember(JsonbContainer *c, const char *key)
{
	JsonbValue *v = getKeyJsonValueFromContainer(c, key, strlen(key), NULL);

	if (v != NULL && v->type == jbvNull)
		return NULL;
	return v;
}

/* An integer member between lo and hi; dflt when absent; IV012 otherwise. */
int64
IvJsonbInteger(JsonbContainer *c, const char *key, int64 lo, int64 hi, int64 dflt,
			 bool *present)
{
	JsonbValue *v = IvJsonbMember(c, key);
	char	   *s;
	char	   *end;
	long long	n;

	if (present)
		*present = (v != NULL);
	if (v == NULL)
		return dflt;
	if (v->type != jbvNumeric)
		IvBadResult(key, "must be a number");
	s = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < lo || n > hi)
		IvBadResult(key, psprintf("must be an integer between " INT64_FORMAT " and "
								INT64_FORMAT, lo, hi));
	return (int64) n;
}

/*
 * A string member as text, clipped to max bytes at a character boundary;
 * NULL when absent. IV012 when it is not a string.
 */
text *
IvJsonbClippedText(JsonbContainer *c, const char *key, int max)
{
	JsonbValue *v = IvJsonbMember(c, key);
	int			len;

	if (v == NULL)
		return NULL;
	if (v->type != jbvString)
		IvBadResult(key, "must be a string");
	len = v->val.string.len;
	if (len > max)
		len = pg_mbcliplen(v->val.string.val, len, max);
	return cstring_to_text_with_len(v->val.string.val, len);
}

/* A verdict member; IV012 unless it is one of the verdicts. */
static text *
JsonbVerdict(JsonbContainer *c, const char *key)
{
	JsonbValue *v = IvJsonbMember(c, key);

	if (v == NULL)
		IvBadResult(key, "is required");
	if (v->type != jbvString || !IsVerdict(v->val.string.val, v->val.string.len))
		IvBadResult(key, "must be one of AC, WA, CE, RE, TLE, MLE, OLE, IE");
	return cstring_to_text_with_len(v->val.string.val, v->val.string.len);
}

/* Orders int64 values for the duplicate check. */
static int
CompareInt64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/*
 * Validates the per-test results of a verdict and inserts one test_result
 * row each; every test case must belong to the submission's problem.
 */
static void
InsertTestResults(JsonbContainer *root, int64 submission_id, int64 problem_id)
{
	JsonbValue *tests = IvJsonbMember(root, "tests");
	JsonbContainer *arr;
	int			n;
	Datum	   *ids;
	Datum	   *verdict;
	Datum	   *time_ms;
	Datum	   *memory_kb;
	Datum	   *detail;
	bool	   *detail_null;
	Datum	   *actual;
	bool	   *actual_null;
	Datum	   *message;
	bool	   *message_null;
	int64	   *sorted;
	int			dims[1];
	int			lbs[1] = {1};
	Oid			types[9] = {INT8OID, INT8ARRAYOID, TEXTARRAYOID, INT4ARRAYOID,
		INT4ARRAYOID, TEXTARRAYOID, INT8OID, TEXTARRAYOID, TEXTARRAYOID};
	Datum		values[9];

	if (tests == NULL)
		return;
	if (tests->type != jbvBinary || !JsonContainerIsArray(tests->val.binary.data))
		IvBadResult("tests", "must be an array");
	arr = tests->val.binary.data;
	n = JsonContainerSize(arr);
	if (n == 0)
		return;
	if (n > IV_MAX_TESTS)
		IvBadResult("tests", psprintf("must have at most %d entries", IV_MAX_TESTS));

	ids = palloc(sizeof(Datum) * n);
	verdict = palloc(sizeof(Datum) * n);
	time_ms = palloc(sizeof(Datum) * n);
	memory_kb = palloc(sizeof(Datum) * n);
	detail = palloc(sizeof(Datum) * n);
	detail_null = palloc(sizeof(bool) * n);
	actual = palloc(sizeof(Datum) * n);
	actual_null = palloc(sizeof(bool) * n);
	message = palloc(sizeof(Datum) * n);
	message_null = palloc(sizeof(bool) * n);
	sorted = palloc(sizeof(int64) * n);
	for (int i = 0; i < n; i++)
	{
		JsonbValue *e = getIthJsonbValueFromContainer(arr, i);
		JsonbContainer *o;
		text	   *d;

		if (e == NULL || e->type != jbvBinary || !JsonContainerIsObject(e->val.binary.data))
			IvBadResult("tests", "must hold objects");
		o = e->val.binary.data;
		sorted[i] = IvJsonbInteger(o, "test_case_id", 1, PG_INT64_MAX, 0, NULL);
		if (sorted[i] == 0)
			IvBadResult("test_case_id", "is required in every test");
		ids[i] = Int64GetDatum(sorted[i]);
		verdict[i] = PointerGetDatum(JsonbVerdict(o, "verdict"));
		time_ms[i] = Int32GetDatum((int32) IvJsonbInteger(o, "time_ms", 0, PG_INT32_MAX, 0, NULL));
		memory_kb[i] = Int32GetDatum((int32) IvJsonbInteger(o, "memory_kb", 0, PG_INT32_MAX, 0, NULL));
		d = IvJsonbClippedText(o, "detail", IV_MAX_DETAIL);
		detail_null[i] = (d == NULL);
		detail[i] = PointerGetDatum(d);
		d = IvJsonbClippedText(o, "actual_output", IV_MAX_ACTUAL_OUTPUT);
		actual_null[i] = (d == NULL);
		actual[i] = PointerGetDatum(d);
		d = IvJsonbClippedText(o, "checker_message", IV_MAX_CHECKER_MESSAGE);
		message_null[i] = (d == NULL);
		message[i] = PointerGetDatum(d);
	}
	qsort(sorted, n, sizeof(int64), CompareInt64);
	for (int i = 1; i < n; i++)
		if (sorted[i] == sorted[i - 1])
			IvBadResult("tests", psprintf("names test case " INT64_FORMAT " twice", sorted[i]));

	dims[0] = n;
	values[0] = Int64GetDatum(submission_id);
	values[1] = PointerGetDatum(construct_array(ids, n, INT8OID, sizeof(int64),
												FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	values[2] = PointerGetDatum(construct_array(verdict, n, TEXTOID, -1, false,
												TYPALIGN_INT));
	values[3] = PointerGetDatum(construct_array(time_ms, n, INT4OID, sizeof(int32),
												true, TYPALIGN_INT));
	values[4] = PointerGetDatum(construct_array(memory_kb, n, INT4OID, sizeof(int32),
												true, TYPALIGN_INT));
	values[5] = PointerGetDatum(construct_md_array(detail, detail_null, 1, dims, lbs,
												   TEXTOID, -1, false, TYPALIGN_INT));
	values[6] = Int64GetDatum(problem_id);
	values[7] = PointerGetDatum(construct_md_array(actual, actual_null, 1, dims, lbs,
												   TEXTOID, -1, false, TYPALIGN_INT));
	values[8] = PointerGetDatum(construct_md_array(message, message_null, 1, dims, lbs,
												   TEXTOID, -1, false, TYPALIGN_INT));
	IvSpiExecPlan(&plan_insert_results,
				  "INSERT INTO interview.test_result "
				  "(submission_id, test_case_id, ordinal, verdict, time_ms, memory_kb, detail, "
				  " actual_output, checker_message) "
				  "SELECT $1, c.id, c.ordinal, u.verdict, u.time_ms, u.memory_kb, u.detail, "
				  " u.actual_output, u.checker_message "
				  "FROM unnest($2, $3, $4, $5, $6, $8, $9) "
				  " AS u (test_case_id, verdict, time_ms, memory_kb, detail, actual_output, "
				  "  checker_message) "
				  "JOIN interview.test_case c ON c.id = u.test_case_id AND c.problem_id = $7",
				  9, types, values, NULL, false, SPI_OK_INSERT);
	if (SPI_processed != (uint64) n)
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("invalid verdict result"),
				 errdetail("A test case in \"tests\" does not belong to the submission's problem.")));
}

/*
 * SQL: interview.report_verdict(submission_id, token, result jsonb) -> boolean.
 * Records the judgement (see docs/CONTRACTS.md for result); false and
 * nothing changed when the token is stale; IV012 for a malformed result.
 */
Datum
report_verdict(PG_FUNCTION_ARGS)
{
	int64		task_id;
	int64		interview_id;
	int64		problem_id;
	int64		account_id;
	int			failures;
	Jsonb	   *result;
	JsonbContainer *root;
	JsonbValue *info;
	text	   *verdict;
	text	   *failed_output;
	text	   *compile_output;
	bool		has_failed_at;
	bool		has_time;
	bool		has_memory;
	int64		failed_at;
	int64		time_ms;
	int64		memory_kb;
	int			total;
	Oid			types[8] = {INT8OID, TEXTOID, INT4OID, TEXTOID, TEXTOID, INT4OID,
		INT4OID, JSONBOID};
	Datum		values[8];
	char		nulls[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
	int64		submission_id;

	RequireJudge();
	IvSpiConnect();
	if (!LockLeased(fcinfo, &task_id, &interview_id, &problem_id, &account_id, &failures))
	{
		IvSpiFinish();
		PG_RETURN_BOOL(false);
	}
	submission_id = PG_GETARG_INT64(0);
	if (PG_ARGISNULL(2))
		IvBadResult("result", "is required");
	result = PG_GETARG_JSONB_P(2);
	root = &result->root;
	if (!JsonContainerIsObject(root))
		IvBadResult("result", "must be an object");

	verdict = JsonbVerdict(root, "verdict");
	compile_output = IvJsonbClippedText(root, "compile_output", IV_MAX_COMPILE_OUTPUT);
	failed_output = IvJsonbClippedText(root, "failed_output", IV_MAX_FAILED_OUTPUT);
	failed_at = IvJsonbInteger(root, "failed_at", 1, PG_INT32_MAX, 0, &has_failed_at);
	time_ms = IvJsonbInteger(root, "time_ms", 0, PG_INT32_MAX, 0, &has_time);
	memory_kb = IvJsonbInteger(root, "memory_kb", 0, PG_INT32_MAX, 0, &has_memory);
	total = (int) IvJsonbInteger(root, "total", 0, IV_MAX_TESTS, -1, NULL);
	info = IvJsonbMember(root, "judge_info");
	if (info != NULL &&
		(info->type != jbvBinary || !JsonContainerIsObject(info->val.binary.data)))
		IvBadResult("judge_info", "must be an object");
	if (info != NULL && info->val.binary.len > IV_MAX_JUDGE_INFO)
		IvBadResult("judge_info", psprintf("must be at most %d bytes", IV_MAX_JUDGE_INFO));

	InsertTestResults(root, submission_id, problem_id);

	values[0] = Int64GetDatum(submission_id);
	values[1] = PointerGetDatum(verdict);
	values[2] = Int32GetDatum((int32) failed_at);
	nulls[2] = has_failed_at ? ' ' : 'n';
	values[3] = PointerGetDatum(failed_output);
	nulls[3] = failed_output ? ' ' : 'n';
	values[4] = PointerGetDatum(compile_output);
	nulls[4] = compile_output ? ' ' : 'n';
	values[5] = Int32GetDatum((int32) time_ms);
	nulls[5] = has_time ? ' ' : 'n';
	values[6] = Int32GetDatum((int32) memory_kb);
	nulls[6] = has_memory ? ' ' : 'n';
	values[7] = info ? JsonbPGetDatum(JsonbValueToJsonb(info)) : (Datum) 0;
	nulls[7] = info ? ' ' : 'n';
	IvSpiExecPlan(&plan_judged,
				  "UPDATE interview.submission SET status = 'judged', verdict = $2, "
				  "failed_at = $3, failed_output = $4, compile_output = $5, "
				  "time_ms = $6, memory_kb = $7, judge_info = $8, "
				  "judged_at = pg_catalog.now(), lease_token = NULL, lease_expires_at = NULL "
				  "WHERE id = $1",
				  8, types, values, nulls, false, SPI_OK_UPDATE);
	IvRecordTallies(submission_id, total);
	NotifyVerdict(submission_id, task_id, interview_id, account_id,
				  text_to_cstring(verdict));
	IvSpiFinish();
	PG_RETURN_BOOL(true);
}

/*
 * SQL: interview.release_submission(submission_id, token, failed) -> boolean.
 * Gives a claimed submission back: not counted when failed is false
 * (shutdown), counted otherwise; the third counted failure ends it as IE.
 * A requeued submission is announced on interview_judge.
 */
Datum
release_submission(PG_FUNCTION_ARGS)
{
	int64		task_id;
	int64		interview_id;
	int64		problem_id;
	int64		account_id;
	int			failures;
	int64		submission_id;
	bool		failed = !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);

	RequireJudge();
	IvSpiConnect();
	if (!LockLeased(fcinfo, &task_id, &interview_id, &problem_id, &account_id, &failures))
	{
		IvSpiFinish();
		PG_RETURN_BOOL(false);
	}
	submission_id = PG_GETARG_INT64(0);
	if (failed)
		failures++;
	if (failures >= IV_MAX_FAILURES)
		MarkInternalError(submission_id, failures);
	else
		IvRequeue(&plan_requeue, "submission", submission_id, failures,
				  psprintf(INT64_FORMAT, submission_id));
	IvSpiFinish();
	PG_RETURN_BOOL(true);
}

/*
 * SQL: interview.set_language_version(language, version) -> boolean.
 * Records what the judge runs for a language; false for an unknown one.
 */
Datum
set_language_version(PG_FUNCTION_ARGS)
{
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2];
	bool		ok;

	RequireJudge();
	if (PG_ARGISNULL(1) || VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(1)) > IV_MAX_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("version must be a string of at most %d bytes", IV_MAX_VERSION)));
	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	values[0] = PG_GETARG_DATUM(0);
	values[1] = PG_GETARG_DATUM(1);
	IvSpiConnect();
	IvSpiExecPlan(&plan_language,
				  "UPDATE interview.language SET version = $2 WHERE id = $1",
				  2, types, values, NULL, false, SPI_OK_UPDATE);
	ok = (SPI_processed == 1);
	IvSpiFinish();
	PG_RETURN_BOOL(ok);
}

/* Errors with IV008 unless the outer role is a judge or a superuser (for languages.c). */
void
IvRequireJudge(void)
{
	RequireJudge();
}
