/*
 * judge-funcs.c
 *    Function problems in a judging job (judge-funcs.h): wraps the
 *    candidate's function in its language's driver, makes each run's stdin
 *    with a fresh marker, and turns the driver's result into a verdict.
 *
 *    Global state: the drivers directory, set before judge_init() and only
 *    read afterwards.  Nothing here runs a program or talks to the
 *    database; judge.c and runcode.c do, and this file never calls them.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge-funcs.h"

static char drivers_dir[PATH_MAX];

void
judge_set_drivers_dir(const char *path)
{
	snprintf(drivers_dir, sizeof(drivers_dir), "%s", path);
}

void
judge_funcs_init(void)
{
	funcs_load_default(drivers_dir);
}

/* The CE text of a function problem in a language without a driver (malloc'd), or NULL. */
static char *
NoDriver(const char *language)
{
	size_t		len = 128 + strlen(language);
	char	   *text = malloc(len);

	if (text != NULL)
		snprintf(text, len, "language %s has no driver for function problems; choose another language\n",
				 language);
	return text;
}

int
judge_funcs_open(const JudgeJob *job, FuncJob *fj, const JudgeJob **use, char **compile_output,
				 char *err, size_t errlen)
{
	memset(fj, 0, sizeof(*fj));
	*use = job;
	*compile_output = NULL;
	if (job->signature == NULL || job->language == NULL)
		return 0;
	if (funcs_parse_signature(job->signature, &fj->sig, err, errlen) != 0)
		return -1;
	fj->driver = funcs_driver(job->language);
	if (fj->driver == NULL)
	{
		*compile_output = NoDriver(job->language);
		if (*compile_output == NULL)
		{
			snprintf(err, errlen, "malloc(compile output): out of memory");
			return -1;
		}
		return 1;
	}
	fj->wrapped = *job;
	fj->program = funcs_program(fj->driver, &fj->sig, job->code, job->code_len, &fj->wrapped.code_len);
	if (fj->program == NULL)
	{
		snprintf(err, errlen, "malloc(program): out of memory");
		return -1;
	}
	fj->wrapped.code = fj->program;
	*use = &fj->wrapped;
	return 0;
}

void
judge_funcs_close(FuncJob *fj)
{
	free(fj->program);
	fj->program = NULL;
}

char *
judge_funcs_input(const FuncJob *fj, const char *args, size_t args_len, char *marker, size_t *len,
				  char *err, size_t errlen)
{
	funcs_marker(marker);
	return funcs_input(fj->driver, &fj->sig, args, args_len, marker, len, err, errlen);
}

void
judge_funcs_verdict(const FuncJob *fj, const char *checker, const JudgeTest *t, const char *marker,
					const SandboxResult *sr, JudgeTestResult *tr, const char **shown, size_t *shown_len)
{
	size_t		prints_len,
				result_len;
	const char *result = funcs_split(sr->output, sr->output_len, marker, &prints_len, &result_len);

	*shown = sr->output;
	*shown_len = prints_len;
	if (result == NULL)
	{
		snprintf(tr->verdict, sizeof(tr->verdict), "WA");
		snprintf(tr->detail, sizeof(tr->detail), "no result: the program ended before returning");
		return;
	}
	*shown = result;
	*shown_len = result_len;
	if (funcs_check(&fj->sig, result, result_len, t->expected, t->expected_len, checker,
					tr->detail, sizeof(tr->detail)))
		snprintf(tr->verdict, sizeof(tr->verdict), "AC");
	else
		snprintf(tr->verdict, sizeof(tr->verdict), "WA");
}
