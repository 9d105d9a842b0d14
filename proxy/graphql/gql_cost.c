/*
 * gql_cost.c - the static cost of an operation (see gql_cost.h).
 *
 * A walk over the validated selection sets: fragment spreads and inline
 * fragments are followed (their fields count as the enclosing field's
 * children), @skip and @include are ignored (a skipped field costs what it
 * would cost). __schema and __type cost nothing: the proxy answers them from
 * memory, without the database. The walk's depth
 * is the document's, which validation bounds.
 *
 * It must not allocate or report errors: the caller decides what a cost
 * means.
 */
#include "gql_cost.h"
#include "gql_schema.h"

#define COST_CAP 1e18

/* Cost of a selection set whose every field is reached `factor` times. */
static double
cost_set(const GqlSelectionSet *set, double factor, GqlCostLimitFn limit_of, void *ctx)
{
    double      total = 0;

    if (set == NULL)
        return 0;
    for (const GqlSelection *sel = set->selections; sel != NULL && total < COST_CAP;
         sel = sel->next)
    {
        switch (sel->kind)
        {
            case GQL_SEL_FIELD:
                {
                    double      f = factor;

                    if (sel->name[0] == '_' && sel->name[1] == '_' && sel->selection_set != NULL)
                        break;
                    if (sel->field_def != NULL && gql_typeref_is_list(sel->field_def->type))
                    {
                        long        limit = limit_of(ctx, sel);

                        f *= limit > 0 ? (double) limit : 0;
                    }
                    if (sel->selection_set != NULL)
                        total += f + cost_set(sel->selection_set, f, limit_of, ctx);
                    break;
                }
            case GQL_SEL_FRAGMENT_SPREAD:
                if (sel->fragment != NULL)
                    total += cost_set(sel->fragment->selection_set, factor, limit_of, ctx);
                break;
            case GQL_SEL_INLINE_FRAGMENT:
                total += cost_set(sel->selection_set, factor, limit_of, ctx);
                break;
        }
    }
    return total < COST_CAP ? total : COST_CAP;
}

/* See gql_cost.h. */
double
gql_cost(const GqlDefinition *op, GqlCostLimitFn limit_of, void *ctx)
{
    if (op == NULL)
        return 0;
    return cost_set(op->selection_set, 1, limit_of, ctx);
}
