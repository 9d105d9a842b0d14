/*
 * signature.c
 *	  Function-style problems: set_signature and the checks that keep a
 *	  problem's signature and its test cases consistent.
 *
 * A signature is {"function": NAME, "params": [{"name": N, "type": T}...],
 * "returns": T}. Names are identifiers that no offered language reserves,
 * types one of the names in sig_types[]. For a problem with a signature a
 * test case's input is a JSON array with one element per parameter and its
 * expected output the JSON of the return value; IvCheckTestCase() refuses
 * anything else before it is stored, IvCheckRunInput() a run's input that
 * is not such an argument list. Nothing here writes but set_signature,
 * and it stores nothing when a check fails (the error aborts the call).
 */
#include "interview.h"

#include <errno.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/jsonapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

PG_FUNCTION_INFO_V1(set_signature);

#define SIG_MAX_PARAMS	16
#define SIG_MAX_NAME	64

/* Scalar kinds of the signature types. */
typedef enum SigScalar
{
	SIG_INT,
	SIG_LONG,
	SIG_DOUBLE,
	SIG_BOOL,
	SIG_STRING
} SigScalar;

/* A signature type: a scalar kind and how many array levels wrap it. */
typedef struct SigType
{
	const char *name;
	SigScalar	scalar;
	int			depth;
} SigType;

static const SigType sig_types[] = {
	{"int", SIG_INT, 0}, {"long", SIG_LONG, 0}, {"double", SIG_DOUBLE, 0},
	{"bool", SIG_BOOL, 0}, {"string", SIG_STRING, 0},
	{"int[]", SIG_INT, 1}, {"long[]", SIG_LONG, 1}, {"double[]", SIG_DOUBLE, 1},
	{"string[]", SIG_STRING, 1}, {"bool[]", SIG_BOOL, 1},
	{"int[][]", SIG_INT, 2}, {"string[][]", SIG_STRING, 2},
};

/*
 * Words some offered language reserves (or that its driver or starter code
 * uses); a function or parameter named so would not compile everywhere.
 */
static const char *const reserved[] = {
	"abstract", "alias", "and", "array", "as", "assert", "async", "auto", "await",
	"base", "begin", "bool", "boolean", "break", "byte", "case", "catch", "char",
	"checked", "class", "const", "continue", "decimal", "def", "default", "defer",
	"del", "delete", "do", "double", "dynamic", "echo", "elif", "else", "elsif", "end",
	"ensure", "enum", "event", "except", "explicit", "export", "extends", "extern",
	"false", "final", "finally", "fixed", "float", "fn", "for", "foreach", "friend",
	"from", "fun", "func", "function", "global", "go", "goto", "if", "impl",
	"implements", "import", "in", "inline", "instanceof", "int", "interface",
	"internal", "is", "lambda", "let", "list", "lock", "long", "loop", "main", "map",
	"match", "mod", "module", "mut", "namespace", "native", "new", "next", "nil",
	"none", "nonlocal", "not", "null", "object", "operator", "or", "out", "override",
	"package", "params", "pass", "print", "private", "protected", "pub", "public",
	"raise", "range", "readonly", "redo", "ref", "register", "rescue", "retry",
	"return", "sbyte", "sealed", "select", "self", "short", "signed", "sizeof",
	"solution", "static", "string", "struct", "super", "switch", "synchronized",
	"template", "then", "this", "throw", "throws", "trait", "true", "try", "type",
	"typedef", "typename", "typeof", "uint", "ulong", "undef", "union", "unless",
	"unsafe", "unsigned", "until", "use", "ushort", "using", "val", "var", "virtual",
	"void", "volatile", "when", "where", "while", "with", "xor", "yield",
	/* Pascal, Haskell and Lua */
	"constructor", "data", "deriving", "destructor", "div", "downto", "elseif", "file",
	"forall", "hiding", "infix", "infixl", "infixr", "inherited", "instance", "label",
	"local", "mdo", "newtype", "of", "packed", "proc", "procedure", "program", "qualified",
	"rec", "record", "repeat", "result", "set", "shl", "shr", "to", "unit", "uses",
};

