/*
 * gql_validate_merge.c - the validation rules that look at whole selection
 * trees: OverlappingFieldsCanBeMerged (spec 5.3.2, on the fields collected
 * through fragments, each fragment once per collection), our limits on
 * depth and field count (fragments expanded with memoisation, so fragment
 * bombs are measured without being expanded), and graphql-js's
 * MaxIntrospectionDepth.  Allocation goes to the document's arena.
 *
 * It must not call gql_validate.c, and it must give up (MaxComplexity)
 * past its work budget rather than run without bound.
 */
#include <limits.h>
#include <string.h>

#include "gql_validate_merge.h"

#define MAX_INTROSPECTION_LISTS 3

/* ---- OverlappingFieldsCanBeMerged ------------------------------------- */

typedef struct FieldRef
{
    const GqlSelection *sel;
    const GqlTypeDef *parent;
    const GqlFieldDef *def;
} FieldRef;

/* A growing list of fields; small lists stay in the inline buffer (no arena use). */
typedef struct FieldVec
{
    FieldRef   *items;
    int         n;
    int         cap;
    FieldRef    inline_items[8];
} FieldVec;

#define FIELDVEC_INIT(vec) do { (vec).items = (vec).inline_items; (vec).n = 0; (vec).cap = 8; } while (0)

/* Appends to a field vector. */
static void
VecPush(V *v, FieldVec *vec, FieldRef r)
{
    if (vec->n == vec->cap)
    {
        int         ncap = vec->cap * 2;
        FieldRef   *ni = gql_arena_alloc(v->arena, (size_t) ncap * sizeof(FieldRef));

        if (ni == NULL)
            return;
        if (vec->n)
            memcpy(ni, vec->items, (size_t) vec->n * sizeof(FieldRef));
        vec->items = ni;
        vec->cap = ncap;
    }
    vec->items[vec->n++] = r;
}

/* Adds the fields of a set (inline fragments included) and appends its fragment spreads to spreads. */
static void
CollectDirect(V *v, const GqlTypeDef *parent, const GqlSelectionSet *ss, FieldVec *out,
              const GqlSelection ***spreads, int *nspreads, int *cap)
{
    for (const GqlSelection *sel = ss->selections; sel; sel = sel->next)
    {
        if (sel->kind == GQL_SEL_FIELD)
        {
            FieldRef    r = {sel, parent, sel->field_def};

            VecPush(v, out, r);
        }
        else if (sel->kind == GQL_SEL_INLINE_FRAGMENT)
            CollectDirect(v, sel->type_condition ? gql_schema_type(v->schema, sel->type_condition) : parent,
                          sel->selection_set, out, spreads, nspreads, cap);
        else
        {
            if (*nspreads == *cap)
            {
                int         ncap = *cap ? *cap * 2 : 8;
                const GqlSelection **ns = gql_arena_alloc(v->arena, (size_t) ncap * sizeof(*ns));

                if (ns == NULL)
                    continue;
                if (*nspreads)
                    memcpy(ns, *spreads, (size_t) *nspreads * sizeof(*ns));
                *spreads = ns;
                *cap = ncap;
            }
            (*spreads)[(*nspreads)++] = sel;
        }
    }
}

/*
 * Collects the fields of a selection set as graphql-js orders them: the
 * set's own fields (through inline fragments) first, then each spread
 * fragment's, each fragment once per collection.
 */
static void
CollectFieldRefs(V *v, const GqlTypeDef *parent, const GqlSelectionSet *ss, FieldVec *out)
{
    const GqlSelection *local[8];
    const GqlSelection **spreads = local;
    int         nspreads = 0;
    int         cap = 8;

    CollectDirect(v, parent, ss, out, &spreads, &nspreads, &cap);
    for (int i = 0; i < nspreads; i++)
    {
        DefInfo    *fi = gql_v_fragment(v, spreads[i]->name);

        if (fi == NULL || fi->mark == v->generation)
            continue;
        fi->mark = v->generation;
        CollectFieldRefs(v, gql_schema_type(v->schema, fi->def->type_condition),
                         fi->def->selection_set, out);
    }
}

