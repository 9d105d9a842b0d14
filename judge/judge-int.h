/*
 * judge-int.h
 *    What the files of the judging core share and nothing else: the
 *    sandbox configuration (setup.c), the tick state, and the steps of a
 *    job (step.c: box, compile, one execution, classification), used by
 *    judge.c, runcode.c and checker.c.  Not for main.c or the queue; their
 *    interface is judge.h.
 *
 * Threads: as judge.h; every function here is called by the worker that
 * holds the job.  judge_config is written once by judge_init().
 */
#ifndef INTERVIEW_JUDGE_INT_H
#define INTERVIEW_JUDGE_INT_H

#include <stddef.h>

#include "judge.h"
#include "languages.h"
#include "sandbox.h"

#define BOX_UID_BASE 64000
#define JUDGE_MAX_WORKERS 1000

/* The sandbox configuration (judge_init); read-only afterwards. */
extern SandboxConfig judge_config;

/* Whether judge_init() has succeeded. */
int			judge_ready(void);

/* Rate-limits the caller's tick to about every 500 ms. */
typedef struct TickState {
	JudgeTick	tick;
	void	   *arg;
	long long	last_ns;
	int			aborted;
} TickState;

/* Starts the tick state of one job. */
void		judge_tick_init(TickState *ts, JudgeTick tick, void *tick_arg);

/* Sandbox timer callback: forwards to the caller's tick every 500 ms; non-zero aborts. */
int			judge_tick_forward(void *arg);

/* A fresh cgroup name for one sandbox run of a worker. */
void		judge_cgroup_name(char *buf, size_t len, int worker);

/* Fills the sandbox spec fields shared by every run of a worker (uid, netns, env, tick). */
void		judge_spec_common(SandboxSpec *spec, const JudgeJob *job, const char *boxdir,
							  const char *cgname, TickState *ts);

/* Compiles the box's source; 0 ok (res->verdict "CE" and compile_output on failure), -1 infra, -2 aborted. */
int			judge_compile(const JudgeJob *job, const Language *lang, int boxfd, const char *boxdir,
						  const char *cgname, TickState *ts, JudgeResult *res, char *err, size_t errlen);

/*
 * Box, source and compile of a job (boxname >= 64 bytes, boxdir PATH_MAX).
 * 0: compiled, or res->verdict set (CE); -1 infra; -2 aborted.  The caller
 * ends with judge_end() in every case.
 */
int			judge_begin(const JudgeJob *job, JudgeResult *res, TickState *ts, const Language **lang,
						char *boxname, char *boxdir, int *boxfd, char *err, size_t errlen);

/* Closes and removes the job's box; returns rc, or -1 when rc was 0 and the removal failed. */
int			judge_end(int rc, int boxfd, const char *boxname, char *err, size_t errlen);

/*
 * Runs the compiled program once on input under the job's limits, stdout
 * kept up to ole bytes, stderr into errfd when > 0.  0: *sr filled (caller
 * frees), -1 infra (err), -2 aborted.
 */
int			judge_execute(const JudgeJob *job, const Language *lang, const char *input,
						  size_t input_len, long long ole, int errfd, const char *boxdir,
						  const char *cgname, TickState *ts, SandboxResult *sr,
						  char *err, size_t errlen);

/* The verdict of a run that broke a limit or failed (MLE OLE TLE RE), or "" when it exited 0. */
void		judge_classify(const SandboxResult *sr, char verdict[4], char *detail, size_t detaillen);

#endif							/* INTERVIEW_JUDGE_INT_H */
