/*
 * gql_validate_merge.h - the document-wide checks of gql_validate_merge.c:
 * field merging, the depth and field limits, aliases, the introspection
 * depth.  Internal to the validator; called by gql_validate.c only.
 *
 * Nothing here may be used outside gql_validate*.c.
 */
#ifndef GQL_VALIDATE_MERGE_H
#define GQL_VALIDATE_MERGE_H

#include "gql_validate_util.h"

/* OverlappingFieldsCanBeMerged over a selection set and those nested in it. */
void        gql_v_check_merging(V *v, const GqlTypeDef *parent, const GqlSelectionSet *ss);
/* Field depth and count of a selection set, fragments expanded (memoised, saturating). */
void        gql_v_measure(V *v, const GqlSelectionSet *ss, long *depth, long *fields);
/* MaxIntrospectionDepth for the __schema / __type fields in a selection set. */
void        gql_v_check_introspection(V *v, const GqlSelectionSet *ss);
/* Number of aliased fields in a selection set (not expanded). */
long        gql_v_count_aliases(const GqlSelectionSet *ss);

#endif                          /* GQL_VALIDATE_MERGE_H */
