/*
 * identity.c
 *	  The acting account of this backend.
 *
 * The identity lives only in backend memory. It is set by login() and
 * authenticate() (accounts.c) through IdentitySet() and by nothing else: no
 * GUC, no table, so SET or set_config() cannot forge it. It lasts until the
 * end of the transaction, or of the session for authenticate(for_session).
 *
 * Transactions: a change made inside a subtransaction that aborts is undone;
 * a transaction that aborts restores the identity it started with (a session
 * identity survives, a transaction identity never does). Every change pushes
 * the previous state on a small stack tagged with the subtransaction id, so
 * the callbacks can roll back exactly what was changed.
 *
 * A session identity (authenticate(for_session)) is checked again against
 * auth_session the first time each later transaction asks who acts: once its
 * token is logged out, expired or evicted, the identity ends there. The check
 * reads auth_session as the table's owner, and runs before anything else in
 * the transaction changes the identity (IdentitySet marks it done).
 *
 * Nothing but IdentitySet(), IdentityClear() (logout) and the session check
 * above may change the identity, and it must never outlive its transaction
 * unless set for the session.
 */
#include "interview.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

PG_FUNCTION_INFO_V1(current_account_id);
PG_FUNCTION_INFO_V1(current_is_staff);

typedef struct IdentityState
{
	int64		account_id;		/* 0: nobody */
	bool		is_staff;
	bool		for_session;
	bool		has_token;
	uint8		token_hash[32];
} IdentityState;

typedef struct IdentityUndo
{
	SubTransactionId subid;		/* subtransaction that made the change */
	IdentityState prev;			/* state before the change */
} IdentityUndo;

#define IDENTITY_MAX_UNDO 64

static IdentityState current;
static IdentityUndo undo[IDENTITY_MAX_UNDO];
static int	nundo = 0;

/* Whether this transaction has checked (or set) the session identity. */
static bool session_checked = false;

/* GUC interview.session_lifetime, in seconds. */
static int	session_lifetime = 14 * 24 * 3600;

/* GUC interview.max_sessions: live sessions per account, oldest evicted. */
static int	max_sessions = 10;

/* Transaction end: keep a session identity, drop everything else. */
static void
IdentityXactCallback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_PREPARE:
			if (!current.for_session)
				memset(&current, 0, sizeof(current));
			nundo = 0;
			session_checked = false;
			break;
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
			/* The bottom of the stack holds the state the transaction began with. */
			if (nundo > 0)
				current = undo[0].prev;
			if (!current.for_session)
				memset(&current, 0, sizeof(current));
			nundo = 0;
			session_checked = false;
			break;
		default:
			break;
	}
}

/* Subtransaction end: undo its changes on abort, hand them to the parent on commit. */
static void
IdentitySubXactCallback(SubXactEvent event, SubTransactionId mySubid,
						SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		while (nundo > 0 && undo[nundo - 1].subid == mySubid)
		{
			current = undo[nundo - 1].prev;
			nundo--;
		}
	}
	else if (event == SUBXACT_EVENT_COMMIT_SUB)
	{
		for (int i = nundo - 1; i >= 0 && undo[i].subid == mySubid; i--)
			undo[i].subid = parentSubid;
	}
}

/* At module load (module.c): the identity GUCs and the transaction callbacks. */
void
IdentityInit(void)
{
	DefineCustomIntVariable("interview.session_lifetime",
							"Lifetime of a login session token.",
							"Tokens returned by interview.login expire after this long.",
							&session_lifetime,
							14 * 24 * 3600, 60, 366 * 24 * 3600,
							PGC_SUSET, GUC_UNIT_S,
							NULL, NULL, NULL);
	DefineCustomIntVariable("interview.max_sessions",
							"Live login sessions an account may hold.",
							"A login beyond this many ends the account's oldest sessions.",
							&max_sessions,
							10, 1, 1000,
							PGC_SUSET, 0,
							NULL, NULL, NULL);
	RegisterXactCallback(IdentityXactCallback, NULL);
	RegisterSubXactCallback(IdentitySubXactCallback, NULL);
}

/* Seconds a new session token stays valid. */
int
IdentitySessionLifetimeSeconds(void)
{
	return session_lifetime;
}

/* Live sessions an account may hold; a login beyond them evicts the oldest. */
int
IdentityMaxSessions(void)
{
	return max_sessions;
}

