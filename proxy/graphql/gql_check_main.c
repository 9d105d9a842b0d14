/*
 * gql_check_main.c - gql-check: parses and validates GraphQL documents
 * against a schema file, for the differential tests and by hand.
 *
 *   gql-check SCHEMA FILE...      one document per file
 *   gql-check SCHEMA --jsonl      one JSON string (a document) per stdin line
 *   gql-check SCHEMA --introspect [VARIABLES]
 *                                 runs the introspection query read from stdin
 *                                 and prints {"data": ...} or {"errors": [...]}
 *   gql-check SCHEMA --coerce     one JSON object {"query", "variables"} per stdin
 *                                 line: prints {"coerced": ...} or {"errors": [...]}
 *                                 (CoerceVariableValues of the only operation)
 *   gql-check SCHEMA --bench N    parses and validates the document read from
 *                                 stdin N times and prints the time per run
 *
 * Prints one line per document: "valid", "invalid GRAPHQL_PARSE_FAILED LINE:COL"
 * or "invalid GRAPHQL_VALIDATION_FAILED RULE,RULE,..."; with -j instead one
 * JSON object {"verdict", "rules", "errors"} (errors in response shape);
 * followed by the messages on stderr with -v.  Exit status 0 unless the
 * schema or an input cannot be read.
 *
 * A tool for tests: the server must not link it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "graphql.h"

static int  verbose;
static int  json_output;      /* --json: one JSON object per document */

/* Validates one document and prints its verdict. */
static void
CheckDocument(const GqlSchema *schema, const char *src, size_t len, const char *label)
{
    GqlArena   *arena = gql_arena_new();
    GqlError   *perr = NULL;
    GqlDocument *doc;
    GqlErrors   errs;

    if (arena == NULL)
    {
        fprintf(stderr, "gql-check: out of memory\n");
        exit(2);
    }
    memset(&errs, 0, sizeof(errs));
    errs.arena = arena;
    doc = gql_parse(arena, src, len, NULL, &perr);
    if (json_output)
    {
        json_t     *out;
        json_t     *rules = json_array();

        if (doc == NULL)
        {
            if (perr)
            {
                errs.first = errs.last = perr;
                errs.count = 1;
            }
            out = json_pack("{s:s}", "verdict", "parse");
        }
        else if (gql_validate(schema, doc, NULL, &errs))
            out = json_pack("{s:s}", "verdict", "valid");
        else
            out = json_pack("{s:s}", "verdict", "invalid");
        for (GqlError *e = errs.first; e; e = e->next)
            json_array_append_new(rules, json_string(e->rule ? e->rule : ""));
        json_object_set_new(out, "rules", rules);
        json_object_set_new(out, "errors", gql_errors_to_json(&errs));
        json_dumpf(out, stdout, JSON_COMPACT | JSON_ENSURE_ASCII);
        printf("\n");
        fflush(stdout);
        json_decref(out);
        gql_arena_free(arena);
        return;
    }
    if (doc == NULL)
    {
        if (perr && perr->nlocations)
            printf("invalid %s %d:%d\n", GQL_CODE_PARSE_FAILED, perr->locations[0].line,
                   perr->locations[0].column);
        else
            printf("invalid %s\n", GQL_CODE_PARSE_FAILED);
        if (verbose && perr)
            fprintf(stderr, "%s: %s (%d:%d)\n", label, perr->message,
                    perr->nlocations ? perr->locations[0].line : 0,
                    perr->nlocations ? perr->locations[0].column : 0);
    }
    else if (gql_validate(schema, doc, NULL, &errs))
        printf("valid\n");
    else
    {
        printf("invalid %s ", GQL_CODE_VALIDATION_FAILED);
        for (GqlError *e = errs.first; e; e = e->next)
        {
            bool        dup = false;

            for (GqlError *f = errs.first; f != e && !dup; f = f->next)
                dup = e->rule && f->rule && strcmp(e->rule, f->rule) == 0;
            if (!dup)
                printf("%s%s", e == errs.first ? "" : ",", e->rule ? e->rule : "?");
        }
        printf("\n");
        if (verbose)
            for (GqlError *e = errs.first; e; e = e->next)
                fprintf(stderr, "%s: %s (%d:%d)\n", label, e->message,
                        e->nlocations ? e->locations[0].line : 0,
                        e->nlocations ? e->locations[0].column : 0);
    }
    fflush(stdout);
    gql_arena_free(arena);
}

