/*
 * package.c
 *	  export_problem and import_problem: one self-contained JSON document per
 *	  problem, format "interview-problem/1" (docs/staff.md describes it).
 *
 * A package holds the statement, duration, limits, version, templates and
 * live test cases, the checker (with a custom checker's program) and the
 * function signature, which are set through set_checker and set_signature
 * so their own checks apply, plus every other column of interview.problem
 * (stop_at_first_failure, ...) under its column name.
 *
 * import_problem validates the whole package before it writes anything
 * (IV016 INVALID_PACKAGE, the detail names the field), and writes in the
 * caller's transaction: a failure leaves nothing behind. An existing title
 * is updated in place; its old test cases are removed the way
 * delete_test_case removes them (kept, marked deleted, when results refer to
 * them), so the problem gets a new version. Staff only.
 */
#include "interview.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

PG_FUNCTION_INFO_V1(export_problem);
PG_FUNCTION_INFO_V1(import_problem);

#define IV_PACKAGE_FORMAT	"interview-problem/1"
#define IV_MAX_PACKAGE_TESTS	10000
#define IV_MAX_TEMPLATES		64

/* Package keys this file reads itself; every other key must be a problem column. */
static const char *const package_keys[] = {
	"format", "title", "text", "duration", "time_limit_ms", "memory_limit_kb",
	"version", "templates", "tests", "checker_code", "checker_language"
};

/* Problem columns a package never sets through the generic path. */
static const char *const fixed_columns[] = {
	"id", "title", "text", "duration", "time_limit_ms", "memory_limit_kb",
	"version", "version_xact", "archived_at"
};

/* One test case of a package. */
typedef struct PackageTest
{
	char	   *input;
	char	   *expected;
	bool		is_sample;
} PackageTest;

/* A validated package, in C values (palloc'd in the caller's context). */
typedef struct Package
{
	char	   *title;
	char	   *text;
	int32		duration;		/* seconds */
	int32		time_limit_ms;
	int32		memory_limit_kb;
	int32		version;
	int			ntemplates;
	char	  **template_lang;
	char	  **template_code;
	int			ntests;
	PackageTest *tests;
	char	   *checker;		/* set through set_checker */
	char	   *checker_code;
	char	   *checker_language;
	bool		has_signature;	/* "signature" given: set through set_signature */
	Jsonb	   *signature;		/* its value; NULL for JSON null (a stdin/stdout problem) */
	Jsonb	   *extras;			/* members that are other problem columns, or NULL */
	List	   *extra_columns;	/* their names (char *) */
} Package;

/* Raises IV016 with a detail sentence naming what is wrong. */
static void
BadPackage(const char *fmt,...) pg_attribute_printf(1, 2) pg_attribute_noreturn();

static void
BadPackage(const char *fmt,...)
{
	char		buf[512];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ereport(ERROR,
			(errcode(ERRCODE_IV_INVALID_PACKAGE),
			 errmsg("invalid package"),
			 errdetail("%s", buf),
			 errhint("docs/staff.md describes the format \"" IV_PACKAGE_FORMAT "\".")));
}