/* A parsed signature: the types of its parameters and of its result. */
typedef struct Signature
{
	int			nparams;
	char	   *names[SIG_MAX_PARAMS];
	const SigType *params[SIG_MAX_PARAMS];
	const SigType *returns;
} Signature;

/* Raises IV017 with a detail sentence. */
static void
InvalidSignature(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_IV_INVALID_SIGNATURE),
			 errmsg("invalid signature"),
			 errdetail("%s", detail),
			 errhint("A signature is {\"function\": \"name\", \"params\": [{\"name\": \"x\", "
					 "\"type\": \"int\"}], \"returns\": \"int\"}.")));
}

/* The type named name, or NULL. */
static const SigType *
FindType(const char *name)
{
	for (size_t i = 0; i < lengthof(sig_types); i++)
		if (strcmp(sig_types[i].name, name) == 0)
			return &sig_types[i];
	return NULL;
}

static char *CleanCopy(const char *s);

/* Refuses a function or parameter name that is not a usable identifier. */
static void
CheckName(const char *what, const char *name)
{
	size_t		len = strlen(name);

	if (len == 0 || len > SIG_MAX_NAME)
		InvalidSignature(psprintf("The %s name must have 1 to %d characters.", what,
								  SIG_MAX_NAME));
	for (size_t i = 0; i < len; i++)
	{
		char		c = name[i];

		if (!((c >= 'a' && c <= 'z') || (i > 0 && c >= 'A' && c <= 'Z') || c == '_' ||
			  (i > 0 && c >= '0' && c <= '9')))
			InvalidSignature(psprintf("The %s name \"%s\" is not an identifier that starts "
									  "with a lower-case letter (then letters, digits and _), "
									  "as every offered language accepts.", what,
									  CleanCopy(name)));
	}
	if (pg_strncasecmp(name, "iv_", 3) == 0 || name[0] == '_')
		InvalidSignature(psprintf("The %s name \"%s\" starts with a prefix the judge "
								  "keeps for itself (iv_ or _).", what, name));
	for (size_t i = 0; i < lengthof(reserved); i++)
		if (pg_strcasecmp(reserved[i], name) == 0)
			InvalidSignature(psprintf("The %s name \"%s\" is reserved in a language the "
									  "judge offers.", what, name));
}

/* A copy of s with every non-ASCII or control byte replaced, for messages. */
static char *
CleanCopy(const char *s)
{
	char	   *copy = pnstrdup(s, 80);

	for (char *p = copy; *p; p++)
		if (*p < 32 || *p > 126)
			*p = '?';
	return copy;
}

/* The string member key of object c, or NULL when absent or not a string. */
static char *
StringMember(JsonbContainer *c, const char *key, bool *present)
{
	JsonbValue *v = getKeyJsonValueFromContainer(c, key, strlen(key), NULL);

	*present = v != NULL;
	if (v == NULL || v->type != jbvString)
		return NULL;
	return pnstrdup(v->val.string.val, v->val.string.len);
}

/* Refuses an object with members other than the allowed ones. */
static void
OnlyKeys(JsonbContainer *c, const char *const *allowed, int nallowed, const char *what)
{
	JsonbIterator *it = JsonbIteratorInit(c);
	JsonbValue	v;
	JsonbIteratorToken tok;

	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		bool		ok = false;
		char	   *key;

		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		for (int i = 0; i < nallowed; i++)
			if (strcmp(key, allowed[i]) == 0)
				ok = true;
		if (!ok)
			InvalidSignature(psprintf("%s has an unknown member \"%s\".", what,
									  CleanCopy(key)));
	}
}

