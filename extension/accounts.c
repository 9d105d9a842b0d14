/*
 * accounts.c
 *	  Accounts and login sessions: register, login, authenticate, logout,
 *	  create_staff.
 *
 * Passwords are hashed with bcrypt (pgcrypto's crypt() and gen_salt('bf'),
 * cost IV_BCRYPT_COST). A session token is 32 random bytes from
 * pg_strong_random(), handed out hex-encoded (64 characters); the table
 * auth_session keeps only the SHA-256 of that text. login() and
 * authenticate() are the only callers of IdentitySet(): they are what makes
 * an account act, and nothing a client can SET changes that.
 *
 * Every function runs as SECURITY DEFINER, so "who is calling" is the outer
 * role (GetOuterUserId(): the session user or the role it SET ROLE to), never
 * GetUserId(), which is the extension's owner here.
 *
 * It must not store a password or a token in clear, nor reveal through
 * errors or timing whether a username exists (register() says a name is
 * taken, and only existing accounts have a login bucket, so after
 * interview.login_burst attempts IV014 tells one apart as well).
 *
 * Limits (see docs/security.md): login() charges the account's token bucket
 * (throttle.c) before it runs bcrypt, and each login keeps at most
 * interview.max_sessions live sessions per account, ending the oldest.
 */
#include "interview.h"

#include "catalog/pg_type.h"
#include "common/cryptohash.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(interview_register);
PG_FUNCTION_INFO_V1(login);
PG_FUNCTION_INFO_V1(authenticate);
PG_FUNCTION_INFO_V1(logout);
PG_FUNCTION_INFO_V1(create_staff);
PG_FUNCTION_INFO_V1(act_as_staff);

/* bcrypt work factor: 2^10 rounds, about 50-100 ms per hash on one core. */
#define IV_BCRYPT_COST		10
#define IV_TOKEN_BYTES		32
#define IV_TOKEN_HEX		(IV_TOKEN_BYTES * 2)
#define IV_HASH_BYTES		32

#define IV_USERNAME_MAX		150
#define IV_PASSWORD_MIN		8
#define IV_PASSWORD_MAX		128
#define IV_EMAIL_MAX		254

/* authenticate() runs once per proxy request: its lookup plan is kept. */
static SPIPlanPtr authenticate_plan = NULL;

/*
 * A well-formed bcrypt setting of the same cost, checked against when the
 * username is unknown so that a miss costs as much time as a wrong password.
 */
#define IV_DUMMY_BCRYPT \
	"$2a$10$CwTycUXWue0Thq9StjUM0uJ8.pJ5xNqN4F8QhJx6R9xW4rqgGxN3e"

/* Raises the single error of a failed login, whatever went wrong. */
static void
CredentialsError(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_IV_UNAUTHENTICATED),
			 errmsg("invalid username or password")));
}

/* Raises the error of an unusable session token. */
static void
TokenError(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_IV_UNAUTHENTICATED),
			 errmsg("invalid or expired token")));
}

/* Refuses a username outside 1-150 of [A-Za-z0-9_.@+-]. */
static void
CheckUsername(const char *username)
{
	size_t		len = username ? strlen(username) : 0;

	if (len == 0 || len > IV_USERNAME_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("username must be 1 to %d characters", IV_USERNAME_MAX),
				 errdetail("A username has 1 to %d characters.", IV_USERNAME_MAX)));
	for (size_t i = 0; i < len; i++)
	{
		char		c = username[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (c >= '0' && c <= '9') || strchr("_.@+-", c) != NULL))
			ereport(ERROR,
					(errcode(ERRCODE_IV_BAD_INPUT),
					 errmsg("username may hold letters, digits and _.@+- only"),
					 errdetail("A username holds only letters, digits and _.@+-.")));
	}
}

/* Refuses a password outside 8-128 characters. */
static void
CheckPassword(const char *password)
{
	int			chars = password ? pg_mbstrlen(password) : 0;

	if (chars < IV_PASSWORD_MIN || chars > IV_PASSWORD_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("password must be %d to %d characters",
						IV_PASSWORD_MIN, IV_PASSWORD_MAX),
				 errdetail("A password has %d to %d characters.",
						   IV_PASSWORD_MIN, IV_PASSWORD_MAX)));
}