/* Whether name is one of the n strings of list. */
static bool
InList(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

/* A required string member of at most max_bytes; IV016 otherwise. */
static char *
PackageString(JsonbContainer *c, const char *key, size_t max_bytes, bool required)
{
	JsonbValue *v = IvJsonbGet(c, key);
	char	   *s = IvJsonbString(v);

	if (v == NULL && !required)
		return NULL;
	if (s == NULL)
		BadPackage("Field \"%s\" must be a string.", key);
	if (strlen(s) > max_bytes)
		BadPackage("Field \"%s\" is longer than %zu bytes.", key, max_bytes);
	return s;
}

/* An integer member in [lo, hi], dflt when absent; IV016 otherwise. */
static int32
PackageInt(JsonbContainer *c, const char *key, int32 lo, int32 hi, int32 dflt)
{
	JsonbValue *v = IvJsonbGet(c, key);
	int32		n;

	if (v == NULL)
		return dflt;
	if (!IvJsonbInt(v, lo, hi, &n))
		BadPackage("Field \"%s\" must be an integer from %d to %d.", key, lo, hi);
	return n;
}

/* Reads and checks "templates": an object of language -> code. */
static void
ReadTemplates(JsonbContainer *root, Package *pkg)
{
	JsonbValue *v = IvJsonbGet(root, "templates");
	JsonbContainer *c;
	JsonbIterator *it;
	JsonbValue	k;
	JsonbIteratorToken tok;
	int			n;

	if (v == NULL)
		return;
	if ((c = IvJsonbContainer(v, false)) == NULL)
		BadPackage("Field \"templates\" must be an object of language to code.");
	n = JsonContainerSize(c);
	if (n > IV_MAX_TEMPLATES)
		BadPackage("Field \"templates\" has more than %d entries.", IV_MAX_TEMPLATES);
	pkg->template_lang = palloc0(sizeof(char *) * (n + 1));
	pkg->template_code = palloc0(sizeof(char *) * (n + 1));
	it = JsonbIteratorInit(c);
	while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
	{
		JsonbValue	val;
		char	   *lang;
		char	   *code;

		if (tok != WJB_KEY)
			continue;
		lang = pnstrdup(k.val.string.val, k.val.string.len);
		if (JsonbIteratorNext(&it, &val, true) != WJB_VALUE)
			elog(ERROR, "jsonb object key without a value");
		if ((code = IvJsonbString(&val)) == NULL)
			BadPackage("Template \"%.64s\" must be a string.", lang);
		if (strlen(code) > IV_MAX_CODE_BYTES)
			BadPackage("Template \"%.64s\" is longer than %d bytes.", lang, IV_MAX_CODE_BYTES);
		pkg->template_lang[pkg->ntemplates] = lang;
		pkg->template_code[pkg->ntemplates++] = code;
	}
}

/* Reads and checks "tests": an array of {input, expected_output, is_sample}. */
static void
ReadTests(JsonbContainer *root, Package *pkg)
{
	JsonbValue *v = IvJsonbGet(root, "tests");
	JsonbContainer *c;

	if (v == NULL)
		return;
	if ((c = IvJsonbContainer(v, true)) == NULL)
		BadPackage("Field \"tests\" must be an array.");
	pkg->ntests = JsonContainerSize(c);
	if (pkg->ntests > IV_MAX_PACKAGE_TESTS)
		BadPackage("Field \"tests\" has more than %d entries.", IV_MAX_PACKAGE_TESTS);
	pkg->tests = palloc0(sizeof(PackageTest) * (pkg->ntests + 1));
	for (int i = 0; i < pkg->ntests; i++)
	{
		JsonbContainer *t = IvJsonbContainer(getIthJsonbValueFromContainer(c, i), false);
		JsonbValue *sample;

		if (t == NULL)
			BadPackage("Test %d must be an object.", i + 1);
		pkg->tests[i].input = IvJsonbString(IvJsonbGet(t, "input"));
		pkg->tests[i].expected = IvJsonbString(IvJsonbGet(t, "expected_output"));
		if (pkg->tests[i].input == NULL || pkg->tests[i].expected == NULL)
			BadPackage("Test %d needs the strings \"input\" and \"expected_output\".", i + 1);
		if (strlen(pkg->tests[i].input) > IV_TEST_MAX_BYTES ||
			strlen(pkg->tests[i].expected) > IV_TEST_MAX_BYTES)
			BadPackage("Test %d is larger than 16 MiB.", i + 1);
		sample = IvJsonbGet(t, "is_sample");
		if (sample != NULL && sample->type != jbvBool)
			BadPackage("Test %d: \"is_sample\" must be true or false.", i + 1);
		pkg->tests[i].is_sample = sample != NULL && sample->val.boolean;
	}
}

/*
 * Collects the members that are not package keys: each must be a column of
 * interview.problem outside fixed_columns (inside SPI). They are kept as
 * one jsonb object for jsonb_populate_record.
 */
static void
ReadExtras(Jsonb *package, Package *pkg)
{
	JsonbIterator *it = JsonbIteratorInit(&package->root);
	JsonbValue	k;
	JsonbIteratorToken tok;
	JsonbParseState *state = NULL;
	JsonbValue *res;

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
	{
		JsonbValue	key = k;
		JsonbValue	val;
		char	   *name;
		Oid			types[1] = {TEXTOID};
		Datum		values[1];

		if (tok != WJB_KEY)
			continue;
		if (JsonbIteratorNext(&it, &val, true) != WJB_VALUE)
			elog(ERROR, "jsonb object key without a value");
		name = pnstrdup(k.val.string.val, k.val.string.len);
		if (InList(name, package_keys, lengthof(package_keys)))
			continue;
		if (strcmp(name, "signature") == 0)
		{
			pkg->has_signature = true;
			if (val.type != jbvNull)
				pkg->signature = JsonbValueToJsonb(&val);
			continue;
		}
		if (strcmp(name, "checker") == 0)
		{
			if ((pkg->checker = IvJsonbString(&val)) == NULL)
				BadPackage("Field \"checker\" must be a string.");
			continue;
		}
		values[0] = CStringGetTextDatum(name);
		IvSpiExec("SELECT 1 FROM pg_catalog.pg_attribute "
				  "WHERE attrelid = 'interview.problem'::pg_catalog.regclass "
				  "AND attname = $1 AND attnum > 0 AND NOT attisdropped",
				  1, types, values, NULL, true, SPI_OK_SELECT);
		if (SPI_processed != 1 || InList(name, fixed_columns, lengthof(fixed_columns)))
			BadPackage("Field \"%.64s\" is not part of a problem on this server.", name);
		pkg->extra_columns = lappend(pkg->extra_columns, name);
		pushJsonbValue(&state, WJB_KEY, &key);
		pushJsonbValue(&state, WJB_VALUE, &val);
	}
	res = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	if (pkg->extra_columns != NIL)
		pkg->extras = JsonbValueToJsonb(res);
}

/* Checks a whole package into pkg (inside SPI); IV016 on the first problem found. */
static void
ReadPackage(Jsonb *package, Package *pkg)
{
	JsonbContainer *root = &package->root;
	char	   *format;

	memset(pkg, 0, sizeof(*pkg));
	if (!JB_ROOT_IS_OBJECT(package))
		BadPackage("A package is a JSON object.");
	format = IvJsonbString(IvJsonbGet(root, "format"));
	if (format == NULL || strcmp(format, IV_PACKAGE_FORMAT) != 0)
		BadPackage("Field \"format\" must be \"%s\".", IV_PACKAGE_FORMAT);
	pkg->title = PackageString(root, "title", 4 * IV_TITLE_MAX, true);
	if (pkg->title[0] == '\0' || pg_mbstrlen(pkg->title) > IV_TITLE_MAX)
		BadPackage("Field \"title\" must have 1 to %d characters.", IV_TITLE_MAX);
	pkg->text = PackageString(root, "text", IV_TEXT_MAX_BYTES, false);
	if (pkg->text == NULL)
		pkg->text = "";
	pkg->duration = PackageInt(root, "duration", 1, 86400, 1800);
	pkg->time_limit_ms = PackageInt(root, "time_limit_ms", 1, IV_TIME_LIMIT_MAX, 2000);
	pkg->memory_limit_kb = PackageInt(root, "memory_limit_kb", IV_MEMORY_LIMIT_MIN,
									  IV_MEMORY_LIMIT_MAX, 262144);
	pkg->version = PackageInt(root, "version", 1, PG_INT32_MAX - 1, 1);
	ReadTemplates(root, pkg);
	for (int i = 0; i < pkg->ntemplates; i++)
	{
		Oid			types[1] = {TEXTOID};
		Datum		values[1] = {CStringGetTextDatum(pkg->template_lang[i])};

		if (strcmp(pkg->template_lang[i], "*") == 0)
			continue;
		IvSpiExec("SELECT 1 FROM interview.language WHERE id = $1",
				  1, types, values, NULL, true, SPI_OK_SELECT);
		if (SPI_processed != 1)
			BadPackage("Template language \"%.64s\" is not in interview.language.",
					   pkg->template_lang[i]);
	}
	ReadTests(root, pkg);
	ReadExtras(package, pkg);
	pkg->checker_code = PackageString(root, "checker_code", IV_MAX_CODE_BYTES, false);
	pkg->checker_language = PackageString(root, "checker_language", 64, false);
	if ((pkg->checker_code || pkg->checker_language) && pkg->checker == NULL)
		BadPackage("Fields \"checker_code\" and \"checker_language\" need \"checker\": \"custom\".");
}

/* SQL: interview.export_problem(problem_id) -> jsonb package. */
Datum
export_problem(PG_FUNCTION_ARGS)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	Datum		result;
	bool		isnull;

	RequireStaff();
	if (PG_ARGISNULL(0))
		IvNotFound("problem");
	values[0] = PG_GETARG_DATUM(0);
	IvSpiConnect();
	IvSpiExec("SELECT pg_catalog.jsonb_build_object("
			  " 'format', '" IV_PACKAGE_FORMAT "', 'title', p.title, 'text', p.text, "
			  " 'duration', pg_catalog.round(EXTRACT(epoch FROM p.duration))::int, "
			  " 'time_limit_ms', p.time_limit_ms, 'memory_limit_kb', p.memory_limit_kb, "
			  " 'version', p.version, "
			  " 'templates', COALESCE((SELECT pg_catalog.jsonb_object_agg(c.language, c.code) "
			  "  FROM interview.code_template c WHERE c.problem_id = p.id), '{}'), "
			  " 'tests', COALESCE((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object("
			  "  'input', t.input, 'expected_output', t.expected_output, "
			  "  'is_sample', t.is_sample) ORDER BY t.ordinal) "
			  "  FROM interview.test_case t WHERE t.problem_id = p.id AND t.deleted_at IS NULL), '[]')) "
			  " || (pg_catalog.to_jsonb(p) - ARRAY['id', 'title', 'text', 'duration', "
			  "  'time_limit_ms', 'memory_limit_kb', 'version', 'version_xact', 'archived_at']) "
			  /* A custom checker's program lives in its own table. */
			  " || COALESCE((SELECT pg_catalog.jsonb_build_object('checker_code', c.code, "
			  "  'checker_language', c.language) FROM interview.custom_checker c "
			  "  WHERE c.problem_id = p.id), '{}') "
			  "FROM interview.problem p WHERE p.id = $1",
			  1, types, values, NULL, true, SPI_OK_SELECT);
	if (SPI_processed != 1)
		IvNotFound("problem");
	result = SPI_datumTransfer(IvSpiValue(0, 1, &isnull), false, -1);
	IvSpiFinish();
	PG_RETURN_DATUM(result);
}

