/*
 * gql_validate.c - the validation rules of spec section 5 for executable
 * documents, in the order and wording of graphql-js's specifiedRules, plus
 * the operation-type existence rule of the current draft and our limits
 * (depth, field count, aliases, document size).
 *
 * One walk per definition keeps the type information (parent type, input
 * type of each value) and records fragment spreads and variable usages; the
 * rules that need the whole document (fragment cycles, unused fragments,
 * variables through fragments) run afterwards on what the walk recorded;
 * field merging, the limits and the introspection depth live in
 * gql_validate_merge.c.  Everything is allocated in the document's arena.
 *
 * It must not coerce values or run anything: it only reports errors and
 * fills in the resolution fields.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gql_collect.h"
#include "gql_validate.h"
#include "gql_validate_merge.h"
#include "gql_validate_util.h"
#include "gql_validate_values.h"

#define DEFAULT_MAX_DEPTH 12
#define DEFAULT_MAX_FIELDS 500
#define DEFAULT_MAX_ALIASES 50
#define DEFAULT_MAX_BYTES (1024 * 1024)

/* ---- selections -------------------------------------------------------- */

/* Type named by a type condition, reporting unknown and non-composite types. */
static const GqlTypeDef *
TypeCondition(V *v, const char *name, GqlPos pos, const char *fragment_name)
{
    const GqlTypeDef *t = gql_schema_type(v->schema, name);

    if (t == NULL)
    {
        VERR(v, "KnownTypeNames", pos, "Unknown type \"%s\".", name);
        return NULL;
    }
    if (!gql_type_is_composite(t))
    {
        if (fragment_name)
            VERR(v, "FragmentsOnCompositeTypes", pos,
                 "Fragment \"%s\" cannot condition on non composite type \"%s\".", fragment_name, name);
        else
            VERR(v, "FragmentsOnCompositeTypes", pos,
                 "Fragment cannot condition on non composite type \"%s\".", name);
        return NULL;
    }
    return t;
}

static void WalkSelectionSet(V *v, const GqlTypeDef *parent, GqlSelectionSet *ss);

/* One field selection. */
static void
WalkField(V *v, const GqlTypeDef *parent, GqlSelection *sel)
{
    const GqlFieldDef *def = NULL;
    const GqlTypeDef *type = NULL;

    if (parent)
    {
        def = gql_schema_meta_field(v->schema, parent, sel->name);
        if (def == NULL && (parent->kind == GQL_KIND_OBJECT || parent->kind == GQL_KIND_INTERFACE))
            def = gql_type_field(parent, sel->name);
        if (def == NULL)
            VERR(v, "FieldsOnCorrectType", sel->pos, "Cannot query field \"%s\" on type \"%s\".",
                 sel->name, parent->name);
    }
    sel->field_def = def;
    sel->parent_type = parent;
    gql_v_check_directives(v, sel->directives, GQL_LOC_FIELD);
    gql_v_check_arguments(v, sel->args, def != NULL, def ? def->args : NULL, false,
                   parent ? parent->name : "", sel->name, sel->pos);
    if (def)
    {
        type = gql_typeref_named(def->type);
        if (gql_type_is_leaf(type) && sel->selection_set)
            VERR(v, "ScalarLeafs", sel->selection_set->pos,
                 "Field \"%s\" must not have a selection since type \"%s\" has no subfields.",
                 sel->name, gql_v_type_text(v, def->type));
        else if (!gql_type_is_leaf(type) && sel->selection_set == NULL)
            VERR(v, "ScalarLeafs", sel->pos,
                 "Field \"%s\" of type \"%s\" must have a selection of subfields.",
                 sel->name, gql_v_type_text(v, def->type));
    }
    if (sel->selection_set)
        WalkSelectionSet(v, type && gql_type_is_composite(type) ? type : NULL, sel->selection_set);
}

/* Records a spread and checks it names a fragment that can apply here. */
static void
WalkSpread(V *v, const GqlTypeDef *parent, GqlSelection *sel)
{
    DefInfo    *fi = gql_v_fragment(v, sel->name);
    Spread     *sp = gql_arena_alloc(v->arena, sizeof(Spread));

    gql_v_check_directives(v, sel->directives, GQL_LOC_FRAGMENT_SPREAD);
    if (sp && v->cur)
    {
        sp->name = sel->name;
        sp->pos = sel->pos;
        Spread    **tail = &v->cur->spreads;

        while (*tail)
            tail = &(*tail)->next;
        *tail = sp;
    }
    if (fi == NULL)
    {
        VERR(v, "KnownFragmentNames", sel->name_pos, "Unknown fragment \"%s\".", sel->name);
        return;
    }
    sel->fragment = fi->def;
    if (parent && fi->type && !gql_types_overlap(v->schema, fi->type, parent))
        VERR(v, "PossibleFragmentSpreads", sel->pos,
             "Fragment \"%s\" cannot be spread here as objects of type \"%s\" can never be of type \"%s\".",
             sel->name, parent->name, fi->type->name);
}