/* Refuses an e-mail address over 254 characters or not of the form a@b. */
static void
CheckEmail(const char *email)
{
	const char *at;

	if (email[0] == '\0')
		return;
	at = strchr(email, '@');
	if (pg_mbstrlen(email) > IV_EMAIL_MAX || at == NULL || at == email ||
		at[1] == '\0' || strpbrk(email, " \t\r\n") != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("email must look like name@domain"),
				 errdetail("An e-mail address is empty, or name@domain of at most %d characters.",
						   IV_EMAIL_MAX)));
}

/* A text argument as a C string, or NULL when the argument is null. */
static char *
TextArgOrNull(FunctionCallInfo fcinfo, int n)
{
	if (PG_ARGISNULL(n))
		return NULL;
	return text_to_cstring(PG_GETARG_TEXT_PP(n));
}

/* SHA-256 of a token's text into out (32 bytes). */
static void
TokenHash(const char *token, uint8 *out)
{
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);

	if (ctx == NULL)
		elog(ERROR, "pg_cryptohash_create failed: out of memory");
	if (pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) token, strlen(token)) < 0 ||
		pg_cryptohash_final(ctx, out, IV_HASH_BYTES) < 0)
	{
		const char *why = pg_cryptohash_error(ctx);

		pg_cryptohash_free(ctx);
		elog(ERROR, "sha-256 of the session token failed: %s", why);
	}
	pg_cryptohash_free(ctx);
}

/* A bytea datum holding len bytes. */
static Datum
ByteaDatum(const uint8 *bytes, size_t len)
{
	bytea	   *b = palloc(VARHDRSZ + len);

	SET_VARSIZE(b, VARHDRSZ + len);
	memcpy(VARDATA(b), bytes, len);
	return PointerGetDatum(b);
}

/* Compares two strings in time that depends on their lengths only. */
static bool
ConstantTimeEqual(const char *a, const char *b)
{
	size_t		la = strlen(a);
	size_t		lb = strlen(b);
	unsigned char diff = (la != lb);

	for (size_t i = 0; i < la && i < lb; i++)
		diff |= (unsigned char) (a[i] ^ b[i]);
	return diff == 0;
}

/* Whether password matches a bcrypt hash (inside SPI). */
static bool
PasswordMatches(const char *password, const char *hash)
{
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2];
	char	   *sql;
	char	   *computed;
	bool		isnull;

	values[0] = CStringGetTextDatum(password);
	values[1] = CStringGetTextDatum(hash);
	sql = psprintf("SELECT %s($1, $2)", IvPgcryptoFunc("crypt"));
	IvSpiExec(sql, 2, types, values, NULL, true, SPI_OK_SELECT);
	(void) IvSpiValue(0, 1, &isnull);
	if (isnull)
		return false;
	computed = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	return ConstantTimeEqual(computed, hash);
}

/* The caller's outer role is a superuser or a member of role rolname. */
static bool
OuterRoleIsMemberOf(const char *rolname)
{
	Oid			outer = GetOuterUserId();
	Oid			role = get_role_oid(rolname, true);

	if (superuser_arg(outer))
		return true;
	return OidIsValid(role) && is_member_of_role(outer, role);
}

/* Inserts an account (inside SPI); returns its id, or 0 when the name is taken. */
static int64
InsertAccount(const char *username, const char *password, const char *email,
			  bool is_staff)
{
	Oid			types[4] = {TEXTOID, TEXTOID, TEXTOID, BOOLOID};
	Datum		values[4];
	char	   *sql;
	bool		isnull;

	values[0] = CStringGetTextDatum(username);
	values[1] = CStringGetTextDatum(password);
	values[2] = CStringGetTextDatum(email);
	values[3] = BoolGetDatum(is_staff);
	sql = psprintf("INSERT INTO interview.account (username, password_hash, email, is_staff) "
				   "VALUES ($1, %s($2, %s('bf', %d)), $3, $4) "
				   "ON CONFLICT (username) DO NOTHING RETURNING id",
				   IvPgcryptoFunc("crypt"), IvPgcryptoFunc("gen_salt"), IV_BCRYPT_COST);
	IvSpiExec(sql, 4, types, values, NULL, false, SPI_OK_INSERT_RETURNING);
	if (SPI_processed == 0)
		return 0;
	return IvSpiInt64(0, 1, &isnull);
}

