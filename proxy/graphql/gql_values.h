/*
 * gql_values.h - the coercion of variable and argument values (spec 6.1.2,
 * 6.4.1) that the executor needs, to JSON.
 *
 * jansson values documented as "new reference" belong to the caller,
 * "borrowed" ones do not; errors live in the errors' arena.
 *
 * Coercion must not run on a document that did not validate.
 */
#ifndef GQL_VALUES_H
#define GQL_VALUES_H

#include <jansson.h>

#include "gql_ast.h"
#include "gql_schema.h"

/*
 * CoerceVariableValues (spec 6.1.2): checks the JSON variables (borrowed,
 * NULL or JSON null means {}) against the operation's definitions.  Returns
 * a new reference to an object holding every variable that has a value
 * (provided, or its default), coerced: Int as integer, Float as real, ID as
 * string, enums as their name, input objects with defaults filled in.
 * Variables neither provided nor defaulted are absent (not null).  On error
 * returns NULL and appends errors with code BAD_USER_INPUT, e.g.
 * 'Variable "$id" of required type "ID!" was not provided.'.
 */
json_t     *gql_coerce_variables(const GqlSchema *schema, const GqlDefinition *operation,
                                 const json_t *variables, GqlErrors *errs);

/*
 * CoerceArgumentValues (spec 6.4.1) for a validated field or directive:
 * returns a new reference to an object with one member per argument that
 * has a value (literal, variable from the coerced variables, or default),
 * coerced as above.  Arguments without value and without default are
 * absent.  NULL + error (BAD_USER_INPUT) when a variable makes a non-null
 * argument null or missing.
 */
json_t     *gql_coerce_arguments(const GqlSchema *schema, const GqlInputValueDef *defs,
                                 const GqlArgument *args, const json_t *variables,
                                 GqlErrors *errs, GqlPos pos);

/*
 * Coerces one literal (variables resolved from the coerced variables) to
 * the given input type; new reference, or NULL + error when it does not fit.
 */
json_t     *gql_coerce_literal(const GqlSchema *schema, const GqlValue *value,
                               const GqlTypeRef *type, const json_t *variables,
                               GqlErrors *errs);

#endif                          /* GQL_VALUES_H */