/* Whether two output types conflict (doTypesConflict). */
static bool
TypesConflict(const GqlTypeRef *a, const GqlTypeRef *b)
{
    if (a->kind == GQL_TYPEREF_LIST)
        return b->kind == GQL_TYPEREF_LIST ? TypesConflict(a->of, b->of) : true;
    if (b->kind == GQL_TYPEREF_LIST)
        return true;
    if (a->kind == GQL_TYPEREF_NON_NULL)
        return b->kind == GQL_TYPEREF_NON_NULL ? TypesConflict(a->of, b->of) : true;
    if (b->kind == GQL_TYPEREF_NON_NULL)
        return true;
    if (gql_type_is_leaf(a->def) || gql_type_is_leaf(b->def))
        return a->def != b->def;
    return false;
}

/* Whether two fields have the same arguments. */
static bool
SameArguments(const GqlArgument *a, const GqlArgument *b)
{
    int         na = 0;
    int         nb = 0;

    for (const GqlArgument *x = a; x; x = x->next)
        na++;
    for (const GqlArgument *x = b; x; x = x->next)
        nb++;
    if (na != nb)
        return false;
    for (const GqlArgument *x = a; x; x = x->next)
    {
        const GqlArgument *y = b;

        while (y && strcmp(y->name, x->name) != 0)
            y = y->next;
        if (y == NULL || !gql_v_same_value(x->value, y->value))
            return false;
    }
    return true;
}

/* Why two fields cannot merge, and the fields involved on each side (graphql-js order). */
typedef struct Conflict
{
    const char *reason;
    GqlPos      locs1[GQL_ERROR_MAX_LOCATIONS];
    int         n1;
    GqlPos      locs2[GQL_ERROR_MAX_LOCATIONS];
    int         n2;
} Conflict;

static bool FindConflict(V *v, const FieldRef *a, const FieldRef *b, bool exclusive, int depth,
                         Conflict *out);

/* Appends a position to one side of a conflict (bounded). */
static void
AddLoc(GqlPos *locs, int *n, GqlPos pos)
{
    if (*n < GQL_ERROR_MAX_LOCATIONS)
        locs[(*n)++] = pos;
}

/* Conflicts between the sub-selections of two fields, all of them joined with "and". */
static bool
SubConflicts(V *v, const FieldRef *a, const FieldRef *b, bool exclusive, int depth, Conflict *out)
{
    FieldVec    va;
    FieldVec    vb;
    const GqlTypeDef *ta = a->def ? gql_typeref_named(a->def->type) : NULL;
    const GqlTypeDef *tb = b->def ? gql_typeref_named(b->def->type) : NULL;
    char       *reason = NULL;

    FIELDVEC_INIT(va);
    FIELDVEC_INIT(vb);
    v->generation++;
    CollectFieldRefs(v, ta, a->sel->selection_set, &va);
    v->generation++;
    CollectFieldRefs(v, tb, b->sel->selection_set, &vb);
    v->merge_work += (long) va.n * vb.n + va.n + vb.n;
    if (v->merge_work > v->max_merge_work)
    {
        v->merge_over = true;
        out->reason = NULL;
        return false;
    }
    out->n1 = out->n2 = 0;
    AddLoc(out->locs1, &out->n1, a->sel->pos);
    AddLoc(out->locs2, &out->n2, b->sel->pos);
    for (int i = 0; i < va.n && !v->merge_over; i++)
        for (int j = 0; j < vb.n && !v->merge_over; j++)
        {
            Conflict    sub;

            if (strcmp(GQL_RESPONSE_KEY(va.items[i].sel), GQL_RESPONSE_KEY(vb.items[j].sel)) != 0)
                continue;
            if (!FindConflict(v, &va.items[i], &vb.items[j], exclusive, depth + 1, &sub))
                continue;
            /* one conflict per pair is enough to explain; the text stays short */
            if (reason != NULL && strlen(reason) > 1000)
                continue;
            reason = gql_arena_printf(v->arena, "%s%ssubfields \"%s\" conflict because %s",
                                      reason ? reason : "", reason ? " and " : "",
                                      GQL_RESPONSE_KEY(va.items[i].sel), sub.reason);
            for (int k = 0; k < sub.n1; k++)
                AddLoc(out->locs1, &out->n1, sub.locs1[k]);
            for (int k = 0; k < sub.n2; k++)
                AddLoc(out->locs2, &out->n2, sub.locs2[k]);
        }
    out->reason = reason;
    return reason != NULL;
}

