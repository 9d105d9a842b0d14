/*
 * staff.c
 *	  What staff accounts manage: companies, problems, code templates, test
 *	  cases and problem sets.
 *
 * Every function starts with RequireStaff() (IV009 when nobody acts, IV008
 * for candidates) and checks its arguments itself, so a caller sees an IV
 * error with a short message, never a raw constraint violation. Limits here
 * mirror the CHECK constraints of sql/interview.sql, which stay as a backstop.
 *
 * It must not let a candidate change anything, nor let a bad argument
 * reach a constraint as a raw error.
 */
#include "interview.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(create_company);
PG_FUNCTION_INFO_V1(create_problem);
PG_FUNCTION_INFO_V1(set_code_template);
PG_FUNCTION_INFO_V1(add_test_case);
PG_FUNCTION_INFO_V1(assign_problem);

/* Raises IV012 with a short message. */
void
IvBadInput(const char *message, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_IV_BAD_INPUT),
			 errmsg("%s", message),
			 detail ? errdetail("%s", detail) : 0));
}

/* Raises IV011 for an unknown object ("problem", "company"). */
void
IvNotFound(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_IV_NOT_FOUND),
			 errmsg("%s not found", what)));
}

/* A text argument as a C string, or NULL when the argument is null. */
char *
IvTextArg(FunctionCallInfo fcinfo, int n)
{
	if (PG_ARGISNULL(n))
		return NULL;
	return text_to_cstring(PG_GETARG_TEXT_PP(n));
}

/* Number of characters of a string in the database encoding. */
static int
CharLength(const char *s)
{
	return pg_mbstrlen(s);
}

/* Whether a row with this id exists in table (inside SPI); FOR UPDATE when lock. */
bool
IvRowExists(const char *table, int64 id, bool lock)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	char	   *sql;

	values[0] = Int64GetDatum(id);
	sql = psprintf("SELECT 1 FROM interview.%s WHERE id = $1%s", table,
				   lock ? " FOR UPDATE" : "");
	IvSpiExec(sql, 1, types, values, NULL, false, SPI_OK_SELECT);
	return SPI_processed == 1;
}

/* Sets (inserts or replaces) one code template (inside SPI). */
void
IvUpsertTemplate(int64 problem_id, const char *language, const char *code)
{
	Oid			types[3] = {INT8OID, TEXTOID, TEXTOID};
	Datum		values[3];

	values[0] = Int64GetDatum(problem_id);
	values[1] = CStringGetTextDatum(language);
	values[2] = CStringGetTextDatum(code);
	IvSpiExec("INSERT INTO interview.code_template (problem_id, language, code) "
			  "VALUES ($1, $2, $3) ON CONFLICT (problem_id, language) "
			  "DO UPDATE SET code = EXCLUDED.code",
			  3, types, values, NULL, false, SPI_OK_INSERT);
}

/* Refuses starter code over 64 KiB. */
void
IvCheckTemplate(const char *code)
{
	if (strlen(code) > IV_MAX_CODE_BYTES)
		IvBadInput("code template too large", "A code template has at most 65536 bytes.");
}

/* SQL: interview.create_company(name, problems_per_interview) -> company id. */
Datum
create_company(PG_FUNCTION_ARGS)
{
	char	   *name = IvTextArg(fcinfo, 0);
	int32		per_interview = PG_ARGISNULL(1) ? 3 : PG_GETARG_INT32(1);
	Oid			types[2] = {TEXTOID, INT4OID};
	Datum		values[2];
	int64		id = 0;
	bool		isnull;

	RequireStaff();
	if (name == NULL || name[0] == '\0' || CharLength(name) > IV_COMPANY_NAME_MAX)
		IvBadInput("invalid company name", "A company name has 1 to 64 characters.");
	if (per_interview < 1 || per_interview > IV_PER_INTERVIEW_MAX)
		IvBadInput("invalid problems_per_interview",
				 "An interview draws 1 to 100 problems.");

	IvSpiConnect();
	values[0] = CStringGetTextDatum(name);
	values[1] = Int32GetDatum(per_interview);
	IvSpiExec("INSERT INTO interview.company (name, problems_per_interview) "
			  "VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id",
			  2, types, values, NULL, false, SPI_OK_INSERT_RETURNING);
	if (SPI_processed == 1)
		id = IvSpiInt64(0, 1, &isnull);
	IvSpiFinish();
	if (id == 0)
		IvBadInput("company already exists", NULL);
	PG_RETURN_INT64(id);
}

