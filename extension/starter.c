/*
 * starter.c
 *	  Starter code of function problems, generated from the problem's
 *	  signature for each language: code_template_for and the judge's
 *	  set_language_driver.
 *
 * How a language spells a signature lives in the judge's driver file of
 * that language (judge/drivers/); the judge registers its starter keys in
 * interview.language_driver when it starts, so the database and the judge
 * read one description. code_template_for shows a problem's starter code to
 * staff and to candidates who have the problem among their tasks (as the
 * row-level security of code_template does), to nobody else; it writes
 * nothing.
 */
#include "interview.h"

#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

PG_FUNCTION_INFO_V1(code_template_for);
PG_FUNCTION_INFO_V1(set_language_driver);

#define STARTER_MAX_BYTES	(256 * 1024)

/* A string member of a starter description, or NULL. */
static char *
Key(JsonbContainer *c, const char *key)
{
	JsonbValue *v = getKeyJsonValueFromContainer(c, key, strlen(key), NULL);

	if (v == NULL || v->type != jbvString)
		return NULL;
	return pnstrdup(v->val.string.val, v->val.string.len);
}

/* A starter key for a type ("param.int[]"), or dflt. */
static char *
TypeKey(JsonbContainer *c, const char *prefix, const char *type, char *dflt)
{
	char	   *v = Key(c, psprintf("%s.%s", prefix, type));

	return v != NULL ? v : dflt;
}

/* name converted to a naming convention: "snake", "pascal" or as written. */
static char *
ApplyCase(const char *name, const char *convention)
{
	StringInfoData buf;

	if (convention == NULL)
		return pstrdup(name);
	initStringInfo(&buf);
	if (strcmp(convention, "snake") == 0)
	{
		for (const char *p = name; *p; p++)
		{
			if (*p >= 'A' && *p <= 'Z')
			{
				if (p > name && p[-1] != '_')
					appendStringInfoChar(&buf, '_');
				appendStringInfoChar(&buf, *p - 'A' + 'a');
			}
			else
				appendStringInfoChar(&buf, *p);
		}
	}
	else
	{
		appendStringInfoString(&buf, name);
		if (strcmp(convention, "pascal") == 0 && buf.data[0] >= 'a' && buf.data[0] <= 'z')
			buf.data[0] -= 'a' - 'A';
	}
	return buf.data;
}

/*
 * Appends tmpl to buf with each {{key}} among keys[] replaced by vals[] in
 * one pass (replacement text is never expanded again); "{{,key}}" gives ", "
 * plus the value when the value is not empty. Unknown {{...}} stay as written.
 */
static void
Expand(StringInfo buf, const char *tmpl, const char *const *keys, char *const *vals, int n)
{
	const char *p = tmpl;

	while (*p)
	{
		const char *open = strstr(p, "{{");
		const char *close;
		bool		done = false;

		if (open == NULL)
		{
			appendStringInfoString(buf, p);
			break;
		}
		appendBinaryStringInfo(buf, p, open - p);
		close = strstr(open + 2, "}}");
		if (close != NULL)
		{
			const char *k = open + 2;
			bool		comma = (*k == ',');

			if (comma)
				k++;
			for (int i = 0; i < n && !done; i++)
				if ((size_t) (close - k) == strlen(keys[i]) && strncmp(k, keys[i], close - k) == 0)
				{
					if (comma && vals[i][0] != '\0')
						appendStringInfoString(buf, ", ");
					appendStringInfoString(buf, vals[i]);
					done = true;
				}
		}
		if (done)
			p = close + 2;
		else
		{
			appendStringInfoString(buf, "{{");
			p = open + 2;
		}
	}
}

/* Generates the starter code of signature sig from the starter description st. */
static char *
Generate(Jsonb *sig, Jsonb *st)
{
	JsonbContainer *sc = &sig->root;
	JsonbContainer *c = &st->root;
	char	   *tmpl = Key(c, "starter");
	char	   *sep = Key(c, "param-sep");
	char	   *pcase = Key(c, "case-params");
	char	   *returns = Key(sc, "returns");
	JsonbValue *params = getKeyJsonValueFromContainer(sc, "params", 6, NULL);
	StringInfoData plist,
				names,
				docs,
				out;
	static const char *const keys[] = {"function", "params", "returns", "docs", "rdoc", "names"};
	char	   *vals[6];
	char	   *nsep = Key(c, "name-sep");
	char	   *retparam;
	int			n;

	if (tmpl == NULL || returns == NULL || params == NULL || params->type != jbvBinary)
		return NULL;
	if (sep == NULL)
		sep = ", ";
	initStringInfo(&plist);
	initStringInfo(&names);
	initStringInfo(&docs);
	n = JsonContainerSize(params->val.binary.data);
	for (int i = 0; i < n; i++)
	{
		JsonbValue *p = getIthJsonbValueFromContainer(params->val.binary.data, i);
		char	   *pkeys[1] = {"name"};
		char	   *pname,
				   *ptype,
				   *ptmpl,
				   *dtmpl;

		if (p == NULL || p->type != jbvBinary)
			return NULL;
		pname = Key(p->val.binary.data, "name");
		ptype = Key(p->val.binary.data, "type");
		if (pname == NULL || ptype == NULL)
			return NULL;
		pname = ApplyCase(pname, pcase);
		ptmpl = TypeKey(c, "param", ptype, "{{name}}");
		dtmpl = TypeKey(c, "doc", ptype, NULL);
		if (i > 0)
		{
			appendStringInfoString(&plist, sep);
			appendStringInfoString(&names, nsep != NULL ? nsep : " ");
		}
		appendStringInfoString(&names, pname);
		Expand(&plist, ptmpl, (const char *const *) pkeys, &pname, 1);
		if (dtmpl != NULL)
		{
			if (docs.len > 0)
				appendStringInfoChar(&docs, '\n');
			Expand(&docs, dtmpl, (const char *const *) pkeys, &pname, 1);
		}
	}
	retparam = TypeKey(c, "retparam", returns, NULL);
	if (retparam != NULL)
	{
		if (plist.len > 0)
			appendStringInfoString(&plist, sep);
		appendStringInfoString(&plist, retparam);
	}
	vals[0] = ApplyCase(Key(sc, "function"), Key(c, "case-function"));
	vals[1] = plist.data;
	vals[2] = TypeKey(c, "return", returns, returns);
	vals[3] = docs.data;
	vals[4] = TypeKey(c, "rdoc", returns, "");
	vals[5] = names.data;
	initStringInfo(&out);
	Expand(&out, tmpl, keys, vals, lengthof(keys));
	return out.data;
}

