/*
 * throttle.c
 *	  The per-account login token bucket of login() (accounts.c).
 *
 * Each account has one row in interview.login_throttle (made by a trigger on
 * account), holding the bucket as a single instant, allowed_at (the generic
 * cell rate algorithm): an attempt at time now passes when allowed_at - now
 * is at most (burst - 1) * interval, and then moves allowed_at one interval
 * further. Burst and interval are the GUCs interview.login_burst and
 * interview.login_interval.
 *
 * A failed login raises an error, which rolls back everything its
 * transaction wrote; a bucket kept in an ordinary row would never be charged
 * by the attempts that matter most (wrong passwords). So the row is
 * overwritten in place (heap_inplace_update, WAL-logged, as VACUUM does for
 * pg_class statistics), which no abort undoes. Rules that make this safe:
 * the row is never updated by SQL (only inserted and deleted), its columns
 * are fixed-width and never null (so the tuple keeps its length), and every
 * writer first locks the row with SELECT ... FOR UPDATE, so writes of one
 * account are serialised.
 *
 * Superusers are not throttled: they read the password hashes anyway, and
 * scripts run as superuser log in many times.
 *
 * It must not write anything in place but allowed_at of a row it has locked,
 * and must not be used for state that an abort should undo.
 */
#include "interview.h"

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "miscadmin.h"
#include "storage/bufmgr.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
#include "storage/itemptr.h"

PG_FUNCTION_INFO_V1(account_throttle_row);

/* GUC interview.login_burst: logins an account may make at once. */
static int	login_burst = 10;

/* GUC interview.login_interval: seconds that earn one more login. */
static int	login_interval = 6;

/* Module load (identity.c): the throttle's settings. */
void
ThrottleDefineGucs(void)
{
	DefineCustomIntVariable("interview.login_burst",
							"Logins an account may make in a burst.",
							"After this many logins in a row, login() answers IV014 until "
							"interview.login_interval has passed for each further one.",
							&login_burst,
							10, 1, 10000,
							PGC_SUSET, 0,
							NULL, NULL, NULL);
	DefineCustomIntVariable("interview.login_interval",
							"Seconds that earn an account one more login attempt.",
							NULL,
							&login_interval,
							6, 0, 3600,
							PGC_SUSET, GUC_UNIT_S,
							NULL, NULL, NULL);
}

/* Overwrites allowed_at of the row at ctid, outside the transaction. */
static void
ThrottleStore(ItemPointer ctid, TimestampTz allowed_at)
{
	Oid			relid = get_relname_relid("login_throttle",
										  get_namespace_oid("interview", false));
	Relation	rel;
	HeapTupleData old;
	Buffer		buf;
	HeapTuple	fresh;
	Datum		values[2] = {0, TimestampTzGetDatum(allowed_at)};
	bool		nulls[2] = {false, false};
	bool		replace[2] = {false, true};

	if (!OidIsValid(relid))
		elog(ERROR, "table interview.login_throttle does not exist");
	rel = table_open(relid, RowExclusiveLock);
	old.t_self = *ctid;
	if (!heap_fetch(rel, SnapshotAny, &old, &buf, false))
		elog(ERROR, "login_throttle row (%u,%u) vanished",
			 ItemPointerGetBlockNumber(ctid), ItemPointerGetOffsetNumber(ctid));
	LockBuffer(buf, BUFFER_LOCK_SHARE);
	fresh = heap_modify_tuple(&old, RelationGetDescr(rel), values, nulls, replace);
	LockBuffer(buf, BUFFER_LOCK_UNLOCK);
	ReleaseBuffer(buf);
	fresh->t_self = *ctid;
	heap_inplace_update(rel, fresh);
	heap_freetuple(fresh);
	table_close(rel, RowExclusiveLock);
}

/*
 * Charges one login attempt of account_id (inside SPI), or raises IV014 when
 * its bucket is empty. Called before the password is checked, so a refused
 * attempt costs no bcrypt.
 */
void
ThrottleLogin(int64 account_id)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	ItemPointerData ctid;
	TimestampTz now = GetCurrentTimestamp();
	TimestampTz allowed_at;
	int64		step = (int64) login_interval * USECS_PER_SEC;
	int64		slack = step * (login_burst - 1);
	bool		isnull;

	if (superuser_arg(GetOuterUserId()) || step == 0)
		return;
	values[0] = Int64GetDatum(account_id);
	IvSpiExec("INSERT INTO interview.login_throttle (account_id) VALUES ($1) "
			  "ON CONFLICT (account_id) DO NOTHING",
			  1, types, values, NULL, false, SPI_OK_INSERT);
	IvSpiExec("SELECT ctid, allowed_at FROM interview.login_throttle "
			  "WHERE account_id = $1 FOR UPDATE",
			  1, types, values, NULL, false, SPI_OK_SELECT);
	if (SPI_processed != 1)
		elog(ERROR, "no login_throttle row for account " INT64_FORMAT, account_id);
	ctid = *(ItemPointer) DatumGetPointer(IvSpiValue(0, 1, &isnull));
	allowed_at = DatumGetTimestampTz(IvSpiValue(0, 2, &isnull));
	if (allowed_at < now)
		allowed_at = now;
	if (allowed_at - now > slack)
	{
		int64		wait_s = (allowed_at - now - slack + USECS_PER_SEC - 1) / USECS_PER_SEC;

		ereport(ERROR,
				(errcode(ERRCODE_IV_RATE_LIMITED),
				 errmsg("too many login attempts"),
				 errdetail("This account may try to log in again in " INT64_FORMAT " seconds.",
						   wait_s)));
	}
	ThrottleStore(&ctid, allowed_at + step);
}

/* SQL trigger interview.account_throttle_row(): a new account's bucket row. */
Datum
account_throttle_row(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	bool		isnull;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BY_INSERT(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event))
		elog(ERROR, "account_throttle_row must run as a row trigger on insert");
	values[0] = heap_getattr(trigdata->tg_trigtuple, 1,
							 RelationGetDescr(trigdata->tg_relation), &isnull);
	IvSpiConnect();
	IvSpiExec("INSERT INTO interview.login_throttle (account_id) VALUES ($1) "
			  "ON CONFLICT (account_id) DO NOTHING",
			  1, types, values, NULL, false, SPI_OK_INSERT);
	IvSpiFinish();
	return PointerGetDatum(NULL);
}