/* An inline fragment. */
static void
WalkInline(V *v, const GqlTypeDef *parent, GqlSelection *sel)
{
    const GqlTypeDef *t = parent;

    gql_v_check_directives(v, sel->directives, GQL_LOC_INLINE_FRAGMENT);
    if (sel->type_condition)
    {
        t = TypeCondition(v, sel->type_condition, sel->type_condition_pos, NULL);
        if (t && parent && !gql_types_overlap(v->schema, t, parent))
            VERR(v, "PossibleFragmentSpreads", sel->pos,
                 "Fragment cannot be spread here as objects of type \"%s\" can never be of type \"%s\".",
                 parent->name, t->name);
    }
    WalkSelectionSet(v, t, sel->selection_set);
}

/* Walks the selections of a set with their parent type (NULL: unknown). */
static void
WalkSelectionSet(V *v, const GqlTypeDef *parent, GqlSelectionSet *ss)
{
    for (GqlSelection *sel = ss->selections; sel; sel = sel->next)
    {
        switch (sel->kind)
        {
            case GQL_SEL_FIELD:
                WalkField(v, parent, sel);
                break;
            case GQL_SEL_FRAGMENT_SPREAD:
                WalkSpread(v, parent, sel);
                break;
            case GQL_SEL_INLINE_FRAGMENT:
                WalkInline(v, parent, sel);
                break;
        }
    }
}

/* Variable definitions of an operation. */
static void
WalkVariables(V *v, GqlDefinition *op)
{
    for (GqlVariableDef *vd = op->variables; vd; vd = vd->next)
    {
        GqlTypeRef *named = vd->type;
        const GqlTypeDef *t;

        for (GqlVariableDef *w = op->variables; w != vd; w = w->next)
            if (strcmp(w->name, vd->name) == 0)
            {
                GqlError   *e = VERR(v, "UniqueVariableNames", w->name_pos,
                                     "There can be only one variable named \"$%s\".", vd->name);

                gql_error_add_location(e, vd->name_pos);
                break;
            }
        while (named->kind != GQL_TYPEREF_NAMED)
            named = named->of;
        t = gql_schema_type(v->schema, named->name);
        named->def = t;
        if (t == NULL)
            VERR(v, "KnownTypeNames", named->pos, "Unknown type \"%s\".", named->name);
        else if (!gql_type_is_input(t))
            VERR(v, "VariablesAreInputTypes", vd->type->pos,
                 "Variable \"$%s\" cannot be non-input type \"%s\".", vd->name, gql_v_type_text(v, vd->type));
        if (vd->default_value)
            gql_v_walk_value(v, vd->default_value, t && gql_type_is_input(t) ? vd->type : NULL, false);
        gql_v_check_directives(v, vd->directives, GQL_LOC_VARIABLE_DEFINITION);
    }
}

/* ---- whole-document rules --------------------------------------------- */

/* NoFragmentCycles: depth-first search over spreads, reporting back edges with the spreads of the cycle. */
static void
DetectCycles(V *v, DefInfo *fi, DefInfo **path, GqlPos *spread_pos, int depth)
{
    fi->state = 1;
    path[depth] = fi;
    for (Spread *sp = fi->spreads; sp; sp = sp->next)
    {
        DefInfo    *to = gql_v_fragment(v, sp->name);

        if (to == NULL)
            continue;
        spread_pos[depth] = sp->pos;
        if (to->state == 1)
        {
            char       *via = gql_arena_strdup(v->arena, "");
            int         start = depth;
            GqlError   *e;

            while (start > 0 && path[start] != to)
                start--;
            for (int i = start + 1; i <= depth && via; i++)
                via = gql_arena_printf(v->arena, "%s%s\"%s\"", via, i > start + 1 ? ", " : "",
                                       path[i]->def->name);
            if (via && via[0])
                e = VERR(v, "NoFragmentCycles", spread_pos[start],
                         "Cannot spread fragment \"%s\" within itself via %s.", to->def->name, via);
            else
                e = VERR(v, "NoFragmentCycles", spread_pos[start],
                         "Cannot spread fragment \"%s\" within itself.", to->def->name);
            for (int i = start + 1; i <= depth; i++)
                gql_error_add_location(e, spread_pos[i]);
        }
        else if (to->state == 0)
            DetectCycles(v, to, path, spread_pos, depth + 1);
    }
    fi->state = 2;
}