/* The code of the template row (problem, language), or NULL (inside SPI). */
static char *
StoredTemplate(Datum problem_id, const char *language)
{
	Oid			types[2] = {INT8OID, TEXTOID};
	Datum		values[2] = {problem_id, CStringGetTextDatum(language)};

	IvSpiExec("SELECT code FROM interview.code_template WHERE problem_id = $1 AND language = $2",
			  2, types, values, NULL, true, SPI_OK_SELECT);
	return SPI_processed == 1 ? IvSpiTextCopy(0, 1) : NULL;
}

/* Whether the acting account may read the problem's templates (inside SPI). */
static bool
MayRead(Datum problem_id)
{
	Oid			types[2] = {INT8OID, INT8OID};
	Datum		values[2] = {problem_id, Int64GetDatum(IdentityAccountId())};

	if (IdentityIsStaff())
		return true;
	if (IdentityAccountId() == 0)
		return false;
	IvSpiExec("SELECT 1 FROM interview.task t JOIN interview.interview i ON i.id = t.interview_id "
			  "WHERE t.problem_id = $1 AND i.account_id = $2 LIMIT 1",
			  2, types, values, NULL, true, SPI_OK_SELECT);
	return SPI_processed == 1;
}

/*
 * SQL: interview.code_template_for(problem_id, language) -> text. The staff
 * template of that language; else, for a function problem, the starter code
 * generated from its signature; else the default ('*') template; null when
 * none (or the caller may not see the problem).
 */
Datum
code_template_for(PG_FUNCTION_ARGS)
{
	char	   *language = PG_ARGISNULL(1) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(1));
	char	   *code = NULL;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	IvSpiConnect();
	if (!MayRead(PG_GETARG_DATUM(0)))
	{
		IvSpiFinish();
		PG_RETURN_NULL();
	}
	if (language != NULL)
		code = StoredTemplate(PG_GETARG_DATUM(0), language);
	if (code == NULL && language != NULL)
	{
		Oid			types[2] = {INT8OID, TEXTOID};
		Datum		values[2] = {PG_GETARG_DATUM(0), CStringGetTextDatum(language)};
		bool		null_sig,
					null_st;
		Datum		sig,
					st;

		IvSpiExec("SELECT p.signature, d.starter FROM interview.problem p "
				  "LEFT JOIN interview.language_driver d ON d.language = $2 WHERE p.id = $1",
				  2, types, values, NULL, true, SPI_OK_SELECT);
		if (SPI_processed == 1)
		{
			sig = IvSpiValue(0, 1, &null_sig);
			st = IvSpiValue(0, 2, &null_st);
			if (!null_sig && !null_st)
			{
				char	   *gen = Generate(DatumGetJsonbP(sig), DatumGetJsonbP(st));

				if (gen != NULL)
				{
					code = SPI_palloc(strlen(gen) + 1);
					strcpy(code, gen);
				}
			}
		}
	}
	if (code == NULL)
		code = StoredTemplate(PG_GETARG_DATUM(0), "*");
	IvSpiFinish();
	if (code == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(code));
}

/*
 * SQL: interview.set_language_driver(language, starter jsonb) -> boolean.
 * For the judge: records how a language spells function signatures (the
 * starter keys of its driver file); null removes it. False when the
 * language is not in interview.language.
 */
Datum
set_language_driver(PG_FUNCTION_ARGS)
{
	Oid			types[2] = {TEXTOID, JSONBOID};
	Datum		values[2];
	bool		known;

	RequireJudge();
	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	values[0] = PG_GETARG_DATUM(0);
	if (!PG_ARGISNULL(1))
	{
		Jsonb	   *jb = PG_GETARG_JSONB_P(1);

		if (!JB_ROOT_IS_OBJECT(jb) || VARSIZE(jb) > STARTER_MAX_BYTES)
			ereport(ERROR,
					(errcode(ERRCODE_IV_BAD_INPUT),
					 errmsg("invalid starter description"),
					 errdetail("A starter description is a JSON object of at most 256 KiB.")));
		values[1] = PointerGetDatum(jb);
	}
	IvSpiConnect();
	IvSpiExec("SELECT 1 FROM interview.language WHERE id = $1",
			  1, types, values, NULL, false, SPI_OK_SELECT);
	known = SPI_processed == 1;
	if (known && PG_ARGISNULL(1))
		IvSpiExec("DELETE FROM interview.language_driver WHERE language = $1",
				  1, types, values, NULL, false, SPI_OK_DELETE);
	else if (known)
		IvSpiExec("INSERT INTO interview.language_driver (language, starter) VALUES ($1, $2) "
				  "ON CONFLICT (language) DO UPDATE SET starter = EXCLUDED.starter, "
				  "updated_at = pg_catalog.now()",
				  2, types, values, NULL, false, SPI_OK_INSERT);
	IvSpiFinish();
	PG_RETURN_BOOL(known);
}
