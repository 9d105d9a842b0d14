/*
 * gql_validate.h - validation of executable documents (spec section 5) and
 * our own limits.  Operation selection and CollectFields are in
 * gql_collect.h, the coercion of values in gql_values.h.
 *
 * Everything a function allocates lives in the document's arena unless
 * said otherwise; jansson values documented as "new reference" belong to
 * the caller, "borrowed" ones do not.
 *
 * Validation must not change a document beyond its resolution fields.
 */
#ifndef GQL_VALIDATE_H
#define GQL_VALIDATE_H

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

#endif                          /* GQL_VALIDATE_H */
