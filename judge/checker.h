/*
 * checker.h
 *    Applies a problem's checker to one test's output: the built-in ones
 *    (compare.h) or a custom program, compiled once per problem and checker
 *    hash and cached under <box root>/checkers, then run in the sandbox with
 *    the files input, expected and output in its working directory.
 *
 * A Checker belongs to one job of one worker; it owns nothing that needs
 * freeing.  The cache is shared by all workers and judge processes of a
 * host: entries appear by rename(), so a reader sees a whole entry or none.
 */
#ifndef INTERVIEW_CHECKER_H
#define INTERVIEW_CHECKER_H

#include <stddef.h>

#include "judge-int.h"

typedef enum CheckerKind {
	CK_EXACT,
	CK_TOKENS,
	CK_FLOAT,
	CK_UNORDERED,
	CK_CUSTOM,
	CK_BROKEN					/* unusable: every check is IE with message */
} CheckerKind;

typedef struct Checker {
	CheckerKind kind;
	double		eps;			/* CK_FLOAT */
	const Language *lang;		/* CK_CUSTOM */
	char		entry[160];		/* CK_CUSTOM: "checkers/<problem>-<hash>" under the box root */
	char		message[200];	/* CK_BROKEN: why */
} Checker;

/*
 * Makes the job's checker ready (compiling a custom one unless cached).  A
 * checker that cannot be used (unknown kind or language, compile error)
 * becomes CK_BROKEN: its checks are IE, never AC.  0 ok, -1 infra, -2 aborted.
 */
int			checker_open(const JudgeJob *job, TickState *ts, Checker *ck, char *err, size_t errlen);

/*
 * Checks one output: sets tr->verdict to AC, WA or IE and, for custom
 * checkers, tr->checker_message.  0 ok, -1 infra, -2 aborted.
 */
int			checker_check(const JudgeJob *job, const Checker *ck, const JudgeTest *t,
						  const char *out, size_t outlen, TickState *ts, JudgeTestResult *tr,
						  char *err, size_t errlen);

#endif							/* INTERVIEW_CHECKER_H */
