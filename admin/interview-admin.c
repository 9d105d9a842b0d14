/*
 * interview-admin.c
 *	  The command line of a hiring team's DBA or CI job: export and import
 *	  problem packages (a file, or a folder of test files), rejudge, the
 *	  company report as CSV, and creating staff accounts.
 *
 * It decides nothing itself: every command is one call of the extension's
 * SQL API (export_problem, import_problem, rejudge, ...) inside one
 * transaction, so a failed import leaves nothing behind. It acts as a staff
 * account either through interview.act_as_staff (the connecting role is a
 * superuser or a member of interview_admin) or through a session token.
 * Passwords are read from standard input, never from the arguments.
 *
 * Exit codes: 0 done; 1 the database refused (the message says why);
 * 2 bad usage; 3 no connection or an unexpected database failure;
 * 4 an input file or folder cannot be read.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libpq-fe.h>

#define EXIT_REFUSED	1
#define EXIT_USAGE		2
#define EXIT_DATABASE	3
#define EXIT_INPUT		4

/* Largest file read (a package with big tests); the database limits each test to 16 MiB. */
#define MAX_FILE_BYTES	((size_t) 512 * 1024 * 1024)
#define MAX_TESTS		10000

static const char usage_text[] =
"usage: interview-admin [--db CONNINFO] [--as STAFF | --token TOKEN] COMMAND [ARGS]\n"
"\n"
"Commands:\n"
"  export PROBLEM_ID            print the problem's package (interview-problem/1)\n"
"  import FILE...               import packages (\"-\" reads standard input); all or none\n"
"  import-dir DIR               import DIR/problem.json with DIR/tests/NN.in and NN.out\n"
"                               (\"samples\": [NN, ...] in problem.json marks sample tests)\n"
"  rejudge SUBMISSION_ID        queue a submission again; prints how many were queued\n"
"  rejudge-problem PROBLEM_ID [--all]\n"
"                               queue a problem's judged submissions again (--all: also\n"
"                               those being judged); prints how many were queued\n"
"  company-report COMPANY_ID    print the company report as CSV\n"
"  create-staff USERNAME [--email EMAIL]\n"
"                               create a staff account; the password is the first line\n"
"                               of standard input\n"
"\n"
"Options:\n"
"  --db CONNINFO    libpq connection string (default: $INTERVIEW_DB, else the PG* variables)\n"
"  --as STAFF       act as this staff account (default: $INTERVIEW_AS); the connecting role\n"
"                   must be a superuser or a member of interview_admin\n"
"  --token TOKEN    act with this session token instead (default: $INTERVIEW_TOKEN)\n"
"  --help           this text\n"
"\n"
"Exit codes: 0 done, 1 refused by the database, 2 bad usage, 3 no connection or\n"
"database failure, 4 an input file or folder cannot be read.\n";

/* Options and the connection of this run. */
typedef struct Admin
{
	const char *conninfo;
	const char *as_staff;
	const char *token;
	PGconn	   *conn;
} Admin;

