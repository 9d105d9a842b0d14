/*
 * fuzz_gql.c - libFuzzer target for the GraphQL front half: every input is
 * parsed, validated against the proxy's schema, and, when valid, its
 * variables are coerced and introspection-only operations are answered.
 * Build and run with `make fuzz` (clang-14, -fsanitize=fuzzer,address).
 * The schema path comes from GQL_FUZZ_SCHEMA (default schema.graphql).
 *
 * It must not touch the network, a database or files other than the
 * schema.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "graphql.h"

int         LLVMFuzzerInitialize(int *argc, char ***argv);
int         LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static GqlSchema *schema;

/* Loads the schema once. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char        err[512];
    const char *path = getenv("GQL_FUZZ_SCHEMA");

    (void) argc;
    (void) argv;
    schema = gql_schema_load_file(path ? path : "schema.graphql", err, sizeof(err));
    if (schema == NULL)
    {
        fprintf(stderr, "fuzz-gql: %s\n", err);
        abort();
    }
    return 0;
}

/* One input: parse, validate, coerce, introspect. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GqlArena   *arena = gql_arena_new();
    GqlError   *err = NULL;
    GqlErrors   errs = {arena, NULL, NULL, 0, 0};
    GqlDocument *doc;

    if (arena == NULL)
        return 0;
    doc = gql_parse(arena, (const char *) data, size, NULL, &err);
    if (doc && gql_validate(schema, doc, NULL, &errs))
    {
        const GqlDefinition *op = gql_select_operation(doc, NULL, &errs);
        json_t     *vars = op ? gql_coerce_variables(schema, op, NULL, &errs) : NULL;

        if (vars && gql_is_introspection_only(schema, doc, op, vars))
            json_decref(gql_introspect_operation(schema, doc, op, vars, &errs));
        json_decref(gql_errors_to_json(&errs));
        json_decref(vars);
    }
    gql_arena_free(arena);
    return 0;
}