/* A type member ("type" or "returns"), checked against sig_types[]. */
static const SigType *
TypeMember(JsonbContainer *c, const char *key, const char *what)
{
	bool		present;
	char	   *name = StringMember(c, key, &present);
	const SigType *t;

	if (name == NULL)
		InvalidSignature(psprintf("%s needs a string member \"%s\".", what, key));
	t = FindType(name);
	if (t == NULL)
		InvalidSignature(psprintf("%s has the unknown type \"%s\"; the types are int, long, "
								  "double, bool, string, int[], long[], double[], string[], "
								  "bool[], int[][] and string[][].", what,
								  CleanCopy(name)));
	return t;
}

/* Parses and validates a signature (IV017 when invalid). */
static void
ParseSignature(Jsonb *jb, Signature *sig)
{
	static const char *const top_keys[] = {"function", "params", "returns"};
	static const char *const param_keys[] = {"name", "type"};
	JsonbContainer *c = &jb->root;
	JsonbValue *params;
	char	   *function;
	bool		present;
	int			n;

	memset(sig, 0, sizeof(*sig));
	if (!JB_ROOT_IS_OBJECT(jb))
		InvalidSignature("A signature is a JSON object.");
	OnlyKeys(c, top_keys, lengthof(top_keys), "The signature");
	function = StringMember(c, "function", &present);
	if (function == NULL)
		InvalidSignature("The signature needs a string member \"function\".");
	CheckName("function", function);
	params = getKeyJsonValueFromContainer(c, "params", 6, NULL);
	if (params == NULL || params->type != jbvBinary ||
		!JsonContainerIsArray(params->val.binary.data) ||
		JsonContainerIsScalar(params->val.binary.data))
		InvalidSignature("The signature needs an array member \"params\".");
	n = JsonContainerSize(params->val.binary.data);
	if (n > SIG_MAX_PARAMS)
		InvalidSignature(psprintf("A function takes at most %d parameters.", SIG_MAX_PARAMS));
	for (int i = 0; i < n; i++)
	{
		JsonbValue *p = getIthJsonbValueFromContainer(params->val.binary.data, i);
		JsonbContainer *pc;
		char	   *what = psprintf("Parameter %d", i + 1);
		char	   *name;

		if (p == NULL || p->type != jbvBinary || !JsonContainerIsObject(p->val.binary.data))
			InvalidSignature(psprintf("%s is not an object with \"name\" and \"type\".", what));
		pc = p->val.binary.data;
		OnlyKeys(pc, param_keys, lengthof(param_keys), what);
		name = StringMember(pc, "name", &present);
		if (name == NULL)
			InvalidSignature(psprintf("%s needs a string member \"name\".", what));
		CheckName("parameter", name);
		if (strcmp(name, function) == 0)
			InvalidSignature(psprintf("Parameter \"%s\" has the name of the function.", name));
		for (int j = 0; j < i; j++)
			if (pg_strcasecmp(sig->names[j], name) == 0)
				InvalidSignature(psprintf("Two parameters are named \"%s\".", name));
		sig->names[i] = name;
		sig->params[i] = TypeMember(pc, "type", what);
		sig->nparams = i + 1;
	}
	sig->returns = TypeMember(c, "returns", "The signature");
}

/*
 * Type checking of test JSON while it is parsed (pg_parse_json callbacks):
 * a stack of the types expected at each array level.
 */
#define CHECK_MAX_DEPTH 4

typedef struct CheckFrame
{
	const SigType *type;		/* NULL: the argument list */
	int			depth;			/* array levels still open inside type */
	int			count;			/* elements seen so far */
} CheckFrame;

typedef struct CheckState
{
	const Signature *sig;
	bool		is_input;		/* the argument list, else the return value */
	const char *what;			/* "test input", "test expected output" or "run input" */
	int			ordinal;		/* of a stored test case being rechecked, else 0 */
	int			top;			/* frames in use */
	CheckFrame	frames[CHECK_MAX_DEPTH];
	bool		seen_root;
} CheckState;

#define CHECK_HINT "The input of a function problem is a JSON array of the arguments; " \
	"the expected output is the JSON of the return value."