/* Marks the fragments reachable from a spread list with the current generation; collects usages. */
static void
Reach(V *v, Spread *spreads, Usage ***tail)
{
    for (Spread *sp = spreads; sp; sp = sp->next)
    {
        DefInfo    *fi = gql_v_fragment(v, sp->name);

        if (fi == NULL || fi->mark == v->generation)
            continue;
        fi->mark = v->generation;
        fi->used = true;
        for (Usage *u = fi->usages; u; u = u->next)
        {
            Usage      *c = gql_arena_alloc(v->arena, sizeof(Usage));

            if (c == NULL)
                continue;
            *c = *u;
            c->next = NULL;
            **tail = c;
            *tail = &c->next;
        }
        Reach(v, fi->spreads, tail);
    }
}

/* isTypeSubTypeOf for input positions. */
static bool
IsSubType(const GqlSchema *s, const GqlTypeRef *sub, const GqlTypeRef *super)
{
    if (super->kind == GQL_TYPEREF_NON_NULL)
        return sub->kind == GQL_TYPEREF_NON_NULL && IsSubType(s, sub->of, super->of);
    if (sub->kind == GQL_TYPEREF_NON_NULL)
        return IsSubType(s, sub->of, super);
    if (super->kind == GQL_TYPEREF_LIST)
        return sub->kind == GQL_TYPEREF_LIST && IsSubType(s, sub->of, super->of);
    if (sub->kind == GQL_TYPEREF_LIST)
        return false;
    if (sub->def == NULL || super->def == NULL)
        return true;
    return sub->def == super->def ||
        (gql_type_is_abstract(super->def) && gql_type_is_possible(s, super->def, sub->def));
}

/* Whether every named type in a ref is resolved. */
static bool
RefKnown(const GqlTypeRef *t)
{
    while (t->kind != GQL_TYPEREF_NAMED)
        t = t->of;
    return t->def != NULL;
}

/* NoUndefinedVariables, NoUnusedVariables, VariablesInAllowedPosition for one operation. */
static void
CheckOperationVariables(V *v, DefInfo *op)
{
    Usage      *all = NULL;
    Usage     **tail = &all;
    const char *opname = op->def->name;

    for (Usage *u = op->usages; u; u = u->next)
    {
        Usage      *c = gql_arena_alloc(v->arena, sizeof(Usage));

        if (c == NULL)
            continue;
        *c = *u;
        c->next = NULL;
        *tail = c;
        tail = &c->next;
    }
    v->generation++;
    Reach(v, op->spreads, &tail);
    for (Usage *u = all; u; u = u->next)
    {
        GqlVariableDef *vd = NULL;

        for (GqlVariableDef *w = op->def->variables; w && !vd; w = w->next)
            if (strcmp(w->name, u->name) == 0)
                vd = w;
        if (vd == NULL)
        {
            GqlError   *e;

            /* report each undefined variable once per position */
            if (opname)
                e = VERR(v, "NoUndefinedVariables", u->pos,
                         "Variable \"$%s\" is not defined by operation \"%s\".", u->name, opname);
            else
                e = VERR(v, "NoUndefinedVariables", u->pos, "Variable \"$%s\" is not defined.", u->name);
            gql_error_add_location(e, op->def->pos);
            continue;
        }
        if (u->type && RefKnown(vd->type) && RefKnown(u->type))
        {
            const GqlTypeRef *loc = u->type;
            bool        ok;

            if (loc->kind == GQL_TYPEREF_NON_NULL && vd->type->kind != GQL_TYPEREF_NON_NULL)
            {
                bool        var_default = vd->default_value && vd->default_value->kind != GQL_VALUE_NULL;

                ok = (var_default || u->has_default) && IsSubType(v->schema, vd->type, loc->of);
            }
            else
                ok = IsSubType(v->schema, vd->type, loc);
            if (!ok)
            {
                GqlError   *e = VERR(v, "VariablesInAllowedPosition", vd->pos,
                                     "Variable \"$%s\" of type \"%s\" used in position expecting type \"%s\".",
                                     u->name, gql_v_type_text(v, vd->type), gql_v_type_text(v, loc));

                gql_error_add_location(e, u->pos);
            }
        }
    }
    for (GqlVariableDef *w = op->def->variables; w; w = w->next)
    {
        bool        used = false;

        for (Usage *u = all; u && !used; u = u->next)
            used = strcmp(u->name, w->name) == 0;
        if (!used)
        {
            if (opname)
                VERR(v, "NoUnusedVariables", w->pos, "Variable \"$%s\" is never used in operation \"%s\".",
                     w->name, opname);
            else
                VERR(v, "NoUnusedVariables", w->pos, "Variable \"$%s\" is never used.", w->name);
        }
    }
}

