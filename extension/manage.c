/*
 * manage.c
 *	  Changing what staff created: update_company, update_problem,
 *	  update_test_case, delete_test_case, reorder_test_cases,
 *	  unassign_problem, archive_problem, archive_company, delete_problem,
 *	  delete_company.
 *
 * Nothing a candidate did is lost by these functions: a problem or company
 * that an interview refers to is archived, never deleted (IV015 says so);
 * a test case that test results refer to is only marked deleted. Every
 * function starts with RequireStaff() and checks its arguments itself.
 * problem.version is kept by the triggers of version.c, not here.
 */
#include "interview.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(update_company);
PG_FUNCTION_INFO_V1(update_problem);
PG_FUNCTION_INFO_V1(update_test_case);
PG_FUNCTION_INFO_V1(delete_test_case);
PG_FUNCTION_INFO_V1(reorder_test_cases);
PG_FUNCTION_INFO_V1(unassign_problem);
PG_FUNCTION_INFO_V1(archive_problem);
PG_FUNCTION_INFO_V1(archive_company);
PG_FUNCTION_INFO_V1(delete_problem);
PG_FUNCTION_INFO_V1(delete_company);

/* At most this many fields in one update_problem. */
#define IV_MAX_CHANGES	16

/* The id argument n, or IV011 naming what when it is null. */
static int64
IdArg(FunctionCallInfo fcinfo, int n, const char *what)
{
	if (PG_ARGISNULL(n))
		IvNotFound(what);
	return PG_GETARG_INT64(n);
}

/* Raises IV015: the object is referred to, archive it instead. */
static void
InUse(const char *what, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_IV_IN_USE),
			 errmsg("%s is in use, archive it instead", what),
			 errdetail("%s", detail),
			 errhint("Archiving with interview.archive_%s() keeps its history and hides it from new interviews and lists.",
					 what)));
}

/* SQL: interview.update_company(company_id, name, problems_per_interview) -> id. */
Datum
update_company(PG_FUNCTION_ARGS)
{
	int64		id = IdArg(fcinfo, 0, "company");
	char	   *name = IvTextArg(fcinfo, 1);
	Oid			types[3] = {INT8OID, TEXTOID, INT4OID};
	Datum		values[3];
	char		nulls[3] = {' ', ' ', ' '};

	RequireStaff();
	if (name != NULL && (name[0] == '\0' || pg_mbstrlen(name) > IV_COMPANY_NAME_MAX))
		IvBadInput("invalid company name", "A company name has 1 to 64 characters.");
	if (!PG_ARGISNULL(2) &&
		(PG_GETARG_INT32(2) < 1 || PG_GETARG_INT32(2) > IV_PER_INTERVIEW_MAX))
		IvBadInput("invalid problems_per_interview", "An interview draws 1 to 100 problems.");

	IvSpiConnect();
	if (!IvRowExists("company", id, true))
		IvNotFound("company");
	values[0] = Int64GetDatum(id);
	values[1] = name ? CStringGetTextDatum(name) : (Datum) 0;
	nulls[1] = name ? ' ' : 'n';
	values[2] = PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2);
	nulls[2] = PG_ARGISNULL(2) ? 'n' : ' ';
	if (name != NULL)
	{
		IvSpiExec("SELECT 1 FROM interview.company WHERE name = $2 AND id <> $1",
				  2, types, values, nulls, false, SPI_OK_SELECT);
		if (SPI_processed > 0)
			IvBadInput("company already exists", NULL);
	}
	IvSpiExec("UPDATE interview.company SET name = COALESCE($2, name), "
			  "problems_per_interview = COALESCE($3, problems_per_interview) WHERE id = $1",
			  3, types, values, nulls, false, SPI_OK_UPDATE);
	IvSpiFinish();
	PG_RETURN_INT64(id);
}

/* Whether interview.problem has a column of this name (a later feature's). */
static bool
ProblemHasColumn(const char *column)
{
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(column)};

	IvSpiExec("SELECT 1 FROM pg_catalog.pg_attribute "
			  "WHERE attrelid = 'interview.problem'::pg_catalog.regclass "
			  "AND attname = $1 AND attnum > 0 AND NOT attisdropped",
			  1, types, values, NULL, true, SPI_OK_SELECT);
	return SPI_processed == 1;
}

/* Raises IV012 about one field of update_problem's changes. */
static void
BadChange(const char *key, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_IV_BAD_INPUT),
			 errmsg("invalid change of %s", key),
			 errdetail("%s", why)));
}

