/*
 * judge-funcs.h
 *    Function problems in a judging job: the candidate's code wrapped in its
 *    language's driver (funcs.h), the stdin of one run with the run's
 *    marker, and the verdict of a test from the driver's result.  Used by
 *    judge.c (tests) and runcode.c (Run on the candidate's own arguments);
 *    it runs nothing itself and never calls either of them.
 *
 * Ownership: a FuncJob belongs to one job of one worker; judge_funcs_close()
 * frees what judge_funcs_open() allocated.  Strings returned are malloc'd
 * and freed by the caller.
 */
#ifndef INTERVIEW_JUDGE_FUNCS_H
#define INTERVIEW_JUDGE_FUNCS_H

#include <stddef.h>

#include "funcs.h"
#include "judge.h"
#include "sandbox.h"

/* A job as the judge runs it: for a function problem, its code wrapped in the driver. */
typedef struct FuncJob {
	const FuncDriver *driver;	/* NULL: a stdin/stdout problem */
	FuncSig		sig;
	JudgeJob	wrapped;		/* the job with the wrapped program as its code */
	char	   *program;		/* wrapped.code (owned) */
} FuncJob;

/* Loads the drivers (from judge_set_drivers_dir's directory, else the default); once, in judge_init. */
void		judge_funcs_init(void);

/*
 * Prepares a job: *use is the job to compile and run (job itself for a
 * stdin/stdout problem).  0 ok; 1 the language has no driver (*compile_output
 * set, malloc'd: the CE text); -1 error (err).
 */
int			judge_funcs_open(const JudgeJob *job, FuncJob *fj, const JudgeJob **use,
							 char **compile_output, char *err, size_t errlen);

/* Frees what judge_funcs_open() allocated. */
void		judge_funcs_close(FuncJob *fj);

/*
 * The stdin of one run of a function problem: fills marker (FUNCS_MARKER_LEN
 * + 1 bytes) and returns the driver's input for the argument list args
 * (malloc'd, *len set), or NULL with err when args do not fit the signature.
 */
char	   *judge_funcs_input(const FuncJob *fj, const char *args, size_t args_len, char *marker,
							  size_t *len, char *err, size_t errlen);

/*
 * The verdict of a test that ran to a clean exit: the driver's result
 * against the expected JSON under checker (NULL: exact).  *shown points at
 * what to show as the test's output (the result, else the candidate's prints).
 */
void		judge_funcs_verdict(const FuncJob *fj, const char *checker, const JudgeTest *t,
								const char *marker, const SandboxResult *sr, JudgeTestResult *tr,
								const char **shown, size_t *shown_len);

#endif							/* INTERVIEW_JUDGE_FUNCS_H */
