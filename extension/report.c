/*
 * report.c
 *	  What a hiring team reads: interview_report (one interview, jsonb),
 *	  company_report (one row per interview of a company) and
 *	  company_report_csv (the same rows as CSV text).
 *
 * interview_report is for staff and for the interview's own candidate; a
 * candidate's report holds no hidden test data (outputs only of sample
 * tests, the failed output only as visible_failed_output decides). Anyone
 * else gets IV011, as if the interview did not exist.
 * company_report and its CSV are staff only. The functions only read.
 * Test results and time and memory are read through visible_test_result,
 * visible_time_ms and visible_memory_kb, so a candidate gets the same coarse
 * figures of hidden tests as everywhere else.
 */
#include "interview.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(interview_report);
PG_FUNCTION_INFO_V1(company_report);
PG_FUNCTION_INFO_V1(company_report_csv);

/* An ISO 8601 UTC text of a timestamptz SQL expression. */
#define UTC(x) "pg_catalog.to_char((" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/*
 * The report of interview $1. CTE s: its submissions with passed/total and
 * per-test results; tk: one object per task; then the whole report.
 */
static const char report_sql[] =
"WITH s AS ("
" SELECT s.id, s.task_id, s.language, s.code, s.status, s.verdict, s.submitted_at,"
"  s.judged_at, s.failed_at, s.compile_output, s.problem_version, s.passed, s.total,"
"  interview.visible_time_ms(s.id) AS time_ms, interview.visible_memory_kb(s.id) AS memory_kb,"
"  interview.visible_failed_output(s.id) AS failed_output,"
"  (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object("
"    'ordinal', x.ordinal, 'verdict', x.verdict, 'time_ms', x.time_ms,"
"    'memory_kb', x.memory_kb, 'detail', x.detail, 'is_sample', x.is_sample,"
"    'actual_output', x.actual_output, 'checker_message', x.checker_message)"
"    ORDER BY x.ordinal), '[]')"
"   FROM interview.visible_test_result x WHERE x.submission_id = s.id) AS tests"
" FROM interview.submission s JOIN interview.task t ON t.id = s.task_id"
" WHERE t.interview_id = $1),"
"tk AS ("
" SELECT t.ordinal, EXISTS (SELECT 1 FROM s WHERE s.task_id = t.id AND s.verdict = 'AC') AS solved,"
"  pg_catalog.jsonb_build_object("
"  'task_id', t.id, 'ordinal', t.ordinal,"
"  'problem', pg_catalog.jsonb_build_object('id', p.id, 'title', p.title, 'version', p.version),"
"  'attempts', (SELECT count(*) FROM s WHERE s.task_id = t.id),"
"  'solved', EXISTS (SELECT 1 FROM s WHERE s.task_id = t.id AND s.verdict = 'AC'),"
"  'first_verdict', (SELECT s.verdict FROM s WHERE s.task_id = t.id ORDER BY s.id LIMIT 1),"
"  'best_submission_id', b.id, 'best_verdict', b.verdict,"
"  'best_passed', b.passed, 'best_total', b.total,"
"  'first_ac_seconds', (SELECT pg_catalog.round(EXTRACT(epoch FROM"
"   pg_catalog.min(s.submitted_at) - i.start_time))::int FROM s"
"   WHERE s.task_id = t.id AND s.verdict = 'AC'),"
"  'languages', COALESCE((SELECT pg_catalog.jsonb_agg(DISTINCT s.language) FROM s"
"   WHERE s.task_id = t.id), '[]'),"
"  'submissions', COALESCE((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object("
"   'id', s.id, 'submitted_at', " UTC("s.submitted_at") ", 'judged_at', " UTC("s.judged_at") ","
"   'seconds_from_start', pg_catalog.round(EXTRACT(epoch FROM s.submitted_at - i.start_time))::int,"
"   'language', s.language, 'status', s.status, 'verdict', s.verdict,"
"   'passed', s.passed, 'total', s.total, 'time_ms', s.time_ms, 'memory_kb', s.memory_kb,"
"   'failed_at', s.failed_at, 'failed_output', s.failed_output,"
"   'compile_output', s.compile_output, 'problem_version', s.problem_version,"
"   'code', s.code, 'tests', s.tests) ORDER BY s.id) FROM s WHERE s.task_id = t.id), '[]')"
"  ) AS j"
" FROM interview.task t JOIN interview.problem p ON p.id = t.problem_id"
" JOIN interview.interview i ON i.id = t.interview_id"
" LEFT JOIN LATERAL (SELECT s.id, s.verdict, s.passed, s.total FROM s"
"  WHERE s.task_id = t.id AND s.status = 'judged'"
"  ORDER BY (s.verdict = 'AC') DESC, s.passed DESC NULLS LAST, s.id LIMIT 1) b ON true"
" WHERE t.interview_id = $1)"
"SELECT pg_catalog.jsonb_build_object("
" 'interview_id', i.id,"
" 'candidate', pg_catalog.jsonb_build_object('id', a.id, 'username', a.username, 'email', a.email),"
" 'company', CASE WHEN c.id IS NULL THEN NULL"
"  ELSE pg_catalog.jsonb_build_object('id', c.id, 'name', c.name) END,"
" 'start_time', " UTC("i.start_time") ", 'expired_time', " UTC("i.expired_time") ","
" 'finished_time', " UTC("i.finished_time") ","
" 'time_used_seconds', pg_catalog.round(EXTRACT(epoch FROM COALESCE(i.finished_time,"
"  LEAST(pg_catalog.now(), i.expired_time)) - i.start_time))::int,"
" 'tasks_total', (SELECT count(*) FROM tk), 'solved', (SELECT count(*) FROM tk WHERE tk.solved),"
" 'attempts', (SELECT count(*) FROM s),"
" 'tasks', COALESCE((SELECT pg_catalog.jsonb_agg(tk.j ORDER BY tk.ordinal) FROM tk), '[]'))"
"FROM interview.interview i JOIN interview.account a ON a.id = i.account_id"
" LEFT JOIN interview.company c ON c.id = i.company_id WHERE i.id = $1";