/* A numeric JSON value as an integer in [lo, hi], or IV012 naming key. */
static int32
ChangeInt(const char *key, JsonbValue *v, int32 lo, int32 hi)
{
	int32		n;

	if (v->type != jbvNumeric)
		BadChange(key, "It must be a number.");
	if (!IvJsonbInt(v, lo, hi, &n))
		BadChange(key, psprintf("It must be an integer from %d to %d.", lo, hi));
	return n;
}

/* The value of duration in a change: seconds, or an interval string. */
static Datum
ChangeDuration(JsonbValue *v)
{
	Datum		d = (Datum) 0;

	if (v->type == jbvNumeric)
	{
		int32		secs = ChangeInt("duration", v, 1, 86400);

		d = DirectFunctionCall7(make_interval, 0, 0, 0, 0, 0, 0,
								Float8GetDatum((double) secs));
	}
	else if (v->type == jbvString)
	{
		/* interval_in raises 22007 for a malformed interval (BAD_USER_INPUT). */
		d = DirectFunctionCall3(interval_in,
								CStringGetDatum(pnstrdup(v->val.string.val, v->val.string.len)),
								ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	}
	else
		BadChange("duration", "It must be seconds or an interval such as \"45 minutes\".");
	IvCheckDuration(DatumGetIntervalP(d));
	return d;
}

/*
 * SQL: interview.update_problem(problem_id, changes jsonb) -> id. Every key
 * of changes names a column; the SET list is built from this fixed set of
 * names only, the values are parameters.
 */
Datum
update_problem(PG_FUNCTION_ARGS)
{
	int64		id = IdArg(fcinfo, 0, "problem");
	Jsonb	   *changes;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	Oid			types[IV_MAX_CHANGES + 1];
	Datum		values[IV_MAX_CHANGES + 1];
	StringInfoData set;
	int			n = 0;
	char	   *title = NULL;

	RequireStaff();
	if (PG_ARGISNULL(1))
		IvBadInput("invalid changes", "Changes are a JSON object of fields to set.");
	changes = PG_GETARG_JSONB_P(1);
	if (!JB_ROOT_IS_OBJECT(changes))
		IvBadInput("invalid changes", "Changes are a JSON object of fields to set.");
	if (JB_ROOT_COUNT(changes) > IV_MAX_CHANGES)
		IvBadInput("invalid changes", "Too many fields.");

	IvSpiConnect();
	if (!IvRowExists("problem", id, true))
		IvNotFound("problem");
	initStringInfo(&set);
	types[0] = INT8OID;
	values[0] = Int64GetDatum(id);
	it = JsonbIteratorInit(&changes->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		JsonbValue	val;
		const char *column;
		Oid			type;
		Datum		value;

		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		if (JsonbIteratorNext(&it, &val, true) != WJB_VALUE)
			elog(ERROR, "jsonb object key without a value");
		column = key;
		if (strcmp(key, "title") == 0 || strcmp(key, "text") == 0)
		{
			char	   *s;

			if (val.type != jbvString)
				BadChange(key, "It must be a string.");
			s = pnstrdup(val.val.string.val, val.val.string.len);
			if (key[1] == 'i' && (s[0] == '\0' || pg_mbstrlen(s) > IV_TITLE_MAX))
				IvBadInput("invalid title", "A problem title has 1 to 256 characters.");
			if (key[1] == 'e' && strlen(s) > IV_TEXT_MAX_BYTES)
				IvBadInput("problem text too large", "A problem text has at most 1 MiB.");
			if (key[1] == 'i')
				title = s;
			type = TEXTOID;
			value = CStringGetTextDatum(s);
		}
		else if (strcmp(key, "duration") == 0)
		{
			type = INTERVALOID;
			value = ChangeDuration(&val);
		}
		else if (strcmp(key, "time_limit_ms") == 0)
		{
			type = INT4OID;
			value = Int32GetDatum(ChangeInt(key, &val, 1, IV_TIME_LIMIT_MAX));
		}
		else if (strcmp(key, "memory_limit_kb") == 0)
		{
			type = INT4OID;
			value = Int32GetDatum(ChangeInt(key, &val, IV_MEMORY_LIMIT_MIN,
											IV_MEMORY_LIMIT_MAX));
		}
		else if (strcmp(key, "stop_at_first_failure") == 0 && ProblemHasColumn(key))
		{
			if (val.type != jbvBool)
				BadChange(key, "It must be true or false.");
			type = BOOLOID;
			value = BoolGetDatum(val.val.boolean);
		}
		else
			ereport(ERROR,
					(errcode(ERRCODE_IV_BAD_INPUT),
					 errmsg("unknown problem field"),
					 errdetail("update_problem cannot change \"%s\".", key),
					 errhint("Fields: title, text, duration, time_limit_ms, memory_limit_kb, stop_at_first_failure.")));
		n++;
		types[n] = type;
		values[n] = value;
		appendStringInfo(&set, "%s%s = $%d", n > 1 ? ", " : "", column, n + 1);
	}
	if (title != NULL)
	{
		Oid			ttypes[2] = {INT8OID, TEXTOID};
		Datum		tvalues[2] = {Int64GetDatum(id), CStringGetTextDatum(title)};

		IvSpiExec("SELECT 1 FROM interview.problem WHERE title = $2 AND id <> $1",
				  2, ttypes, tvalues, NULL, false, SPI_OK_SELECT);
		if (SPI_processed > 0)
			IvBadInput("problem title already exists", "Problem titles are unique.");
	}
	if (n > 0)
		IvSpiExec(psprintf("UPDATE interview.problem SET %s WHERE id = $1", set.data),
				  n + 1, types, values, NULL, false, SPI_OK_UPDATE);
	IvSpiFinish();
	PG_RETURN_INT64(id);
}

/* Locks a live test case and returns its problem id; IV011 when there is none. */
static int64
LockTestCase(int64 test_case_id)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(test_case_id)};
	int64		problem_id;

	IvSpiExec("SELECT problem_id FROM interview.test_case "
			  "WHERE id = $1 AND deleted_at IS NULL",
			  1, types, values, NULL, false, SPI_OK_SELECT);
	if (SPI_processed != 1)
		IvNotFound("test case");
	problem_id = IvSpiInt64(0, 1, NULL);
	/* The problem first, as add_test_case does, then the test case. */
	IvRowExists("problem", problem_id, true);
	IvSpiExec("SELECT 1 FROM interview.test_case WHERE id = $1 FOR UPDATE",
			  1, types, values, NULL, false, SPI_OK_SELECT);
	return problem_id;
}

