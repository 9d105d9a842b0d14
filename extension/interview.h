/*
 * interview.h
 *	  Shared declarations of the interview extension: error codes, the
 *	  acting identity (identity.c) and the SPI helpers (spi_util.c).
 *
 * Every SQL-callable function lives in the .c file of its area:
 * accounts.c, staff.c, interviews.c, queue.c. They all run as SECURITY
 * DEFINER and decide themselves who may do what; SPI statements are
 * schema-qualified and take typed parameters only.
 *
 * Nothing here may be called from SQL directly; the SQL-callable
 * functions are declared in their own files.
 */
#ifndef INTERVIEW_H
#define INTERVIEW_H

#include "postgres.h"
#include "fmgr.h"
#include "executor/spi.h"
#include "datatype/timestamp.h"

/* Business errors: SQLSTATE class IV (see README, "Errors"). */
#define ERRCODE_IV_INTERVIEW_ONGOING	MAKE_SQLSTATE('I','V','0','0','1')
#define ERRCODE_IV_NO_INTERVIEW			MAKE_SQLSTATE('I','V','0','0','2')
#define ERRCODE_IV_INTERVIEW_EXPIRED	MAKE_SQLSTATE('I','V','0','0','3')
#define ERRCODE_IV_NOT_YOUR_TASK		MAKE_SQLSTATE('I','V','0','0','4')
#define ERRCODE_IV_UNKNOWN_LANGUAGE		MAKE_SQLSTATE('I','V','0','0','5')
#define ERRCODE_IV_INVALID_CODE			MAKE_SQLSTATE('I','V','0','0','6')
#define ERRCODE_IV_TOO_MANY_PENDING		MAKE_SQLSTATE('I','V','0','0','7')
#define ERRCODE_IV_FORBIDDEN			MAKE_SQLSTATE('I','V','0','0','8')
#define ERRCODE_IV_UNAUTHENTICATED		MAKE_SQLSTATE('I','V','0','0','9')
#define ERRCODE_IV_NO_PROBLEMS			MAKE_SQLSTATE('I','V','0','1','0')
#define ERRCODE_IV_NOT_FOUND			MAKE_SQLSTATE('I','V','0','1','1')
#define ERRCODE_IV_BAD_INPUT			MAKE_SQLSTATE('I','V','0','1','2')
#define ERRCODE_IV_IN_USE				MAKE_SQLSTATE('I','V','0','1','5')
#define ERRCODE_IV_INVALID_PACKAGE		MAKE_SQLSTATE('I','V','0','1','6')
#define ERRCODE_IV_RUN_PENDING			MAKE_SQLSTATE('I','V','0','1','3')
#define ERRCODE_IV_RATE_LIMITED			MAKE_SQLSTATE('I','V','0','1','4')
#define ERRCODE_IV_INVALID_CHECKER		MAKE_SQLSTATE('I','V','0','1','8')
#define ERRCODE_IV_INVALID_SIGNATURE	MAKE_SQLSTATE('I','V','0','1','7')

/* Limits of the API. */
#define IV_MAX_CODE_BYTES		65536
#define IV_MAX_QUEUED			10
#define IV_MAX_FAILURES			3
#define IV_COMPANY_NAME_MAX		64
#define IV_PER_INTERVIEW_MAX	100
#define IV_TITLE_MAX			256
#define IV_TIME_LIMIT_MAX		60000
#define IV_MEMORY_LIMIT_MIN		1024
#define IV_MEMORY_LIMIT_MAX		4194304
#define IV_TEXT_MAX_BYTES		(1024 * 1024)
#define IV_TEST_MAX_BYTES		(16 * 1024 * 1024)

/* identity.c: who acts in this transaction (0 when nobody). */
extern int64 IdentityAccountId(void);
extern bool IdentityIsStaff(void);
extern void IdentitySet(int64 account_id, bool is_staff, const uint8 *token_hash,
						bool for_session);
extern void IdentityClear(void);
extern bool IdentityTokenHash(uint8 *out32);
/* Errors with IV009 unless somebody acts; returns the account id. */
extern int64 RequireAccount(void);
/* Errors with IV009/IV008 unless a staff account acts. */
extern int64 RequireStaff(void);
extern int	IdentitySessionLifetimeSeconds(void);
/* Live sessions an account may hold (GUC interview.max_sessions). */
extern int	IdentityMaxSessions(void);
/* At module load (module.c): the identity GUCs and the transaction callbacks. */
extern void IdentityInit(void);

