/*
 * gql_validate_merge.c - the validation rules that look at whole selection
 * trees: OverlappingFieldsCanBeMerged (spec 5.3.2, on the fields collected
 * through fragments, each fragment once per collection), our limits on
 * depth and field count (fragments expanded with memoisation, so fragment
 * bombs are measured without being expanded), and graphql-js's
 * MaxIntrospectionDepth.  Allocation goes to the document's arena.
 */
#include <limits.h>
#include <string.h>

#include "gql_validate_int.h"

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

/* Collects the fields of a selection set, through fragments (each fragment once). */
static void
CollectFieldRefs(V *v, const GqlTypeDef *parent, const GqlSelectionSet *ss, FieldVec *out)
{
    for (const GqlSelection *sel = ss->selections; sel; sel = sel->next)
    {
        switch (sel->kind)
        {
            case GQL_SEL_FIELD:
                {
                    FieldRef    r = {sel, parent, sel->field_def};

                    VecPush(v, out, r);
                    break;
                }
            case GQL_SEL_INLINE_FRAGMENT:
                {
                    const GqlTypeDef *t = parent;

                    if (sel->type_condition)
                        t = gql_schema_type(v->schema, sel->type_condition);
                    CollectFieldRefs(v, t, sel->selection_set, out);
                    break;
                }
            case GQL_SEL_FRAGMENT_SPREAD:
                {
                    DefInfo    *fi = gql_v_fragment(v, sel->name);

                    if (fi == NULL || fi->mark == v->generation)
                        break;
                    fi->mark = v->generation;
                    CollectFieldRefs(v, gql_schema_type(v->schema, fi->def->type_condition),
                                     fi->def->selection_set, out);
                    break;
                }
        }
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

static const char *FindConflict(V *v, const FieldRef *a, const FieldRef *b, bool exclusive, int depth);

/* Conflicts between the sub-selections of two fields; the first reason or NULL. */
static const char *
SubConflicts(V *v, const FieldRef *a, const FieldRef *b, bool exclusive, int depth)
{
    FieldVec    va;
    FieldVec    vb;
    const GqlTypeDef *ta = a->def ? gql_typeref_named(a->def->type) : NULL;
    const GqlTypeDef *tb = b->def ? gql_typeref_named(b->def->type) : NULL;

    FIELDVEC_INIT(va);
    FIELDVEC_INIT(vb);
    v->generation++;
    CollectFieldRefs(v, ta, a->sel->selection_set, &va);
    v->generation++;
    CollectFieldRefs(v, tb, b->sel->selection_set, &vb);
    for (int i = 0; i < va.n; i++)
        for (int j = 0; j < vb.n; j++)
        {
            const char *r;

            if (strcmp(GQL_RESPONSE_KEY(va.items[i].sel), GQL_RESPONSE_KEY(vb.items[j].sel)) != 0)
                continue;
            r = FindConflict(v, &va.items[i], &vb.items[j], exclusive, depth + 1);
            if (r)
                return gql_arena_printf(v->arena, "subfields \"%s\" conflict because %s",
                                        GQL_RESPONSE_KEY(va.items[i].sel), r);
        }
    return NULL;
}

/* The reason two same-keyed fields cannot merge, or NULL. */
static const char *
FindConflict(V *v, const FieldRef *a, const FieldRef *b, bool exclusive, int depth)
{
    if (a->sel == b->sel || depth > 64)
        return NULL;
    exclusive = exclusive || (a->parent != b->parent && a->parent && b->parent &&
                              a->parent->kind == GQL_KIND_OBJECT && b->parent->kind == GQL_KIND_OBJECT);
    if (!exclusive)
    {
        if (strcmp(a->sel->name, b->sel->name) != 0)
            return gql_arena_printf(v->arena, "\"%s\" and \"%s\" are different fields",
                                    a->sel->name, b->sel->name);
        if (!SameArguments(a->sel->args, b->sel->args))
            return "they have differing arguments";
    }
    if (a->def && b->def && TypesConflict(a->def->type, b->def->type))
        return gql_arena_printf(v->arena, "they return conflicting types \"%s\" and \"%s\"",
                                gql_v_type_text(v, a->def->type), gql_v_type_text(v, b->def->type));
    if (a->sel->selection_set && b->sel->selection_set)
        return SubConflicts(v, a, b, exclusive, depth);
    return NULL;
}

/* Checks every selection set of a definition for fields that cannot merge. */
void
gql_v_check_merging(V *v, const GqlTypeDef *parent, const GqlSelectionSet *ss)
{
    FieldVec    vec;

    FIELDVEC_INIT(vec);
    v->generation++;
    CollectFieldRefs(v, parent, ss, &vec);
    for (int i = 0; i < vec.n; i++)
        for (int j = i + 1; j < vec.n; j++)
        {
            const char *key = GQL_RESPONSE_KEY(vec.items[i].sel);
            const char *r;

            if (strcmp(key, GQL_RESPONSE_KEY(vec.items[j].sel)) != 0)
                continue;
            r = FindConflict(v, &vec.items[i], &vec.items[j], false, 0);
            if (r)
            {
                GqlError   *e = VERR(v, "OverlappingFieldsCanBeMerged", vec.items[i].sel->pos,
                                     "Fields \"%s\" conflict because %s. Use different aliases on the fields to fetch both if this was intentional.",
                                     key, r);

                gql_error_add_location(e, vec.items[j].sel->pos);
            }
        }
    for (const GqlSelection *sel = ss->selections; sel; sel = sel->next)
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

