/*
 * funcs.c
 *    Function problems: driver files and wrapping the candidate's function
 *    in its language's driver (funcs-io.c makes the drivers' input and
 *    judges their results).
 *
 *    The drivers table is written only by funcs_load() (once, before the
 *    workers start) and read-only afterwards.  Nothing here runs a program:
 *    judge.c compiles and runs what funcs_program() and funcs_input() make.
 *
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "funcs.h"
#include "funcs-buf.h"

#define MAX_DRIVERS 64
#define MAX_KEYS 256
#define MAX_DRIVER_BYTES (1024 * 1024)

typedef struct DriverKey {
	char	   *key;
	char	   *value;
} DriverKey;

struct FuncDriver {
	char	   *language;
	int			nkeys;
	DriverKey	keys[MAX_KEYS];
};

static const FuncType types[] = {
	{"int", 0, 0}, {"long", 1, 0}, {"double", 2, 0}, {"bool", 3, 0}, {"string", 4, 0},
	{"int[]", 0, 1}, {"long[]", 1, 1}, {"double[]", 2, 1}, {"string[]", 4, 1}, {"bool[]", 3, 1},
	{"int[][]", 0, 2}, {"string[][]", 4, 2},
};

/* Keys sent to the database for starter code (exact names or prefixes ending in '.'). */
static const char *const starter_keys[] = {
	"starter", "param-sep", "name-sep", "case-function", "case-params",
	"param.", "retparam.", "return.", "doc.", "rdoc.",
};

static FuncDriver *drivers[MAX_DRIVERS];
static const char *names[MAX_DRIVERS];
static int	ndrivers;
static char loaded_dir[512];

/* The value of a driver key, or NULL. */
static const char *
Get(const FuncDriver *d, const char *key)
{
	for (int i = 0; i < d->nkeys; i++)
		if (strcmp(d->keys[i].key, key) == 0)
			return d->keys[i].value;
	return NULL;
}

/* The value of "prefix.type", or dflt. */
static const char *
GetTyped(const FuncDriver *d, const char *prefix, const char *type, const char *dflt)
{
	char		key[96];
	const char *v;

	snprintf(key, sizeof(key), "%s.%s", prefix, type);
	v = Get(d, key);
	return v ? v : dflt;
}

static void
FreeDriver(FuncDriver *d)
{
	if (d == NULL)
		return;
	for (int i = 0; i < d->nkeys; i++)
	{
		free(d->keys[i].key);
		free(d->keys[i].value);
	}
	free(d->language);
	free(d);
}

/* Adds key = value (copies) to d; -1 when full or out of memory. */
static int
AddKey(FuncDriver *d, const char *key, size_t klen, const char *value, size_t vlen)
{
	if (d->nkeys >= MAX_KEYS)
		return -1;
	d->keys[d->nkeys].key = strndup(key, klen);
	d->keys[d->nkeys].value = strndup(value, vlen);
	if (d->keys[d->nkeys].key == NULL || d->keys[d->nkeys].value == NULL)
		return -1;
	d->nkeys++;
	return 0;
}