/* SQL: interview.update_test_case(id, input, expected_output, is_sample) -> id. */
Datum
update_test_case(PG_FUNCTION_ARGS)
{
	int64		id = IdArg(fcinfo, 0, "test case");
	char	   *input = IvTextArg(fcinfo, 1);
	char	   *expected = IvTextArg(fcinfo, 2);
	Oid			types[4] = {INT8OID, TEXTOID, TEXTOID, BOOLOID};
	Datum		values[4];
	char		nulls[4] = {' ', ' ', ' ', ' '};

	RequireStaff();
	if ((input && strlen(input) > IV_TEST_MAX_BYTES) ||
		(expected && strlen(expected) > IV_TEST_MAX_BYTES))
		IvBadInput("test case too large", "Input and expected output have at most 16 MiB each.");

	IvSpiConnect();
	LockTestCase(id);
	values[0] = Int64GetDatum(id);
	values[1] = input ? CStringGetTextDatum(input) : (Datum) 0;
	nulls[1] = input ? ' ' : 'n';
	values[2] = expected ? CStringGetTextDatum(expected) : (Datum) 0;
	nulls[2] = expected ? ' ' : 'n';
	values[3] = PG_ARGISNULL(3) ? (Datum) 0 : PG_GETARG_DATUM(3);
	nulls[3] = PG_ARGISNULL(3) ? 'n' : ' ';
	/* a function problem's test must still fit its signature */
	IvSpiExec("SELECT problem_id, COALESCE($2, input), COALESCE($3, expected_output) "
			  "FROM interview.test_case WHERE id = $1",
			  3, types, values, nulls, false, SPI_OK_SELECT);
	if (SPI_processed == 1)
	{
		int64		problem_id = IvSpiInt64(0, 1, NULL);
		char	   *new_input = IvSpiTextCopy(0, 2);
		char	   *new_expected = IvSpiTextCopy(0, 3);

		IvCheckTestCase(problem_id, new_input, new_expected);
	}
	/* An update that changes nothing is skipped: it would bump the version. */
	IvSpiExec("UPDATE interview.test_case SET input = COALESCE($2, input), "
			  "expected_output = COALESCE($3, expected_output), "
			  "is_sample = COALESCE($4, is_sample) WHERE id = $1 AND "
			  "(input, expected_output, is_sample) IS DISTINCT FROM "
			  "(COALESCE($2, input), COALESCE($3, expected_output), COALESCE($4, is_sample))",
			  4, types, values, nulls, false, SPI_OK_UPDATE);
	IvSpiFinish();
	PG_RETURN_INT64(id);
}

