/*
 * gql_validate_util.c - helpers shared by the validation files: the
 * fragment table of a document being validated, and values and types as
 * text for messages.  Lowest of the validator's files: it calls nothing in
 * gql_validate.c or gql_validate_merge.c, which both call it.
 *
 * It must not report validation errors itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gql_validate_util.h"

/* The slot of a fragment name in the open-addressed table: its info, or the empty slot it would take. */
DefInfo *
gql_v_fragment_slot(V *v, const char *name)
{
    size_t      mask = v->nslots - 1;

    for (size_t i = gql_hash_name(name) & mask;; i = (i + 1) & mask)
        if (v->frags[i].def == NULL || strcmp(v->frags[i].def->name, name) == 0)
            return &v->frags[i];
}

/* Fragment info by name, NULL when no fragment has it. */
DefInfo *
gql_v_fragment(V *v, const char *name)
{
    DefInfo    *slot;

    if (v->nslots == 0)
        return NULL;
    slot = gql_v_fragment_slot(v, name);
    return slot->def ? slot : NULL;
}

/* Prints a value literal compactly (as graphql-js print does) into the arena. */
static void
PrintValue(GqlArena *a, const GqlValue *val, char **buf, size_t *len, size_t *cap)
{
    char        tmp[64];
    const char *s = NULL;
    size_t      n;

#define PUT(str, l) do { size_t l_ = (l); if (*len + l_ + 1 > *cap) { size_t nc = (*cap + l_ + 1) * 2; char *nb = gql_arena_alloc(a, nc); if (!nb) return; memcpy(nb, *buf, *len); *buf = nb; *cap = nc; } memcpy(*buf + *len, (str), l_); *len += l_; (*buf)[*len] = '\0'; } while (0)
    switch (val->kind)
    {
        case GQL_VALUE_VARIABLE:
            PUT("$", 1);
            PUT(val->str, val->len);
            return;
        case GQL_VALUE_INT:
        case GQL_VALUE_FLOAT:
        case GQL_VALUE_ENUM:
            PUT(val->str, val->len);
            return;
        case GQL_VALUE_BOOLEAN:
            s = val->boolean ? "true" : "false";
            PUT(s, strlen(s));
            return;
        case GQL_VALUE_NULL:
            PUT("null", 4);
            return;
        case GQL_VALUE_STRING:
            PUT("\"", 1);
            for (size_t i = 0; i < val->len; i++)
            {
                unsigned char c = (unsigned char) val->str[i];

                if (c == '"' || c == '\\')
                {
                    tmp[0] = '\\';
                    tmp[1] = (char) c;
                    PUT(tmp, 2);
                }
                else if (c < 0x20)
                {
                    n = (size_t) snprintf(tmp, sizeof(tmp), "\\u%04X", c);
                    PUT(tmp, n);
                }
                else
                    PUT((const char *) &val->str[i], 1);
            }
            PUT("\"", 1);
            return;
        case GQL_VALUE_LIST:
            PUT("[", 1);
            for (const GqlValue *it = val->items; it; it = it->next)
            {
                PrintValue(a, it, buf, len, cap);
                if (it->next)
                    PUT(", ", 2);
            }
            PUT("]", 1);
            return;
        case GQL_VALUE_OBJECT:
            PUT("{", 1);
            for (const GqlObjectField *f = val->fields; f; f = f->next)
            {
                PUT(f->name, strlen(f->name));
                PUT(": ", 2);
                PrintValue(a, f->value, buf, len, cap);
                if (f->next)
                    PUT(", ", 2);
            }
            PUT("}", 1);
            return;
    }
#undef PUT
}

/* A value literal as text (arena). */
const char *
gql_v_value_text(V *v, const GqlValue *val)
{
    char       *buf = gql_arena_alloc(v->arena, 64);
    size_t      len = 0;
    size_t      cap = 64;

    if (buf == NULL)
        return "?";
    PrintValue(v->arena, val, &buf, &len, &cap);
    return buf;
}

/* A type ref as text (arena). */
const char *
gql_v_type_text(V *v, const GqlTypeRef *t)
{
    const char *s = gql_typeref_string(v->arena, t);

    return s ? s : "?";
}

/* Whether two value literals are the same (for field merging). */
bool
gql_v_same_value(const GqlValue *a, const GqlValue *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind)
    {
        case GQL_VALUE_BOOLEAN:
            return a->boolean == b->boolean;
        case GQL_VALUE_NULL:
            return true;
        case GQL_VALUE_LIST:
            for (a = a->items, b = b->items; a && b; a = a->next, b = b->next)
                if (!gql_v_same_value(a, b))
                    return false;
            return a == NULL && b == NULL;
        case GQL_VALUE_OBJECT:
            {
                const GqlObjectField *fa = a->fields;
                const GqlObjectField *fb = b->fields;

                for (; fa && fb; fa = fa->next, fb = fb->next)
                    if (strcmp(fa->name, fb->name) != 0 || !gql_v_same_value(fa->value, fb->value))
                        return false;
                return fa == NULL && fb == NULL;
            }
        default:
            return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
    }
}