/* Whether two same-keyed fields cannot merge; fills *out when so. */
static bool
FindConflict(V *v, const FieldRef *a, const FieldRef *b, bool exclusive, int depth, Conflict *out)
{
    if (a->sel == b->sel || depth > 64)
        return false;
    exclusive = exclusive || (a->parent != b->parent && a->parent && b->parent &&
                              a->parent->kind == GQL_KIND_OBJECT && b->parent->kind == GQL_KIND_OBJECT);
    out->reason = NULL;
    if (!exclusive)
    {
        if (strcmp(a->sel->name, b->sel->name) != 0)
            out->reason = gql_arena_printf(v->arena, "\"%s\" and \"%s\" are different fields",
                                           a->sel->name, b->sel->name);
        else if (!SameArguments(a->sel->args, b->sel->args))
            out->reason = "they have differing arguments";
    }
    if (out->reason == NULL && a->def && b->def && TypesConflict(a->def->type, b->def->type))
        out->reason = gql_arena_printf(v->arena, "they return conflicting types \"%s\" and \"%s\"",
                                       gql_v_type_text(v, a->def->type), gql_v_type_text(v, b->def->type));
    if (out->reason)
    {
        out->n1 = out->n2 = 1;
        out->locs1[0] = a->sel->pos;
        out->locs2[0] = b->sel->pos;
        return true;
    }
    if (a->sel->selection_set && b->sel->selection_set)
        return SubConflicts(v, a, b, exclusive, depth, out);
    return false;
}

/* Checks every selection set of a definition for fields that cannot merge. */
void
gql_v_check_merging(V *v, const GqlTypeDef *parent, const GqlSelectionSet *ss)
{
    FieldVec    vec;

    FIELDVEC_INIT(vec);
    v->generation++;
    CollectFieldRefs(v, parent, ss, &vec);
    v->merge_work += (long) vec.n * vec.n / 2 + vec.n;
    if (v->merge_work > v->max_merge_work)
        v->merge_over = true;
    for (int i = 0; i < vec.n && !v->merge_over; i++)
        for (int j = i + 1; j < vec.n && !v->merge_over; j++)
        {
            const char *key = GQL_RESPONSE_KEY(vec.items[i].sel);
            Conflict    c;

            if (strcmp(key, GQL_RESPONSE_KEY(vec.items[j].sel)) != 0)
                continue;
            if (FindConflict(v, &vec.items[i], &vec.items[j], false, 0, &c))
            {
                GqlError   *e = VERR(v, "OverlappingFieldsCanBeMerged", c.locs1[0],
                                     "Fields \"%s\" conflict because %s. Use different aliases on the fields to fetch both if this was intentional.",
                                     key, c.reason);

                for (int k = 1; k < c.n1; k++)
                    gql_error_add_location(e, c.locs1[k]);
                for (int k = 0; k < c.n2; k++)
                    gql_error_add_location(e, c.locs2[k]);
            }
        }
    for (const GqlSelection *sel = ss->selections; sel && !v->merge_over; sel = sel->next)
    {
        if (sel->kind == GQL_SEL_FIELD && sel->selection_set)
            gql_v_check_merging(v, sel->field_def ? gql_typeref_named(sel->field_def->type) : NULL,
                                sel->selection_set);
        else if (sel->kind == GQL_SEL_INLINE_FRAGMENT)
            gql_v_check_merging(v, sel->type_condition ? gql_schema_type(v->schema, sel->type_condition) : parent,
                                sel->selection_set);
    }
}

/* ---- limits and introspection depth ----------------------------------- */

/* Saturating addition for the expanded counts. */
static long
SatAdd(long a, long b)
{
    return a > LONG_MAX - b ? LONG_MAX : a + b;
}


