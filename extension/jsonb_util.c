/*
 * jsonb_util.c
 *	  Reading members of jsonb arguments (update_problem's changes, problem
 *	  packages) into C values.
 *
 * Helpers only read: they never raise errors themselves, so each caller
 * reports a bad member with its own SQLSTATE and message. Strings returned
 * are palloc'd in the current memory context.
 */
#include "interview.h"

#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

/* Member key of object c, or NULL when absent or JSON null (a borrowed value). */
JsonbValue *
IvJsonbGet(JsonbContainer *c, const char *key)
{
	JsonbValue *v = getKeyJsonValueFromContainer(c, key, strlen(key), NULL);

	if (v != NULL && v->type == jbvNull)
		return NULL;
	return v;
}

/* Whether v is an integral number in [lo, hi]; stores it in *out. */
bool
IvJsonbInt(JsonbValue *v, int64 lo, int64 hi, int32 *out)
{
	char	   *s;
	char	   *end;
	long long	n;

	if (v == NULL || v->type != jbvNumeric)
		return false;
	s = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < lo || n > hi)
		return false;
	*out = (int32) n;
	return true;
}

/* v as a C string when it is a JSON string, else NULL. */
char *
IvJsonbString(JsonbValue *v)
{
	if (v == NULL || v->type != jbvString)
		return NULL;
	return pnstrdup(v->val.string.val, v->val.string.len);
}

/* The container of v when it is an object (want_array false) or an array, else NULL. */
JsonbContainer *
IvJsonbContainer(JsonbValue *v, bool want_array)
{
	if (v == NULL || v->type != jbvBinary)
		return NULL;
	if (want_array ? !JsonContainerIsArray(v->val.binary.data)
		: !JsonContainerIsObject(v->val.binary.data))
		return NULL;
	return v->val.binary.data;
}