static void RunRefusable(const char *sql, int nargs, Oid *types, Datum *values,
						 const char *nulls, int expected);

/*
 * Sets the extra columns of problem id from the package (inside SPI), in a
 * subtransaction so that a value the column refuses (type, CHECK) becomes
 * IV016 naming the reason instead of a bare SQL error.
 */
static void
WriteExtras(int64 id, Package *pkg)
{
	StringInfoData sql;
	ListCell   *lc;
	Oid			types[2] = {INT8OID, JSONBOID};
	Datum		values[2] = {Int64GetDatum(id), JsonbPGetDatum(pkg->extras)};

	initStringInfo(&sql);
	appendStringInfoString(&sql, "UPDATE interview.problem p SET ");
	foreach(lc, pkg->extra_columns)
	{
		const char *col = quote_identifier((char *) lfirst(lc));

		appendStringInfo(&sql, "%s%s = r.%s", lc == list_head(pkg->extra_columns) ? "" : ", ",
						 col, col);
	}
	appendStringInfoString(&sql, " FROM pg_catalog.jsonb_populate_record("
						   "NULL::interview.problem, $2) r WHERE p.id = $1");
	RunRefusable(sql.data, 2, types, values, NULL, SPI_OK_UPDATE);
}

/*
 * Runs a statement that writes a package's value, in a subtransaction, so
 * that a value the server refuses (a type, a CHECK, set_checker's own
 * checks) becomes IV016 with the reason instead of another error.
 */