/*
 * Gives the live test cases of a problem the ordinals 1..n in the order of
 * ids (all of them, inside SPI). Two steps, since the unique index on
 * (problem_id, ordinal) is checked row by row: first above every current
 * ordinal, then down to the final ones.
 */
static void
SetOrdinals(int64 problem_id, Datum ids)
{
	Oid			types[2] = {INT8OID, INT8ARRAYOID};
	Datum		values[2] = {Int64GetDatum(problem_id), ids};

	IvSpiExec("UPDATE interview.test_case t SET ordinal = u.n + m.top "
			  "FROM pg_catalog.unnest($2) WITH ORDINALITY AS u (id, n), "
			  " (SELECT COALESCE(max(ordinal), 0) AS top FROM interview.test_case "
			  "  WHERE problem_id = $1 AND deleted_at IS NULL) m "
			  "WHERE t.id = u.id AND t.problem_id = $1 AND t.deleted_at IS NULL",
			  2, types, values, NULL, false, SPI_OK_UPDATE);
	IvSpiExec("UPDATE interview.test_case t SET ordinal = u.n "
			  "FROM pg_catalog.unnest($2) WITH ORDINALITY AS u (id, n) "
			  "WHERE t.id = u.id AND t.problem_id = $1 AND t.deleted_at IS NULL",
			  2, types, values, NULL, false, SPI_OK_UPDATE);
}

/* The ids of a problem's live test cases in ordinal order, as an int8[] (inside SPI). */
static Datum
LiveTestCaseIds(int64 problem_id, int *count)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(problem_id)};
	bool		isnull;
	Datum		arr;

	IvSpiExec("SELECT COALESCE(pg_catalog.array_agg(id ORDER BY ordinal), '{}'), count(*)::int "
			  "FROM interview.test_case WHERE problem_id = $1 AND deleted_at IS NULL",
			  1, types, values, NULL, false, SPI_OK_SELECT);
	arr = SPI_datumTransfer(IvSpiValue(0, 1, &isnull), false, -1);
	*count = (int) IvSpiInt64(0, 2, NULL);
	return arr;
}

/*
 * SQL: interview.delete_test_case(id) -> true. Deletes the row, or marks it
 * deleted when test results refer to it, then renumbers the others 1..n.
 */
Datum
delete_test_case(PG_FUNCTION_ARGS)
{
	int64		id = IdArg(fcinfo, 0, "test case");
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(id)};
	int64		problem_id;
	int			count;

	RequireStaff();
	IvSpiConnect();
	problem_id = LockTestCase(id);
	IvSpiExec("SELECT 1 FROM interview.test_result WHERE test_case_id = $1 LIMIT 1",
			  1, types, values, NULL, false, SPI_OK_SELECT);
	if (SPI_processed > 0)
		IvSpiExec("UPDATE interview.test_case SET deleted_at = pg_catalog.now() WHERE id = $1",
				  1, types, values, NULL, false, SPI_OK_UPDATE);
	else
		IvSpiExec("DELETE FROM interview.test_case WHERE id = $1",
				  1, types, values, NULL, false, SPI_OK_DELETE);
	SetOrdinals(problem_id, LiveTestCaseIds(problem_id, &count));
	IvSpiFinish();
	PG_RETURN_BOOL(true);
}

/* Orders int64 values for the permutation check. */
static int
CompareInt64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/* The sorted elements of an int8[] (no nulls, one dimension) or NULL when it is not that. */
static int64 *
SortedIds(ArrayType *arr, int *n)
{
	Datum	   *elems;
	bool	   *nulls;
	int64	   *out;

	if (ARR_NDIM(arr) > 1)
		return NULL;
	deconstruct_array(arr, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, n);
	out = palloc(sizeof(int64) * (*n + 1));
	for (int i = 0; i < *n; i++)
	{
		if (nulls[i])
			return NULL;
		out[i] = DatumGetInt64(elems[i]);
	}
	qsort(out, *n, sizeof(int64), CompareInt64);
	return out;
}

/* SQL: interview.reorder_test_cases(problem_id, ids bigint[]) -> number of test cases. */
Datum
reorder_test_cases(PG_FUNCTION_ARGS)
{
	int64		problem_id = IdArg(fcinfo, 0, "problem");
	ArrayType  *given;
	int64	   *want;
	int64	   *have;
	int			nwant;
	int			nhave;
	const char *detail = "The list names every test case of the problem exactly once.";

	RequireStaff();
	if (PG_ARGISNULL(1))
		IvBadInput("invalid test case order", detail);
	given = PG_GETARG_ARRAYTYPE_P(1);
	want = SortedIds(given, &nwant);

	IvSpiConnect();
	if (!IvRowExists("problem", problem_id, true))
		IvNotFound("problem");
	have = SortedIds(DatumGetArrayTypeP(LiveTestCaseIds(problem_id, &nhave)), &nhave);
	if (want == NULL || nwant != nhave)
		IvBadInput("invalid test case order", detail);
	for (int i = 0; i < nwant; i++)
		if (want[i] != have[i])
			IvBadInput("invalid test case order", detail);
	SetOrdinals(problem_id, PointerGetDatum(given));
	IvSpiFinish();
	PG_RETURN_INT32(nwant);
}

