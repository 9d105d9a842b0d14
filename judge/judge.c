/*
 * judge.c
 *    Judges one claimed submission: fresh box, compile once in the sandbox
 *    (step.c), run every test case on the same binary (or up to the first
 *    failure when the problem says so), check each output with the
 *    problem's checker (checker.c) and decide each verdict and the
 *    submission's (the report JSON: report.c).
 *
 *    Re-entrant: one judge_run() per worker number at a time (the worker
 *    selects the box, the uid and cgroup names).  Must not touch the
 *    sandbox directly: every run goes through step.c.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "compare.h"
#include "judge-funcs.h"
#include "judge-int.h"
#include "languages.h"
#include "sandbox.h"

#define FAILED_OUTPUT_BYTES 4096
#define SAMPLE_OUTPUT_BYTES (64 * 1024)
#define HIDDEN_OUTPUT_BYTES 4096

/* Runs one test and checks its output; fills tr and, on failure, the failure excerpt. 0, -1 infra, -2 aborted. */
static int
RunTest(const JudgeJob *job, const Language *lang, const Checker *ck, const FuncJob *fj,
		const JudgeTest *t, const char *boxdir, const char *cgname, TickState *ts,
		JudgeTestResult *tr, char **failed_output, char *err, size_t errlen)
{
	SandboxResult sr;
	long long	ole = 2 * (long long) t->expected_len + 1024;
	char		marker[FUNCS_MARKER_LEN + 1];
	const char *input = t->input;
	size_t		input_len = t->input_len;
	char	   *wrapped = NULL;
	const char *shown;
	size_t		shown_len;
	int			rc;

	if (ole < 65536)
		ole = 65536;
	if (fj->driver != NULL)
	{
		wrapped = judge_funcs_input(fj, t->input, t->input_len, marker, &input_len, err, errlen);
		if (wrapped == NULL)
			return -1;
		input = wrapped;
	}
	rc = judge_execute(job, lang, input, input_len, ole, -1, boxdir, cgname, ts, &sr,
					   err, errlen);
	free(wrapped);
	if (rc != 0)
		return rc;
	memset(tr, 0, sizeof(*tr));
	tr->test_case_id = t->test_case_id;
	tr->ordinal = t->ordinal;
	tr->time_ms = (int) ((sr.cpu_ns + 500000) / 1000000);
	tr->memory_kb = sr.peak_kb < 0 ? 0 : (int) sr.peak_kb;
	shown = sr.output;
	shown_len = sr.output_len;
	judge_classify(&sr, tr->verdict, tr->detail, sizeof(tr->detail));
	if (tr->verdict[0] == '\0' && fj->driver != NULL)
		judge_funcs_verdict(fj, job->checker.kind, t, marker, &sr, tr, &shown, &shown_len);
	else if (tr->verdict[0] == '\0')
	{
		rc = checker_check(job, ck, t, sr.output, sr.output_len, ts, tr, err, errlen);
		if (rc != 0)
		{
			sandbox_result_free(&sr);
			return rc;
		}
	}
	tr->actual_output = compare_excerpt(shown, shown_len,
										t->is_sample ? SAMPLE_OUTPUT_BYTES : HIDDEN_OUTPUT_BYTES);
	if (tr->actual_output == NULL)
	{
		snprintf(err, errlen, "malloc(actual output): out of memory");
		sandbox_result_free(&sr);
		return -1;
	}
	if (strcmp(tr->verdict, "AC") != 0 && *failed_output == NULL)
	{
		*failed_output = compare_excerpt(shown, shown_len, FAILED_OUTPUT_BYTES);
		if (*failed_output == NULL)
		{
			snprintf(err, errlen, "malloc(failed output): out of memory");
			free(tr->actual_output);
			tr->actual_output = NULL;
			sandbox_result_free(&sr);
			return -1;
		}
	}
	sandbox_result_free(&sr);
	return 0;
}

int
judge_run(const JudgeJob *job, JudgeResult *res, JudgeTick tick, void *tick_arg,
		  char *err, size_t errlen)
{
	const Language *lang = NULL;
	TickState	ts;
	Checker		ck;
	FuncJob		fj;
	char		boxname[64] = "",
				boxdir[PATH_MAX],
				cgname[96];
	int			boxfd = -1;
	int			rc;
	int			i;

	memset(res, 0, sizeof(*res));
	memset(&ck, 0, sizeof(ck));
	res->total = job->ntests;
	judge_tick_init(&ts, tick, tick_arg);
	/* a function problem: the candidate's function wrapped in its language's driver */
	rc = judge_funcs_open(job, &fj, &job, &res->compile_output, err, errlen);
	if (rc != 0)
	{
		if (rc == 1)
			snprintf(res->verdict, sizeof(res->verdict), "CE");
		return rc == 1 ? 0 : -1;
	}
	rc = judge_begin(job, res, &ts, &lang, boxname, boxdir, &boxfd, err, errlen);
	if (rc != 0 || res->verdict[0] != '\0')
		goto done;
	rc = checker_open(job, &ts, &ck, err, errlen);
	if (rc != 0)
		goto done;

	res->tests = calloc(job->ntests > 0 ? (size_t) job->ntests : 1, sizeof(JudgeTestResult));
	if (res->tests == NULL)
	{
		snprintf(err, errlen, "calloc(test results): out of memory");
		rc = -1;
		goto done;
	}
	for (i = 0; i < job->ntests; i++)
	{
		JudgeTestResult *tr = &res->tests[i];

		if (judge_tick_forward(&ts) != 0)
		{
			rc = -2;
			goto done;
		}
		judge_cgroup_name(cgname, sizeof(cgname), job->worker);
		rc = RunTest(job, lang, &ck, &fj, &job->tests[i], boxdir, cgname, &ts, tr,
					 &res->failed_output, err, errlen);
		if (rc != 0)
			goto done;
		res->ntests++;
		if (tr->time_ms > res->time_ms)
			res->time_ms = tr->time_ms;
		if (tr->memory_kb > res->memory_kb)
			res->memory_kb = tr->memory_kb;
		if (strcmp(tr->verdict, "AC") == 0)
			res->passed++;
		else if (res->verdict[0] == '\0')
		{
			/* the submission's verdict is its first failing test's */
			memcpy(res->verdict, tr->verdict, sizeof(res->verdict));
			res->failed_at = tr->ordinal;
			if (job->stop_at_first_failure)
				break;
		}
	}
	if (res->verdict[0] == '\0')
		snprintf(res->verdict, sizeof(res->verdict), "AC");
	rc = 0;

done:
	rc = judge_end(rc, boxfd, boxname, err, errlen);
	judge_funcs_close(&fj);
	if (rc != 0)
		judge_result_free(res);
	return rc;
}

void
judge_result_free(JudgeResult *res)
{
	for (int i = 0; res->tests != NULL && i < res->ntests; i++)
		free(res->tests[i].actual_output);
	free(res->compile_output);
	free(res->failed_output);
	free(res->tests);
	res->compile_output = NULL;
	res->failed_output = NULL;
	res->tests = NULL;
	res->ntests = 0;
}