/* Prints a message prefixed with the program name to stderr. */
static void
say(const char *fmt,...)
{
	va_list		ap;

	fputs("interview-admin: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Prints a usage error and returns EXIT_USAGE. */
static int
usage_error(const char *what)
{
	say("%s", what);
	fputs("Try interview-admin --help.\n", stderr);
	return EXIT_USAGE;
}

/* Whether s is a positive decimal id (at most 18 digits). */
static bool
is_id(const char *s)
{
	size_t		n = strlen(s);

	if (n == 0 || n > 18 || s[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * Reports a failed result and maps it to an exit code: SQLSTATE class IV
 * and data errors (22, 23) are refusals; anything else a database failure.
 */
static int
report_failure(const PGresult *res, const char *context)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;

	say("%s%s%s (%s)", context ? context : "", context ? ": " : "",
		msg ? msg : "the database failed", state ? state : "no SQLSTATE");
	if (detail)
		fprintf(stderr, "  %s\n", detail);
	if (hint)
		fprintf(stderr, "  %s\n", hint);
	if (state && (strncmp(state, "IV", 2) == 0 || strncmp(state, "22", 2) == 0 ||
				  strncmp(state, "23", 2) == 0 || strcmp(state, "42501") == 0))
		return EXIT_REFUSED;
	return EXIT_DATABASE;
}

/* Runs a statement with text parameters; NULL (and *rc set) unless it returned rows or ran. */
static PGresult *
run(Admin *a, const char *sql, int n, const char *const *params, const char *context, int *rc)
{
	PGresult   *res = PQexecParams(a->conn, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return res;
	if (res == NULL || PQstatus(a->conn) != CONNECTION_OK)
	{
		say("lost the connection: %s", PQerrorMessage(a->conn));
		*rc = EXIT_DATABASE;
	}
	else
		*rc = report_failure(res, context);
	PQclear(res);
	return NULL;
}

/* Runs a statement whose result is not needed; 0 or an exit code. */
static int
run_void(Admin *a, const char *sql, int n, const char *const *params, const char *context)
{
	int			rc = 0;
	PGresult   *res = run(a, sql, n, params, context, &rc);

	PQclear(res);
	return res ? 0 : rc;
}

/* Connects (--db, else $INTERVIEW_DB, else libpq's PG* variables); 0 or EXIT_DATABASE. */
static int
connect_db(Admin *a)
{
	a->conn = PQconnectdb(a->conninfo ? a->conninfo : "");
	if (PQstatus(a->conn) != CONNECTION_OK)
	{
		say("cannot connect: %s", PQerrorMessage(a->conn));
		return EXIT_DATABASE;
	}
	return 0;
}

/* BEGIN, then act as the staff account of --as or --token; 0 or an exit code. */
static int
begin_as_staff(Admin *a)
{
	int			rc = run_void(a, "BEGIN", 0, NULL, NULL);

	if (rc != 0)
		return rc;
	if (a->token)
		return run_void(a, "SELECT interview.authenticate($1)", 1, &a->token, "token");
	return run_void(a, "SELECT interview.act_as_staff($1)", 1, &a->as_staff, "--as");
}

/*
 * Reads a whole file ("-": standard input) into a NUL-terminated buffer the
 * caller frees; NULL after saying why. Refuses NUL bytes (not text).
 */
static char *
read_file(const char *path)
{
	FILE	   *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char	   *buf = NULL;
	size_t		len = 0;
	size_t		cap = 0;

	if (f == NULL)
	{
		say("cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;)
	{
		size_t		got;

		if (cap - len < 65536)
		{
			char	   *nb;

			cap = cap ? cap * 2 : 131072;
			if (cap > MAX_FILE_BYTES + 65536 || (nb = realloc(buf, cap + 1)) == NULL)
			{
				say("%s: larger than %zu bytes", path, MAX_FILE_BYTES);
				goto fail;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
	{
		say("cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	buf[len] = '\0';
	if (strlen(buf) != len)
	{
		say("%s: contains a NUL byte, not text", path);
		goto fail;
	}
	if (f != stdin)
		fclose(f);
	return buf;
fail:
	free(buf);
	if (f != stdin)
		fclose(f);
	return NULL;
}

/* export PROBLEM_ID: prints the package. */
static int
cmd_export(Admin *a, int argc, char **argv)
{
	PGresult   *res;
	int			rc = 0;

	if (argc != 1 || !is_id(argv[0]))
		return usage_error("export takes one problem id");
	if ((rc = connect_db(a)) != 0 || (rc = begin_as_staff(a)) != 0)
		return rc;
	res = run(a, "SELECT pg_catalog.jsonb_pretty(interview.export_problem($1::bigint))",
			  1, (const char *const *) argv, "export", &rc);
	if (res == NULL)
		return rc;
	printf("%s\n", PQgetvalue(res, 0, 0));
	PQclear(res);
	return run_void(a, "COMMIT", 0, NULL, NULL);
}

/* Imports one package text in the open transaction; prints "id<TAB>title". */
static int
import_text(Admin *a, const char *text, const char *name)
{
	const char *params[1] = {text};
	PGresult   *res;
	int			rc = 0;

	/* One call per package: the title comes from the package, not a scan of problem. */
	res = run(a, "SELECT interview.import_problem($1::jsonb), $1::jsonb->>'title'",
			  1, params, name, &rc);
	if (res == NULL)
		return rc;
	printf("%s\t%s\n", PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1));
	PQclear(res);
	return 0;
}

/* import FILE...: every package, in one transaction. */
static int
cmd_import(Admin *a, int argc, char **argv)
{
	char	  **texts;
	int			rc = 0;

	if (argc < 1)
		return usage_error("import takes at least one file");
	texts = calloc((size_t) argc, sizeof(char *));
	if (texts == NULL)
		return EXIT_INPUT;
	for (int i = 0; i < argc && rc == 0; i++)
		if ((texts[i] = read_file(argv[i])) == NULL)
			rc = EXIT_INPUT;
	if (rc == 0 && (rc = connect_db(a)) == 0 && (rc = begin_as_staff(a)) == 0)
	{
		for (int i = 0; i < argc && rc == 0; i++)
			rc = import_text(a, texts[i], argv[i]);
		if (rc == 0)
			rc = run_void(a, "COMMIT", 0, NULL, NULL);
	}
	for (int i = 0; i < argc; i++)
		free(texts[i]);
	free(texts);
	return rc;
}

/* One test of a folder: its number and its two files' contents. */
typedef struct DirTest
{
	long		n;
	char	   *in;
	char	   *out;
} DirTest;

/* Orders tests by number. */
static int
compare_tests(const void *x, const void *y)
{
	long		a = ((const DirTest *) x)->n;
	long		b = ((const DirTest *) y)->n;

	return (a > b) - (a < b);
}

/* Appends s to an array literal being built in *buf (quoted, escaped); false when out of memory. */
static bool
append_element(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t		need = *len + 2 * strlen(s) + 4;

	if (need > *cap)
	{
		size_t		nc = need * 2;
		char	   *nb = realloc(*buf, nc);

		if (nb == NULL)
			return false;
		*buf = nb;
		*cap = nc;
	}
	if (*len > 1)
		(*buf)[(*len)++] = ',';
	(*buf)[(*len)++] = '"';
	for (const char *p = s; *p; p++)
	{
		if (*p == '"' || *p == '\\')
			(*buf)[(*len)++] = '\\';
		(*buf)[(*len)++] = *p;
	}
	(*buf)[(*len)++] = '"';
	(*buf)[*len] = '\0';
	return true;
}

/* Reads DIR/tests/NN.in and NN.out into *tests (sorted); count, or -1 after saying why. */
static int
read_test_dir(const char *dir, DirTest **tests)
{
	char		path[4096];
	DIR		   *d;
	struct dirent *e;
	int			n = 0;

	snprintf(path, sizeof(path), "%s/tests", dir);
	*tests = calloc(MAX_TESTS, sizeof(DirTest));
	if (*tests == NULL)
		return -1;
	if ((d = opendir(path)) == NULL)
	{
		if (errno == ENOENT)
			return 0;
		say("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL)
	{
		char	   *end;
		long		num = strtol(e->d_name, &end, 10);
		char		outpath[4096];

		if (end == e->d_name || strcmp(end, ".in") != 0)
			continue;
		if (n == MAX_TESTS)
		{
			say("%s: more than %d tests", path, MAX_TESTS);
			closedir(d);
			return -1;
		}
		if (snprintf(outpath, sizeof(outpath), "%s/%s", path, e->d_name) >= (int) sizeof(outpath))
		{
			say("%s: path too long", path);
			closedir(d);
			return -1;
		}
		(*tests)[n].n = num;
		if (((*tests)[n].in = read_file(outpath)) == NULL)
		{
			closedir(d);
			return -1;
		}
		if (snprintf(outpath, sizeof(outpath), "%s/%.*s.out", path, (int) (end - e->d_name),
					 e->d_name) >= (int) sizeof(outpath))
		{
			closedir(d);
			return -1;
		}
		if (((*tests)[n].out = read_file(outpath)) == NULL)
		{
			closedir(d);
			return -1;
		}
		n++;
	}
	closedir(d);
	qsort(*tests, (size_t) n, sizeof(DirTest), compare_tests);
	for (int i = 1; i < n; i++)
		if ((*tests)[i].n == (*tests)[i - 1].n)
		{
			say("%s: two tests are numbered %ld", path, (*tests)[i].n);
			return -1;
		}
	return n;
}

/* import-dir DIR: problem.json plus tests/NN.in and tests/NN.out, in one transaction. */
static int
cmd_import_dir(Admin *a, int argc, char **argv)
{
	char		path[4096];
	char	   *problem;
	DirTest    *tests = NULL;
	int			n;
	char	   *arr[3] = {NULL, NULL, NULL};
	size_t		len[3] = {0, 0, 0};
	size_t		cap[3] = {0, 0, 0};
	int			rc = 0;

	if (argc != 1)
		return usage_error("import-dir takes one folder");
	snprintf(path, sizeof(path), "%s/problem.json", argv[0]);
	if ((problem = read_file(path)) == NULL)
		return EXIT_INPUT;
	if ((n = read_test_dir(argv[0], &tests)) < 0)
		rc = EXIT_INPUT;
	for (int k = 0; k < 3 && rc == 0; k++)
	{
		if ((arr[k] = malloc(64)) == NULL)
			rc = EXIT_INPUT;
		else
		{
			strcpy(arr[k], "{");
			len[k] = 1;
			cap[k] = 64;
		}
	}
	for (int i = 0; i < n && rc == 0; i++)
	{
		char		num[32];

		snprintf(num, sizeof(num), "%ld", tests[i].n);
		if (!append_element(&arr[0], &len[0], &cap[0], tests[i].in) ||
			!append_element(&arr[1], &len[1], &cap[1], tests[i].out) ||
			!append_element(&arr[2], &len[2], &cap[2], num))
			rc = EXIT_INPUT;
	}
	for (int k = 0; k < 3 && rc == 0; k++)
		strcat(arr[k], "}");
	if (rc == 0 && (rc = connect_db(a)) == 0 && (rc = begin_as_staff(a)) == 0)
	{
		const char *params[4] = {problem, arr[0], arr[1], arr[2]};
		PGresult   *res;

		/* The folder's tests replace any in problem.json; "samples" names sample tests. */
		res = run(a, "SELECT interview.import_problem(($1::jsonb - 'samples') || "
				  "pg_catalog.jsonb_build_object('tests', COALESCE((SELECT pg_catalog.jsonb_agg("
				  " pg_catalog.jsonb_build_object('input', u.i, 'expected_output', u.o, "
				  " 'is_sample', u.n IN (SELECT pg_catalog.jsonb_array_elements_text("
				  "  COALESCE($1::jsonb->'samples', '[]'))::bigint)) ORDER BY u.k) "
				  " FROM ROWS FROM (pg_catalog.unnest($2::text[]), pg_catalog.unnest($3::text[]), "
				  "  pg_catalog.unnest($4::bigint[])) "
				  " WITH ORDINALITY AS u (i, o, n, k)), '[]'))), $1::jsonb->>'title'",
				  4, params, argv[0], &rc);
		if (res != NULL)
		{
			printf("%s\t%s\n", PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1));
			PQclear(res);
			rc = run_void(a, "COMMIT", 0, NULL, NULL);
		}
	}
	for (int i = 0; i < (n > 0 ? n : 0); i++)
	{
		free(tests[i].in);
		free(tests[i].out);
	}
	free(tests);
	for (int k = 0; k < 3; k++)
		free(arr[k]);
	free(problem);
	return rc;
}

/* Runs one staff statement with id parameters, prints its single value, commits. */
static int
print_one(Admin *a, const char *sql, int n, const char *const *params, const char *context)
{
	PGresult   *res;
	int			rc = 0;

	if ((rc = connect_db(a)) != 0 || (rc = begin_as_staff(a)) != 0)
		return rc;
	res = run(a, sql, n, params, context, &rc);
	if (res == NULL)
		return rc;
	fputs(PQgetvalue(res, 0, 0), stdout);
	if (strcmp(context, "company-report") != 0)
		fputc('\n', stdout);
	PQclear(res);
	return run_void(a, "COMMIT", 0, NULL, NULL);
}

/* create-staff USERNAME [--email EMAIL]: the password is the first line of stdin. */
static int
cmd_create_staff(Admin *a, int argc, char **argv)
{
	const char *email = "";
	char		password[1024];
	const char *params[3];
	size_t		n;
	PGresult   *res;
	int			rc = 0;

	if (argc == 3 && strcmp(argv[1], "--email") == 0)
		email = argv[2];
	else if (argc != 1)
		return usage_error("create-staff takes a username (and --email EMAIL)");
	if (fgets(password, sizeof(password), stdin) == NULL)
		return usage_error("create-staff reads the password from standard input");
	n = strcspn(password, "\r\n");
	password[n] = '\0';
	params[0] = argv[0];
	params[1] = password;
	params[2] = email;
	if ((rc = connect_db(a)) != 0)
		return rc;
	res = run(a, "SELECT interview.create_staff($1, $2, $3)", 3, params, "create-staff", &rc);
	memset(password, 0, sizeof(password));
	if (res == NULL)
		return rc;
	printf("%s\n", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

/* Dispatches a command with its arguments; returns the exit code. */
static int
dispatch(Admin *a, const char *cmd, int argc, char **argv)
{
	if (strcmp(cmd, "create-staff") == 0)
		return cmd_create_staff(a, argc, argv);
	if (a->as_staff == NULL && a->token == NULL)
		return usage_error("act as a staff account: give --as STAFF or --token TOKEN "
						   "(or set INTERVIEW_AS or INTERVIEW_TOKEN)");
	if (strcmp(cmd, "export") == 0)
		return cmd_export(a, argc, argv);
	if (strcmp(cmd, "import") == 0)
		return cmd_import(a, argc, argv);
	if (strcmp(cmd, "import-dir") == 0)
		return cmd_import_dir(a, argc, argv);
	if (strcmp(cmd, "rejudge") == 0)
	{
		if (argc != 1 || !is_id(argv[0]))
			return usage_error("rejudge takes one submission id");
		return print_one(a, "SELECT interview.rejudge($1::bigint)", 1,
						 (const char *const *) argv, "rejudge");
	}
	if (strcmp(cmd, "rejudge-problem") == 0)
	{
		const char *params[2];

		if (argc < 1 || argc > 2 || !is_id(argv[0]) ||
			(argc == 2 && strcmp(argv[1], "--all") != 0))
			return usage_error("rejudge-problem takes one problem id and optionally --all");
		params[0] = argv[0];
		params[1] = argc == 2 ? "false" : "true";
		return print_one(a, "SELECT interview.rejudge_problem($1::bigint, $2::boolean)", 2,
						 params, "rejudge-problem");
	}
	if (strcmp(cmd, "company-report") == 0)
	{
		if (argc != 1 || !is_id(argv[0]))
			return usage_error("company-report takes one company id");
		return print_one(a, "SELECT interview.company_report_csv($1::bigint)", 1,
						 (const char *const *) argv, "company-report");
	}
	return usage_error("unknown command");
}

/* Parses the options before the command, then runs it. */
int
main(int argc, char **argv)
{
	Admin		a = {0};
	int			i = 1;
	int			rc;

	a.conninfo = getenv("INTERVIEW_DB");
	a.as_staff = getenv("INTERVIEW_AS");
	a.token = getenv("INTERVIEW_TOKEN");
	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++)
	{
		if (strcmp(argv[i], "--help") == 0)
		{
			fputs(usage_text, stdout);
			return 0;
		}
		if (i + 1 >= argc)
			return usage_error("an option lacks its value");
		if (strcmp(argv[i], "--db") == 0)
			a.conninfo = argv[++i];
		else if (strcmp(argv[i], "--as") == 0)
			a.as_staff = argv[++i];
		else if (strcmp(argv[i], "--token") == 0)
			a.token = argv[++i];
		else
			return usage_error("unknown option");
	}
	if (i >= argc)
		return usage_error("no command");
	rc = dispatch(&a, argv[i], argc - i - 1, argv + i + 1);
	if (a.conn)
		PQfinish(a.conn);
	fflush(stdout);
	return rc;
}