/* Reads a whole file ("-": standard input) into a malloc'd buffer. */
static char *
ReadFile(const char *path, size_t *len)
{
    FILE       *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char       *buf = NULL;
    size_t      cap = 0;

    *len = 0;
    if (f == NULL)
    {
        fprintf(stderr, "gql-check: fopen(%s): %s\n", path, strerror(errno));
        return NULL;
    }
    for (;;)
    {
        size_t      n;

        if (cap - *len < 4096)
        {
            char       *nb = realloc(buf, cap + 65536);

            if (nb == NULL)
            {
                fprintf(stderr, "gql-check: realloc: %s\n", strerror(errno));
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
            cap += 65536;
        }
        n = fread(buf + *len, 1, cap - *len, f);
        *len += n;
        if (n == 0)
            break;
    }
    if (ferror(f))
    {
        fprintf(stderr, "gql-check: fread(%s): %s\n", path, strerror(errno));
        free(buf);
        fclose(f);
        return NULL;
    }
    if (f != stdin)
        fclose(f);
    return buf;
}

/* Runs an introspection-only query from stdin and prints the response. */
static int
Introspect(const GqlSchema *schema, const char *variables_text)
{
    size_t      len;
    char       *src = ReadFile("-", &len);
    GqlArena   *arena = gql_arena_new();
    GqlErrors   errs;
    GqlError   *perr = NULL;
    GqlDocument *doc;
    const GqlDefinition *op;
    json_t     *vars = NULL;
    json_t     *coerced = NULL;
    json_t     *data = NULL;
    json_t     *resp = json_object();

    if (src == NULL || arena == NULL || resp == NULL)
        return 2;
    memset(&errs, 0, sizeof(errs));
    errs.arena = arena;
    if (variables_text)
        vars = json_loads(variables_text, 0, NULL);
    doc = gql_parse(arena, src, len, NULL, &perr);
    if (doc == NULL)
    {
        errs.first = errs.last = perr;
        errs.count = 1;
    }
    else if (gql_validate(schema, doc, NULL, &errs) &&
             (op = gql_select_operation(doc, NULL, &errs)) != NULL &&
             (coerced = gql_coerce_variables(schema, op, vars, &errs)) != NULL)
    {
        if (!gql_is_introspection_only(schema, doc, op, coerced))
            gql_error_add(&errs, "BAD_REQUEST", NULL, op->pos, "Not an introspection-only query.");
        else
            data = gql_introspect_operation(schema, doc, op, coerced, &errs);
    }
    if (data)
        json_object_set_new(resp, "data", data);
    else
        json_object_set_new(resp, "errors", gql_errors_to_json(&errs));
    json_dumpf(resp, stdout, JSON_COMPACT);
    printf("\n");
    json_decref(resp);
    json_decref(coerced);
    json_decref(vars);
    gql_arena_free(arena);
    free(src);
    return 0;
}

/* Coerces the variables of each {"query", "variables"} line and prints the result. */
static int
Coerce(const GqlSchema *schema)
{
    char       *line = NULL;
    size_t      cap = 0;
    ssize_t     n;

    while ((n = getline(&line, &cap, stdin)) > 0)
    {
        json_error_t jerr;
        json_t     *in = json_loadb(line, (size_t) n, 0, &jerr);
        const char *query = json_string_value(json_object_get(in, "query"));
        GqlArena   *arena = gql_arena_new();
        GqlErrors   errs;
        GqlDocument *doc;
        const GqlDefinition *op = NULL;
        json_t     *coerced = NULL;
        json_t     *out;

        if (query == NULL || arena == NULL)
        {
            fprintf(stderr, "gql-check: bad --coerce line: %s\n", jerr.text);
            json_decref(in);
            gql_arena_free(arena);
            free(line);
            return 2;
        }
        memset(&errs, 0, sizeof(errs));
        errs.arena = arena;
        doc = gql_parse(arena, query, strlen(query), NULL, NULL);
        if (doc && gql_validate(schema, doc, NULL, &errs) &&
            (op = gql_select_operation(doc, NULL, &errs)) != NULL)
            coerced = gql_coerce_variables(schema, op, json_object_get(in, "variables"), &errs);
        if (coerced)
            out = json_pack("{s:o}", "coerced", coerced);
        else
            out = json_pack("{s:o}", "errors", gql_errors_to_json(&errs));
        json_dumpf(out, stdout, JSON_COMPACT | JSON_ENSURE_ASCII);
        printf("\n");
        json_decref(out);
        json_decref(in);
        gql_arena_free(arena);
    }
    free(line);
    return 0;
}

/* Times N parse + validate runs of the document on stdin. */
static int
Bench(const GqlSchema *schema, long n)
{
    size_t      len;
    char       *src = ReadFile("-", &len);
    struct timespec t0;
    struct timespec t1;
    long        valid = 0;

    if (src == NULL || n <= 0)
        return 2;
    if (clock_gettime(CLOCK_MONOTONIC, &t0) != 0)
    {
        fprintf(stderr, "gql-check: clock_gettime: %s\n", strerror(errno));
        return 2;
    }
    for (long i = 0; i < n; i++)
    {
        GqlArena   *arena = gql_arena_new();
        GqlErrors   errs;
        GqlDocument *doc;

        if (arena == NULL)
            return 2;
        memset(&errs, 0, sizeof(errs));
        errs.arena = arena;
        doc = gql_parse(arena, src, len, NULL, NULL);
        if (doc && gql_validate(schema, doc, NULL, &errs))
            valid++;
        gql_arena_free(arena);
    }
    if (clock_gettime(CLOCK_MONOTONIC, &t1) != 0)
    {
        fprintf(stderr, "gql-check: clock_gettime: %s\n", strerror(errno));
        return 2;
    }
    printf("%ld runs (%ld valid), %.2f us per parse + validate\n", n, valid,
           ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / (double) n);
    free(src);
    return 0;
}

/* Entry point. */
int
main(int argc, char **argv)
{
    char        err[512];
    GqlSchema  *schema;
    int         argi = 1;

    for (; argi < argc && argv[argi][0] == '-' && argv[argi][1] != '-'; argi++)
    {
        if (strcmp(argv[argi], "-v") == 0)
            verbose = 1;
        else if (strcmp(argv[argi], "-j") == 0)
            json_output = 1;
    }
    if (argc - argi < 2)
    {
        fprintf(stderr, "usage: gql-check [-v] [-j] SCHEMA (FILE... | --jsonl | --introspect [VARS] | --bench N)\n");
        return 2;
    }
    schema = gql_schema_load_file(argv[argi], err, sizeof(err));
    if (schema == NULL)
    {
        fprintf(stderr, "gql-check: %s\n", err);
        return 2;
    }
    argi++;
    if (strcmp(argv[argi], "--introspect") == 0)
    {
        int         rc = Introspect(schema, argi + 1 < argc ? argv[argi + 1] : NULL);

        gql_schema_free(schema);
        return rc;
    }
    if (strcmp(argv[argi], "--coerce") == 0)
    {
        int         rc = Coerce(schema);

        gql_schema_free(schema);
        return rc;
    }
    if (strcmp(argv[argi], "--bench") == 0)
    {
        int         rc = Bench(schema, argi + 1 < argc ? atol(argv[argi + 1]) : 10000);

        gql_schema_free(schema);
        return rc;
    }
    if (strcmp(argv[argi], "--jsonl") == 0)
    {
        char       *line = NULL;
        size_t      cap = 0;
        ssize_t     n;
        int         lineno = 0;

        while ((n = getline(&line, &cap, stdin)) > 0)
        {
            json_error_t jerr;
            json_t     *doc = json_loadb(line, (size_t) n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
            char        label[32];

            lineno++;
            snprintf(label, sizeof(label), "line %d", lineno);
            if (!json_is_string(doc))
            {
                fprintf(stderr, "gql-check: line %d is not a JSON string: %s\n", lineno, jerr.text);
                json_decref(doc);
                free(line);
                gql_schema_free(schema);
                return 2;
            }
            CheckDocument(schema, json_string_value(doc), json_string_length(doc), label);
            json_decref(doc);
        }
        free(line);
    }
    else
        for (; argi < argc; argi++)
        {
            size_t      len;
            char       *src = ReadFile(argv[argi], &len);

            if (src == NULL)
            {
                gql_schema_free(schema);
                return 2;
            }
            CheckDocument(schema, src, len, argv[argi]);
            free(src);
        }
    gql_schema_free(schema);
    return 0;
}
