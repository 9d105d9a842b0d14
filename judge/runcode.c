/*
 * runcode.c
 *    Runs: the candidate's code run once on their own input ("Run" before
 *    "Submit").  Same box, compile, sandbox and limits as judging a
 *    submission (judge-int.h); no tests and no checker.  stdout is kept
 *    through the sandbox's pipe, stderr through a memfd (bounded by the
 *    file size limit); both are cut at 64 KiB with a marker.  For a
 *    function problem the input is the JSON array of the arguments: the
 *    code runs wrapped in its language's driver (judge-funcs.h), stdout
 *    keeps what the candidate printed and the function's return value is
 *    the run's result, apart from it.
 *
 *    Never reads tests or writes verdicts of a submission.
 *
 *    Threads: as judge_run(), one call per worker at a time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <jansson.h>

#include "compare.h"
#include "judge-funcs.h"
#include "judge-int.h"

#define RUN_KEEP_BYTES (64 * 1024)
#define RUN_STDOUT_LIMIT (8LL * 1024 * 1024)
#define RUN_CUT_MARKER "\n[cut at 64 KiB]\n"
#define RUN_NOTE_BYTES 512

/* A malloc'd excerpt of at most 64 KiB, with the marker when text was longer. */
static char *
Keep(const char *text, size_t len)
{
	char	   *ex = compare_excerpt(text, len, RUN_KEEP_BYTES);
	char	   *out;
	size_t		n;

	if (ex == NULL || len <= RUN_KEEP_BYTES)
		return ex;
	n = strlen(ex);
	out = realloc(ex, n + sizeof(RUN_CUT_MARKER));
	if (out == NULL)
	{
		free(ex);
		return NULL;
	}
	memcpy(out + n, RUN_CUT_MARKER, sizeof(RUN_CUT_MARKER));
	return out;
}