static void
RunRefusable(const char *sql, int nargs, Oid *types, Datum *values, const char *nulls,
			 int expected)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		IvSpiExec(sql, nargs, types, values, nulls, false, expected);
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
		BadPackage("A problem field was refused: %s%s%s", edata->message,
				   edata->detail ? ". " : ".", edata->detail ? edata->detail : "");
	}
	PG_END_TRY();
}

/* Replaces the live test cases of problem id by the package's (inside SPI). */
static void
WriteTests(int64 id, Package *pkg)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(id)};

	/* Old cases with results stay for the history, the others go. */
	IvSpiExec("UPDATE interview.test_case c SET deleted_at = pg_catalog.now() "
			  "WHERE c.problem_id = $1 AND c.deleted_at IS NULL AND EXISTS "
			  "(SELECT 1 FROM interview.test_result r WHERE r.test_case_id = c.id)",
			  1, types, values, NULL, false, SPI_OK_UPDATE);
	IvSpiExec("DELETE FROM interview.test_case WHERE problem_id = $1 AND deleted_at IS NULL",
			  1, types, values, NULL, false, SPI_OK_DELETE);
	for (int i = 0; i < pkg->ntests; i++)
	{
		Oid			ttypes[5] = {INT8OID, TEXTOID, TEXTOID, BOOLOID, INT4OID};
		Datum		tvalues[5];

		tvalues[0] = Int64GetDatum(id);
		tvalues[1] = CStringGetTextDatum(pkg->tests[i].input);
		tvalues[2] = CStringGetTextDatum(pkg->tests[i].expected);
		tvalues[3] = BoolGetDatum(pkg->tests[i].is_sample);
		tvalues[4] = Int32GetDatum(i + 1);
		IvSpiExec("INSERT INTO interview.test_case "
				  "(problem_id, ordinal, input, expected_output, is_sample) "
				  "VALUES ($1, $5, $2, $3, $4)",
				  5, ttypes, tvalues, NULL, false, SPI_OK_INSERT);
	}
}

