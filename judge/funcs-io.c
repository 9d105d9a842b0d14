/*
 * funcs-io.c
 *    Function problems at run time: the marker of a run, the test input as
 *    a driver reads it, the driver's result split from the candidate's
 *    prints, and the verdict of the result against the expected JSON.
 *    Re-entrant: no global state; strings returned are malloc'd.  Nothing
 *    here runs a program or reads a driver file (funcs.c loads them).
 *
 *    Input formats (key "input" of a driver): "json" gives the driver the
 *    argument list as one line of compact JSON; "tokens" (for languages
 *    without a JSON parser in their standard library) gives every value as
 *    whitespace-separated tokens: numbers in decimal, bools as 1 or 0,
 *    strings as <bytes>:<raw bytes>, arrays as their length then their
 *    elements.  Either way the first line is the run's marker, which the
 *    driver prints on a line of its own before the result's JSON.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <jansson.h>

#include "funcs.h"
#include "funcs-buf.h"

void
funcs_marker(char *marker)
{
	unsigned char raw[FUNCS_MARKER_LEN / 2];
	size_t		got = 0;

	while (got < sizeof(raw))
	{
		ssize_t		r = getrandom(raw + got, sizeof(raw) - got, 0);

		if (r > 0)
			got += (size_t) r;
		else if (errno != EINTR)
			break;
	}
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(marker + 2 * i, 3, "%02x", raw[i]);
	marker[FUNCS_MARKER_LEN] = '\0';
}

/* Appends v (of scalar kind and array depth) as tokens; 0 ok, -1 when it does not fit. */
static int
Tokens(Buf *b, json_t *v, int scalar, int depth)
{
	if (depth > 0)
	{
		size_t		i;
		json_t	   *e;

		if (!json_is_array(v))
			return -1;
		BufFmt(b, "%zu\n", json_array_size(v));
		json_array_foreach(v, i, e)
			if (Tokens(b, e, scalar, depth - 1) != 0)
				return -1;
		return 0;
	}
	switch (scalar)
	{
		case 0:
		case 1:
			if (!json_is_integer(v))
				return -1;
			BufFmt(b, "%lld ", (long long) json_integer_value(v));
			return 0;
		case 2:
			if (json_is_integer(v))
				BufFmt(b, "%lld ", (long long) json_integer_value(v));
			else if (json_is_real(v))
				BufFmt(b, "%.17g ", json_real_value(v));
			else
				return -1;
			return 0;
		case 3:
			if (!json_is_boolean(v))
				return -1;
			BufStr(b, json_is_true(v) ? "1 " : "0 ");
			return 0;
		default:
			if (!json_is_string(v))
				return -1;
			BufFmt(b, "%zu:", json_string_length(v));
			BufAdd(b, json_string_value(v), json_string_length(v));
			BufStr(b, " ");
			return 0;
	}
}

char *
funcs_input(const FuncDriver *d, const FuncSig *sig, const char *input, size_t input_len,
			const char *marker, size_t *len, char *err, size_t errlen)
{
	json_error_t je;
	json_t	   *args = json_loadb(input, input_len, 0, &je);
	Buf			b = {NULL, 0, 0, 1};
	int			bad = 0;

	if (!json_is_array(args) || (int) json_array_size(args) != sig->nparams)
	{
		snprintf(err, errlen, "test input is not a list of %d arguments%s%s", sig->nparams,
				 args == NULL ? ": " : "", args == NULL ? je.text : "");
		json_decref(args);
		return NULL;
	}
	BufStr(&b, marker);
	BufStr(&b, "\n");
	if (funcs_input_json(d))
	{
		char	   *line = json_dumps(args, JSON_COMPACT);

		if (line == NULL)
			b.ok = 0;
		else
			BufStr(&b, line);
		free(line);
		BufStr(&b, "\n");
	}
	else
		for (int i = 0; i < sig->nparams && !bad; i++)
		{
			bad = Tokens(&b, json_array_get(args, (size_t) i), sig->params[i]->scalar,
						 sig->params[i]->depth) != 0;
			BufStr(&b, "\n");
		}
	json_decref(args);
	if (bad)
	{
		free(b.data);
		snprintf(err, errlen, "test input does not fit the signature");
		return NULL;
	}
	if (!b.ok)
		snprintf(err, errlen, "out of memory for the test input");
	return BufTake(&b, len);
}

const char *
funcs_split(const char *out, size_t out_len, const char *marker, size_t *prints_len,
			size_t *result_len)
{
	size_t		mlen = strlen(marker);
	const char *found = NULL;
	const char *p = out;
	const char *end = out + out_len;

	/* the last marker line: what the candidate printed cannot come after it */
	while ((p = memmem(p, (size_t) (end - p), marker, mlen)) != NULL)
	{
		if ((p == out || p[-1] == '\n') && p + mlen < end && p[mlen] == '\n')
			found = p;
		p += mlen;
	}
	if (found == NULL)
	{
		*prints_len = out_len;
		*result_len = 0;
		return NULL;
	}
	*prints_len = (size_t) (found - out);
	if (*prints_len > 0)
		(*prints_len)--;		/* the newline the driver put before the marker */
	*result_len = (size_t) (end - found - mlen - 1);
	return found + mlen + 1;
}

