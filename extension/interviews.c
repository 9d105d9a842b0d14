/*
 * interviews.c
 *	  The candidate's side of an interview: start_interview, submit_task,
 *	  finish_interview and current_interview.
 *
 * Locking: every function that changes an account's interviews or queue
 * first locks the account row (SELECT ... FOR NO KEY UPDATE), so that two
 * transactions of one account run these steps one after the other; the
 * statements after the lock take a fresh snapshot (READ COMMITTED) and see
 * what the other transaction committed. The partial unique index
 * interview_one_ongoing_idx stays as a backstop: start_interview inserts
 * with ON CONFLICT DO NOTHING and reports a conflict as IV001.
 *
 * Statements run through plans kept for the backend (IvSpiExecPlan), all
 * schema-qualified, with typed arguments.
 *
 * It must not act for anyone but the acting account, nor change an
 * interview without holding its account's row lock.
 */
#include "interview.h"

#include "catalog/pg_type.h"
#include "common/pg_prng.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

PG_FUNCTION_INFO_V1(start_interview);
PG_FUNCTION_INFO_V1(submit_task);
PG_FUNCTION_INFO_V1(finish_interview);
PG_FUNCTION_INFO_V1(current_interview);
PG_FUNCTION_INFO_V1(visible_failed_output);

/* Problems drawn when no company is given. */
#define IV_DEFAULT_PROBLEMS 3

/* Kept plans, one per statement. */
static SPIPlanPtr plan_lock_account;
static SPIPlanPtr plan_ongoing;
static SPIPlanPtr plan_finish_expired;
static SPIPlanPtr plan_company;
static SPIPlanPtr plan_company_problems;
static SPIPlanPtr plan_all_problems;
static SPIPlanPtr plan_insert_interview;
static SPIPlanPtr plan_insert_tasks;
static SPIPlanPtr plan_task_state;
static SPIPlanPtr plan_insert_submission;
static SPIPlanPtr plan_finish;
static SPIPlanPtr plan_current;

/* Locks the account row of the caller, serialising its interview changes. */
static void
LockAccount(int64 account_id)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(account_id)};

	IvSpiExecPlan(&plan_lock_account,
				  "SELECT 1 FROM interview.account WHERE id = $1 FOR NO KEY UPDATE",
				  1, types, values, NULL, false, SPI_OK_SELECT);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_IV_UNAUTHENTICATED),
				 errmsg("account no longer exists")));
}

/* Sends {"kind":kind,"interview_id":..,"account_id":..} on interview_event. */
static void
NotifyInterviewEvent(const char *kind, int64 interview_id, int64 account_id)
{
	IvNotify("interview_event",
			 psprintf("{\"kind\":\"%s\",\"interview_id\":" INT64_FORMAT
					  ",\"account_id\":" INT64_FORMAT "}",
					  kind, interview_id, account_id));
}

/*
 * Ends the caller's unfinished interview when it has expired (at its
 * deadline); errors with IV001 when it is still running.
 */
static void
CloseExpiredInterview(int64 account_id)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(account_id)};
	bool		isnull;
	int64		interview_id;
	bool		expired;

	IvSpiExecPlan(&plan_ongoing,
				  "SELECT id, expired_time <= pg_catalog.now() FROM interview.interview "
				  "WHERE account_id = $1 AND finished_time IS NULL",
				  1, types, values, NULL, false, SPI_OK_SELECT);
	if (SPI_processed == 0)
		return;
	interview_id = IvSpiInt64(0, 1, NULL);
	expired = DatumGetBool(IvSpiValue(0, 2, &isnull));
	if (!expired)
		ereport(ERROR,
				(errcode(ERRCODE_IV_INTERVIEW_ONGOING),
				 errmsg("another interview is ongoing"),
				 errdetail("Interview " INT64_FORMAT " has not finished yet.", interview_id),
				 errhint("Finish it with interview.finish_interview().")));

	values[0] = Int64GetDatum(interview_id);
	IvSpiExecPlan(&plan_finish_expired,
				  "UPDATE interview.interview SET finished_time = expired_time "
				  "WHERE id = $1 AND finished_time IS NULL",
				  1, types, values, NULL, false, SPI_OK_UPDATE);
	NotifyInterviewEvent("finish", interview_id, account_id);
}

/*
 * Reads the candidate problem ids into *ids (palloc'd in the caller's
 * context) and returns their number; *per_interview gets how many to draw.
 * IV011 when the company does not exist.
 */
