/*
 * gql_introspect.h - answers the introspection meta-fields (__schema,
 * __type, __typename) from the schema model, without the database.
 *
 * The result is complete enough for graphql-js's getIntrospectionQuery() +
 * buildClientSchema() and for GraphiQL's documentation explorer.  Mapping
 * directives (type-system-only user directives) are hidden.
 *
 * Introspection must not reach the database.
 */
#ifndef GQL_INTROSPECT_H
#define GQL_INTROSPECT_H

#include <jansson.h>

#include "gql_ast.h"
#include "gql_schema.h"
#include "gql_collect.h"

/* true for __schema, __type and __typename. */
bool        gql_is_meta_field(const char *name);

/*
 * Resolves one meta-field group (all selections share the response key and
 * name __schema, __type or __typename) selected on parent_type (the query
 * root for __schema/__type).  variables are the coerced variables
 * (borrowed).  Returns a new reference (JSON null for an unknown __type),
 * or NULL + errors on failure.
 */
json_t     *gql_introspect_field(const GqlSchema *schema, const GqlDocument *doc,
                                 const GqlTypeDef *parent_type, const GqlFieldGroup *group,
                                 const json_t *variables, GqlErrors *errs);

/*
 * true when every root field of the selected operation (after skip/include
 * and fragments) is a meta-field, so the whole answer comes from
 * gql_introspect_operation() without the database.
 */
bool        gql_is_introspection_only(const GqlSchema *schema, const GqlDocument *doc,
                                      const GqlDefinition *operation, const json_t *variables);

/*
 * Executes a query whose root fields are all meta-fields; returns a new
 * reference to the "data" object (response keys in document order), or
 * NULL + errors.
 */
json_t     *gql_introspect_operation(const GqlSchema *schema, const GqlDocument *doc,
                                     const GqlDefinition *operation, const json_t *variables,
                                     GqlErrors *errs);

#endif                          /* GQL_INTROSPECT_H */
