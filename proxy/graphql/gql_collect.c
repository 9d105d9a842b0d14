/*
 * gql_collect.c - what execution needs to walk a document: choosing the
 * operation, finding a fragment, @skip/@include, and CollectFields (spec
 * 6.3.2).  It reads the document and the schema only: no validation, no
 * coercion of values, no JSON but the borrowed variables.
 *
 * It must not call the validator (gql_validate*.c): those call it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gql_collect.h"

/* Picks the operation to execute. */
const GqlDefinition *
gql_select_operation(const GqlDocument *doc, const char *operation_name, GqlErrors *errs)
{
    const GqlDefinition *found = NULL;
    int         n = 0;

    for (const GqlDefinition *d = doc->definitions; d; d = d->next)
    {
        if (d->kind != GQL_DEF_OPERATION)
            continue;
        n++;
        if (operation_name && operation_name[0])
        {
            if (d->name && strcmp(d->name, operation_name) == 0)
                return d;
        }
        else if (found == NULL)
            found = d;
    }
    if (operation_name && operation_name[0])
    {
        gql_error_add(errs, GQL_CODE_OPERATION_NOT_FOUND, NULL, (GqlPos) {0, 0},
                      "Unknown operation named \"%s\".", operation_name);
        return NULL;
    }
    if (n == 0)
    {
        gql_error_add(errs, GQL_CODE_OPERATION_NOT_FOUND, NULL, (GqlPos) {0, 0},
                      "Must provide an operation.");
        return NULL;
    }
    if (n > 1)
    {
        gql_error_add(errs, GQL_CODE_OPERATION_NOT_FOUND, NULL, (GqlPos) {0, 0},
                      "Must provide operation name if query contains multiple operations.");
        return NULL;
    }
    return found;
}

/* Fragment definition by name. */
const GqlDefinition *
gql_find_fragment(const GqlDocument *doc, const char *name)
{
    for (const GqlDefinition *d = doc->definitions; d; d = d->next)
        if (d->kind == GQL_DEF_FRAGMENT && strcmp(d->name, name) == 0)
            return d;
    return NULL;
}

/* The `if` argument of @skip/@include: literal or variable. */
static bool
IfValue(const GqlDirective *d, const json_t *variables, bool dflt)
{
    for (const GqlArgument *a = d->args; a; a = a->next)
    {
        if (strcmp(a->name, "if") != 0)
            continue;
        if (a->value->kind == GQL_VALUE_BOOLEAN)
            return a->value->boolean;
        if (a->value->kind == GQL_VALUE_VARIABLE && variables)
        {
            json_t     *v = json_object_get(variables, a->value->str);

            if (json_is_boolean(v))
                return json_is_true(v);
        }
    }
    return dflt;
}

/* @skip / @include. */
bool
gql_should_include(const GqlDirective *directives, const json_t *variables)
{
    for (const GqlDirective *d = directives; d; d = d->next)
    {
        if (strcmp(d->name, "skip") == 0 && IfValue(d, variables, false))
            return false;
        if (strcmp(d->name, "include") == 0 && !IfValue(d, variables, true))
            return false;
    }
    return true;
}

typedef struct Collector
{
    GqlArena   *arena;
    const GqlSchema *schema;
    const GqlDocument *doc;
    const GqlTypeDef *type;
    const json_t *variables;
    GqlFieldGroup *head;
    GqlFieldGroup *tail;
    const char **visited;       /* fragment names already expanded */
    int         nvisited;
    int         cap;
    bool        oom;
} Collector;

/* Whether a fragment with type condition cond applies to the collector's type. */
static bool
Applies(Collector *c, const char *cond)
{
    const GqlTypeDef *t;

    if (cond == NULL)
        return true;
    t = gql_schema_type(c->schema, cond);
    if (t == NULL)
        return false;
    if (t == c->type)
        return true;
    if (gql_type_is_abstract(c->type))
        return gql_types_overlap(c->schema, t, c->type);
    return gql_type_is_possible(c->schema, t, c->type);
}

/* Adds a field to its response-key group. */
static void
AddField(Collector *c, const GqlSelection *sel)
{
    const char *key = GQL_RESPONSE_KEY(sel);
    GqlFieldGroup *g;

    for (g = c->head; g; g = g->next)
        if (strcmp(g->response_key, key) == 0)
            break;
    if (g == NULL)
    {
        g = gql_arena_alloc(c->arena, sizeof(GqlFieldGroup));
        if (g == NULL)
        {
            c->oom = true;
            return;
        }
        g->response_key = key;
        if (c->tail)
            c->tail->next = g;
        else
            c->head = g;
        c->tail = g;
    }
    /* grow by doubling: capacity is the next power of two >= nfields */
    if ((g->nfields & (g->nfields - 1)) == 0)
    {
        int         ncap = g->nfields ? g->nfields * 2 : 1;
        const GqlSelection **nf = gql_arena_alloc(c->arena, (size_t) ncap * sizeof(*nf));

        if (nf == NULL)
        {
            c->oom = true;
            return;
        }
        if (g->nfields)
            memcpy(nf, g->fields, (size_t) g->nfields * sizeof(*nf));
        g->fields = nf;
    }
    g->fields[g->nfields++] = sel;
}

/* CollectFields over one selection set. */
static void
Collect(Collector *c, const GqlSelectionSet *ss)
{
    for (const GqlSelection *sel = ss->selections; sel && !c->oom; sel = sel->next)
    {
        if (!gql_should_include(sel->directives, c->variables))
            continue;
        switch (sel->kind)
        {
            case GQL_SEL_FIELD:
                AddField(c, sel);
                break;
            case GQL_SEL_INLINE_FRAGMENT:
                if (Applies(c, sel->type_condition))
                    Collect(c, sel->selection_set);
                break;
            case GQL_SEL_FRAGMENT_SPREAD:
                {
                    const GqlDefinition *f = sel->fragment ? sel->fragment : gql_find_fragment(c->doc, sel->name);
                    bool        seen = false;

                    for (int i = 0; i < c->nvisited && !seen; i++)
                        seen = strcmp(c->visited[i], sel->name) == 0;
                    if (seen || f == NULL)
                        break;
                    if (c->nvisited == c->cap)
                    {
                        int         ncap = c->cap ? c->cap * 2 : 8;
                        const char **nv = gql_arena_alloc(c->arena, (size_t) ncap * sizeof(*nv));

                        if (nv == NULL)
                        {
                            c->oom = true;
                            break;
                        }
                        if (c->nvisited)
                            memcpy(nv, c->visited, (size_t) c->nvisited * sizeof(*nv));
                        c->visited = nv;
                        c->cap = ncap;
                    }
                    c->visited[c->nvisited++] = sel->name;
                    if (Applies(c, f->type_condition))
                        Collect(c, f->selection_set);
                    break;
                }
        }
    }
}

/* CollectFields for an object type over one or more selection sets. */
GqlFieldGroup *
gql_collect_fields(GqlArena *arena, const GqlSchema *schema, const GqlDocument *doc,
                   const GqlTypeDef *object_type, const GqlSelectionSet *const *sets, int nsets,
                   const json_t *variables)
{
    Collector   c;

    memset(&c, 0, sizeof(c));
    c.arena = arena;
    c.schema = schema;
    c.doc = doc;
    c.type = object_type;
    c.variables = variables;
    for (int i = 0; i < nsets; i++)
        if (sets[i])
            Collect(&c, sets[i]);
    return c.oom ? NULL : c.head;
}
