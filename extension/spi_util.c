/*
 * spi_util.c
 *	  Small SPI helpers shared by the SQL-callable functions.
 *
 * Rules: statements are schema-qualified and take typed parameters only;
 * results are read between IvSpiExec and IvSpiFinish and copied into the
 * caller's memory context (IvSpiTextCopy) before SPI_finish frees them.
 *
 * It must not build SQL from values: callers pass typed parameters.
 */
#include "interview.h"

#include "catalog/pg_type.h"
#include "commands/async.h"
#include "miscadmin.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

/* Schema of pgcrypto, looked up once per backend (TopMemoryContext). */
static char *pgcrypto_schema = NULL;

/* Connects to SPI or fails loudly. */
void
IvSpiConnect(void)
{
	int			rc = SPI_connect();

	if (rc != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
}

/* Disconnects from SPI or fails loudly. */
void
IvSpiFinish(void)
{
	int			rc = SPI_finish();

	if (rc != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed: %s", SPI_result_code_string(rc));
}

/* Runs one statement with typed arguments and checks the exact result code. */
void
IvSpiExec(const char *sql, int nargs, Oid *types, Datum *values,
		  const char *nulls, bool read_only, int expected)
{
	int			rc;

	rc = SPI_execute_with_args(sql, nargs, types, values, nulls, read_only, 0);
	if (rc != expected)
		elog(ERROR, "unexpected SPI result %s (wanted %s) for: %s",
			 SPI_result_code_string(rc), SPI_result_code_string(expected), sql);
}

/*
 * Runs one statement through a saved plan: prepared with SPI_prepare on the
 * first call, kept with SPI_keepplan (the plan cache revalidates it when the
 * tables change), then executed with typed arguments.
 */
void
IvSpiExecPlan(SPIPlanPtr *plan, const char *sql, int nargs, Oid *types,
			  Datum *values, const char *nulls, bool read_only, int expected)
{
	int			rc;

	if (*plan == NULL)
	{
		SPIPlanPtr	p = SPI_prepare(sql, nargs, types);

		if (p == NULL)
			elog(ERROR, "SPI_prepare failed: %s for: %s",
				 SPI_result_code_string(SPI_result), sql);
		if (SPI_keepplan(p) != 0)
			elog(ERROR, "SPI_keepplan failed for: %s", sql);
		*plan = p;
	}
	rc = SPI_execute_plan(*plan, values, nulls, read_only, 0);
	if (rc != expected)
		elog(ERROR, "unexpected SPI result %s (wanted %s) for: %s",
			 SPI_result_code_string(rc), SPI_result_code_string(expected), sql);
}

/* Column col (1-based) of row row (0-based) of the last result. */
Datum
IvSpiValue(int row, int col, bool *isnull)
{
	if (SPI_tuptable == NULL || (uint64) row >= SPI_processed)
		elog(ERROR, "SPI result has no row %d", row);
	return SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, isnull);
}

/* A bigint (or int) column of the last result; 0 when null. */
int64
IvSpiInt64(int row, int col, bool *isnull)
{
	bool		null;
	Datum		d = IvSpiValue(row, col, &null);
	Oid			type = SPI_gettypeid(SPI_tuptable->tupdesc, col);

	if (isnull)
		*isnull = null;
	if (null)
		return 0;
	switch (type)
	{
		case INT8OID:
			return DatumGetInt64(d);
		case INT4OID:
			return DatumGetInt32(d);
		case INT2OID:
			return DatumGetInt16(d);
		default:
			elog(ERROR, "SPI column %d is not an integer (type %u)", col, type);
	}
	return 0;					/* keep compiler quiet */
}

/* A text column copied into the memory context that was current before SPI_connect. */
char *
IvSpiTextCopy(int row, int col)
{
	bool		null;
	Datum		d = IvSpiValue(row, col, &null);
	char	   *s;
	char	   *copy;
	size_t		len;

	if (null)
		return NULL;
	s = TextDatumGetCString(d);
	len = strlen(s) + 1;
	copy = SPI_palloc(len);
	memcpy(copy, s, len);
	return copy;
}

/* "schema.name" of a pgcrypto function; the schema is quoted as an identifier. */
const char *
IvPgcryptoFunc(const char *name)
{
	if (pgcrypto_schema == NULL)
	{
		char	   *schema;

		IvSpiExec("SELECT n.nspname::text FROM pg_catalog.pg_extension e "
				  "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace "
				  "WHERE e.extname = 'pgcrypto'",
				  0, NULL, NULL, NULL, true, SPI_OK_SELECT);
		if (SPI_processed != 1)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("extension \"pgcrypto\" is not installed"),
					 errhint("Install it with CREATE EXTENSION pgcrypto.")));
		schema = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
		pgcrypto_schema = MemoryContextStrdup(TopMemoryContext, quote_identifier(schema));
	}
	return psprintf("%s.%s", pgcrypto_schema, name);
}

/* Queues a notification as pg_notify() does (delivered at commit, dropped on abort). */
void
IvNotify(const char *channel, const char *payload)
{
	PreventCommandDuringRecovery("NOTIFY");
	Async_Notify(channel, payload);
}