/* ---- driver ------------------------------------------------------------ */

/* Validates a document. */
bool
gql_validate(const GqlSchema *schema, GqlDocument *doc, const GqlLimits *limits, GqlErrors *errs)
{
    V           v;
    int         nfrag = 0;
    int         nop = 0;
    int         nanon = 0;
    int         before = errs->count;
    DefInfo    *ops;
    int         iop = 0;
    DefInfo   **path;
    GqlPos     *spread_pos;
    bool        other_errors;
    bool        merge_ok = false;
    bool        limited = false;    /* a limit was exceeded */
    bool        cycles_found;
    int         cycles_before;

    memset(&v, 0, sizeof(v));
    v.schema = schema;
    v.doc = doc;
    v.errs = errs;
    if (errs->arena == NULL)
        errs->arena = doc->arena;
    v.arena = doc->arena;
    v.max_depth = limits && limits->max_depth ? limits->max_depth : DEFAULT_MAX_DEPTH;
    v.max_fields = limits && limits->max_fields ? limits->max_fields : DEFAULT_MAX_FIELDS;
    v.max_aliases = limits && limits->max_aliases ? limits->max_aliases : DEFAULT_MAX_ALIASES;
    v.max_bytes = limits && limits->max_bytes ? limits->max_bytes : DEFAULT_MAX_BYTES;
    v.max_merge_work = limits && limits->max_merge_work ? limits->max_merge_work : GQL_MERGE_BUDGET;
    if (limits && limits->max_errors)
        errs->max = limits->max_errors;

    if (doc->length > v.max_bytes)
    {
        gql_error_add(errs, GQL_CODE_VALIDATION_FAILED, "MaxDocumentSize", (GqlPos) {1, 1},
                      "Document is larger than the maximum of %zu bytes.", v.max_bytes);
        return false;
    }
    for (GqlDefinition *d = doc->definitions; d; d = d->next)
    {
        if (d->kind == GQL_DEF_FRAGMENT)
            nfrag++;
        else if (d->kind == GQL_DEF_OPERATION)
        {
            nop++;
            if (d->name == NULL)
                nanon++;
        }
    }
    v.nslots = 16;
    while (v.nslots < (size_t) nfrag * 2 + 2)
        v.nslots *= 2;
    v.frags = gql_arena_alloc(v.arena, v.nslots * sizeof(DefInfo));
    ops = gql_arena_alloc(v.arena, ((size_t) nop + 1) * sizeof(DefInfo));
    path = gql_arena_alloc(v.arena, ((size_t) nfrag + 1) * sizeof(DefInfo *));
    spread_pos = gql_arena_alloc(v.arena, ((size_t) nfrag + 1) * sizeof(GqlPos));
    if (v.frags == NULL || ops == NULL || path == NULL || spread_pos == NULL)
    {
        gql_error_add(errs, GQL_CODE_VALIDATION_FAILED, NULL, (GqlPos) {0, 0}, "out of memory");
        return false;
    }

    /* ExecutableDefinitions, UniqueOperationNames, LoneAnonymousOperation, UniqueFragmentNames */
    for (GqlDefinition *d = doc->definitions; d; d = d->next)
    {
        switch (d->kind)
        {
            case GQL_DEF_TYPE:
                VERR(&v, "ExecutableDefinitions", d->pos, "The \"%s\" definition is not executable.",
                     d->type_def->name);
                break;
            case GQL_DEF_DIRECTIVE:
                VERR(&v, "ExecutableDefinitions", d->pos, "The \"%s\" definition is not executable.",
                     d->directive_def->name);
                break;
            case GQL_DEF_SCHEMA:
                VERR(&v, "ExecutableDefinitions", d->pos, "The schema definition is not executable.");
                break;
            case GQL_DEF_OPERATION:
                if (d->name == NULL && nop > 1)
                    VERR(&v, "LoneAnonymousOperation", d->pos,
                         "This anonymous operation must be the only defined operation.");
                if (d->name)
                    for (GqlDefinition *e = doc->definitions; e != d; e = e->next)
                        if (e->kind == GQL_DEF_OPERATION && e->name && strcmp(e->name, d->name) == 0)
                        {
                            GqlError   *err = VERR(&v, "UniqueOperationNames", e->name_pos,
                                                   "There can be only one operation named \"%s\".", d->name);

                            gql_error_add_location(err, d->name_pos);
                            break;
                        }
                break;
            case GQL_DEF_FRAGMENT:
                {
                    DefInfo    *slot = gql_v_fragment_slot(&v, d->name);

                    if (slot->def == NULL)
                    {
                        slot->def = slot->first_def = d;
                        slot->depth_memo = -1;
                        slot->introspection_seen = -1;
                    }
                    else
                    {
                        GqlError   *err = VERR(&v, "UniqueFragmentNames", slot->first_def->name_pos,
                                               "There can be only one fragment named \"%s\".", d->name);

                        gql_error_add_location(err, d->name_pos);
                        /* spreads resolve to the last definition of a name, as in graphql-js */
                        slot->def = d;
                    }
                    break;
                }
        }
    }
    /* fragment types first, so spreads can check PossibleFragmentSpreads */
    for (size_t i = 0; i < v.nslots; i++)
        if (v.frags[i].def)
            v.frags[i].type = TypeCondition(&v, v.frags[i].def->type_condition,
                                            v.frags[i].def->type_condition_pos, v.frags[i].def->name);
    /* walk every definition */
    for (GqlDefinition *d = doc->definitions; d; d = d->next)
    {
        if (d->kind == GQL_DEF_OPERATION)
        {
            DefInfo    *op = &ops[iop++];
            const GqlTypeDef *root = gql_schema_root_type(schema, d->operation);
            unsigned    loc = d->operation == GQL_OP_QUERY ? GQL_LOC_QUERY :
                d->operation == GQL_OP_MUTATION ? GQL_LOC_MUTATION : GQL_LOC_SUBSCRIPTION;

            op->def = d;
            op->type = root;
            v.cur = op;
            if (root == NULL)
                VERR(&v, "KnownOperationTypes", d->pos, "The %s operation is not supported by the schema.",
                     gql_operation_name(d->operation));
            WalkVariables(&v, d);
            gql_v_check_directives(&v, d->directives, loc);
            WalkSelectionSet(&v, root, d->selection_set);
            if (d->operation == GQL_OP_SUBSCRIPTION && root)
            {
                GqlFieldGroup *g = gql_collect_fields(v.arena, schema, doc, root,
                                                      (const GqlSelectionSet *const *) &d->selection_set, 1, NULL);
                int         n = 0;

                for (GqlFieldGroup *x = g; x; x = x->next)
                {
                    n++;
                    if (n == 2 && d->name)
                        VERR(&v, "SingleFieldSubscriptions", x->fields[0]->pos,
                             "Subscription \"%s\" must select only one top level field.", d->name);
                    else if (n == 2)
                        VERR(&v, "SingleFieldSubscriptions", x->fields[0]->pos,
                             "Anonymous Subscription must select only one top level field.");
                    if (strncmp(x->fields[0]->name, "__", 2) == 0 && d->name)
                        VERR(&v, "SingleFieldSubscriptions", x->fields[0]->pos,
                             "Subscription \"%s\" must not select an introspection top level field.", d->name);
                    else if (strncmp(x->fields[0]->name, "__", 2) == 0)
                        VERR(&v, "SingleFieldSubscriptions", x->fields[0]->pos,
                             "Anonymous Subscription must not select an introspection top level field.");
                }
            }
        }
        else if (d->kind == GQL_DEF_FRAGMENT)
        {
            DefInfo    *fi = gql_v_fragment(&v, d->name);

            if (fi == NULL || fi->def != d)
            {
                /* an earlier duplicate: walk it for its own errors; spreads use the last */
                DefInfo     tmp = {0};

                tmp.def = d;
                v.cur = &tmp;
                gql_v_check_directives(&v, d->directives, GQL_LOC_FRAGMENT_DEFINITION);
                WalkSelectionSet(&v, gql_schema_type(schema, d->type_condition), d->selection_set);
                continue;
            }
            v.cur = fi;
            gql_v_check_directives(&v, d->directives, GQL_LOC_FRAGMENT_DEFINITION);
            WalkSelectionSet(&v, fi->type, d->selection_set);
        }
    }
    v.cur = NULL;
    /* NoFragmentCycles */
    cycles_before = errs->count;
    for (GqlDefinition *d = doc->definitions; d; d = d->next)
        if (d->kind == GQL_DEF_FRAGMENT)
        {
            DefInfo    *fi = gql_v_fragment(&v, d->name);

            if (fi && fi->def == d && fi->state == 0)
                DetectCycles(&v, fi, path, spread_pos, 0);
        }
    cycles_found = errs->count > cycles_before;
    /* variables through fragments; marks used fragments */
    for (int i = 0; i < iop; i++)
        CheckOperationVariables(&v, &ops[i]);
    /* NoUnusedFragments */
    for (GqlDefinition *d = doc->definitions; d; d = d->next)
        if (d->kind == GQL_DEF_FRAGMENT)
        {
            DefInfo    *fi = gql_v_fragment(&v, d->name);

            if (fi && !fi->used)
                VERR(&v, "NoUnusedFragments", d->pos, "Fragment \"%s\" is never used.", d->name);
        }
    other_errors = errs->count > before;
    /*
     * limits (before merging, which could be expensive on fragment bombs);
     * the field budget covers all operations together, so that merging,
     * which checks every operation and fragment, stays bounded
     */
    {
        long        total = 0;

        for (int i = 0; i < iop; i++)
        {
            long        depth;
            long        fields;

            gql_v_measure(&v, ops[i].def->selection_set, &depth, &fields);
            if (depth > v.max_depth)
            {
                limited = true;
                gql_error_add(errs, GQL_CODE_VALIDATION_FAILED, "MaxDepth", ops[i].def->pos,
                              "Query depth %ld exceeds the maximum of %d.", depth, v.max_depth);
            }
            total = fields > LONG_MAX - total ? LONG_MAX : total + fields;
        }
        if (total > v.max_fields)
        {
            limited = true;
            gql_error_add(errs, GQL_CODE_VALIDATION_FAILED, "MaxFields", (GqlPos) {1, 1},
                          "Document selects %ld fields (fragments expanded), more than the maximum of %d.",
                          total, v.max_fields);
        }
        /* with other errors, fragments may be unused: bound them too before merging */
        if (other_errors)
            for (size_t i = 0; i < v.nslots; i++)
                if (v.frags[i].def)
                {
                    long        depth;
                    long        fields;

                    gql_v_measure(&v, v.frags[i].def->selection_set, &depth, &fields);
                    total = fields > LONG_MAX - total ? LONG_MAX : total + fields;
                }
        /* merging compares fields level by level without remembering pairs: a
         * fragment cycle would make it exponential, and the document is invalid */
        merge_ok = !cycles_found && total <= v.max_fields;
    }
    {
        long        aliases = 0;

        for (GqlDefinition *d = doc->definitions; d; d = d->next)
            if (d->selection_set)
                aliases += gql_v_count_aliases(d->selection_set);
        if (aliases > v.max_aliases)
        {
            limited = true;
            gql_error_add(errs, GQL_CODE_VALIDATION_FAILED, "MaxAliases", (GqlPos) {1, 1},
                          "Document uses %ld aliases, more than the maximum of %d.", aliases, v.max_aliases);
        }
    }
    /* (a flag, not the error count: a full error list drops the limits' errors) */
    if (!merge_ok || limited)
        return false;
    /* OverlappingFieldsCanBeMerged, MaxIntrospectionDepth (also after other errors, as graphql-js) */
    for (GqlDefinition *d = doc->definitions; d; d = d->next)
    {
        if (d->kind == GQL_DEF_OPERATION)
            gql_v_check_merging(&v, gql_schema_root_type(schema, d->operation), d->selection_set);
        else if (d->kind == GQL_DEF_FRAGMENT)
            gql_v_check_merging(&v, gql_schema_type(schema, d->type_condition), d->selection_set);
        if (d->selection_set)
            gql_v_check_introspection(&v, d->selection_set);
    }
    if (v.merge_over)
        gql_error_add(errs, GQL_CODE_VALIDATION_FAILED, "MaxComplexity", (GqlPos) {1, 1},
                      "Document is too complex to check that its fields can be merged "
                      "(more than %ld field pairs).", v.max_merge_work);
    return errs->count == before;
}
