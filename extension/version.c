/*
 * version.c
 *	  problem.version: the triggers that bump it when what judging reads
 *	  changes (the test cases, the limits, the checker, any column later
 *	  features add to interview.problem).
 *
 * One bump per transaction and problem: problem.version_xact holds the
 * transaction that last bumped it, so a transaction that adds twenty tests
 * or renumbers them in two statements makes one new version, and a problem
 * created in the same transaction as its tests stays at its first version.
 * The triggers only ever write problem.version and problem.version_xact.
 */
#include "interview.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/datum.h"
#include "utils/rel.h"
#include "utils/xid8.h"

PG_FUNCTION_INFO_V1(problem_version_trigger);
PG_FUNCTION_INFO_V1(test_case_version_trigger);

/* Columns of interview.problem that judging does not read. */
static const char *const unjudged_columns[] = {
	"id", "title", "text", "duration", "version", "version_xact", "archived_at"
};

/* Whether column name of interview.problem is one judging does not read. */
static bool
IsUnjudged(const char *name)
{
	for (size_t i = 0; i < lengthof(unjudged_columns); i++)
		if (strcmp(unjudged_columns[i], name) == 0)
			return true;
	return false;
}

/* Whether two non-null values of one column are the same bytes (detoasted). */
static bool
SameValue(Datum a, Datum b, Form_pg_attribute att)
{
	if (att->attlen == -1)
	{
		struct varlena *x = pg_detoast_datum((struct varlena *) DatumGetPointer(a));
		struct varlena *y = pg_detoast_datum((struct varlena *) DatumGetPointer(b));

		return VARSIZE(x) == VARSIZE(y) && memcmp(x, y, VARSIZE(x)) == 0;
	}
	return datumIsEqual(a, b, att->attbyval, att->attlen);
}

/* Whether a column judging reads differs between the old and the new row. */
static bool
JudgedColumnChanged(HeapTuple oldtup, HeapTuple newtup, TupleDesc desc)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		bool		oldnull;
		bool		newnull;
		Datum		o;
		Datum		n;

		if (att->attisdropped || IsUnjudged(NameStr(att->attname)))
			continue;
		o = heap_getattr(oldtup, i + 1, desc, &oldnull);
		n = heap_getattr(newtup, i + 1, desc, &newnull);
		if (oldnull != newnull || (!oldnull && !SameValue(o, n, att)))
			return true;
	}
	return false;
}

/*
 * Trigger BEFORE UPDATE ON interview.problem FOR EACH ROW: a new version
 * when a judged column changes, unless this transaction made one already.
 */
Datum
problem_version_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	HeapTuple	newtup;
	int			version_col;
	int			xact_col;
	bool		isnull;
	FullTransactionId last;
	FullTransactionId now;
	int			cols[2];
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_BY_UPDATE(td->tg_event) || !TRIGGER_FIRED_FOR_ROW(td->tg_event))
		elog(ERROR, "problem_version_trigger: not fired before update for each row");
	desc = td->tg_relation->rd_att;
	newtup = td->tg_newtuple;
	if (!JudgedColumnChanged(td->tg_trigtuple, newtup, desc))
		return PointerGetDatum(newtup);

	version_col = SPI_fnumber(desc, "version");
	xact_col = SPI_fnumber(desc, "version_xact");
	if (version_col <= 0 || xact_col <= 0)
		elog(ERROR, "interview.problem lacks version or version_xact");
	now = GetTopFullTransactionId();
	last = DatumGetFullTransactionId(heap_getattr(td->tg_trigtuple, xact_col, desc, &isnull));
	if (!isnull && FullTransactionIdEquals(last, now))
		return PointerGetDatum(newtup);

	cols[0] = version_col;
	values[0] = Int32GetDatum(DatumGetInt32(heap_getattr(td->tg_trigtuple, version_col,
														 desc, &isnull)) + 1);
	cols[1] = xact_col;
	values[1] = FullTransactionIdGetDatum(now);
	return PointerGetDatum(heap_modify_tuple_by_cols(newtup, desc, 2, cols, values, nulls));
}

/*
 * Trigger AFTER INSERT, UPDATE or DELETE ON interview.test_case or
 * interview.custom_checker FOR EACH STATEMENT, with the changed rows (which
 * carry problem_id) as transition table "changed": a new version of each
 * problem concerned, unless this transaction made one.
 */
Datum
test_case_version_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	int			rc;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event) ||
		TRIGGER_FIRED_FOR_ROW(td->tg_event))
		elog(ERROR, "test_case_version_trigger: not fired after a statement");
	IvSpiConnect();
	rc = SPI_register_trigger_data(td);
	if (rc != SPI_OK_TD_REGISTER)
		elog(ERROR, "SPI_register_trigger_data failed: %s", SPI_result_code_string(rc));
	rc = SPI_execute("UPDATE interview.problem p SET version = p.version + 1, "
					 "version_xact = pg_catalog.pg_current_xact_id() "
					 "WHERE p.id IN (SELECT DISTINCT problem_id FROM changed) "
					 "AND p.version_xact <> pg_catalog.pg_current_xact_id()",
					 false, 0);
	if (rc != SPI_OK_UPDATE)
		elog(ERROR, "test_case_version_trigger: unexpected SPI result %s",
			 SPI_result_code_string(rc));
	IvSpiFinish();
	return PointerGetDatum(NULL);
}