/* Parses one driver file's text into d; 0 ok, -1 with err. */
static int
ParseDriver(FuncDriver *d, char *text, const char *path, char *err, size_t errlen)
{
	char	   *p = text;
	const char *bkey = NULL;
	size_t		bklen = 0;
	char	   *bstart = NULL;
	int			line = 0;

	while (*p)
	{
		char	   *eol = strchr(p, '\n');
		char	   *next = eol ? eol + 1 : p + strlen(p);

		line++;
		if (strncmp(p, "@@ ", 3) == 0)
		{
			char	   *k = p + 3;
			char	   *end = eol ? eol : next;
			char	   *colon = memchr(k, ':', (size_t) (end - k));
			char	   *kend;

			if (bkey != NULL && AddKey(d, bkey, bklen, bstart,
									   (size_t) (p - bstart) > 0 ? (size_t) (p - bstart) - 1 : 0) != 0)
				goto full;
			bkey = NULL;
			kend = colon ? colon : end;
			while (kend > k && (kend[-1] == ' ' || kend[-1] == '\r'))
				kend--;
			if (kend == k || memchr(k, ' ', (size_t) (kend - k)) != NULL)
			{
				snprintf(err, errlen, "%s:%d: a key line is \"@@ key\" or \"@@ key: value\"", path, line);
				return -1;
			}
			if (colon != NULL)
			{
				char	   *v = colon + 1;
				char	   *vend = end;

				if (*v == ' ')
					v++;		/* one blank after the colon; more are the value's */
				while (vend > v && (vend[-1] == ' ' || vend[-1] == '\r'))
					vend--;
				if (AddKey(d, k, (size_t) (kend - k), v, (size_t) (vend - v)) != 0)
					goto full;
			}
			else
			{
				bkey = k;
				bklen = (size_t) (kend - k);
				bstart = next;
			}
		}
		p = next;
	}
	if (bkey != NULL && AddKey(d, bkey, bklen, bstart, strlen(bstart) > 0 &&
							   bstart[strlen(bstart) - 1] == '\n' ? strlen(bstart) - 1 : strlen(bstart)) != 0)
		goto full;
	if (Get(d, "program") == NULL || Get(d, "starter") == NULL || Get(d, "input") == NULL)
	{
		snprintf(err, errlen, "%s: a driver needs the keys program, starter and input", path);
		return -1;
	}
	if (strcmp(Get(d, "input"), "json") != 0 && strcmp(Get(d, "input"), "tokens") != 0)
	{
		snprintf(err, errlen, "%s: input is json or tokens", path);
		return -1;
	}
	return 0;
full:
	snprintf(err, errlen, "%s:%d: more than %d keys, or out of memory", path, line, MAX_KEYS);
	return -1;
}