static int
ReadCandidateProblems(bool has_company, int64 company_id, int64 **ids,
					  int *per_interview)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(company_id)};
	int			n;

	if (has_company)
	{
		IvSpiExecPlan(&plan_company,
					  "SELECT problems_per_interview FROM interview.company "
					  "WHERE id = $1 AND archived_at IS NULL",
					  1, types, values, NULL, false, SPI_OK_SELECT);
		if (SPI_processed != 1)
			ereport(ERROR,
					(errcode(ERRCODE_IV_NOT_FOUND),
					 errmsg("company not found"),
					 errdetail("There is no company with id " INT64_FORMAT ", or it is archived.",
							   company_id)));
		*per_interview = (int) IvSpiInt64(0, 1, NULL);
		IvSpiExecPlan(&plan_company_problems,
					  "SELECT s.problem_id FROM interview.problem_set s "
					  "JOIN interview.problem p ON p.id = s.problem_id "
					  "WHERE s.company_id = $1 AND p.archived_at IS NULL",
					  1, types, values, NULL, false, SPI_OK_SELECT);
	}
	else
	{
		*per_interview = IV_DEFAULT_PROBLEMS;
		IvSpiExecPlan(&plan_all_problems,
					  "SELECT id FROM interview.problem WHERE archived_at IS NULL",
					  0, NULL, NULL, NULL, false, SPI_OK_SELECT);
	}

	n = (int) SPI_processed;
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_IV_NO_PROBLEMS),
				 errmsg("company has no problems"),
				 errdetail(has_company ? "The company's problem set is empty."
						   : "No problem exists yet.")));
	*ids = (int64 *) SPI_palloc(sizeof(int64) * n);
	for (int i = 0; i < n; i++)
		(*ids)[i] = IvSpiInt64(i, 1, NULL);
	return n;
}

/*
 * Moves k distinct problems, drawn uniformly at random, to the front of ids
 * (partial Fisher-Yates shuffle with the backend's PRNG).
 */
static void
DrawProblems(int64 *ids, int n, int k)
{
	for (int i = 0; i < k && i < n - 1; i++)
	{
		int			j = (int) pg_prng_uint64_range(&pg_global_prng_state, i, n - 1);
		int64		tmp = ids[i];

		ids[i] = ids[j];
		ids[j] = tmp;
	}
}

/* An int8[] of the first n ids, in the current memory context. */
static Datum
Int8ArrayDatum(const int64 *ids, int n)
{
	Datum	   *elems = palloc(sizeof(Datum) * n);

	for (int i = 0; i < n; i++)
		elems[i] = Int64GetDatum(ids[i]);
	return PointerGetDatum(construct_array(elems, n, INT8OID, sizeof(int64),
										   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/*
 * SQL: interview.start_interview(company_id bigint default null) -> bigint.
 * Draws the company's problems_per_interview distinct problems (3 from all
 * problems when null; every one when fewer exist) and opens an interview
 * that expires after the sum of their durations.
 */
Datum
start_interview(PG_FUNCTION_ARGS)
{
	int64		account_id = RequireAccount();
	bool		has_company = !PG_ARGISNULL(0);
	int64		company_id = has_company ? PG_GETARG_INT64(0) : 0;
	int64	   *ids;
	int			n;
	int			k;
	int64		interview_id;
	Oid			itypes[3] = {INT8OID, INT8OID, INT8ARRAYOID};
	Datum		ivalues[3];
	char		inulls[3] = {' ', ' ', ' '};
	Oid			ttypes[2] = {INT8OID, INT8ARRAYOID};
	Datum		tvalues[2];

	IvSpiConnect();
	LockAccount(account_id);
	CloseExpiredInterview(account_id);

	n = ReadCandidateProblems(has_company, company_id, &ids, &k);
	if (k > n)
		k = n;
	DrawProblems(ids, n, k);

	ivalues[0] = Int64GetDatum(account_id);
	ivalues[1] = Int64GetDatum(company_id);
	if (!has_company)
		inulls[1] = 'n';
	ivalues[2] = Int8ArrayDatum(ids, k);
	IvSpiExecPlan(&plan_insert_interview,
				  "INSERT INTO interview.interview (account_id, company_id, expired_time) "
				  "SELECT $1, $2, pg_catalog.now() + pg_catalog.sum(p.duration) "
				  "FROM interview.problem p WHERE p.id = ANY ($3) "
				  "ON CONFLICT (account_id) WHERE finished_time IS NULL DO NOTHING "
				  "RETURNING id",
				  3, itypes, ivalues, inulls, false, SPI_OK_INSERT_RETURNING);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_IV_INTERVIEW_ONGOING),
				 errmsg("another interview is ongoing")));
	interview_id = IvSpiInt64(0, 1, NULL);

	tvalues[0] = Int64GetDatum(interview_id);
	tvalues[1] = ivalues[2];
	IvSpiExecPlan(&plan_insert_tasks,
				  "INSERT INTO interview.task (interview_id, problem_id, ordinal) "
				  "SELECT $1, u.problem_id, u.ordinal "
				  "FROM pg_catalog.unnest($2) WITH ORDINALITY AS u (problem_id, ordinal)",
				  2, ttypes, tvalues, NULL, false, SPI_OK_INSERT);
	if (SPI_processed != (uint64) k)
		elog(ERROR, "inserted " UINT64_FORMAT " tasks instead of %d", SPI_processed, k);

	NotifyInterviewEvent("start", interview_id, account_id);
	IvSpiFinish();
	PG_RETURN_INT64(interview_id);
}