/* Raises IV012 about test or run JSON that does not fit the signature. */
static void
Mismatch(CheckState *st, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_IV_BAD_INPUT),
			 errmsg("%s does not match the signature", st->what),
			 st->ordinal > 0 ? errdetail("Test case %d: %s", st->ordinal, detail) :
			 errdetail("%s", detail),
			 errhint(CHECK_HINT)));
}

/* Where the value being parsed sits, for messages ("argument 2 (target)"). */
static char *
Where(CheckState *st)
{
	StringInfoData buf;
	int			first = 0;

	initStringInfo(&buf);
	if (st->is_input)
	{
		if (st->top == 0)
			return "the input";
		appendStringInfo(&buf, "argument %d (%s)", st->frames[0].count,
						 st->sig->names[st->frames[0].count - 1]);
		first = 1;
	}
	else
		appendStringInfoString(&buf, "the return value");
	for (int i = first; i < st->top; i++)
		appendStringInfo(&buf, ", element %d", st->frames[i].count);
	return buf.data;
}

/* The type and array depth the next value must have; false for the whole input. */
static bool
Expected(CheckState *st, const SigType **type, int *depth)
{
	CheckFrame *f;

	if (st->top == 0)
	{
		if (st->seen_root)
			Mismatch(st, "There is more than one JSON value.");
		st->seen_root = true;
		if (st->is_input)
			return false;
		*type = st->sig->returns;
		*depth = st->sig->returns->depth;
		return true;
	}
	f = &st->frames[st->top - 1];
	if (f->type == NULL)
	{
		*type = st->sig->params[f->count - 1];
		*depth = (*type)->depth;
	}
	else
	{
		*type = f->type;
		*depth = f->depth - 1;
	}
	return true;
}

/* pg_parse_json callback: an array opens. */
static void
CheckArrayStart(void *state)
{
	CheckState *st = state;
	const SigType *type = NULL;
	int			depth = 0;
	bool		typed = Expected(st, &type, &depth);

	if (typed && depth == 0)
		Mismatch(st, psprintf("%s must be %s, not an array.", Where(st), type->name));
	if (st->top >= CHECK_MAX_DEPTH)
		Mismatch(st, "Arrays are nested too deeply.");
	st->frames[st->top].type = type;
	st->frames[st->top].depth = depth;
	st->frames[st->top].count = 0;
	st->top++;
}

/* pg_parse_json callback: an array closes. */
static void
CheckArrayEnd(void *state)
{
	CheckState *st = state;
	CheckFrame *f = &st->frames[st->top - 1];

	if (f->type == NULL && f->count != st->sig->nparams)
		Mismatch(st, psprintf("The input has %d arguments; the function takes %d.",
							  f->count, st->sig->nparams));
	st->top--;
}

/* pg_parse_json callback: an array element starts. */
static void
CheckElementStart(void *state, bool isnull)
{
	CheckState *st = state;
	CheckFrame *f = &st->frames[st->top - 1];

	f->count++;
	if (f->type == NULL && f->count > st->sig->nparams)
		Mismatch(st, psprintf("The input has more than %d arguments; the function takes %d.",
							  st->sig->nparams, st->sig->nparams));
}

/* pg_parse_json callback: an object starts (never allowed). */
static void
CheckObjectStart(void *state)
{
	CheckState *st = state;
	const SigType *type = NULL;
	int			depth = 0;

	if (!Expected(st, &type, &depth))
		Mismatch(st, "The input must be a JSON array of the arguments, not an object.");
	Mismatch(st, psprintf("%s must be %s, not an object.", Where(st), type->name));
}

/* Whether token is an integer within [lo, hi] (no fraction, no exponent). */
static bool
IntegerToken(const char *token, int64 lo, int64 hi)
{
	const char *p = token;
	int64		v;
	char	   *end;

	if (*p == '-')
		p++;
	if (*p == '\0')
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	v = strtoll(token, &end, 10);
	return errno == 0 && *end == '\0' && v >= lo && v <= hi;
}

