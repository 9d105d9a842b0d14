/*
 * gql_cost.h - the static cost of an operation: how many objects its lists
 * can produce at most, known before anything runs.
 *
 * For every field with a selection set (an object or a list of objects) the
 * cost counts the product of the limits of the list fields on its path, its
 * own included (an object under no list counts 1), and sums that over the
 * operation, fragments expanded; leaf fields add nothing (their number is
 * bounded by the validator's field limit).
 * `{ myInterviews(limit: 100) { id taskSet(limit: 20) { id } } }` costs
 * 100 + 100 * 20 = 2,100. The limits come from the caller (the coerced
 * `limit` argument, its schema default when absent), so variables count.
 *
 * Pure and allocation-free. It must not be given a document that failed
 * gql_validate() (it needs field definitions resolved, no fragment cycles
 * and a bounded depth).
 */
#ifndef GQL_COST_H
#define GQL_COST_H

#include "gql_ast.h"

/* The limit of the list field sel (called only for list fields); ctx is passed through. */
typedef long (*GqlCostLimitFn) (void *ctx, const GqlSelection *sel);

/* Cost of operation op (see above); capped at 1e18 so it never overflows. */
double      gql_cost(const GqlDefinition *op, GqlCostLimitFn limit_of, void *ctx);

#endif                          /* GQL_COST_H */
