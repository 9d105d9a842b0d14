/*
 * graphql.h - the one public header of the GraphQL library in proxy/graphql/:
 * parse an executable document, load a schema from SDL, validate, coerce
 * variables and arguments, collect fields, answer introspection, and report
 * errors as GraphQL JSON.  The server includes only this header.
 *
 * The library must not know HTTP, libpq or what the schema's own directives
 * mean: applied directives are kept as written for the caller to read
 * (gql_directive_string() and friends), and directives that only annotate the
 * type system are hidden from introspection whatever their name.
 *
 * Ownership: documents and their strings live in a GqlArena owned by the
 * caller; a GqlSchema owns its arena and is read-only once loaded; JSON
 * results are new jansson references for the caller to release.
 */
#ifndef GRAPHQL_H
#define GRAPHQL_H

#include "gql_ast.h"
#include "gql_collect.h"
#include "gql_cost.h"
#include "gql_introspect.h"
#include "gql_parse.h"
#include "gql_schema.h"
#include "gql_validate.h"
#include "gql_values.h"

#endif                          /* GRAPHQL_H */