/* What a JSON value is, for messages. */
static const char *
Kind(json_t *v)
{
	if (json_is_null(v))
		return "null";
	if (json_is_array(v))
		return "an array";
	if (json_is_object(v))
		return "an object";
	if (json_is_string(v))
		return "a string";
	if (json_is_boolean(v))
		return "a bool";
	if (json_is_real(v))
		return "a fraction";
	return "an integer";
}

/* Whether v has the signature type (scalar, depth); names the first misfit in detail. */
static int
HasType(json_t *v, int scalar, int depth, char *detail, size_t dlen)
{
	static const char *const kinds[] = {"an integer", "an integer", "a number", "a bool", "a string"};

	if (depth > 0)
	{
		size_t		i;
		json_t	   *e;

		if (!json_is_array(v))
		{
			snprintf(detail, dlen, "returned %s where an array was expected", Kind(v));
			return 0;
		}
		json_array_foreach(v, i, e)
			if (!HasType(e, scalar, depth - 1, detail, dlen))
				return 0;
		return 1;
	}
	if ((scalar <= 1 && json_is_integer(v)) || (scalar == 2 && json_is_number(v)) ||
		(scalar == 3 && json_is_boolean(v)) || (scalar == 4 && json_is_string(v)))
		return 1;
	snprintf(detail, dlen, "returned %s where %s was expected", Kind(v), kinds[scalar]);
	return 0;
}

/* Whether two JSON values are equal; numbers within eps (absolute or relative) when eps >= 0. */
static int
Same(json_t *a, json_t *b, double eps)
{
	if (json_is_number(a) && json_is_number(b))
	{
		double		x = json_number_value(a),
					y = json_number_value(b);

		if (json_is_integer(a) && json_is_integer(b))
			return json_integer_value(a) == json_integer_value(b) ||
				(eps > 0 && fabs(x - y) <= eps * fmax(1.0, fabs(y)));
		if (eps < 0)
			return x == y;
		return fabs(x - y) <= eps || fabs(x - y) <= eps * fabs(y);
	}
	if (json_is_array(a) && json_is_array(b))
	{
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (size_t i = 0; i < json_array_size(a); i++)
			if (!Same(json_array_get(a, i), json_array_get(b, i), eps))
				return 0;
		return 1;
	}
	return json_equal(a, b);
}

/* qsort order of JSON values by their compact text. */
static int
CompareDumps(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Whether arrays a and b hold the same elements in any order. */
static int
SameUnordered(json_t *a, json_t *b)
{
	size_t		n = json_array_size(a);
	char	  **da,
			  **db;
	int			same = 1;

	if (!json_is_array(a) || !json_is_array(b) || n != json_array_size(b))
		return 0;
	da = calloc(n + 1, sizeof(char *));
	db = calloc(n + 1, sizeof(char *));
	for (size_t i = 0; da && db && i < n; i++)
	{
		da[i] = json_dumps(json_array_get(a, i), JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
		db[i] = json_dumps(json_array_get(b, i), JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
		if (da[i] == NULL || db[i] == NULL)
			same = 0;
	}
	if (da == NULL || db == NULL)
		same = 0;
	if (same)
	{
		qsort(da, n, sizeof(char *), CompareDumps);
		qsort(db, n, sizeof(char *), CompareDumps);
		for (size_t i = 0; i < n && same; i++)
			same = strcmp(da[i], db[i]) == 0;
	}
	for (size_t i = 0; i < n; i++)
	{
		if (da)
			free(da[i]);
		if (db)
			free(db[i]);
	}
	free(da);
	free(db);
	return same;
}

int
funcs_result_type(const FuncSig *sig, const char *result, size_t result_len, char *detail,
				  size_t detail_len)
{
	json_error_t je;
	json_t	   *got = json_loadb(result, result_len, JSON_DECODE_ANY, &je);
	int			ok;

	detail[0] = '\0';
	if (got == NULL)
	{
		snprintf(detail, detail_len, "returned something that is not JSON (for example NaN or infinity)");
		return 0;
	}
	ok = HasType(got, sig->returns->scalar, sig->returns->depth, detail, detail_len);
	json_decref(got);
	return ok;
}

int
funcs_check(const FuncSig *sig, const char *result, size_t result_len, const char *expected,
			size_t expected_len, const char *checker, char *detail, size_t detail_len)
{
	json_error_t je;
	json_t	   *got = json_loadb(result, result_len, JSON_DECODE_ANY, &je);
	json_t	   *want;
	int			ok = 0;
	double		eps = -1;

	detail[0] = '\0';
	if (got == NULL)
	{
		snprintf(detail, detail_len, "the result is not JSON (for example NaN or infinity)");
		return 0;
	}
	if (!HasType(got, sig->returns->scalar, sig->returns->depth, detail, detail_len))
	{
		json_decref(got);
		return 0;
	}
	want = json_loadb(expected, expected_len, JSON_DECODE_ANY, &je);
	if (want == NULL)
		snprintf(detail, detail_len, "the expected output is not JSON");
	else if (checker != NULL && strcmp(checker, "unordered") == 0)
		ok = SameUnordered(got, want);
	else
	{
		if (checker != NULL && strncmp(checker, "float:", 6) == 0)
			eps = strtod(checker + 6, NULL);
		ok = Same(got, want, eps);
	}
	json_decref(got);
	json_decref(want);
	return ok;
}