/* Refuses a duration outside (0, 1 day]. */
void
IvCheckDuration(Interval *duration)
{
	Interval	zero;
	Interval	day;

	memset(&zero, 0, sizeof(zero));
	memset(&day, 0, sizeof(day));
	day.day = 1;
	if (DatumGetInt32(DirectFunctionCall2(interval_cmp, IntervalPGetDatum(duration),
										  IntervalPGetDatum(&zero))) <= 0 ||
		DatumGetInt32(DirectFunctionCall2(interval_cmp, IntervalPGetDatum(duration),
										  IntervalPGetDatum(&day))) > 0)
		IvBadInput("invalid duration", "A problem lasts more than 0 and at most 1 day.");
}

/*
 * SQL: interview.create_problem(title, text, code_template, duration,
 * time_limit_ms, memory_limit_kb) -> problem id. Updates the problem of the
 * same title; a null code_template keeps the templates, a non-null one sets
 * the default ('*') template. Null limits take their defaults.
 */
Datum
create_problem(PG_FUNCTION_ARGS)
{
	char	   *title = IvTextArg(fcinfo, 0);
	char	   *text = IvTextArg(fcinfo, 1);
	char	   *code_template = IvTextArg(fcinfo, 2);
	Datum		duration;
	int32		time_limit = PG_ARGISNULL(4) ? 2000 : PG_GETARG_INT32(4);
	int32		memory_limit = PG_ARGISNULL(5) ? 262144 : PG_GETARG_INT32(5);
	Oid			types[5] = {TEXTOID, TEXTOID, INTERVALOID, INT4OID, INT4OID};
	Datum		values[5];
	int64		id;
	bool		isnull;

	RequireStaff();
	if (title == NULL || title[0] == '\0' || CharLength(title) > IV_TITLE_MAX)
		IvBadInput("invalid title", "A problem title has 1 to 256 characters.");
	if (text == NULL)
		text = "";
	if (strlen(text) > IV_TEXT_MAX_BYTES)
		IvBadInput("problem text too large", "A problem text has at most 1 MiB.");
	if (PG_ARGISNULL(3))
		duration = DirectFunctionCall3(interval_in, CStringGetDatum("30 minutes"),
									   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	else
		duration = PG_GETARG_DATUM(3);
	IvCheckDuration(DatumGetIntervalP(duration));
	if (time_limit < 1 || time_limit > IV_TIME_LIMIT_MAX)
		IvBadInput("invalid time limit", "A time limit is 1 to 60000 ms.");
	if (memory_limit < IV_MEMORY_LIMIT_MIN || memory_limit > IV_MEMORY_LIMIT_MAX)
		IvBadInput("invalid memory limit", "A memory limit is 1024 to 4194304 KiB.");
	if (code_template != NULL)
		IvCheckTemplate(code_template);

	IvSpiConnect();
	values[0] = CStringGetTextDatum(title);
	values[1] = CStringGetTextDatum(text);
	values[2] = duration;
	values[3] = Int32GetDatum(time_limit);
	values[4] = Int32GetDatum(memory_limit);
	IvSpiExec("INSERT INTO interview.problem (title, text, duration, time_limit_ms, memory_limit_kb) "
			  "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (title) DO UPDATE SET "
			  "text = EXCLUDED.text, duration = EXCLUDED.duration, "
			  "time_limit_ms = EXCLUDED.time_limit_ms, memory_limit_kb = EXCLUDED.memory_limit_kb "
			  "RETURNING id",
			  5, types, values, NULL, false, SPI_OK_INSERT_RETURNING);
	id = IvSpiInt64(0, 1, &isnull);
	if (code_template != NULL)
		IvUpsertTemplate(id, "*", code_template);
	IvSpiFinish();
	PG_RETURN_INT64(id);
}

/* SQL: interview.set_code_template(problem_id, language, code). */
Datum
set_code_template(PG_FUNCTION_ARGS)
{
	char	   *language = IvTextArg(fcinfo, 1);
	char	   *code = IvTextArg(fcinfo, 2);
	int64		problem_id;

	RequireStaff();
	if (PG_ARGISNULL(0))
		IvNotFound("problem");
	problem_id = PG_GETARG_INT64(0);
	if (code == NULL)
		IvBadInput("invalid code template", "A code template cannot be null.");
	IvCheckTemplate(code);

	IvSpiConnect();
	if (!IvRowExists("problem", problem_id, false))
		IvNotFound("problem");
	if (language == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_IV_UNKNOWN_LANGUAGE),
				 errmsg("unknown language")));
	if (strcmp(language, "*") != 0)
	{
		Oid			types[1] = {TEXTOID};
		Datum		values[1];

		values[0] = CStringGetTextDatum(language);
		IvSpiExec("SELECT 1 FROM interview.language WHERE id = $1",
				  1, types, values, NULL, true, SPI_OK_SELECT);
		if (SPI_processed != 1)
			ereport(ERROR,
					(errcode(ERRCODE_IV_UNKNOWN_LANGUAGE),
					 errmsg("unknown language"),
					 errdetail("Language \"%s\" is not in interview.language.", language)));
	}
	IvUpsertTemplate(problem_id, language, code);
	IvSpiFinish();
	PG_RETURN_VOID();
}