/* Reads the start of the stderr memfd (one byte more than kept, to see a cut); malloc'd. */
static char *
ReadStderr(int fd, char *err, size_t errlen)
{
	char	   *buf = malloc(RUN_KEEP_BYTES + 1);
	size_t		off = 0;
	char	   *text;

	if (buf == NULL)
	{
		snprintf(err, errlen, "malloc(stderr): out of memory");
		return NULL;
	}
	while (off < RUN_KEEP_BYTES + 1)
	{
		ssize_t		n = pread(fd, buf + off, RUN_KEEP_BYTES + 1 - off, (off_t) off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
		{
			snprintf(err, errlen, "pread(stderr memfd): %s", strerror(errno));
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		off += (size_t) n;
	}
	text = Keep(buf, off);
	free(buf);
	if (text == NULL)
		snprintf(err, errlen, "malloc(stderr): out of memory");
	return text;
}

/* Appends a line of the judge's own to a run's stderr text (realloc'd); 0, or -1 out of memory. */
static int
AppendNote(char **text, const char *note)
{
	size_t		n = *text != NULL ? strlen(*text) : 0;
	size_t		add = strlen(note);
	int			nl = n > 0 && (*text)[n - 1] != '\n';
	char	   *out = realloc(*text, n + (size_t) nl + add + 2);

	if (out == NULL)
		return -1;
	if (nl)
		out[n++] = '\n';
	memcpy(out + n, note, add);
	out[n + add] = '\n';
	out[n + add + 1] = '\0';
	*text = out;
	return 0;
}

/*
 * A function problem's run that exited cleanly: stdout becomes the
 * candidate's prints, result the return value.  A missing result or one of
 * the wrong type makes the run RE, with the reason in *note.
 */
static int
FuncOutcome(const FuncJob *fj, const char *marker, const SandboxResult *sr, JudgeRunResult *res,
			char *note, size_t notelen)
{
	size_t		prints_len,
				result_len;
	const char *result = funcs_split(sr->output, sr->output_len, marker, &prints_len, &result_len);
	char		why[200];

	res->stdout_text = Keep(sr->output, prints_len);
	if (res->stdout_text == NULL)
		return -1;
	while (result != NULL && result_len > 0 && (result[result_len - 1] == '\n' || result[result_len - 1] == '\r'))
		result_len--;
	if (result == NULL)
	{
		snprintf(res->verdict, sizeof(res->verdict), "RE");
		snprintf(note, notelen, "[judge] the program ended before %s returned", fj->sig.function);
		return 0;
	}
	if (!funcs_result_type(&fj->sig, result, result_len, why, sizeof(why)))
	{
		snprintf(res->verdict, sizeof(res->verdict), "RE");
		snprintf(note, notelen, "[judge] %s %s (return type %s)", fj->sig.function, why,
				 fj->sig.returns->name);
		return 0;
	}
	res->result_text = Keep(result, result_len);
	return res->result_text == NULL ? -1 : 0;
}

int
judge_run_code(const JudgeJob *job, const char *input, size_t input_len, JudgeRunResult *res,
			   JudgeTick tick, void *tick_arg, char *err, size_t errlen)
{
	const Language *lang = NULL;
	JudgeResult jr;
	TickState	ts;
	SandboxResult sr;
	FuncJob		fj;
	char		marker[FUNCS_MARKER_LEN + 1];
	char		note[RUN_NOTE_BYTES] = "";
	char	   *wrapped = NULL;
	char		boxname[64] = "",
				boxdir[PATH_MAX],
				cgname[96];
	int			boxfd = -1;
	int			errfd = -1;
	int			rc;

	memset(res, 0, sizeof(*res));
	memset(&jr, 0, sizeof(jr));
	judge_tick_init(&ts, tick, tick_arg);
	/* a function problem: the code wrapped in its driver, the input the argument list */
	rc = judge_funcs_open(job, &fj, &job, &res->compile_output, err, errlen);
	if (rc != 0)
	{
		if (rc == 1)
			snprintf(res->verdict, sizeof(res->verdict), "CE");
		return rc == 1 ? 0 : -1;
	}
	if (fj.driver != NULL)
	{
		char		why[256];

		wrapped = judge_funcs_input(&fj, input, input_len, marker, &input_len, why, sizeof(why));
		if (wrapped == NULL)
		{
			/* the arguments no longer fit (the signature changed after run_code checked them) */
			snprintf(res->verdict, sizeof(res->verdict), "RE");
			snprintf(note, sizeof(note), "[judge] the input is not an argument list of %s: %s",
					 fj.sig.function, why);
			res->stderr_text = strdup("");
			rc = res->stderr_text == NULL || AppendNote(&res->stderr_text, note) != 0 ? -1 : 0;
			if (rc != 0)
				snprintf(err, errlen, "malloc(stderr): out of memory");
			judge_funcs_close(&fj);
			return rc;
		}
		input = wrapped;
	}
	rc = judge_begin(job, &jr, &ts, &lang, boxname, boxdir, &boxfd, err, errlen);
	if (rc != 0)
		goto done;
	if (jr.verdict[0] != '\0')
	{
		snprintf(res->verdict, sizeof(res->verdict), "CE");
		res->compile_output = jr.compile_output;
		jr.compile_output = NULL;
		goto done;
	}
	errfd = memfd_create("stderr", MFD_CLOEXEC);
	if (errfd < 0)
	{
		snprintf(err, errlen, "memfd_create(stderr): %s", strerror(errno));
		rc = -1;
		goto done;
	}
	judge_cgroup_name(cgname, sizeof(cgname), job->worker);
	rc = judge_execute(job, lang, input, input_len, RUN_STDOUT_LIMIT, errfd, boxdir, cgname, &ts,
					   &sr, err, errlen);
	if (rc != 0)
		goto done;
	res->time_ms = (int) ((sr.cpu_ns + 500000) / 1000000);
	res->memory_kb = sr.peak_kb < 0 ? 0 : (int) sr.peak_kb;
	judge_classify(&sr, res->verdict, res->detail, sizeof(res->detail));
	if (res->verdict[0] == '\0')
		snprintf(res->verdict, sizeof(res->verdict), "OK");
	if (fj.driver != NULL && strcmp(res->verdict, "OK") == 0)
		rc = FuncOutcome(&fj, marker, &sr, res, note, sizeof(note));
	else if (fj.driver != NULL)
	{
		/* a failed run: what the candidate printed, without the driver's marker */
		size_t		prints_len,
					result_len;

		funcs_split(sr.output, sr.output_len, marker, &prints_len, &result_len);
		res->stdout_text = Keep(sr.output, prints_len);
	}
	else
		res->stdout_text = Keep(sr.output, sr.output_len);
	sandbox_result_free(&sr);
	res->stderr_text = ReadStderr(errfd, err, errlen);
	if (res->stderr_text == NULL)
		rc = -1;
	else if (rc != 0 || res->stdout_text == NULL ||
			 (note[0] != '\0' && AppendNote(&res->stderr_text, note) != 0))
	{
		snprintf(err, errlen, "malloc(run output): out of memory");
		rc = -1;
	}

done:
	if (errfd >= 0)
		close(errfd);
	free(jr.compile_output);
	free(wrapped);
	judge_funcs_close(&fj);
	rc = judge_end(rc, boxfd, boxname, err, errlen);
	if (rc != 0)
		judge_run_result_free(res);
	return rc;
}

void
judge_run_result_free(JudgeRunResult *res)
{
	free(res->stdout_text);
	free(res->stderr_text);
	free(res->compile_output);
	free(res->result_text);
	res->stdout_text = res->stderr_text = res->compile_output = res->result_text = NULL;
}

char *
judge_run_json(const JudgeRunResult *res)
{
	json_t	   *root = json_pack("{s:s, s:i, s:i}", "verdict", res->verdict,
								 "time_ms", res->time_ms, "memory_kb", res->memory_kb);
	char	   *out = NULL;
	int			bad = root == NULL;

	if (!bad && res->stdout_text != NULL)
		bad |= json_object_set_new(root, "stdout", json_string(res->stdout_text));
	if (!bad && res->stderr_text != NULL)
		bad |= json_object_set_new(root, "stderr", json_string(res->stderr_text));
	if (!bad && res->compile_output != NULL)
		bad |= json_object_set_new(root, "compile_output", json_string(res->compile_output));
	if (!bad && res->result_text != NULL)
		bad |= json_object_set_new(root, "result", json_string(res->result_text));
	if (!bad)
		out = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	return out;
}