/* Errors with IV006 unless code is non-blank and at most IV_MAX_CODE_BYTES bytes. */
static void
CheckCode(text *code)
{
	const char *p = VARDATA_ANY(code);
	size_t		len = VARSIZE_ANY_EXHDR(code);
	bool		blank = true;

	if (len > IV_MAX_CODE_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_IV_INVALID_CODE),
				 errmsg("code too large"),
				 errdetail("The code has %zu bytes; at most %d are accepted.",
						   len, IV_MAX_CODE_BYTES)));
	for (size_t i = 0; i < len && blank; i++)
		blank = (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r' ||
				 p[i] == '\f' || p[i] == '\v');
	if (blank)
		ereport(ERROR,
				(errcode(ERRCODE_IV_INVALID_CODE),
				 errmsg("code is empty")));
}

/*
 * SQL: interview.submit_task(task_id, language, code) -> bigint.
 * Queues code on a task of the caller's unfinished, unexpired interview.
 * Checks, in order: the task is the caller's (IV004, whether or not it
 * exists), the interview is not finished (IV002) nor expired (IV003), the
 * language exists (IV005), the code is not blank nor over 64 KiB (IV006),
 * the account has fewer than 10 queued submissions (IV007). Nothing is
 * inserted when a check fails.
 */
Datum
submit_task(PG_FUNCTION_ARGS)
{
	int64		account_id = RequireAccount();
	int64		task_id;
	text	   *language;
	text	   *code;
	Oid			stypes[3] = {INT8OID, INT8OID, TEXTOID};
	Datum		svalues[3];
	Oid			itypes[4] = {INT8OID, INT8OID, TEXTOID, TEXTOID};
	Datum		ivalues[4];
	bool		isnull;
	int64		interview_id;
	int64		submission_id;
	char	   *payload;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_IV_NOT_YOUR_TASK),
				 errmsg("not your task")));
	task_id = PG_GETARG_INT64(0);

	IvSpiConnect();
	LockAccount(account_id);

	/* One statement after the lock: task, interview state, language, queue. */
	svalues[0] = Int64GetDatum(task_id);
	svalues[1] = Int64GetDatum(account_id);
	svalues[2] = PG_ARGISNULL(1) ? (Datum) 0 : PG_GETARG_DATUM(1);
	IvSpiExecPlan(&plan_task_state,
				  "SELECT i.id, i.finished_time IS NOT NULL, "
				  "i.expired_time <= pg_catalog.now(), "
				  "EXISTS (SELECT 1 FROM interview.language l WHERE l.id = $3 AND l.available), "
				  "(SELECT pg_catalog.count(*) FROM interview.submission s "
				  " WHERE s.account_id = $2 AND s.status = 'queued') "
				  "FROM interview.task t JOIN interview.interview i ON i.id = t.interview_id "
				  "WHERE t.id = $1 AND i.account_id = $2",
				  3, stypes, svalues, PG_ARGISNULL(1) ? "  n" : NULL, false,
				  SPI_OK_SELECT);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_IV_NOT_YOUR_TASK),
				 errmsg("not your task")));
	interview_id = IvSpiInt64(0, 1, NULL);
	if (DatumGetBool(IvSpiValue(0, 2, &isnull)))
		ereport(ERROR,
				(errcode(ERRCODE_IV_NO_INTERVIEW),
				 errmsg("no interview is ongoing"),
				 errdetail("Interview " INT64_FORMAT " is finished.", interview_id)));
	if (DatumGetBool(IvSpiValue(0, 3, &isnull)))
		ereport(ERROR,
				(errcode(ERRCODE_IV_INTERVIEW_EXPIRED),
				 errmsg("interview expired"),
				 errdetail("The deadline of interview " INT64_FORMAT " has passed.",
						   interview_id)));
	if (PG_ARGISNULL(1) || !DatumGetBool(IvSpiValue(0, 4, &isnull)))
		ereport(ERROR,
				(errcode(ERRCODE_IV_UNKNOWN_LANGUAGE),
				 errmsg("unknown language"),
				 errhint("The languages the judge runs are those of interview.language that are available.")));
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_IV_INVALID_CODE),
				 errmsg("code is empty")));
	language = PG_GETARG_TEXT_PP(1);
	code = PG_GETARG_TEXT_PP(2);
	CheckCode(code);
	if (IvSpiInt64(0, 5, NULL) >= IV_MAX_QUEUED)
		ereport(ERROR,
				(errcode(ERRCODE_IV_TOO_MANY_PENDING),
				 errmsg("too many queued submissions"),
				 errdetail("At most %d submissions of an account wait for the judge at a time.",
						   IV_MAX_QUEUED)));

	ivalues[0] = Int64GetDatum(task_id);
	ivalues[1] = Int64GetDatum(account_id);
	ivalues[2] = PointerGetDatum(language);
	ivalues[3] = PointerGetDatum(code);
	IvSpiExecPlan(&plan_insert_submission,
				  "INSERT INTO interview.submission (task_id, account_id, language, code) "
				  "VALUES ($1, $2, $3, $4) RETURNING id",
				  4, itypes, ivalues, NULL, false, SPI_OK_INSERT_RETURNING);
	submission_id = IvSpiInt64(0, 1, NULL);

	IvNotify("interview_judge", psprintf(INT64_FORMAT, submission_id));
	payload = psprintf("{\"kind\":\"submit\",\"submission_id\":" INT64_FORMAT
					   ",\"task_id\":" INT64_FORMAT ",\"interview_id\":" INT64_FORMAT
					   ",\"account_id\":" INT64_FORMAT "}",
					   submission_id, task_id, interview_id, account_id);
	IvNotify("interview_event", payload);
	IvSpiFinish();
	PG_RETURN_INT64(submission_id);
}

