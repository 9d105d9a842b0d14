/*
 * sandbox-run.c
 *    interview-sandbox-run: judges one submission from files, without a
 *    database, and prints the report JSON.  For tests and debugging only:
 *    never part of the daemon.
 *
 *    interview-sandbox-run --language c --source main.c --tests DIR
 *        [--time-limit-ms 2000] [--memory-limit-kb 262144] [--worker 0]
 *        [--box-root DIR] [--languages FILE]
 *        [--signature FILE [--checker CHECKER] [--drivers DIR] [--wrap-only OUTDIR]]
 *    DIR holds N.in and N.out for test ordinals N = 1, 2, ...
 *    --signature makes it a function problem (FILE holds the signature's
 *    JSON; N.in the arguments, N.out the expected result as JSON).
 *    --wrap-only OUTDIR (with --signature) runs nothing: it writes the
 *    wrapped program to OUTDIR/program and each test's stdin to
 *    OUTDIR/N.stdin (marker "MARKER"), for working on a driver by hand.
 *    --worker N is the first sandbox slot to try: the run holds the first free
 *    slot from N on (host-wide lock, see judge_slot_acquire) and says which.
 *    interview-sandbox-run --check-languages [--worker N] [--box-root DIR]
 *        [--languages FILE]
 *    runs the judge's start-up check of every language (no cache) and prints
 *    one line per language: "<id> ok <version>" or "<id> dropped <reason>".
 *    Exit status: 0 judged, 1 sandbox failure (message on stderr), 2 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "funcs.h"
#include "judge.h"
#include "langcheck.h"
#include "languages.h"

#define MAX_TESTS 1000

/* Reads a whole regular file into a malloc'd buffer of its size; NULL with errno on failure. */
static char *
ReadFile(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	struct stat sb;
	char	   *buf;
	size_t		n;

	if (f == NULL)
		return NULL;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode))
	{
		fclose(f);
		errno = EINVAL;
		return NULL;
	}
	buf = malloc((size_t) sb.st_size + 1);
	if (buf == NULL)
	{
		fclose(f);
		errno = ENOMEM;
		return NULL;
	}
	n = fread(buf, 1, (size_t) sb.st_size, f);
	if (n != (size_t) sb.st_size || ferror(f))
	{
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Writes len bytes of data to path; 0 ok, -1 with a message on stderr. */
static int
WriteFile(const char *path, const char *data, size_t len)
{
	FILE	   *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
	{
		fprintf(stderr, "interview-sandbox-run: write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* --wrap-only: the program and the test inputs a driver gets, into outdir. */
static int
WrapOnly(const JudgeJob *job, const char *drivers, const char *outdir)
{
	FuncSig		sig;
	const FuncDriver *d;
	char		err[512],
				path[4096];
	char	   *text;
	size_t		len;

	if (funcs_load(drivers, err, sizeof(err)) < 0 ||
		funcs_parse_signature(job->signature, &sig, err, sizeof(err)) != 0)
	{
		fprintf(stderr, "interview-sandbox-run: %s\n", err);
		return 1;
	}
	if ((d = funcs_driver(job->language)) == NULL)
	{
		fprintf(stderr, "interview-sandbox-run: no driver for %s in %s\n", job->language, drivers);
		return 1;
	}
	text = funcs_program(d, &sig, job->code, job->code_len, &len);
	snprintf(path, sizeof(path), "%s/program", outdir);
	if (text == NULL || WriteFile(path, text, len) != 0)
		return 1;
	free(text);
	for (int i = 0; i < job->ntests; i++)
	{
		text = funcs_input(d, &sig, job->tests[i].input, job->tests[i].input_len, "MARKER",
						   &len, err, sizeof(err));
		if (text == NULL)
		{
			fprintf(stderr, "interview-sandbox-run: test %d: %s\n", i + 1, err);
			return 1;
		}
		snprintf(path, sizeof(path), "%s/%d.stdin", outdir, i + 1);
		if (WriteFile(path, text, len) != 0)
			return 1;
		free(text);
	}
	return 0;
}

/* Prints usage and returns the usage exit status. */
static int
Usage(void)
{
	fprintf(stderr, "usage: interview-sandbox-run --language LANG --source FILE --tests DIR\n"
			"       [--time-limit-ms N] [--memory-limit-kb N] [--worker N] [--box-root DIR]\n"
			"       [--languages FILE]\n"
			"       [--signature FILE [--checker CHECKER] [--drivers DIR]]\n"
			"DIR holds 1.in/1.out, 2.in/2.out, ...; prints the result as JSON.\n");
	return 2;
}

/* --check-languages: the start-up check, one line per language. */
static int
CheckLanguages(int first_slot)
{
	char		err[512];

	if (judge_init(err, sizeof(err)) != 0 || langcheck_run(first_slot, 2, 0, err, sizeof(err)) != 0)
	{
		fprintf(stderr, "interview-sandbox-run: %s\n", err);
		return 1;
	}
	for (int i = 0; i < languages_count(); i++)
	{
		const Language *l = language_at(i);

		printf("%s %s %s\n", l->id, l->available ? "ok" : "dropped", l->available ? l->version_text : l->reason);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *language = NULL,
			   *signature = NULL,
			   *wrap_only = NULL,
			   *drivers = NULL,
			   *source = NULL,
			   *testdir = NULL;
	JudgeJob	job;
	JudgeResult res;
	JudgeTest  *tests;
	char		err[512];
	char	   *json;
	int			i,
				want,
				rc,
				check = 0;

	memset(&job, 0, sizeof(job));
	job.time_limit_ms = 2000;
	job.memory_limit_kb = 262144;
	for (i = 1; i < argc; i++)
	{
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--help") == 0)
		{
			Usage();
			return 0;
		}
		if (strcmp(a, "--check-languages") == 0)
		{
			check = 1;
			continue;
		}
		if (v == NULL)
			return Usage();
		if (strcmp(a, "--language") == 0)
			language = v;
		else if (strcmp(a, "--source") == 0)
			source = v;
		else if (strcmp(a, "--tests") == 0)
			testdir = v;
		else if (strcmp(a, "--time-limit-ms") == 0)
			job.time_limit_ms = atoi(v);
		else if (strcmp(a, "--memory-limit-kb") == 0)
			job.memory_limit_kb = atoi(v);
		else if (strcmp(a, "--worker") == 0)
			job.worker = atoi(v);
		else if (strcmp(a, "--box-root") == 0)
			judge_set_box_root(v);
		else if (strcmp(a, "--languages") == 0)
			judge_set_languages_file(v);
		else if (strcmp(a, "--signature") == 0)
			signature = v;
		else if (strcmp(a, "--checker") == 0)
			job.checker.kind = v;
		else if (strcmp(a, "--drivers") == 0)
		{
			drivers = v;
			judge_set_drivers_dir(v);
		}
		else if (strcmp(a, "--wrap-only") == 0)
			wrap_only = v;
		else
			return Usage();
		i++;
	}
	if (check)
		return CheckLanguages(job.worker);
	if (language == NULL || source == NULL || testdir == NULL)
		return Usage();
	job.language = language;
	job.code = ReadFile(source, &job.code_len);
	if (job.code == NULL)
	{
		fprintf(stderr, "interview-sandbox-run: read %s: %s\n", source, strerror(errno));
		return 1;
	}
	if (signature != NULL)
	{
		size_t		len;

		job.signature = ReadFile(signature, &len);
		if (job.signature == NULL)
		{
			fprintf(stderr, "interview-sandbox-run: read %s: %s\n", signature, strerror(errno));
			return 1;
		}
	}
	tests = calloc(MAX_TESTS, sizeof(JudgeTest));
	if (tests == NULL)
	{
		fprintf(stderr, "interview-sandbox-run: out of memory\n");
		return 1;
	}
	for (i = 0; i < MAX_TESTS; i++)
	{
		char		path[4096];
		JudgeTest  *t = &tests[i];

		snprintf(path, sizeof(path), "%s/%d.in", testdir, i + 1);
		t->input = ReadFile(path, &t->input_len);
		if (t->input == NULL)
			break;
		snprintf(path, sizeof(path), "%s/%d.out", testdir, i + 1);
		t->expected = ReadFile(path, &t->expected_len);
		if (t->expected == NULL)
		{
			fprintf(stderr, "interview-sandbox-run: read %s: %s\n", path, strerror(errno));
			return 1;
		}
		t->test_case_id = i + 1;
		t->ordinal = i + 1;
	}
	job.ntests = i;
	job.tests = tests;
	if (wrap_only != NULL && job.signature != NULL)
		return WrapOnly(&job, drivers ? drivers : "judge/drivers", wrap_only);
	if (judge_init(err, sizeof(err)) != 0)
	{
		fprintf(stderr, "interview-sandbox-run: %s\n", err);
		return 1;
	}
	judge_detect_versions(job.language);
	/* the slot (uid, box) is this run's alone on the host; a busy --worker slot means the next free one */
	want = job.worker;
	if (judge_slot_acquire(want, &job.worker, err, sizeof(err)) < 0)
	{
		fprintf(stderr, "interview-sandbox-run: %s\n", err);
		return 1;
	}
	fprintf(stderr, "interview-sandbox-run: sandbox slot=%d uid=%d%s\n", job.worker,
			judge_slot_uid(job.worker), job.worker != want ? " (the --worker slot is busy)" : "");
	rc = judge_run(&job, &res, NULL, NULL, err, sizeof(err));
	if (rc != 0)
	{
		fprintf(stderr, "interview-sandbox-run: %s\n", rc == -2 ? "aborted" : err);
		return 1;
	}
	json = judge_result_json(&res, "sandbox-run");
	if (json == NULL)
	{
		fprintf(stderr, "interview-sandbox-run: judge_result_json failed\n");
		return 1;
	}
	printf("%s\n", json);
	free(json);
	judge_result_free(&res);
	return 0;
}