/* Whether a number token is a finite double. */
static bool
FiniteToken(const char *token)
{
	char	   *end;
	double		d = strtod(token, &end);

	return *end == '\0' && !isinf(d) && !isnan(d);
}

/* pg_parse_json callback: a scalar. */
static void
CheckScalar(void *state, char *token, JsonTokenType tokentype)
{
	CheckState *st = state;
	const SigType *type = NULL;
	int			depth = 0;
	bool		ok;

	if (!Expected(st, &type, &depth))
		Mismatch(st, "The input must be a JSON array of the arguments.");
	if (depth > 0)
		Mismatch(st, psprintf("%s must be %s, an array.", Where(st), type->name));
	switch (type->scalar)
	{
		case SIG_INT:
			ok = tokentype == JSON_TOKEN_NUMBER && IntegerToken(token, PG_INT32_MIN, PG_INT32_MAX);
			break;
		case SIG_LONG:
			ok = tokentype == JSON_TOKEN_NUMBER && IntegerToken(token, PG_INT64_MIN, PG_INT64_MAX);
			break;
		case SIG_DOUBLE:
			ok = tokentype == JSON_TOKEN_NUMBER && FiniteToken(token);
			break;
		case SIG_BOOL:
			ok = tokentype == JSON_TOKEN_TRUE || tokentype == JSON_TOKEN_FALSE;
			break;
		default:
			ok = tokentype == JSON_TOKEN_STRING;
			break;
	}
	if (!ok)
	{
		static const char *const wants[] = {
			"a 32-bit integer", "a 64-bit integer", "a finite number", "true or false", "a string"
		};

		Mismatch(st, psprintf("%s must be %s (type %s).", Where(st), wants[type->scalar],
							  type->name));
	}
}

/* Checks one JSON text (input or expected output) against the signature; what names it in errors. */
static void
CheckJson(const Signature *sig, const char *json, bool is_input, int ordinal, const char *what)
{
	CheckState	st;
	JsonSemAction sem;
	JsonLexContext *lex;
	JsonParseErrorType rc;

	memset(&st, 0, sizeof(st));
	st.sig = sig;
	st.is_input = is_input;
	st.ordinal = ordinal;
	st.what = what;
	memset(&sem, 0, sizeof(sem));
	sem.semstate = &st;
	sem.array_start = CheckArrayStart;
	sem.array_end = CheckArrayEnd;
	sem.array_element_start = CheckElementStart;
	sem.object_start = CheckObjectStart;
	sem.scalar = CheckScalar;
	/* syntax first, without callbacks, so a syntax error is reported as one */
	lex = makeJsonLexContextCstringLen((char *) json, strlen(json), GetDatabaseEncoding(), false);
	rc = pg_parse_json(lex, &nullSemAction);
	if (rc == JSON_SUCCESS)
	{
		lex = makeJsonLexContextCstringLen((char *) json, strlen(json), GetDatabaseEncoding(), true);
		rc = pg_parse_json(lex, &sem);
	}
	if (rc != JSON_SUCCESS)
		ereport(ERROR,
				(errcode(ERRCODE_IV_BAD_INPUT),
				 errmsg("%s is not valid JSON", st.what),
				 ordinal > 0 ? errdetail("Test case %d: %s", ordinal, json_errdetail(rc, lex)) :
				 errdetail("%s", json_errdetail(rc, lex)),
				 errhint(CHECK_HINT)));
}

/* Checks a test case against a signature given as jsonb. */
static void
CheckTestWith(Jsonb *jb, const char *input, const char *expected, int ordinal)
{
	Signature	sig;

	ParseSignature(jb, &sig);
	CheckJson(&sig, input, true, ordinal, "test input");
	CheckJson(&sig, expected, false, ordinal, "test expected output");
}