/* One row per interview of company $1, oldest first. */
static const char company_sql[] =
"SELECT i.id, a.username, a.email, i.start_time, i.finished_time,"
" (SELECT count(*)::int FROM interview.task t WHERE t.interview_id = i.id),"
" (SELECT count(*)::int FROM interview.task t WHERE t.interview_id = i.id AND EXISTS"
"  (SELECT 1 FROM interview.submission s WHERE s.task_id = t.id AND s.verdict = 'AC')),"
" (SELECT count(*)::int FROM interview.submission s JOIN interview.task t ON t.id = s.task_id"
"  WHERE t.interview_id = i.id),"
" pg_catalog.date_trunc('second', COALESCE(i.finished_time,"
"  LEAST(pg_catalog.now(), i.expired_time)) - i.start_time)"
"FROM interview.interview i JOIN interview.account a ON a.id = i.account_id "
"WHERE i.company_id = $1 ORDER BY i.start_time, i.id";

/* SQL: interview.interview_report(interview_id) -> jsonb. */
Datum
interview_report(PG_FUNCTION_ARGS)
{
	int64		me = RequireAccount();
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	Datum		result;
	bool		isnull;

	if (PG_ARGISNULL(0))
		IvNotFound("interview");
	values[0] = PG_GETARG_DATUM(0);
	IvSpiConnect();
	IvSpiExec("SELECT account_id FROM interview.interview WHERE id = $1",
			  1, types, values, NULL, true, SPI_OK_SELECT);
	if (SPI_processed != 1 || (!IdentityIsStaff() && IvSpiInt64(0, 1, NULL) != me))
		IvNotFound("interview");
	IvSpiExec(report_sql, 1, types, values, NULL, true, SPI_OK_SELECT);
	result = SPI_datumTransfer(IvSpiValue(0, 1, &isnull), false, -1);
	IvSpiFinish();
	PG_RETURN_DATUM(result);
}

/* Errors unless staff acts and the company of argument 0 exists (inside SPI). */
static void
CheckCompany(FunctionCallInfo fcinfo)
{
	RequireStaff();
	if (PG_ARGISNULL(0) || !IvRowExists("company", PG_GETARG_INT64(0), false))
		IvNotFound("company");
}

/*
 * SQL: interview.company_report(company_id) -> setof (interview_id,
 * candidate, email, started_at, finished_at, tasks, solved, attempts,
 * time_used).
 */
Datum
company_report(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			types[1] = {INT8OID};
	Datum		values[1];

	InitMaterializedSRF(fcinfo, 0);
	IvSpiConnect();
	CheckCompany(fcinfo);
	values[0] = PG_GETARG_DATUM(0);
	IvSpiExec(company_sql, 1, types, values, NULL, true, SPI_OK_SELECT);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		Datum		values[9];
		bool		nulls[9];

		for (int c = 0; c < 9; c++)
			values[c] = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, c + 1,
									  &nulls[c]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	IvSpiFinish();
	return (Datum) 0;
}

/*
 * Appends one CSV field: quoted when it holds a comma, quote or line break;
 * a leading = + - @ gets a ' so spreadsheets do not run it as a formula.
 */
static void
AppendCsvField(StringInfo out, const char *s)
{
	bool		formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';

	if (!formula && strpbrk(s, ",\"\r\n") == NULL)
	{
		appendStringInfoString(out, s);
		return;
	}
	appendStringInfoChar(out, '"');
	if (formula)
		appendStringInfoChar(out, '\'');
	for (const char *p = s; *p; p++)
	{
		if (*p == '"')
			appendStringInfoChar(out, '"');
		appendStringInfoChar(out, *p);
	}
	appendStringInfoChar(out, '"');
}

/* SQL: interview.company_report_csv(company_id) -> text (header line, then one line per interview). */
Datum
company_report_csv(PG_FUNCTION_ARGS)
{
	StringInfoData out;
	Oid			types[1] = {INT8OID};
	Datum		values[1];

	/* Allocated before SPI_connect: it outlives SPI_finish. */
	initStringInfo(&out);
	appendStringInfoString(&out, "interview_id,candidate,email,started_at,finished_at,"
						   "tasks,solved,attempts,time_used_seconds\r\n");
	IvSpiConnect();
	CheckCompany(fcinfo);
	values[0] = PG_GETARG_DATUM(0);
	IvSpiExec(psprintf("SELECT r.interview_id, r.candidate, r.email, %s, %s, r.tasks, r.solved, "
					   "r.attempts, EXTRACT(epoch FROM r.time_used)::bigint "
					   "FROM interview.company_report($1) r",
					   UTC("r.started_at"), UTC("r.finished_at")),
			  1, types, values, NULL, true, SPI_OK_SELECT);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		for (int c = 1; c <= 9; c++)
		{
			char	   *v = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, c);

			if (c > 1)
				appendStringInfoChar(&out, ',');
			if (v != NULL)
				AppendCsvField(&out, v);
		}
		appendStringInfoString(&out, "\r\n");
	}
	IvSpiFinish();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out.data, out.len));
}
