/*
 * gql_collect.h - walking a document for execution: the operation to run,
 * fragments by name, @skip/@include, and CollectFields (spec 6.3.2).
 *
 * Field groups live in the given arena; variables are borrowed.
 *
 * Collecting must not validate: the document is validated first.
 */
#ifndef GQL_COLLECT_H
#define GQL_COLLECT_H

#include <jansson.h>

#include "gql_ast.h"
#include "gql_schema.h"

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

#endif                          /* GQL_COLLECT_H */