/* The signature the query (one bigint parameter) finds, or NULL for none or a stdin/stdout problem (inside SPI). */
static Jsonb *
StoredSignature(const char *query, int64 id)
{
	Oid			types[1] = {INT8OID};
	Datum		values[1] = {Int64GetDatum(id)};
	bool		isnull;
	Datum		d;

	IvSpiExec(query, 1, types, values, NULL, false, SPI_OK_SELECT);
	if (SPI_processed != 1)
		return NULL;
	d = IvSpiValue(0, 1, &isnull);
	return isnull ? NULL : DatumGetJsonbP(d);
}

/*
 * Refuses a test case that does not fit its problem's signature (inside
 * SPI; nothing to do for a stdin/stdout problem).
 */
void
IvCheckTestCase(int64 problem_id, const char *input, const char *expected)
{
	Jsonb	   *jb = StoredSignature("SELECT signature FROM interview.problem WHERE id = $1", problem_id);

	if (jb != NULL)
		CheckTestWith(jb, input, expected, 0);
}

/*
 * Refuses a run's input that is not the argument list of its task's
 * problem's signature (inside SPI; nothing to do for a stdin/stdout problem).
 */
void
IvCheckRunInput(int64 task_id, const char *input)
{
	Jsonb	   *jb = StoredSignature("SELECT p.signature FROM interview.task t "
									 "JOIN interview.problem p ON p.id = t.problem_id WHERE t.id = $1",
									 task_id);
	Signature	sig;

	if (jb == NULL)
		return;
	ParseSignature(jb, &sig);
	CheckJson(&sig, input, true, 0, "run input");
}

/*
 * SQL: interview.set_signature(problem_id, signature jsonb). Staff only;
 * null makes the problem a stdin/stdout problem again. Every test case the
 * problem has must fit the new signature, else nothing changes.
 */
Datum
set_signature(PG_FUNCTION_ARGS)
{
	Oid			types[2] = {INT8OID, JSONBOID};
	Datum		values[2];
	char		nulls[2] = {' ', ' '};
	int64		problem_id;

	RequireStaff();
	if (PG_ARGISNULL(0))
		ereport(ERROR, (errcode(ERRCODE_IV_NOT_FOUND), errmsg("problem not found")));
	problem_id = PG_GETARG_INT64(0);
	values[0] = Int64GetDatum(problem_id);
	if (PG_ARGISNULL(1))
	{
		nulls[1] = 'n';
		values[1] = (Datum) 0;
	}
	else
	{
		Signature	sig;

		ParseSignature(PG_GETARG_JSONB_P(1), &sig);
		values[1] = PG_GETARG_DATUM(1);
	}

	IvSpiConnect();
	IvSpiExec("SELECT 1 FROM interview.problem WHERE id = $1 FOR UPDATE",
			  1, types, values, NULL, false, SPI_OK_SELECT);
	if (SPI_processed != 1)
		ereport(ERROR, (errcode(ERRCODE_IV_NOT_FOUND), errmsg("problem not found")));
	if (!PG_ARGISNULL(1))
	{
		IvSpiExec("SELECT ordinal, input, expected_output FROM interview.test_case "
				  "WHERE problem_id = $1 AND deleted_at IS NULL ORDER BY ordinal",
				  1, types, values, NULL, false, SPI_OK_SELECT);
		for (uint64 row = 0; row < SPI_processed; row++)
		{
			bool		isnull;
			int			ordinal = (int) IvSpiInt64((int) row, 1, NULL);
			char	   *input = TextDatumGetCString(IvSpiValue((int) row, 2, &isnull));
			char	   *expected = TextDatumGetCString(IvSpiValue((int) row, 3, &isnull));

			CheckTestWith(PG_GETARG_JSONB_P(1), input, expected, ordinal);
		}
	}
	IvSpiExec("UPDATE interview.problem SET signature = $2 WHERE id = $1",
			  2, types, values, nulls, false, SPI_OK_UPDATE);
	IvSpiFinish();
	PG_RETURN_VOID();
}