/*
 * The id of the account named username, or 0 (inside SPI). With lock, the
 * row is locked; with hash, its password hash is returned (SPI memory).
 */
static int64
FindAccount(const char *username, bool lock, char **hash)
{
	Oid			types[1] = {TEXTOID};
	Datum		values[1];
	bool		isnull;

	values[0] = CStringGetTextDatum(username);
	IvSpiExec(lock ?
			  "SELECT id, password_hash FROM interview.account WHERE username = $1 FOR UPDATE" :
			  "SELECT id, password_hash FROM interview.account WHERE username = $1",
			  1, types, values, NULL, !lock, SPI_OK_SELECT);
	if (SPI_processed != 1)
		return 0;
	if (hash)
		*hash = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	return IvSpiInt64(0, 1, &isnull);
}

/* Raises the error of a username that already exists. */
static void
UsernameTakenError(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_IV_BAD_INPUT),
			 errmsg("username already taken")));
}

/* SQL: interview.register(username, password, email) -> account id. */
Datum
interview_register(PG_FUNCTION_ARGS)
{
	char	   *username = TextArgOrNull(fcinfo, 0);
	char	   *password = TextArgOrNull(fcinfo, 1);
	char	   *email = TextArgOrNull(fcinfo, 2);
	int64		id;

	if (email == NULL)
		email = "";
	CheckUsername(username);
	CheckPassword(password);
	CheckEmail(email);

	IvSpiConnect();
	/* A taken name is refused before paying for bcrypt; the insert settles races. */
	if (FindAccount(username, false, NULL) != 0)
		UsernameTakenError();
	id = InsertAccount(username, password, email, false);
	IvSpiFinish();
	if (id == 0)
		UsernameTakenError();
	PG_RETURN_INT64(id);
}

/* Creates a session row for account_id (inside SPI); fills token (65 bytes) and hash. */
static void
CreateSession(int64 account_id, char *token, uint8 *hash)
{
	uint8		raw[IV_TOKEN_BYTES];
	Oid			types[3] = {BYTEAOID, INT8OID, INT4OID};
	Datum		values[3];

	if (!pg_strong_random(raw, sizeof(raw)))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate a random session token")));
	hex_encode((const char *) raw, sizeof(raw), token);
	token[IV_TOKEN_HEX] = '\0';
	TokenHash(token, hash);

	values[0] = ByteaDatum(hash, IV_HASH_BYTES);
	values[1] = Int64GetDatum(account_id);
	values[2] = Int32GetDatum(IdentitySessionLifetimeSeconds());
	IvSpiExec("INSERT INTO interview.auth_session (token_hash, account_id, expires_at) "
			  "VALUES ($1, $2, pg_catalog.now() + pg_catalog.make_interval(secs => $3))",
			  3, types, values, NULL, false, SPI_OK_INSERT);

	/*
	 * Sweep this account's expired sessions and those beyond the newest
	 * interview.max_sessions, then a bounded batch of anybody's expired ones.
	 */
	values[2] = Int32GetDatum(IdentityMaxSessions());
	IvSpiExec("DELETE FROM interview.auth_session "
			  "WHERE account_id = $1 AND (expires_at <= pg_catalog.now() OR id NOT IN ("
			  "SELECT id FROM interview.auth_session WHERE account_id = $1 "
			  "ORDER BY id DESC LIMIT $2))",
			  2, &types[1], &values[1], NULL, false, SPI_OK_DELETE);
	IvSpiExec("DELETE FROM interview.auth_session WHERE id IN ("
			  "SELECT id FROM interview.auth_session WHERE expires_at <= pg_catalog.now() "
			  "LIMIT 100 FOR UPDATE SKIP LOCKED)",
			  0, NULL, NULL, NULL, false, SPI_OK_DELETE);
	IvSpiExec("UPDATE interview.account SET last_login = pg_catalog.now() WHERE id = $1",
			  1, &types[1], &values[1], NULL, false, SPI_OK_UPDATE);
}