/* Replaces the code templates of problem id by the package's (inside SPI). */
static void
WriteTemplates(int64 id, Package *pkg)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(id)};

	IvSpiExec("DELETE FROM interview.code_template WHERE problem_id = $1",
			  1, types, values, NULL, false, SPI_OK_DELETE);
	for (int i = 0; i < pkg->ntemplates; i++)
		IvUpsertTemplate(id, pkg->template_lang[i], pkg->template_code[i]);
}

/*
 * SQL: interview.import_problem(package jsonb) -> problem id. Creates the
 * problem (at the package's version) or updates the one of the same title
 * in place (at a new version).
 */
Datum
import_problem(PG_FUNCTION_ARGS)
{
	Package		pkg;
	Oid			types[6] = {TEXTOID, TEXTOID, INT4OID, INT4OID, INT4OID, INT4OID};
	Datum		values[6];
	int64		id;
	bool		isnull;
	bool		existed;

	RequireStaff();
	if (PG_ARGISNULL(0))
		BadPackage("The package is null.");
	IvSpiConnect();
	ReadPackage(PG_GETARG_JSONB_P(0), &pkg);

	values[0] = CStringGetTextDatum(pkg.title);
	values[1] = CStringGetTextDatum(pkg.text);
	values[2] = Int32GetDatum(pkg.duration);
	values[3] = Int32GetDatum(pkg.time_limit_ms);
	values[4] = Int32GetDatum(pkg.memory_limit_kb);
	values[5] = Int32GetDatum(pkg.version);
	/* Lock the title's row, if any, so two imports of one title take turns. */
	IvSpiExec("SELECT id FROM interview.problem WHERE title = $1 FOR UPDATE",
			  1, types, values, NULL, false, SPI_OK_SELECT);
	existed = SPI_processed == 1;
	IvSpiExec("INSERT INTO interview.problem "
			  "(title, text, duration, time_limit_ms, memory_limit_kb, version) "
			  "VALUES ($1, $2, pg_catalog.make_interval(secs => $3), $4, $5, $6) "
			  "ON CONFLICT (title) DO UPDATE SET text = EXCLUDED.text, "
			  "duration = EXCLUDED.duration, time_limit_ms = EXCLUDED.time_limit_ms, "
			  "memory_limit_kb = EXCLUDED.memory_limit_kb RETURNING id",
			  6, types, values, NULL, false, SPI_OK_INSERT_RETURNING);
	id = IvSpiInt64(0, 1, &isnull);
	if (pkg.extras != NULL)
		WriteExtras(id, &pkg);
	if (pkg.checker != NULL)
	{
		Oid			ctypes[4] = {INT8OID, TEXTOID, TEXTOID, TEXTOID};
		Datum		cvalues[4];
		char		cnulls[4] = {' ', ' ', ' ', ' '};

		cvalues[0] = Int64GetDatum(id);
		cvalues[1] = CStringGetTextDatum(pkg.checker);
		cvalues[2] = pkg.checker_code ? CStringGetTextDatum(pkg.checker_code) : (Datum) 0;
		cnulls[2] = pkg.checker_code ? ' ' : 'n';
		cvalues[3] = pkg.checker_language ? CStringGetTextDatum(pkg.checker_language) : (Datum) 0;
		cnulls[3] = pkg.checker_language ? ' ' : 'n';
		RunRefusable("SELECT interview.set_checker($1, $2, $3, $4)", 4, ctypes, cvalues, cnulls,
					 SPI_OK_SELECT);
	}
	WriteTemplates(id, &pkg);
	WriteTests(id, &pkg);
	/* After the tests: set_signature checks that every test fits the signature. */
	if (pkg.has_signature)
	{
		Oid			stypes[2] = {INT8OID, JSONBOID};
		Datum		svalues[2] = {Int64GetDatum(id), (Datum) 0};
		char		snulls[2] = {' ', 'n'};

		if (pkg.signature != NULL)
		{
			svalues[1] = JsonbPGetDatum(pkg.signature);
			snulls[1] = ' ';
		}
		RunRefusable("SELECT interview.set_signature($1, $2)", 2, stypes, svalues, snulls,
					 SPI_OK_SELECT);
	}
	if (existed)
	{
		Oid			vtypes[1] = {INT8OID};
		Datum		vvalues[1] = {Int64GetDatum(id)};

		/* A new version even when the package equals what was there. */
		IvSpiExec("UPDATE interview.problem SET version = version + 1, "
				  "version_xact = pg_catalog.pg_current_xact_id() "
				  "WHERE id = $1 AND version_xact <> pg_catalog.pg_current_xact_id()",
				  1, vtypes, vvalues, NULL, false, SPI_OK_UPDATE);
	}
	IvSpiFinish();
	PG_RETURN_INT64(id);
}
