/*
 * results.c
 *	  What a judged submission tells, and to whom: the tallies written with
 *	  a verdict (tests passed out of the total, and the coarse figures of
 *	  hidden tests) and visible_time_ms / visible_memory_kb.
 *
 * The side-channel rule: a program can encode a hidden test's input in its
 * CPU time, peak memory or exit code. So candidates see exact figures for
 * sample tests only; for hidden tests they see the verdict, and time and
 * memory only as the maximum over all hidden tests rounded up to a tenth of
 * the problem's limit (ten steps). Staff see everything. The per-test view
 * (interview.visible_test_result, sql/interview.sql) applies the same rule
 * with the figures written here.
 */
#include "interview.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(visible_time_ms);
PG_FUNCTION_INFO_V1(visible_memory_kb);

/* Steps that the limits are cut into for hidden tests' figures. */
#define IV_COARSE_STEPS 10

static SPIPlanPtr plan_tally;
static SPIPlanPtr plan_store_tally;
static SPIPlanPtr plan_visible;

/* value rounded up to a multiple of a tenth of limit (at least 1). */
static int64
Coarse(int64 value, int64 limit)
{
	int64		step = (limit + IV_COARSE_STEPS - 1) / IV_COARSE_STEPS;

	if (step < 1)
		step = 1;
	return (value + step - 1) / step * step;
}

/* The larger of two nullable figures (null when both are). */
static Datum
Larger(bool *isnull, bool anull, int64 a, bool bnull, int64 b)
{
	*isnull = anull && bnull;
	if (anull)
		return Int32GetDatum((int32) b);
	if (bnull)
		return Int32GetDatum((int32) a);
	return Int32GetDatum((int32) Max(a, b));
}

/*
 * Writes passed, total and the figures candidates see on a submission whose
 * test results were just inserted (inside SPI). total < 0: the number of
 * results.
 */
void
IvRecordTallies(int64 submission_id, int total)
{
	Oid			types[8] = {INT8OID, INT4OID, INT4OID, INT4OID, INT4OID, INT4OID,
		INT4OID, INT4OID};
	Datum		values[8];
	char		nulls[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
	bool		n_st, n_sm, n_ht, n_hm;
	int64		passed, results, st, sm, ht, hm, tl, ml;

	values[0] = Int64GetDatum(submission_id);
	IvSpiExecPlan(&plan_tally,
				  "SELECT count(*) FILTER (WHERE r.verdict = 'AC'), count(r.*), "
				  " max(r.time_ms) FILTER (WHERE c.is_sample), "
				  " max(r.memory_kb) FILTER (WHERE c.is_sample), "
				  " max(r.time_ms) FILTER (WHERE NOT c.is_sample), "
				  " max(r.memory_kb) FILTER (WHERE NOT c.is_sample), "
				  " min(p.time_limit_ms), min(p.memory_limit_kb) "
				  "FROM interview.submission s "
				  "JOIN interview.task t ON t.id = s.task_id "
				  "JOIN interview.problem p ON p.id = t.problem_id "
				  "LEFT JOIN interview.test_result r ON r.submission_id = s.id "
				  "LEFT JOIN interview.test_case c ON c.id = r.test_case_id "
				  "WHERE s.id = $1",
				  1, types, values, NULL, false, SPI_OK_SELECT);
	if (SPI_processed != 1)
		elog(ERROR, "submission " INT64_FORMAT " vanished while locked", submission_id);
	passed = IvSpiInt64(0, 1, NULL);
	results = IvSpiInt64(0, 2, NULL);
	st = IvSpiInt64(0, 3, &n_st);
	sm = IvSpiInt64(0, 4, &n_sm);
	ht = IvSpiInt64(0, 5, &n_ht);
	hm = IvSpiInt64(0, 6, &n_hm);
	tl = IvSpiInt64(0, 7, NULL);
	ml = IvSpiInt64(0, 8, NULL);
	if (!n_ht)
		ht = Coarse(ht, tl);
	if (!n_hm)
		hm = Coarse(hm, ml);

	values[1] = Int32GetDatum((int32) passed);
	values[2] = Int32GetDatum((int32) (total < results ? results : total));
	values[3] = Int32GetDatum((int32) ht);
	nulls[3] = n_ht ? 'n' : ' ';
	values[4] = Int32GetDatum((int32) hm);
	nulls[4] = n_hm ? 'n' : ' ';
	values[5] = Larger(&n_st, n_st, st, n_ht, ht);
	nulls[5] = n_st ? 'n' : ' ';
	values[6] = Larger(&n_sm, n_sm, sm, n_hm, hm);
	nulls[6] = n_sm ? 'n' : ' ';
	IvSpiExecPlan(&plan_store_tally,
				  "UPDATE interview.submission SET passed = $2, total = $3, "
				  "hidden_time_ms = $4, hidden_memory_kb = $5, "
				  "shown_time_ms = $6, shown_memory_kb = $7 WHERE id = $1",
				  7, types, values, nulls, false, SPI_OK_UPDATE);
}

/*
 * One figure of a submission as the acting account may see it: exact for
 * staff, the shown figure for its owner, null for anybody else.
 */
static Datum
VisibleFigure(FunctionCallInfo fcinfo, bool memory)
{
	int64		account_id = IdentityAccountId();
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	bool		staff = IdentityIsStaff();
	bool		isnull = true;
	int64		owner;
	int64		exact;
	int64		shown;
	bool		n_exact, n_shown;

	if (PG_ARGISNULL(0) || account_id == 0)
		PG_RETURN_NULL();
	values[0] = PG_GETARG_DATUM(0);
	IvSpiConnect();
	IvSpiExecPlan(&plan_visible,
				  "SELECT account_id, time_ms, shown_time_ms, memory_kb, shown_memory_kb "
				  "FROM interview.submission WHERE id = $1",
				  1, types, values, NULL, true, SPI_OK_SELECT);
	if (SPI_processed == 1)
	{
		owner = IvSpiInt64(0, 1, NULL);
		exact = IvSpiInt64(0, memory ? 4 : 2, &n_exact);
		shown = IvSpiInt64(0, memory ? 5 : 3, &n_shown);
		if (staff && !n_exact)
		{
			isnull = false;
			shown = exact;
		}
		else if (!staff && owner == account_id && !n_shown)
			isnull = false;
	}
	IvSpiFinish();
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_INT32((int32) shown);
}

/* SQL: interview.visible_time_ms(submission_id) -> int. */
Datum
visible_time_ms(PG_FUNCTION_ARGS)
{
	return VisibleFigure(fcinfo, false);
}

/* SQL: interview.visible_memory_kb(submission_id) -> int. */
Datum
visible_memory_kb(PG_FUNCTION_ARGS)
{
	return VisibleFigure(fcinfo, true);
}
