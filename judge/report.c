/*
 * report.c
 *    The report of a judged submission: judge_result_json() formats a
 *    JudgeResult as the report_verdict document (docs/CONTRACTS.md).
 *    Only formats: never judges, never frees the result (judge.c owns
 *    it).  No state; thread-safe.  Ownership of jansson values: every SetNew() steals its
 *    value; the returned string is malloc'd and the caller frees it.
 */
#include <stdlib.h>
#include <jansson.h>

#include "judge.h"

/* Sets key to a new reference; returns -1 when value is NULL or the set fails. */
static int
SetNew(json_t *obj, const char *key, json_t *value)
{
	if (value == NULL)
		return -1;
	return json_object_set_new(obj, key, value);
}

char *
judge_result_json(const JudgeResult *res, const char *worker_name)
{
	json_t	   *root = json_object();
	json_t	   *tests = json_array();
	json_t	   *info = json_object();
	char	   *out = NULL;
	int			i,
				bad = 0;

	if (root == NULL || tests == NULL || info == NULL)
		goto done;
	bad |= SetNew(root, "verdict", json_string(res->verdict));
	if (res->compile_output != NULL)
		bad |= SetNew(root, "compile_output", json_string(res->compile_output));
	if (res->failed_at > 0)
		bad |= SetNew(root, "failed_at", json_integer(res->failed_at));
	if (res->failed_output != NULL)
		bad |= SetNew(root, "failed_output", json_string(res->failed_output));
	bad |= SetNew(root, "time_ms", json_integer(res->time_ms));
	bad |= SetNew(root, "memory_kb", json_integer(res->memory_kb));
	bad |= SetNew(root, "total", json_integer(res->total));
	for (i = 0; i < res->ntests; i++)
	{
		const JudgeTestResult *t = &res->tests[i];
		json_t	   *o = json_object();

		if (o == NULL || json_array_append_new(tests, o) != 0)
		{
			bad = 1;
			break;
		}
		bad |= SetNew(o, "test_case_id", json_integer(t->test_case_id));
		bad |= SetNew(o, "ordinal", json_integer(t->ordinal));
		bad |= SetNew(o, "verdict", json_string(t->verdict));
		bad |= SetNew(o, "time_ms", json_integer(t->time_ms));
		bad |= SetNew(o, "memory_kb", json_integer(t->memory_kb));
		bad |= SetNew(o, "detail", t->detail[0] ? json_string(t->detail) : json_null());
		if (t->actual_output != NULL)
			bad |= SetNew(o, "actual_output", json_string(t->actual_output));
		if (t->checker_message[0] != '\0')
			bad |= SetNew(o, "checker_message", json_string(t->checker_message));
	}
	bad |= json_object_set(root, "tests", tests);
	bad |= SetNew(info, "worker", json_string(worker_name ? worker_name : ""));
	bad |= SetNew(info, "language_version", json_string(res->language_version));
	bad |= json_object_set(root, "judge_info", info);
	if (!bad)
		out = json_dumps(root, JSON_COMPACT);
done:
	json_decref(tests);
	json_decref(info);
	json_decref(root);
	return out;
}
