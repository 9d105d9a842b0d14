/*
 * languages.c
 *    interview.set_languages: the judge registers the languages it can run
 *    (its language file, checked at its start).  Each one listed is added or
 *    updated and becomes available; every other row becomes unavailable but
 *    stays, since submissions name it.  submit_task accepts available
 *    languages only.
 *
 * Who may: members of interview_judge and superusers (IvRequireJudge).
 * Judges sharing a database should share one language file: the last
 * judge to start decides what is offered.
 */
#include "interview.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

PG_FUNCTION_INFO_V1(set_languages);

#define IV_MAX_LANGUAGES 200

static SPIPlanPtr plan_check;
static SPIPlanPtr plan_register;

/*
 * SQL: interview.set_languages(languages jsonb) -> int.
 * IV012 unless languages is an array of at most 200 objects with a distinct
 * id ([a-z0-9_+]{1,32}), a name (1..64 characters) and an optional version
 * (at most 256 bytes), all strings.
 */
Datum
set_languages(PG_FUNCTION_ARGS)
{
	Oid			types[1] = {JSONBOID};
	Datum		values[1];
	bool		isnull;
	int64		available;

	IvRequireJudge();
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("languages must be a JSON array")));
	values[0] = PG_GETARG_DATUM(0);
	IvSpiConnect();
	IvSpiExecPlan(&plan_check,
				  "SELECT CASE WHEN pg_catalog.jsonb_typeof($1) <> 'array' THEN 'not an array' "
				  "WHEN pg_catalog.jsonb_array_length($1) > " CppAsString2(IV_MAX_LANGUAGES) " "
				  "THEN 'more than " CppAsString2(IV_MAX_LANGUAGES) " languages' "
				  "WHEN EXISTS (SELECT 1 FROM pg_catalog.jsonb_array_elements($1) e(v) "
				  "  WHERE pg_catalog.jsonb_typeof(v) IS DISTINCT FROM 'object' "
				  "  OR pg_catalog.jsonb_typeof(v->'id') IS DISTINCT FROM 'string' "
				  "  OR NOT (v->>'id') OPERATOR(pg_catalog.~) '^[a-z0-9_+]{1,32}$' "
				  "  OR pg_catalog.jsonb_typeof(v->'name') IS DISTINCT FROM 'string' "
				  "  OR pg_catalog.length(v->>'name') NOT BETWEEN 1 AND 64 "
				  "  OR (v ? 'version' AND pg_catalog.jsonb_typeof(v->'version') IS DISTINCT FROM 'string') "
				  "  OR pg_catalog.octet_length(v->>'version') > 256) "
				  "THEN 'each language needs an id, a name and at most a version, all strings' "
				  "WHEN (SELECT pg_catalog.count(DISTINCT v->>'id') <> pg_catalog.count(*) "
				  "      FROM pg_catalog.jsonb_array_elements($1) e(v)) THEN 'an id appears twice' END",
				  1, types, values, NULL, true, SPI_OK_SELECT);
	if (SPI_processed == 1)
	{
		char	   *problem = IvSpiTextCopy(0, 1);

		if (problem != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_IV_BAD_INPUT),
					 errmsg("invalid languages: %s", problem),
					 errdetail("Languages are a JSON array of objects {\"id\", \"name\", \"version\"}.")));
	}
	IvSpiExecPlan(&plan_register,
				  "WITH l AS (SELECT v->>'id' AS id, v->>'name' AS name, "
				  "  coalesce(v->>'version', '') AS version "
				  "  FROM pg_catalog.jsonb_array_elements($1) e(v)), "
				  "up AS (INSERT INTO interview.language AS t (id, name, version, available) "
				  "  SELECT id, name, version, true FROM l "
				  "  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version, "
				  "  available = true RETURNING t.id), "
				  "down AS (UPDATE interview.language SET available = false "
				  "  WHERE available AND id NOT IN (SELECT id FROM l)) "
				  "SELECT pg_catalog.count(*) FROM up",
				  1, types, values, NULL, false, SPI_OK_SELECT);
	available = IvSpiInt64(0, 1, &isnull);
	IvSpiFinish();
	PG_RETURN_INT32((int32) available);
}