/* SQL: interview.unassign_problem(company_id, problem_id) -> false when not assigned. */
Datum
unassign_problem(PG_FUNCTION_ARGS)
{
	int64		company_id = IdArg(fcinfo, 0, "company");
	int64		problem_id = IdArg(fcinfo, 1, "problem");
	Oid			types[2] = {INT8OID, INT8OID};
	Datum		values[2] = {Int64GetDatum(company_id), Int64GetDatum(problem_id)};
	bool		removed;

	RequireStaff();
	IvSpiConnect();
	if (!IvRowExists("company", company_id, false))
		IvNotFound("company");
	if (!IvRowExists("problem", problem_id, false))
		IvNotFound("problem");
	IvSpiExec("DELETE FROM interview.problem_set WHERE company_id = $1 AND problem_id = $2",
			  2, types, values, NULL, false, SPI_OK_DELETE);
	removed = SPI_processed == 1;
	IvSpiFinish();
	PG_RETURN_BOOL(removed);
}

/* Sets or clears archived_at of interview.<table> row id; whether it changed. */
static bool
Archive(FunctionCallInfo fcinfo, const char *table)
{
	int64		id = IdArg(fcinfo, 0, table);
	bool		archived = PG_ARGISNULL(1) || PG_GETARG_BOOL(1);
	Oid			types[2] = {INT8OID, BOOLOID};
	Datum		values[2] = {Int64GetDatum(id), BoolGetDatum(archived)};
	bool		changed;

	RequireStaff();
	IvSpiConnect();
	if (!IvRowExists(table, id, true))
		IvNotFound(table);
	IvSpiExec(psprintf("UPDATE interview.%s SET archived_at = "
					   "CASE WHEN $2 THEN pg_catalog.now() END "
					   "WHERE id = $1 AND (archived_at IS NOT NULL) <> $2", table),
			  2, types, values, NULL, false, SPI_OK_UPDATE);
	changed = SPI_processed == 1;
	IvSpiFinish();
	return changed;
}

/* SQL: interview.archive_problem(problem_id, archived default true) -> changed. */
Datum
archive_problem(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(Archive(fcinfo, "problem"));
}

/* SQL: interview.archive_company(company_id, archived default true) -> changed. */
Datum
archive_company(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(Archive(fcinfo, "company"));
}

/*
 * Deletes interview.<table> row id unless a row of `user_table` refers to it
 * through `column` (then IV015); the row is locked first, so an interview
 * starting at the same time either sees it deleted or keeps it.
 */
static void
DeleteUnused(FunctionCallInfo fcinfo, const char *table, const char *user_table,
			 const char *column, const char *used_detail)
{
	int64		id = IdArg(fcinfo, 0, table);
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(id)};

	RequireStaff();
	IvSpiConnect();
	if (!IvRowExists(table, id, true))
		IvNotFound(table);
	IvSpiExec(psprintf("SELECT 1 FROM interview.%s WHERE %s = $1 LIMIT 1", user_table, column),
			  1, types, values, NULL, false, SPI_OK_SELECT);
	if (SPI_processed > 0)
		InUse(table, used_detail);
	IvSpiExec(psprintf("DELETE FROM interview.%s WHERE id = $1", table),
			  1, types, values, NULL, false, SPI_OK_DELETE);
	IvSpiFinish();
}

/* SQL: interview.delete_problem(problem_id) -> true; IV015 once an interview drew it. */
Datum
delete_problem(PG_FUNCTION_ARGS)
{
	DeleteUnused(fcinfo, "problem", "task", "problem_id",
				 "An interview drew this problem; deleting it would lose the candidates' work.");
	PG_RETURN_BOOL(true);
}

/* SQL: interview.delete_company(company_id) -> true; IV015 once it has an interview. */
Datum
delete_company(PG_FUNCTION_ARGS)
{
	DeleteUnused(fcinfo, "company", "interview", "company_id",
				 "The company has interviews; deleting it would detach them from it.");
	PG_RETURN_BOOL(true);
}