/* The owner of interview.auth_session, whose rights the session check uses. */
static Oid
SessionTableOwner(void)
{
	Oid			relid = get_relname_relid("auth_session",
										  get_namespace_oid("interview", false));
	HeapTuple	tup;
	Oid			owner;

	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "table interview.auth_session does not exist");
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/*
 * First look at a session identity in a transaction: ends it unless its
 * token still names a live session of the same account (and refreshes
 * is_staff, which staff may have changed meanwhile).
 */
static void
IdentityCheckSession(void)
{
	Oid			types[2] = {BYTEAOID, INT8OID};
	Datum		values[2];
	bytea	   *hash;
	Oid			save_user;
	int			save_context;
	bool		live;
	bool		staff = false;

	if (!current.for_session || session_checked || !IsTransactionState())
		return;
	session_checked = true;
	hash = palloc(VARHDRSZ + 32);
	SET_VARSIZE(hash, VARHDRSZ + 32);
	memcpy(VARDATA(hash), current.token_hash, 32);
	values[0] = PointerGetDatum(hash);
	values[1] = Int64GetDatum(current.account_id);

	GetUserIdAndSecContext(&save_user, &save_context);
	SetUserIdAndSecContext(SessionTableOwner(),
						   save_context | SECURITY_LOCAL_USERID_CHANGE);
	IvSpiConnect();
	IvSpiExec("SELECT a.is_staff FROM interview.auth_session s "
			  "JOIN interview.account a ON a.id = s.account_id "
			  "WHERE s.token_hash = $1 AND s.account_id = $2 "
			  "AND s.expires_at > pg_catalog.now()",
			  2, types, values, NULL, true, SPI_OK_SELECT);
	live = SPI_processed == 1;
	if (live)
	{
		bool		isnull;

		staff = DatumGetBool(IvSpiValue(0, 1, &isnull));
	}
	IvSpiFinish();
	SetUserIdAndSecContext(save_user, save_context);
	pfree(hash);

	if (live)
		current.is_staff = staff;
	else
		memset(&current, 0, sizeof(current));
}

/* Records the current state so that an abort can restore it. */
static void
IdentityPushUndo(void)
{
	if (nundo >= IDENTITY_MAX_UNDO)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many identity changes in one transaction")));
	undo[nundo].subid = GetCurrentSubTransactionId();
	undo[nundo].prev = current;
	nundo++;
}

/* Makes account_id the acting account (accounts.c only). */
void
IdentitySet(int64 account_id, bool is_staff, const uint8 *token_hash, bool for_session)
{
	IdentityPushUndo();
	session_checked = true;
	memset(&current, 0, sizeof(current));
	current.account_id = account_id;
	current.is_staff = is_staff;
	current.for_session = for_session;
	if (token_hash != NULL)
	{
		current.has_token = true;
		memcpy(current.token_hash, token_hash, 32);
	}
}

/* Stops acting as anybody (logout). */
void
IdentityClear(void)
{
	IdentityPushUndo();
	session_checked = true;
	memset(&current, 0, sizeof(current));
}

/* The acting account, 0 when nobody acts. */
int64
IdentityAccountId(void)
{
	IdentityCheckSession();
	return current.account_id;
}

/* Whether the acting account is staff. */
bool
IdentityIsStaff(void)
{
	IdentityCheckSession();
	return current.account_id != 0 && current.is_staff;
}

/* Copies the SHA-256 of the token the identity came from; false if none. */
bool
IdentityTokenHash(uint8 *out32)
{
	IdentityCheckSession();
	if (current.account_id == 0 || !current.has_token)
		return false;
	memcpy(out32, current.token_hash, 32);
	return true;
}

/* The acting account, or an IV009 error when nobody acts. */
int64
RequireAccount(void)
{
	IdentityCheckSession();
	if (current.account_id == 0)
		ereport(ERROR,
				(errcode(ERRCODE_IV_UNAUTHENTICATED),
				 errmsg("not authenticated"),
				 errhint("Call interview.login() or interview.authenticate() first.")));
	return current.account_id;
}

/* The acting staff account; IV009 when nobody acts, IV008 for candidates. */
int64
RequireStaff(void)
{
	int64		id = RequireAccount();

	if (!current.is_staff)
		ereport(ERROR,
				(errcode(ERRCODE_IV_FORBIDDEN),
				 errmsg("permission denied"),
				 errdetail("Only staff accounts may do this.")));
	return id;
}

/* SQL: interview.current_account_id(), null when nobody acts. */
Datum
current_account_id(PG_FUNCTION_ARGS)
{
	IdentityCheckSession();
	if (current.account_id == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT64(current.account_id);
}

/* SQL: interview.current_is_staff(). */
Datum
current_is_staff(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(IdentityIsStaff());
}
