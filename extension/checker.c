/*
 * checker.c
 *	  How a problem's output is judged: set_checker (exact, tokens,
 *	  float:EPS, unordered or a custom program) and set_stop_at_first_failure.
 *
 * Staff only (RequireStaff). The checker kind lives in problem.checker,
 * readable by candidates (they may know answers are compared loosely); the
 * program of a custom checker lives in custom_checker, which no role but the
 * owner reads, so candidates never see it. The judge receives both with a
 * claim and caches the compiled program under the problem id and the
 * code_hash written here. This file decides nothing about verdicts: the
 * judge applies the checker.
 */
#include "interview.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(set_checker);
PG_FUNCTION_INFO_V1(set_stop_at_first_failure);

/* Largest float tolerance accepted, and the longest checker text. */
#define IV_MAX_EPS				1.0
#define IV_MAX_CHECKER_TEXT		32

static SPIPlanPtr plan_lock_problem;
static SPIPlanPtr plan_set_kind;
static SPIPlanPtr plan_upsert_custom;
static SPIPlanPtr plan_drop_custom;
static SPIPlanPtr plan_language;
static SPIPlanPtr plan_set_stop;

/* Raises IV018 with a short message and a sentence of detail. */
static void
InvalidChecker(const char *message, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_IV_INVALID_CHECKER),
			 errmsg("%s", message),
			 errdetail("%s", detail),
			 errhint("A checker is exact, tokens, float:EPS (0 < EPS <= 1), unordered, or custom with checker_code and checker_language.")));
}

/* Raises IV011 for a problem that does not exist. */
static void
ProblemNotFound(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_IV_NOT_FOUND),
			 errmsg("problem not found")));
}

/* Locks the problem row (inside SPI); IV011 when there is none. */
static void
LockProblem(Datum problem_id)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {problem_id};

	IvSpiExecPlan(&plan_lock_problem,
				  "SELECT 1 FROM interview.problem WHERE id = $1 FOR UPDATE",
				  1, types, values, NULL, false, SPI_OK_SELECT);
	if (SPI_processed != 1)
		ProblemNotFound();
}

/* Errors with IV018 unless spec is float:EPS with a finite 0 < EPS <= 1. */
static void
CheckFloatSpec(const char *spec)
{
	const char *num = spec + strlen("float:");
	char	   *end;
	double		eps;

	errno = 0;
	eps = strtod(num, &end);
	if (*num == '\0' || *end != '\0' || errno != 0 || !isfinite(eps) ||
		eps <= 0 || eps > IV_MAX_EPS ||
		strspn(num, "0123456789.eE+-") != strlen(num))
		InvalidChecker("invalid float tolerance",
					   "The tolerance after \"float:\" must be a number greater than 0 and at most 1, such as 1e-6.");
}

/*
 * SQL: interview.set_checker(problem_id, checker, checker_code,
 * checker_language) -> void. Replaces the problem's checker; the program
 * of a custom checker is kept, every other kind drops it.
 */