/* Depth and field count of a fragment, memoised (cycles count as 0). */
static void
FragmentMeasure(V *v, DefInfo *fi, long *depth, long *fields)
{
    if (fi->depth_memo == -2)
    {
        *depth = 0;
        *fields = 0;
        return;
    }
    if (fi->depth_memo < 0)
    {
        fi->depth_memo = -2;
        gql_v_measure(v, fi->def->selection_set, &fi->depth_memo, &fi->fields_memo);
    }
    *depth = fi->depth_memo;
    *fields = fi->fields_memo;
}

/* Field nesting depth and number of field selections with fragments expanded. */
void
gql_v_measure(V *v, const GqlSelectionSet *ss, long *depth, long *fields)
{
    long        d = 0;
    long        n = 0;

    for (const GqlSelection *sel = ss->selections; sel; sel = sel->next)
    {
        long        sd = 0;
        long        sn = 0;

        if (sel->kind == GQL_SEL_FIELD)
        {
            /* introspection is answered from memory and bounded by MaxIntrospectionDepth */
            if (sel->selection_set && strcmp(sel->name, "__schema") != 0 &&
                strcmp(sel->name, "__type") != 0)
                gql_v_measure(v, sel->selection_set, &sd, &sn);
            sd += 1;
            sn = SatAdd(sn, 1);
        }
        else if (sel->kind == GQL_SEL_INLINE_FRAGMENT)
            gql_v_measure(v, sel->selection_set, &sd, &sn);
        else
        {
            DefInfo    *fi = gql_v_fragment(v, sel->name);

            if (fi)
                FragmentMeasure(v, fi, &sd, &sn);
        }
        if (sd > d)
            d = sd;
        n = SatAdd(n, sn);
    }
    *depth = d;
    *fields = n;
}

/* MaxIntrospectionDepth: true when introspection lists nest MAX_INTROSPECTION_LISTS deep. */
static bool
IntrospectionTooDeep(V *v, const GqlSelection *sel, int depth)
{
    const GqlSelectionSet *ss = NULL;

    if (sel->kind == GQL_SEL_FRAGMENT_SPREAD)
    {
        DefInfo    *fi = gql_v_fragment(v, sel->name);

        if (fi == NULL)
            return false;
        if (fi->mark == v->generation && fi->introspection_seen >= depth)
            return false;
        fi->mark = v->generation;
        fi->introspection_seen = depth;
        ss = fi->def->selection_set;
    }
    else
    {
        if (sel->kind == GQL_SEL_FIELD &&
            (strcmp(sel->name, "fields") == 0 || strcmp(sel->name, "interfaces") == 0 ||
             strcmp(sel->name, "possibleTypes") == 0 || strcmp(sel->name, "inputFields") == 0))
        {
            if (++depth >= MAX_INTROSPECTION_LISTS)
                return true;
        }
        ss = sel->selection_set;
    }
    if (ss)
        for (const GqlSelection *c = ss->selections; c; c = c->next)
            if (IntrospectionTooDeep(v, c, depth))
                return true;
    return false;
}

/* Finds __schema / __type fields in a selection set and checks their introspection depth. */
void
gql_v_check_introspection(V *v, const GqlSelectionSet *ss)
{
    for (const GqlSelection *sel = ss->selections; sel; sel = sel->next)
    {
        if (sel->kind == GQL_SEL_FIELD &&
            (strcmp(sel->name, "__schema") == 0 || strcmp(sel->name, "__type") == 0))
        {
            v->generation++;
            if (IntrospectionTooDeep(v, sel, 0))
            {
                VERR(v, "MaxIntrospectionDepth", sel->pos, "Maximum introspection depth exceeded");
                continue;
            }
        }
        if (sel->selection_set)
            gql_v_check_introspection(v, sel->selection_set);
    }
}

/* Counts aliased fields in a selection set (not expanded). */
long
gql_v_count_aliases(const GqlSelectionSet *ss)
{
    long        n = 0;

    for (const GqlSelection *sel = ss->selections; sel; sel = sel->next)
    {
        if (sel->kind == GQL_SEL_FIELD && sel->alias)
            n++;
        if (sel->selection_set)
            n += gql_v_count_aliases(sel->selection_set);
    }
    return n;
}