/* SQL: interview.login(username, password) -> token; acts as the account. */
Datum
login(PG_FUNCTION_ARGS)
{
	char	   *username = TextArgOrNull(fcinfo, 0);
	char	   *password = TextArgOrNull(fcinfo, 1);
	Oid			types[1] = {TEXTOID};
	Datum		values[1];
	char		token[IV_TOKEN_HEX + 1];
	uint8		hash[IV_HASH_BYTES];
	int64		id = 0;
	bool		is_staff = false;
	char	   *stored = NULL;
	bool		isnull;

	if (username == NULL || password == NULL)
		CredentialsError();

	IvSpiConnect();
	values[0] = CStringGetTextDatum(username);
	IvSpiExec("SELECT id, is_staff, password_hash FROM interview.account WHERE username = $1",
			  1, types, values, NULL, true, SPI_OK_SELECT);
	if (SPI_processed == 1)
	{
		id = IvSpiInt64(0, 1, &isnull);
		is_staff = DatumGetBool(IvSpiValue(0, 2, &isnull));
		stored = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3);
		/* Before bcrypt: a refused attempt costs nothing. */
		ThrottleLogin(id);
	}
	/* Unknown users pay for one bcrypt too, then fail like a wrong password. */
	if (!PasswordMatches(password, stored ? stored : IV_DUMMY_BCRYPT) || stored == NULL)
	{
		IvSpiFinish();
		CredentialsError();
	}
	CreateSession(id, token, hash);
	IvSpiFinish();

	IdentitySet(id, is_staff, hash, false);
	PG_RETURN_TEXT_P(cstring_to_text(token));
}

/* Whether token looks like one login() hands out: 64 hex digits. */
static bool
TokenWellFormed(const char *token)
{
	if (strlen(token) != IV_TOKEN_HEX)
		return false;
	for (int i = 0; i < IV_TOKEN_HEX; i++)
		if (!((token[i] >= '0' && token[i] <= '9') || (token[i] >= 'a' && token[i] <= 'f')))
			return false;
	return true;
}

/* SQL: interview.authenticate(token, for_session) -> account id; acts as it. */
Datum
authenticate(PG_FUNCTION_ARGS)
{
	char	   *token = TextArgOrNull(fcinfo, 0);
	bool		for_session = !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
	uint8		hash[IV_HASH_BYTES];
	Oid			types[1] = {BYTEAOID};
	Datum		values[1];
	int64		id;
	bool		is_staff;
	bool		isnull;

	/*
	 * A session identity would outlive the transaction, so a pooled
	 * connection of the proxy could hand it to the next client.
	 */
	if (for_session)
	{
		Oid			outer = GetOuterUserId();
		Oid			proxy = get_role_oid("interview_proxy", true);

		if (!superuser_arg(outer) && OidIsValid(proxy) && is_member_of_role(outer, proxy))
			ereport(ERROR,
					(errcode(ERRCODE_IV_FORBIDDEN),
					 errmsg("permission denied"),
					 errdetail("The proxy role may not authenticate for the whole session.")));
	}
	if (token == NULL || !TokenWellFormed(token))
		TokenError();
	TokenHash(token, hash);

	IvSpiConnect();
	values[0] = ByteaDatum(hash, IV_HASH_BYTES);
	IvSpiExecPlan(&authenticate_plan,
				  "SELECT a.id, a.is_staff FROM interview.auth_session s "
				  "JOIN interview.account a ON a.id = s.account_id "
				  "WHERE s.token_hash = $1 AND s.expires_at > pg_catalog.now()",
				  1, types, values, NULL, true, SPI_OK_SELECT);
	if (SPI_processed != 1)
	{
		IvSpiFinish();
		TokenError();
	}
	id = IvSpiInt64(0, 1, &isnull);
	is_staff = DatumGetBool(IvSpiValue(0, 2, &isnull));
	IvSpiFinish();

	IdentitySet(id, is_staff, hash, for_session);
	PG_RETURN_INT64(id);
}