Datum
set_checker(PG_FUNCTION_ARGS)
{
	char	   *kind;
	bool		custom;
	Oid			types[3] = {INT8OID, TEXTOID, TEXTOID};
	Datum		values[3];

	RequireStaff();
	if (PG_ARGISNULL(0))
		ProblemNotFound();
	if (PG_ARGISNULL(1))
		InvalidChecker("checker must not be null", "Name one of the checkers.");
	kind = text_to_cstring(PG_GETARG_TEXT_PP(1));
	if (strlen(kind) > IV_MAX_CHECKER_TEXT)
		InvalidChecker("unknown checker", "The checker name is too long.");
	custom = strcmp(kind, "custom") == 0;
	if (strncmp(kind, "float:", 6) == 0)
		CheckFloatSpec(kind);
	else if (!custom && strcmp(kind, "exact") != 0 && strcmp(kind, "tokens") != 0 &&
			 strcmp(kind, "unordered") != 0)
		InvalidChecker("unknown checker",
					   psprintf("\"%s\" is not a checker.", kind));
	if (custom)
	{
		int			len;

		if (PG_ARGISNULL(2) || PG_ARGISNULL(3))
			InvalidChecker("custom checker needs code and language",
						   "A custom checker takes checker_code and checker_language.");
		len = VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(2));
		if (len == 0 || len > IV_MAX_CODE_BYTES)
			InvalidChecker("checker code empty or too large",
						   psprintf("Checker code must have 1 to %d bytes.", IV_MAX_CODE_BYTES));
	}
	else if (!PG_ARGISNULL(2) || !PG_ARGISNULL(3))
		InvalidChecker("checker code given for a built-in checker",
					   psprintf("Only a custom checker takes checker_code and checker_language, not %s.",
								kind));

	IvSpiConnect();
	LockProblem(PG_GETARG_DATUM(0));
	values[0] = PG_GETARG_DATUM(0);
	values[1] = CStringGetTextDatum(kind);
	IvSpiExecPlan(&plan_set_kind,
				  "UPDATE interview.problem SET checker = $2 WHERE id = $1",
				  2, types, values, NULL, false, SPI_OK_UPDATE);
	if (custom)
	{
		values[1] = PG_GETARG_DATUM(3);
		IvSpiExecPlan(&plan_language,
					  "SELECT 1 FROM interview.language WHERE id = $1",
					  1, types + 1, values + 1, NULL, false, SPI_OK_SELECT);
		if (SPI_processed != 1)
			ereport(ERROR,
					(errcode(ERRCODE_IV_UNKNOWN_LANGUAGE),
					 errmsg("unknown language"),
					 errdetail("The checker language must be one of interview.language.")));
		values[2] = PG_GETARG_DATUM(2);
		IvSpiExecPlan(&plan_upsert_custom,
					  "INSERT INTO interview.custom_checker AS k "
					  "(problem_id, language, code, code_hash) "
					  "VALUES ($1, $2, $3, pg_catalog.encode(pg_catalog.sha256("
					  " pg_catalog.convert_to($2 || E'\\n' || $3, 'UTF8')), 'hex')) "
					  "ON CONFLICT (problem_id) DO UPDATE SET language = EXCLUDED.language, "
					  "code = EXCLUDED.code, code_hash = EXCLUDED.code_hash, "
					  "updated_at = pg_catalog.now() "
					  "WHERE k.code_hash IS DISTINCT FROM EXCLUDED.code_hash",
					  3, types, values, NULL, false, SPI_OK_INSERT);
	}
	else
		IvSpiExecPlan(&plan_drop_custom,
					  "DELETE FROM interview.custom_checker WHERE problem_id = $1",
					  1, types, values, NULL, false, SPI_OK_DELETE);
	IvSpiFinish();
	PG_RETURN_VOID();
}

/*
 * SQL: interview.set_stop_at_first_failure(problem_id, stop) -> void.
 * With stop, judging ends at the first failing test (the tests after it
 * have no result); without, every test runs.
 */
Datum
set_stop_at_first_failure(PG_FUNCTION_ARGS)
{
	Oid			types[2] = {INT8OID, BOOLOID};
	Datum		values[2];

	RequireStaff();
	if (PG_ARGISNULL(0))
		ProblemNotFound();
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("stop must not be null")));
	values[0] = PG_GETARG_DATUM(0);
	values[1] = PG_GETARG_DATUM(1);
	IvSpiConnect();
	IvSpiExecPlan(&plan_set_stop,
				  "UPDATE interview.problem SET stop_at_first_failure = $2 WHERE id = $1",
				  2, types, values, NULL, false, SPI_OK_UPDATE);
	if (SPI_processed != 1)
		ProblemNotFound();
	IvSpiFinish();
	PG_RETURN_VOID();
}
