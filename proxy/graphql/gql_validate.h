/*
 * gql_validate.h - validation of executable documents (spec section 5),
 * our own limits, operation selection, and the coercion of variable and
 * argument values (spec 6.1.2, 6.4.1) that the executor needs.
 *
 * Everything a function allocates lives in the document's arena unless
 * said otherwise; jansson values documented as "new reference" belong to
 * the caller, "borrowed" ones do not.
 */
#ifndef GQL_VALIDATE_H
#define GQL_VALIDATE_H

#include <jansson.h>

#include "gql_ast.h"
#include "gql_schema.h"

/* Validation limits; a zero field means the default shown. */
typedef struct GqlLimits
{
    int         max_depth;      /* 12: field nesting, fragments expanded */
    int         max_fields;     /* 500: field selections of all operations, fragments expanded */
    int         max_aliases;    /* 50: aliased fields in the document */
    size_t      max_bytes;      /* 1 MiB: document size */
    int         max_errors;     /* 100: stop after this many */
    long        max_merge_work; /* 2,000,000: field pairs the merging check may look at */
} GqlLimits;

/*
 * Validates doc against schema with every rule of section 5 that applies to
 * queries and mutations, then the limits.  Appends errors (code
 * GRAPHQL_VALIDATION_FAILED, rule set, message and locations as graphql-js
 * words them) to errs; returns true when there are none.  On success the
 * resolution fields of the tree are filled in (GqlSelection.field_def,
 * parent_type, fragment; GqlTypeRef.def of variable types).  limits may be
 * NULL.  errs->arena must be set (normally doc->arena).
 */
bool        gql_validate(const GqlSchema *schema, GqlDocument *doc,
                         const GqlLimits *limits, GqlErrors *errs);

/*
 * Picks the operation to run: the one called operation_name, or the only
 * one when operation_name is NULL or "".  NULL + an error (code
 * OPERATION_RESOLUTION_FAILURE) in errs when it is ambiguous or missing.
 */
const GqlDefinition *gql_select_operation(const GqlDocument *doc, const char *operation_name,
                                          GqlErrors *errs);

/* Fragment definition by name; NULL when absent. */
const GqlDefinition *gql_find_fragment(const GqlDocument *doc, const char *name);

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

/*
 * Whether @skip/@include let a selection through, given the coerced
 * variables (borrowed).
 */
bool        gql_should_include(const GqlDirective *directives, const json_t *variables);

/* One response key with the fields selected under it (CollectFields, spec 6.3.2). */
typedef struct GqlFieldGroup
{
    const char *response_key;
    const GqlSelection **fields;    /* nfields field selections, in document order */
    int         nfields;
    struct GqlFieldGroup *next;
} GqlFieldGroup;

/*
 * CollectFields: groups the fields of the given selection sets for the
 * object type object_type by response key, expanding fragment spreads and
 * inline fragments whose type condition applies and honouring @skip and
 * @include.  Used for the root selection set (nsets = 1) and for the merged
 * sub-selections of a field group (one set per field).  Arena-allocated;
 * NULL when the selection is empty.
 */
GqlFieldGroup *gql_collect_fields(GqlArena *arena, const GqlSchema *schema,
                                  const GqlDocument *doc, const GqlTypeDef *object_type,
                                  const GqlSelectionSet *const *sets, int nsets,
                                  const json_t *variables);

/*
 * The errors as a JSON array in spec shape:
 * [{"message":..., "locations":[{"line":..,"column":..}], "extensions":{"code":...}}].
 * New reference.
 */
json_t     *gql_errors_to_json(const GqlErrors *errs);
/* One error in spec shape (new reference). */
json_t     *gql_error_to_json(const GqlError *err);

#endif                          /* GQL_VALIDATE_H */