/* SQL: interview.logout() -> whether a session ended; nobody acts afterwards. */
Datum
logout(PG_FUNCTION_ARGS)
{
	uint8		hash[IV_HASH_BYTES];
	Oid			types[1] = {BYTEAOID};
	Datum		values[1];
	bool		ended;

	if (!IdentityTokenHash(hash))
	{
		IdentityClear();
		PG_RETURN_BOOL(false);
	}
	IvSpiConnect();
	values[0] = ByteaDatum(hash, IV_HASH_BYTES);
	IvSpiExec("DELETE FROM interview.auth_session WHERE token_hash = $1",
			  1, types, values, NULL, false, SPI_OK_DELETE);
	ended = SPI_processed > 0;
	IvSpiFinish();
	IdentityClear();
	PG_RETURN_BOOL(ended);
}

/*
 * SQL: interview.create_staff(username, password, email) -> account id.
 * Creates a staff account, or makes an existing account staff when the
 * password is its own. For DBAs (superusers, interview_admin members) and for
 * a staff account acting through login/authenticate (GraphQL createStaff).
 */
Datum
create_staff(PG_FUNCTION_ARGS)
{
	char	   *username = TextArgOrNull(fcinfo, 0);
	char	   *password = TextArgOrNull(fcinfo, 1);
	char	   *email = TextArgOrNull(fcinfo, 2);
	char	   *stored = NULL;
	int64		id;

	if (!OuterRoleIsMemberOf("interview_admin") && !IdentityIsStaff())
		ereport(ERROR,
				(errcode(ERRCODE_IV_FORBIDDEN),
				 errmsg("permission denied"),
				 errdetail("Only staff accounts, superusers and members of interview_admin create staff accounts.")));
	if (email == NULL)
		email = "";
	CheckUsername(username);
	CheckPassword(password);
	CheckEmail(email);

	IvSpiConnect();
	id = FindAccount(username, true, &stored);
	if (id != 0)
	{
		Oid			types[1] = {INT8OID};
		Datum		values[1];

		/* The name exists: promote it, but only with its own password. */
		if (!PasswordMatches(password, stored))
			UsernameTakenError();
		values[0] = Int64GetDatum(id);
		IvSpiExec("UPDATE interview.account SET is_staff = true WHERE id = $1",
				  1, types, values, NULL, false, SPI_OK_UPDATE);
	}
	else if ((id = InsertAccount(username, password, email, true)) == 0)
		UsernameTakenError();
	IvSpiFinish();
	PG_RETURN_INT64(id);
}

/*
 * SQL: interview.act_as_staff(username) -> account id. Lets a DBA's role
 * (superuser or interview_admin member) act as a staff account until the
 * end of the transaction, as interview-admin does; no token is made.
 */
Datum
act_as_staff(PG_FUNCTION_ARGS)
{
	char	   *username = TextArgOrNull(fcinfo, 0);
	Oid			types[1] = {TEXTOID};
	Datum		values[1];
	int64		id = 0;

	if (!OuterRoleIsMemberOf("interview_admin"))
		ereport(ERROR,
				(errcode(ERRCODE_IV_FORBIDDEN),
				 errmsg("permission denied"),
				 errdetail("Only superusers and members of interview_admin act as a staff account.")));
	if (username != NULL)
	{
		IvSpiConnect();
		values[0] = CStringGetTextDatum(username);
		IvSpiExec("SELECT id FROM interview.account WHERE username = $1 AND is_staff",
				  1, types, values, NULL, true, SPI_OK_SELECT);
		if (SPI_processed == 1)
			id = IvSpiInt64(0, 1, NULL);
		IvSpiFinish();
	}
	if (id == 0)
		ereport(ERROR,
				(errcode(ERRCODE_IV_NOT_FOUND),
				 errmsg("staff account not found"),
				 errdetail("There is no staff account named \"%s\".", username ? username : "")));
	IdentitySet(id, true, NULL, false);
	PG_RETURN_INT64(id);
}
