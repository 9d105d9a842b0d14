/*
 * rejudge.c
 *	  rejudge and rejudge_problem: queue submissions again after a problem's
 *	  tests or limits changed.
 *
 * Nothing is lost: a judged submission's verdict, its judgement columns and
 * its test results are copied into interview.submission_verdict_history
 * before they are cleared. A submission being judged is taken back from its
 * worker by clearing its lease token, so that worker's report is refused as
 * stale. Queued submissions are left as they are (they will be judged
 * against the current tests anyway). Staff only.
 */
#include "interview.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(rejudge);
PG_FUNCTION_INFO_V1(rejudge_problem);

/* At most this many submissions in one rejudge_problem. */
#define IV_MAX_REJUDGE	100000

/*
 * Requeues the submissions of the int8[] ids, all locked by the caller and
 * judged or judging; keeps the verdicts of the judged ones. Returns their
 * number. Inside SPI.
 */
static int
Requeue(Datum ids, int64 actor)
{
	Oid			types[2] = {INT8ARRAYOID, INT8OID};
	Datum		values[2] = {ids, Int64GetDatum(actor)};
	int			n;

	IvSpiExec("INSERT INTO interview.submission_verdict_history "
			  "(submission_id, verdict, judged_at, problem_version, rejudged_by, result) "
			  "SELECT s.id, s.verdict, s.judged_at, s.problem_version, $2, "
			  " (pg_catalog.to_jsonb(s) - ARRAY['code', 'worker', 'lease_token', "
			  "  'lease_expires_at', 'task_id', 'account_id', 'language', 'submitted_at', "
			  "  'status', 'attempts', 'failures']) || pg_catalog.jsonb_build_object("
			  "  'test_results', COALESCE((SELECT pg_catalog.jsonb_agg("
			  "   pg_catalog.to_jsonb(r) - 'submission_id' ORDER BY r.ordinal) "
			  "   FROM interview.test_result r WHERE r.submission_id = s.id), '[]')) "
			  "FROM interview.submission s WHERE s.id = ANY ($1) AND s.status = 'judged' "
			  "ORDER BY s.id",
			  2, types, values, NULL, false, SPI_OK_INSERT);
	IvSpiExec("DELETE FROM interview.test_result WHERE submission_id = ANY ($1)",
			  1, types, values, NULL, false, SPI_OK_DELETE);
	IvSpiExec("UPDATE interview.submission SET status = 'queued', verdict = NULL, "
			  "failed_at = NULL, failed_output = NULL, compile_output = NULL, "
			  "time_ms = NULL, memory_kb = NULL, judged_at = NULL, failures = 0, "
			  "worker = NULL, lease_token = NULL, lease_expires_at = NULL, "
			  "judge_info = NULL, problem_version = NULL, passed = NULL, total = NULL, "
			  "hidden_time_ms = NULL, hidden_memory_kb = NULL, shown_time_ms = NULL, "
			  "shown_memory_kb = NULL "
			  "WHERE id = ANY ($1) AND status IN ('judged', 'judging') RETURNING id",
			  1, types, values, NULL, false, SPI_OK_UPDATE_RETURNING);
	n = (int) SPI_processed;
	/* One wake-up is enough: a judge drains the whole queue when woken. */
	if (n > 0)
		IvNotify("interview_judge", psprintf(INT64_FORMAT, IvSpiInt64(0, 1, NULL)));
	return n;
}

/* SQL: interview.rejudge(submission_id) -> 1, or 0 when it is already queued. */
Datum
rejudge(PG_FUNCTION_ARGS)
{
	int64		actor = RequireStaff();
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	Datum		ids;
	bool		isnull;
	int			n;

	if (PG_ARGISNULL(0))
		IvNotFound("submission");
	values[0] = PG_GETARG_DATUM(0);
	IvSpiConnect();
	IvSpiExec("SELECT pg_catalog.array_agg(id) FILTER (WHERE status <> 'queued'), count(*) "
			  "FROM (SELECT id, status FROM interview.submission WHERE id = $1 FOR UPDATE) s",
			  1, types, values, NULL, false, SPI_OK_SELECT);
	if (IvSpiInt64(0, 2, NULL) == 0)
		IvNotFound("submission");
	ids = IvSpiValue(0, 1, &isnull);
	n = isnull ? 0 : Requeue(ids, actor);
	IvSpiFinish();
	PG_RETURN_INT32(n);
}

/*
 * SQL: interview.rejudge_problem(problem_id, only_finished default true) ->
 * how many were queued: the judged submissions of every task of the
 * problem, and with only_finished false also the ones being judged.
 */
Datum
rejudge_problem(PG_FUNCTION_ARGS)
{
	int64		actor = RequireStaff();
	bool		only_finished = PG_ARGISNULL(1) || PG_GETARG_BOOL(1);
	Oid			types[2] = {INT8OID, BOOLOID};
	Datum		values[2];
	Datum		ids;
	bool		isnull;
	int			n = 0;

	if (PG_ARGISNULL(0))
		IvNotFound("problem");
	values[0] = PG_GETARG_DATUM(0);
	values[1] = BoolGetDatum(only_finished);
	IvSpiConnect();
	if (!IvRowExists("problem", PG_GETARG_INT64(0), false))
		IvNotFound("problem");
	IvSpiExec("SELECT pg_catalog.array_agg(id), count(*) FROM ("
			  " SELECT s.id FROM interview.submission s "
			  " JOIN interview.task t ON t.id = s.task_id "
			  " WHERE t.problem_id = $1 AND (s.status = 'judged' OR "
			  "  (NOT $2 AND s.status = 'judging')) "
			  " ORDER BY s.id FOR UPDATE OF s) x",
			  2, types, values, NULL, false, SPI_OK_SELECT);
	if (IvSpiInt64(0, 2, NULL) > IV_MAX_REJUDGE)
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("too many submissions to rejudge"),
				 errdetail("One call rejudges at most %d submissions.", IV_MAX_REJUDGE)));
	ids = IvSpiValue(0, 1, &isnull);
	if (!isnull)
		n = Requeue(ids, actor);
	IvSpiFinish();
	PG_RETURN_INT32(n);
}