/*
 * SQL: interview.add_test_case(problem_id, input, expected_output, is_sample)
 * -> test case id. The problem row is locked so that concurrent calls take
 * consecutive ordinals.
 */
Datum
add_test_case(PG_FUNCTION_ARGS)
{
	char	   *input = IvTextArg(fcinfo, 1);
	char	   *expected = IvTextArg(fcinfo, 2);
	bool		is_sample = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
	int64		problem_id;
	Oid			types[4] = {INT8OID, TEXTOID, TEXTOID, BOOLOID};
	Datum		values[4];
	int64		id;
	bool		isnull;

	RequireStaff();
	if (PG_ARGISNULL(0))
		IvNotFound("problem");
	problem_id = PG_GETARG_INT64(0);
	if (input == NULL || expected == NULL)
		IvBadInput("invalid test case", "Input and expected output cannot be null.");
	if (strlen(input) > IV_TEST_MAX_BYTES || strlen(expected) > IV_TEST_MAX_BYTES)
		IvBadInput("test case too large", "Input and expected output have at most 16 MiB each.");

	IvSpiConnect();
	if (!IvRowExists("problem", problem_id, true))
		IvNotFound("problem");
	IvCheckTestCase(problem_id, input, expected);
	values[0] = Int64GetDatum(problem_id);
	values[1] = CStringGetTextDatum(input);
	values[2] = CStringGetTextDatum(expected);
	values[3] = BoolGetDatum(is_sample);
	IvSpiExec("INSERT INTO interview.test_case (problem_id, ordinal, input, expected_output, is_sample) "
			  "SELECT $1, COALESCE(max(ordinal), 0) + 1, $2, $3, $4 "
			  "FROM interview.test_case WHERE problem_id = $1 AND deleted_at IS NULL RETURNING id",
			  4, types, values, NULL, false, SPI_OK_INSERT_RETURNING);
	id = IvSpiInt64(0, 1, &isnull);
	IvSpiFinish();
	PG_RETURN_INT64(id);
}

/* SQL: interview.assign_problem(company_id, problem_id) -> false if already assigned. */
Datum
assign_problem(PG_FUNCTION_ARGS)
{
	Oid			types[2] = {INT8OID, INT8OID};
	Datum		values[2];
	bool		added;

	RequireStaff();
	if (PG_ARGISNULL(0))
		IvNotFound("company");
	if (PG_ARGISNULL(1))
		IvNotFound("problem");

	IvSpiConnect();
	if (!IvRowExists("company", PG_GETARG_INT64(0), false))
		IvNotFound("company");
	if (!IvRowExists("problem", PG_GETARG_INT64(1), false))
		IvNotFound("problem");
	values[0] = PG_GETARG_DATUM(0);
	values[1] = PG_GETARG_DATUM(1);
	IvSpiExec("INSERT INTO interview.problem_set (company_id, problem_id) VALUES ($1, $2) "
			  "ON CONFLICT DO NOTHING",
			  2, types, values, NULL, false, SPI_OK_INSERT);
	added = SPI_processed == 1;
	IvSpiFinish();
	PG_RETURN_BOOL(added);
}