/* throttle.c: the per-account login token bucket. */
extern void ThrottleDefineGucs(void);
/* Charges one login of account_id (inside SPI); IV014 when the bucket is empty. */
extern void ThrottleLogin(int64 account_id);

/* staff.c: argument checks shared by the staff functions (inside or outside SPI). */
extern void IvBadInput(const char *message, const char *detail) pg_attribute_noreturn();
extern void IvNotFound(const char *what) pg_attribute_noreturn();
/* A text argument as a C string, or NULL when the argument is null. */
extern char *IvTextArg(FunctionCallInfo fcinfo, int n);
/* Whether interview.<table> has a row with this id (inside SPI); locks it when lock. */
extern bool IvRowExists(const char *table, int64 id, bool lock);
extern void IvCheckDuration(Interval *duration);
extern void IvCheckTemplate(const char *code);
/* Inserts or replaces one code template (inside SPI). */
extern void IvUpsertTemplate(int64 problem_id, const char *language, const char *code);

/* jsonb_util.c: reading jsonb members; none of these raises an error. */
struct JsonbContainer;
struct JsonbValue;
extern struct JsonbValue *IvJsonbGet(struct JsonbContainer *c, const char *key);
extern bool IvJsonbInt(struct JsonbValue *v, int64 lo, int64 hi, int32 *out);
extern char *IvJsonbString(struct JsonbValue *v);
extern struct JsonbContainer *IvJsonbContainer(struct JsonbValue *v, bool want_array);
/* signature.c: IV012 unless a test case, or a run's input, fits its problem's signature (inside SPI). */
extern void IvCheckTestCase(int64 problem_id, const char *input, const char *expected);
extern void IvCheckRunInput(int64 task_id, const char *input);

/* queue.c: IV008 unless the outer role is a judge or a superuser. */
extern void RequireJudge(void);

/* queue.c: shared by the queue functions of submissions and runs. */
extern void RequireJudge(void);
/* Argument `argno` as a lease; IV012 unless it is positive and at most a day. */
extern Datum IvCheckLease(FunctionCallInfo fcinfo, int argno);
/* The bodies shared by the queue functions of submissions and runs (table names them). */
extern Datum IvExtendLease(FunctionCallInfo fcinfo, SPIPlanPtr *plan, const char *table);
extern void IvRequeue(SPIPlanPtr *plan, const char *table, int64 id, int failures,
					  const char *payload);
extern void IvCheckWorker(FunctionCallInfo fcinfo, int argno);
/* Reading a judge's result document; malformed fields are IV012. */
struct JsonbContainer;
extern void IvBadResult(const char *what, const char *why) pg_attribute_noreturn();
extern struct JsonbValue *IvJsonbMember(struct JsonbContainer *c, const char *key);
extern int64 IvJsonbInteger(struct JsonbContainer *c, const char *key, int64 lo, int64 hi,
							int64 dflt, bool *present);
extern text *IvJsonbClippedText(struct JsonbContainer *c, const char *key, int max);

/* run.c: defines interview.run_rate_per_minute (from _PG_init). */
extern void RunDefineGucs(void);

/* results.c: passed/total and the figures candidates see (inside SPI). */
extern void IvRecordTallies(int64 submission_id, int total);

/* spi_util.c */
extern void IvSpiConnect(void);
extern void IvSpiFinish(void);
/* Runs a statement with typed arguments; errors unless SPI returns expected. */
extern void IvSpiExec(const char *sql, int nargs, Oid *types, Datum *values,
					  const char *nulls, bool read_only, int expected);
/* Like IvSpiExec, through a plan prepared on first use and kept for the backend. */
extern void IvSpiExecPlan(SPIPlanPtr *plan, const char *sql, int nargs, Oid *types,
						  Datum *values, const char *nulls, bool read_only,
						  int expected);
/* The value of column col (1-based) of row row of the last result; isnull set. */
extern Datum IvSpiValue(int row, int col, bool *isnull);
extern int64 IvSpiInt64(int row, int col, bool *isnull);
/* Text of a column, palloc'd in the caller's (upper) memory context, or NULL. */
extern char *IvSpiTextCopy(int row, int col);
/* Schema-qualified name of the pgcrypto function, e.g. "public.crypt". */
extern const char *IvPgcryptoFunc(const char *name);
/* NOTIFY channel, payload (through pg_notify, delivered at commit). */
extern void IvNotify(const char *channel, const char *payload);
/* Errors with IV008 unless the outer role is a judge or a superuser (queue.c). */
extern void IvRequireJudge(void);

#endif							/* INTERVIEW_H */