/* Reads a whole file (at most MAX_DRIVER_BYTES) into a malloc'd string; NULL with err. */
static char *
ReadText(const char *path, char *err, size_t errlen)
{
	FILE	   *f = fopen(path, "rb");
	Buf			b = {NULL, 0, 0, 1};
	char		chunk[8192];
	size_t		n;

	if (f == NULL)
	{
		snprintf(err, errlen, "open(%s): %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.len <= MAX_DRIVER_BYTES)
		BufAdd(&b, chunk, n);
	fclose(f);
	if (b.len > MAX_DRIVER_BYTES || !b.ok)
	{
		free(b.data);
		snprintf(err, errlen, "%s: larger than %d bytes or out of memory", path, MAX_DRIVER_BYTES);
		return NULL;
	}
	return BufTake(&b, NULL);
}

static int
CompareNames(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

int
funcs_load(const char *dir, char *err, size_t errlen)
{
	DIR		   *dh = opendir(dir);
	struct dirent *de;
	char	   *files[MAX_DRIVERS];
	int			nfiles = 0;
	int			rc = 0;

	for (int i = 0; i < ndrivers; i++)
		FreeDriver(drivers[i]);
	ndrivers = 0;
	snprintf(loaded_dir, sizeof(loaded_dir), "%s", dir);
	if (dh == NULL)
	{
		snprintf(err, errlen, "opendir(%s): %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(dh)) != NULL && nfiles < MAX_DRIVERS)
	{
		size_t		len = strlen(de->d_name);

		if (len > 4 && len < 40 && strcmp(de->d_name + len - 4, ".drv") == 0 &&
			(files[nfiles] = strndup(de->d_name, len - 4)) != NULL)
			nfiles++;
	}
	closedir(dh);
	qsort(files, (size_t) nfiles, sizeof(char *), CompareNames);
	for (int i = 0; i < nfiles; i++)
	{
		char		path[1024];
		char	   *text;
		FuncDriver *d;

		snprintf(path, sizeof(path), "%s/%s.drv", dir, files[i]);
		if (rc == 0 && (text = ReadText(path, err, errlen)) == NULL)
			rc = -1;
		else if (rc == 0)
		{
			d = calloc(1, sizeof(FuncDriver));
			if (d == NULL || ParseDriver(d, text, path, err, errlen) != 0)
			{
				if (d == NULL)
					snprintf(err, errlen, "calloc(driver): out of memory");
				FreeDriver(d);
				rc = -1;
			}
			else
			{
				d->language = files[i];
				files[i] = NULL;
				names[ndrivers] = d->language;
				drivers[ndrivers++] = d;
			}
			free(text);
		}
		free(files[i]);
	}
	return rc == 0 ? ndrivers : -1;
}

int
funcs_input_json(const FuncDriver *d)
{
	return strcmp(Get(d, "input"), "json") == 0;
}

const char *
funcs_dir(void)
{
	return loaded_dir;
}

void
funcs_load_default(const char *dir)
{
	char		err[512];
	char		drivers_dir[PATH_MAX];
	int			n;

	snprintf(drivers_dir, sizeof(drivers_dir), "%s", dir != NULL ? dir : "");
	if (drivers_dir[0] == '\0')
	{
		char		exe[PATH_MAX];
		ssize_t		len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		char	   *slash;
		struct stat sb;

		snprintf(drivers_dir, sizeof(drivers_dir), "/etc/interview-judge/drivers");
		if (len > 0)
		{
			exe[len] = '\0';
			slash = strrchr(exe, '/');
			if (slash != NULL)
			{
				snprintf(slash, sizeof(exe) - (size_t) (slash - exe), "/drivers");
				if (stat(exe, &sb) == 0 && S_ISDIR(sb.st_mode))
					snprintf(drivers_dir, sizeof(drivers_dir), "%s", exe);
			}
		}
	}
	n = funcs_load(drivers_dir, err, sizeof(err));
	if (n < 0)
		fprintf(stderr, "interview-judge: function problems: WARNING: %s; "
				"function problems get CE in the languages without a driver\n", err);
	else
		fprintf(stderr, "interview-judge: function problems: %d drivers from %s\n", n, drivers_dir);
}

const FuncDriver *
funcs_driver(const char *language)
{
	for (int i = 0; language != NULL && i < ndrivers; i++)
		if (strcmp(drivers[i]->language, language) == 0)
			return drivers[i];
	return NULL;
}

const char *const *
funcs_languages(int *n)
{
	*n = ndrivers;
	return names;
}

char *
funcs_starter_json(const FuncDriver *d)
{
	json_t	   *obj = json_object();
	char	   *out = NULL;

	if (obj == NULL)
		return NULL;
	for (int i = 0; i < d->nkeys; i++)
		for (size_t k = 0; k < sizeof(starter_keys) / sizeof(starter_keys[0]); k++)
		{
			const char *s = starter_keys[k];
			size_t		n = strlen(s);

			if (s[n - 1] == '.' ? strncmp(d->keys[i].key, s, n) == 0 : strcmp(d->keys[i].key, s) == 0)
				json_object_set_new(obj, d->keys[i].key, json_string(d->keys[i].value));
		}
	out = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	return out;
}

static const FuncType *
FindType(const char *name)
{
	for (size_t i = 0; name != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(types[i].name, name) == 0)
			return &types[i];
	return NULL;
}

int
funcs_parse_signature(const char *text, FuncSig *sig, char *err, size_t errlen)
{
	json_error_t je;
	json_t	   *root = json_loads(text, 0, &je);
	json_t	   *params;
	const char *fn;
	int			rc = -1;

	memset(sig, 0, sizeof(*sig));
	if (root == NULL)
	{
		snprintf(err, errlen, "signature: %s", je.text);
		return -1;
	}
	params = json_object_get(root, "params");
	fn = json_string_value(json_object_get(root, "function"));
	sig->returns = FindType(json_string_value(json_object_get(root, "returns")));
	if (fn == NULL || strlen(fn) >= sizeof(sig->function) || !json_is_array(params) ||
		json_array_size(params) > FUNCS_MAX_PARAMS || sig->returns == NULL)
	{
		snprintf(err, errlen, "signature: malformed");
		goto done;
	}
	strcpy(sig->function, fn);
	for (size_t i = 0; i < json_array_size(params); i++)
	{
		json_t	   *p = json_array_get(params, i);
		const char *name = json_string_value(json_object_get(p, "name"));

		sig->params[i] = FindType(json_string_value(json_object_get(p, "type")));
		if (name == NULL || strlen(name) >= sizeof(sig->names[i]) || sig->params[i] == NULL)
		{
			snprintf(err, errlen, "signature: parameter %zu is malformed", i + 1);
			goto done;
		}
		strcpy(sig->names[i], name);
		sig->nparams = (int) i + 1;
	}
	rc = 0;
done:
	json_decref(root);
	return rc;
}

/* name in a naming convention ("snake", "pascal", else as written) into out. */
static void
ApplyCase(const char *name, const char *convention, char *out, size_t outlen)
{
	size_t		o = 0;

	if (convention != NULL && strcmp(convention, "snake") == 0)
	{
		for (const char *p = name; *p && o + 3 < outlen; p++)
		{
			if (*p >= 'A' && *p <= 'Z')
			{
				if (p > name && p[-1] != '_')
					out[o++] = '_';
				out[o++] = (char) (*p - 'A' + 'a');
			}
			else
				out[o++] = *p;
		}
		out[o] = '\0';
		return;
	}
	snprintf(out, outlen, "%s", name);
	if (convention != NULL && strcmp(convention, "pascal") == 0 && out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char) (out[0] - 'a' + 'A');
}

/*
 * Appends tmpl with each {{key}} of keys[] replaced by vals[] in one pass:
 * replacement text is never expanded again; {{,key}} is ", " and the value
 * when the value is not empty; unknown {{...}} stay as written.
 */
static void
Expand(Buf *b, const char *tmpl, const char *const *keys, const char *const *vals, int n)
{
	const char *p = tmpl;

	while (*p)
	{
		const char *open = strstr(p, "{{");
		const char *close;
		int			done = 0;

		if (open == NULL)
		{
			BufStr(b, p);
			return;
		}
		BufAdd(b, p, (size_t) (open - p));
		close = strstr(open + 2, "}}");
		for (int i = 0; close != NULL && i < n && !done; i++)
		{
			const char *k = open + 2;
			int			comma = (*k == ',');

			k += comma;
			if ((size_t) (close - k) == strlen(keys[i]) && strncmp(k, keys[i], strlen(keys[i])) == 0)
			{
				if (comma && vals[i][0] != '\0')
					BufStr(b, ", ");
				BufStr(b, vals[i]);
				done = 1;
			}
		}
		if (done)
			p = close + 2;
		else
		{
			BufStr(b, "{{");
			p = open + 2;
		}
	}
}

/* Whether line (up to end) starts with word followed by a blank, '(' or its end. */
static int
LineStarts(const char *line, const char *end, const char *word)
{
	size_t		n = strlen(word);

	return (size_t) (end - line) >= n && strncmp(line, word, n) == 0 &&
		((size_t) (end - line) == n || line[n] == ' ' || line[n] == '\t' || line[n] == '(' ||
		 line[n] == '\r');
}

/* Whether any value of key (the key may repeat) starts line. */
static int
LineMatches(const FuncDriver *d, const char *key, const char *line, const char *end)
{
	for (int i = 0; i < d->nkeys; i++)
		if (strcmp(d->keys[i].key, key) == 0 && LineStarts(line, end, d->keys[i].value))
			return 1;
	return 0;
}

/*
 * Splits the candidate's code: lines starting with a "hoist" word (and, for
 * "import (", the block up to ")") go to imports, lines starting with a
 * "drop" word go nowhere, the rest to body; "strip-start" and "strip-end"
 * are cut from the code's ends.
 */
static void
SplitCode(const FuncDriver *d, const char *code, size_t len, Buf *imports, Buf *body)
{
	const char *p = code;
	const char *end = code + len;
	const char *ss = Get(d, "strip-start");
	const char *se = Get(d, "strip-end");
	int			in_block = 0;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (ss != NULL && (size_t) (end - p) >= strlen(ss) && strncmp(p, ss, strlen(ss)) == 0)
		p += strlen(ss);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if (se != NULL && (size_t) (end - p) >= strlen(se) && strncmp(end - strlen(se), se, strlen(se)) == 0)
		end -= strlen(se);
	while (p < end)
	{
		const char *eol = memchr(p, '\n', (size_t) (end - p));
		const char *next = eol ? eol + 1 : end;
		const char *lend = eol ? eol : end;

		if (in_block)
		{
			BufAdd(imports, p, (size_t) (next - p));
			if (lend > p && *p == ')')
				in_block = 0;
		}
		else if (LineMatches(d, "hoist", p, lend))
		{
			BufAdd(imports, p, (size_t) (lend - p));
			BufStr(imports, "\n");
			while (lend > p && (lend[-1] == ' ' || lend[-1] == '\r'))
				lend--;
			if (lend > p && lend[-1] == '(')
				in_block = 1;
		}
		else if (LineMatches(d, "drop", p, lend))
			BufStr(body, "\n");	/* keeps the line numbers of the rest */
		else
			BufAdd(body, p, (size_t) (next - p));
		p = next;
	}
	BufStr(body, "\n");
}

char *
funcs_program(const FuncDriver *d, const FuncSig *sig, const char *code, size_t code_len, size_t *len)
{
	static const char *const pkeys[] = {"name", "i"};
	static const char *const ckeys[] = {"function", "args", "args,"};
	static const char *const keys[] = {"code", "imports", "reads", "call", "function", "decls"};
	Buf			imports = {NULL, 0, 0, 1},
				body = {NULL, 0, 0, 1},
				reads = {NULL, 0, 0, 1},
				decls = {NULL, 0, 0, 1},
				args = {NULL, 0, 0, 1},
				call = {NULL, 0, 0, 1},
				out = {NULL, 0, 0, 1};
	const char *rsep = Get(d, "read-sep");
	const char *asep = Get(d, "arg-sep");
	char		function[160];
	char	   *result;

	ApplyCase(sig->function, Get(d, "case-function"), function, sizeof(function));
	SplitCode(d, code, code_len, &imports, &body);
	BufStr(&imports, "");
	BufStr(&reads, "");
	BufStr(&decls, "");
	BufStr(&args, "");
	for (int i = 0; i < sig->nparams; i++)
	{
		char		name[160],
					idx[16];
		const char *pvals[2] = {name, idx};

		ApplyCase(sig->names[i], Get(d, "case-params"), name, sizeof(name));
		snprintf(idx, sizeof(idx), "%d", i);
		if (i > 0)
		{
			BufStr(&reads, rsep ? rsep : "\n");
			BufStr(&args, asep ? asep : ", ");
		}
		Expand(&reads, GetTyped(d, "read", sig->params[i]->name, ""), pkeys, pvals, 2);
		if (i > 0)
			BufStr(&decls, rsep ? rsep : "\n");
		Expand(&decls, GetTyped(d, "decl", sig->params[i]->name, ""), pkeys, pvals, 2);
		Expand(&args, GetTyped(d, "arg", sig->params[i]->name, "{{name}}"), pkeys, pvals, 2);
	}
	{
		Buf			argsc = {NULL, 0, 0, 1};
		const char *cvals[3];
		const char *ctmpl = GetTyped(d, "call", sig->returns->name, Get(d, "call"));

		/* {{args,}}: the arguments and a comma, for calls that add their own */
		BufStr(&argsc, args.data ? args.data : "");
		if (argsc.len > 0)
			BufStr(&argsc, ", ");
		cvals[0] = function;
		cvals[1] = args.data ? args.data : "";
		cvals[2] = argsc.data ? argsc.data : "";
		Expand(&call, ctmpl ? ctmpl : "", ckeys, cvals, 3);
		BufStr(&call, "");
		if (!argsc.ok)
			call.ok = 0;
		free(argsc.data);
	}
	BufStr(&body, "");
	if (imports.ok && body.ok && reads.ok && decls.ok && args.ok && call.ok)
	{
		const char *vals[6] = {body.data, imports.data, reads.data, call.data, function, decls.data};

		Expand(&out, Get(d, "program"), keys, vals, 6);
	}
	else
		out.ok = 0;
	result = BufTake(&out, len);
	free(imports.data);
	free(body.data);
	free(reads.data);
	free(decls.data);
	free(args.data);
	free(call.data);
	return result;
}

