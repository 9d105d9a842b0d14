/*
 * judge.h
 *    The judging core of interview-judge: takes one claimed submission,
 *    compiles it once in the sandbox, runs every test case on the same
 *    binary (or up to the first failure when the problem says so), checks
 *    each output with the problem's checker and decides the verdicts.
 *
 * Threads: judge_init() runs once before any worker starts; after that
 * judge_run() may be called concurrently, one call per worker number at a
 * time (the worker number selects the sandbox uid/gid and box directory).
 * Ownership: judge_run() fills a caller-owned JudgeResult whose strings and
 * test array are freed by judge_result_free(); judge_result_json() returns a
 * malloc'd string the caller frees.  The process must not reap children with
 * wait(-1)/waitpid(-1): judge_run() waits for the processes it starts by pid.
 */
#ifndef INTERVIEW_JUDGE_H
#define INTERVIEW_JUDGE_H

#include <stddef.h>

typedef struct JudgeTest {
	long long	test_case_id;
	int			ordinal;
	const char *input;
	size_t		input_len;
	const char *expected;
	size_t		expected_len;
	int			is_sample;		/* sample tests keep 64 KiB of output, hidden ones 4 KiB */
} JudgeTest;

/* How output is compared (the problem's checker, see checker.h). */
typedef struct JudgeChecker {
	const char *kind;			/* exact, tokens, float:EPS, unordered, custom; NULL = exact */
	long long	problem_id;		/* custom: the cache key, with hash */
	const char *language;		/* custom: the checker's language */
	const char *code;			/* custom: its source */
	size_t		code_len;
	const char *hash;			/* custom: sha-256 of language and code (hex) */
} JudgeChecker;

typedef struct JudgeJob {
	long long	submission_id;
	const char *language;
	const char *code;
	size_t		code_len;
	int			time_limit_ms;
	int			memory_limit_kb;
	int			ntests;
	const JudgeTest *tests;
	int			stop_at_first_failure;	/* 0: run every test */
	JudgeChecker checker;
	int			worker;			/* sandbox slot held (judge_slot_acquire): uid/gid 64000+slot, own box dir */
	const char *signature;		/* function problems: the signature's JSON text; NULL for stdin/stdout */
} JudgeJob;

typedef struct JudgeTestResult {
	long long	test_case_id;
	int			ordinal;
	char		verdict[4];
	int			time_ms;
	int			memory_kb;
	char		detail[64];		/* RE: "exit 3" or "SIGSEGV"; else empty */
	char	   *actual_output;	/* excerpt of the output (valid UTF-8), malloc'd, or NULL */
	char		checker_message[256];	/* custom checker: first stdout line; else empty */
} JudgeTestResult;

typedef struct JudgeResult {
	char		verdict[4];
	char	   *compile_output;	/* CE only (at most 64 KiB, valid UTF-8), else NULL */
	int			failed_at;		/* ordinal of the first failing test, 0 if none */
	char	   *failed_output;	/* its output excerpt (at most 4 KiB), else NULL */
	int			time_ms;		/* maximum over the tests run */
	int			memory_kb;		/* maximum over the tests run */
	int			ntests;			/* tests run (all unless stop_at_first_failure) */
	int			total;			/* tests of the job */
	int			passed;			/* tests accepted */
	JudgeTestResult *tests;
	char		language_version[256];
} JudgeResult;

/* The outcome of a run on the candidate's own input (judge_run_code). */
typedef struct JudgeRunResult {
	char		verdict[4];		/* OK CE RE TLE MLE OLE */
	char	   *stdout_text;	/* at most 64 KiB (valid UTF-8) and a marker when cut; malloc'd */
	char	   *stderr_text;	/* likewise */
	char	   *compile_output;	/* CE only, else NULL */
	char	   *result_text;	/* function problems: the return value's JSON (OK only), else NULL */
	int			time_ms;
	int			memory_kb;
	char		detail[64];		/* RE: "exit 3" or "SIGSEGV" */
} JudgeRunResult;

/* Called about every 500 ms while judging; return non-zero to abort (lease lost or shutdown). */
typedef int (*JudgeTick) (void *arg);

/* Optional, before judge_init(): where boxes live (default /var/lib/interview-judge). */
void		judge_set_box_root(const char *path);

/*
 * Optional, before judge_init(): the directory of the function-problem
 * drivers (default: drivers/ beside the judge's binary when it exists, else
 * /etc/interview-judge/drivers).
 */
void		judge_set_drivers_dir(const char *path);

/*
 * Takes the first free sandbox slot >= first, host-wide: an exclusive flock on
 * /run/interview-judge/slot-<N>.lock, held as long as the returned fd is open
 * (so a slot's uid, box and cgroups belong to one running sandbox user on the
 * whole host).  Returns the fd and sets *slot, or -1 with err.
 */
int			judge_slot_acquire(int first, int *slot, char *err, size_t errlen);

/* Gives a slot back (closes the lock fd; exit does the same). */
void		judge_slot_release(int fd);

/* The sandbox uid and gid of a slot (64000 + slot). */
int			judge_slot_uid(int slot);

/* The box root in use. */
const char *judge_box_root(void);

/* Optional, before judge_init(): the language file (default /etc/interview-judge/languages.conf). */
void		judge_set_languages_file(const char *path);

/* Once at start: read the language file, build each language's root, detect cgroup v1/v2 per controller, build the seccomp filter, log the sandbox mode (stderr). 0 ok. */
int			judge_init(char *err, size_t errlen);

/*
 * Judges one submission.  0: res filled (any verdict incl. CE).  -1: sandbox
 * or infrastructure failure, err names the call (the caller releases the
 * submission as a counted failure).  -2: aborted by tick.
 */
int			judge_run(const JudgeJob *job, JudgeResult *res, JudgeTick tick, void *tick_arg,
					  char *err, size_t errlen);

/* Frees what judge_run() allocated inside res (not res itself). */
void		judge_result_free(JudgeResult *res);

/* malloc'd JSON in the report_verdict format of docs/CONTRACTS.md; NULL on allocation failure. */
char	   *judge_result_json(const JudgeResult *res, const char *worker_name);

/*
 * Runs the job's code once on input with the problem's limits (no tests,
 * no checker): compiled as for judge_run, stdout and stderr kept.  For a
 * function problem (job->signature) input is the JSON array of the
 * arguments and res->result_text the function's return value.  Returns
 * as judge_run; res is filled on 0 and freed by judge_run_result_free().
 */
int			judge_run_code(const JudgeJob *job, const char *input, size_t input_len,
						   JudgeRunResult *res, JudgeTick tick, void *tick_arg,
						   char *err, size_t errlen);

/* Frees what judge_run_code() allocated inside res (not res itself); safe on a zeroed res. */
void		judge_run_result_free(JudgeRunResult *res);

/* malloc'd JSON in the report_run format; NULL on allocation failure. */
char	   *judge_run_json(const JudgeRunResult *res);


/* Runs the version command of one language (NULL: of all) on the host; before any worker starts. */
void		judge_detect_versions(const char *language);

/* Cached "gcc (Debian 12.2.0...) 12.2.0" etc. (judge_detect_versions), or "" when unknown. */
const char *judge_language_version(const char *language);

#endif							/* INTERVIEW_JUDGE_H */