/*
 * SQL: interview.finish_interview() -> bigint.
 * Finishes the caller's unfinished interview, expired or not; an expired
 * one ends at its deadline. IV002 when there is none.
 */
Datum
finish_interview(PG_FUNCTION_ARGS)
{
	int64		account_id = RequireAccount();
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(account_id)};
	int64		interview_id;

	IvSpiConnect();
	LockAccount(account_id);
	IvSpiExecPlan(&plan_finish,
				  "UPDATE interview.interview "
				  "SET finished_time = LEAST(pg_catalog.now(), expired_time) "
				  "WHERE account_id = $1 AND finished_time IS NULL RETURNING id",
				  1, types, values, NULL, false, SPI_OK_UPDATE_RETURNING);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_IV_NO_INTERVIEW),
				 errmsg("no interview is ongoing")));
	interview_id = IvSpiInt64(0, 1, NULL);
	NotifyInterviewEvent("finish", interview_id, account_id);
	IvSpiFinish();
	PG_RETURN_INT64(interview_id);
}

/*
 * SQL: interview.current_interview() -> bigint.
 * The caller's unfinished interview, or null. An interview past its
 * deadline that nobody finished yet still counts: it blocks nothing
 * (start_interview closes it) but the candidate may still look at it.
 */
Datum
current_interview(PG_FUNCTION_ARGS)
{
	int64		account_id = RequireAccount();
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(account_id)};
	int64		interview_id = 0;
	bool		found;

	IvSpiConnect();
	IvSpiExecPlan(&plan_current,
				  "SELECT id FROM interview.interview "
				  "WHERE account_id = $1 AND finished_time IS NULL",
				  1, types, values, NULL, true, SPI_OK_SELECT);
	found = (SPI_processed == 1);
	if (found)
		interview_id = IvSpiInt64(0, 1, NULL);
	IvSpiFinish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_INT64(interview_id);
}

static SPIPlanPtr plan_failed_output = NULL;

/*
 * SQL: interview.visible_failed_output(submission_id) -> text.
 * The output excerpt of a submission's first failing test, as its viewer
 * may see it: staff always; the submission's owner only when that test is
 * a sample, since a program that echoes its input would otherwise reveal
 * hidden test cases one resubmission at a time. Null otherwise.
 */
Datum
visible_failed_output(PG_FUNCTION_ARGS)
{
	int64		account_id = IdentityAccountId();
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	char	   *output = NULL;

	if (PG_ARGISNULL(0) || account_id == 0)
		PG_RETURN_NULL();
	values[0] = PG_GETARG_DATUM(0);
	IvSpiConnect();
	IvSpiExecPlan(&plan_failed_output,
				  "SELECT s.failed_output, s.account_id, "
				  "       coalesce(tc.is_sample, false) "
				  "FROM interview.submission s "
				  "JOIN interview.task t ON t.id = s.task_id "
				  "LEFT JOIN interview.test_case tc "
				  "       ON tc.problem_id = t.problem_id AND tc.ordinal = s.failed_at "
				  "WHERE s.id = $1",
				  1, types, values, NULL, true, SPI_OK_SELECT);
	if (SPI_processed == 1)
	{
		bool		isnull;
		int64		owner = IvSpiInt64(0, 2, NULL);
		bool		sample = DatumGetBool(IvSpiValue(0, 3, &isnull));

		if (IdentityIsStaff() || (owner == account_id && sample))
			output = IvSpiTextCopy(0, 1);
	}
	IvSpiFinish();
	if (output == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(output));
}
