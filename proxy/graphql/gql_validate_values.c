/*
 * gql_validate_values.c - the validation rules for one node's values,
 * arguments and directives: literals against their input types
 * (ValuesOfCorrectType, 32-bit Int), variables recorded with the type
 * expected where they are used, KnownArgumentNames, UniqueArgumentNames,
 * ProvidedRequiredArguments, KnownDirectives, UniqueDirectivesPerLocation.
 * Called by gql_validate.c while it walks a definition; it must not walk
 * selections nor call back into gql_validate.c.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gql_validate_values.h"

/* Checks an Int literal fits 32 bits. */
static bool
IntFits(const char *s)
{
    char       *end;
    long long   n;

    errno = 0;
    n = strtoll(s, &end, 10);
    return errno == 0 && *end == '\0' && n >= INT_MIN && n <= INT_MAX;
}

/*
 * Walks a value literal with its expected input type (NULL: unknown):
 * ValuesOfCorrectType, UniqueInputFieldNames, and variable usages.
 */
void
gql_v_walk_value(V *v, const GqlValue *val, const GqlTypeRef *type, bool has_default)
{
    const GqlTypeRef *inner = type;
    const GqlTypeDef *named;

    if (val->kind == GQL_VALUE_VARIABLE)
    {
        Usage      *u = gql_arena_alloc(v->arena, sizeof(Usage));

        if (u && v->cur)
        {
            u->name = val->str;
            u->pos = val->pos;
            u->type = type;
            u->has_default = has_default;
            u->next = v->cur->usages;
            v->cur->usages = u;
        }
        return;
    }
    if (val->kind == GQL_VALUE_OBJECT)
        for (const GqlObjectField *f = val->fields; f; f = f->next)
            for (const GqlObjectField *g = val->fields; g != f; g = g->next)
                if (strcmp(f->name, g->name) == 0)
                {
                    GqlError   *e = VERR(v, "UniqueInputFieldNames", g->pos,
                                         "There can be only one input field named \"%s\".", f->name);

                    gql_error_add_location(e, f->pos);
                    break;
                }
    if (type && type->kind == GQL_TYPEREF_NON_NULL)
    {
        if (val->kind == GQL_VALUE_NULL)
        {
            VERR(v, "ValuesOfCorrectType", val->pos, "Expected value of type \"%s\", found null.",
                 gql_v_type_text(v, type));
            return;
        }
        inner = type->of;
    }
    else if (val->kind == GQL_VALUE_NULL)
        return;
    if (inner && inner->kind == GQL_TYPEREF_LIST)
    {
        if (val->kind == GQL_VALUE_LIST)
            for (const GqlValue *it = val->items; it; it = it->next)
                gql_v_walk_value(v, it, inner->of, false);
        else
            gql_v_walk_value(v, val, inner->of, false);
        return;
    }
    named = inner ? inner->def : NULL;
    if (val->kind == GQL_VALUE_NULL)
        return;
    if (named == NULL)
    {
        /* unknown type: still look for variables and duplicate names */
        if (val->kind == GQL_VALUE_LIST)
            for (const GqlValue *it = val->items; it; it = it->next)
                gql_v_walk_value(v, it, NULL, false);
        else if (val->kind == GQL_VALUE_OBJECT)
            for (const GqlObjectField *f = val->fields; f; f = f->next)
                gql_v_walk_value(v, f->value, NULL, false);
        return;
    }
    if (named->kind == GQL_KIND_INPUT_OBJECT)
    {
        if (val->kind != GQL_VALUE_OBJECT)
        {
            VERR(v, "ValuesOfCorrectType", val->pos, "Expected value of type \"%s\", found %s.",
                 gql_v_type_text(v, type), gql_v_value_text(v, val));
            if (val->kind == GQL_VALUE_LIST)
                for (const GqlValue *it = val->items; it; it = it->next)
                    gql_v_walk_value(v, it, NULL, false);
            return;
        }
        for (const GqlInputValueDef *fd = named->input_fields; fd; fd = fd->next)
        {
            bool        found = false;

            for (const GqlObjectField *f = val->fields; f && !found; f = f->next)
                found = strcmp(f->name, fd->name) == 0;
            if (!found && fd->type->kind == GQL_TYPEREF_NON_NULL && fd->default_value == NULL)
                VERR(v, "ValuesOfCorrectType", val->pos,
                     "Field \"%s.%s\" of required type \"%s\" was not provided.",
                     named->name, fd->name, gql_v_type_text(v, fd->type));
        }
        for (const GqlObjectField *f = val->fields; f; f = f->next)
        {
            const GqlInputValueDef *fd = gql_type_input_field(named, f->name);

            if (fd == NULL)
                VERR(v, "ValuesOfCorrectType", f->pos, "Field \"%s\" is not defined by type \"%s\".",
                     f->name, named->name);
            gql_v_walk_value(v, f->value, fd ? fd->type : NULL, fd && fd->default_value);
        }
        return;
    }
    if (named->kind == GQL_KIND_SCALAR && !named->builtin)
    {
        /* custom scalars accept any literal; look for variables inside */
        if (val->kind == GQL_VALUE_LIST)
            for (const GqlValue *it = val->items; it; it = it->next)
                gql_v_walk_value(v, it, NULL, false);
        else if (val->kind == GQL_VALUE_OBJECT)
            for (const GqlObjectField *f = val->fields; f; f = f->next)
                gql_v_walk_value(v, f->value, NULL, false);
        return;
    }
    if (val->kind == GQL_VALUE_LIST || val->kind == GQL_VALUE_OBJECT)
    {
        /* the enum or scalar check below reports it; look for variables inside */
        if (val->kind == GQL_VALUE_LIST)
            for (const GqlValue *it = val->items; it; it = it->next)
                gql_v_walk_value(v, it, NULL, false);
        else
            for (const GqlObjectField *f = val->fields; f; f = f->next)
                gql_v_walk_value(v, f->value, NULL, false);
    }
    if (named->kind == GQL_KIND_ENUM)
    {
        if (val->kind != GQL_VALUE_ENUM)
            VERR(v, "ValuesOfCorrectType", val->pos, "Enum \"%s\" cannot represent non-enum value: %s.",
                 named->name, gql_v_value_text(v, val));
        else if (gql_type_enum_value(named, val->str) == NULL)
            VERR(v, "ValuesOfCorrectType", val->pos, "Value \"%s\" does not exist in \"%s\" enum.",
                 val->str, named->name);
        return;
    }
    /* scalars */
    if (strcmp(named->name, "Int") == 0)
    {
        if (val->kind != GQL_VALUE_INT)
            VERR(v, "ValuesOfCorrectType", val->pos, "Int cannot represent non-integer value: %s",
                 gql_v_value_text(v, val));
        else if (!IntFits(val->str))
            VERR(v, "ValuesOfCorrectType", val->pos, "Int cannot represent non 32-bit signed integer value: %s",
                 val->str);
    }
    else if (strcmp(named->name, "Float") == 0)
    {
        if (val->kind != GQL_VALUE_INT && val->kind != GQL_VALUE_FLOAT)
            VERR(v, "ValuesOfCorrectType", val->pos, "Float cannot represent non numeric value: %s",
                 gql_v_value_text(v, val));
        else if (!isfinite(strtod(val->str, NULL)))
            VERR(v, "ValuesOfCorrectType", val->pos, "Float cannot represent non numeric value: %s",
                 val->str);
    }
    else if (strcmp(named->name, "String") == 0)
    {
        if (val->kind != GQL_VALUE_STRING)
            VERR(v, "ValuesOfCorrectType", val->pos, "String cannot represent a non string value: %s",
                 gql_v_value_text(v, val));
    }
    else if (strcmp(named->name, "Boolean") == 0)
    {
        if (val->kind != GQL_VALUE_BOOLEAN)
            VERR(v, "ValuesOfCorrectType", val->pos, "Boolean cannot represent a non boolean value: %s",
                 gql_v_value_text(v, val));
    }
    else if (strcmp(named->name, "ID") == 0)
    {
        if (val->kind != GQL_VALUE_STRING && val->kind != GQL_VALUE_INT)
            VERR(v, "ValuesOfCorrectType", val->pos, "ID cannot represent a non-string and non-integer value: %s",
                 gql_v_value_text(v, val));
    }
}

/* ---- arguments and directives ---------------------------------------- */

/*
 * KnownArgumentNames, UniqueArgumentNames, ProvidedRequiredArguments and
 * the values of the arguments.  owner_known: whether defs is the real list
 * (false for an unknown field or directive).
 */
void
gql_v_check_arguments(V *v, const GqlArgument *args, bool owner_known, const GqlInputValueDef *defs,
               bool is_directive, const char *owner, const char *field_name, GqlPos pos)
{
    for (const GqlArgument *a = args; a; a = a->next)
    {
        const GqlInputValueDef *d = owner_known ? gql_input_value(defs, a->name) : NULL;

        for (const GqlArgument *b = args; b != a; b = b->next)
            if (strcmp(a->name, b->name) == 0)
            {
                GqlError   *e = VERR(v, "UniqueArgumentNames", b->pos,
                                     "There can be only one argument named \"%s\".", a->name);

                gql_error_add_location(e, a->pos);
                break;
            }
        if (owner_known && d == NULL)
        {
            if (is_directive)
                VERR(v, "KnownArgumentNames", a->pos, "Unknown argument \"%s\" on directive \"@%s\".",
                     a->name, owner);
            else
                VERR(v, "KnownArgumentNames", a->pos, "Unknown argument \"%s\" on field \"%s.%s\".",
                     a->name, owner, field_name);
        }
        gql_v_walk_value(v, a->value, d ? d->type : NULL, d && d->default_value);
    }
    if (!owner_known)
        return;
    for (const GqlInputValueDef *d = defs; d; d = d->next)
    {
        bool        found = false;

        if (d->type->kind != GQL_TYPEREF_NON_NULL || d->default_value)
            continue;
        for (const GqlArgument *a = args; a && !found; a = a->next)
            found = strcmp(a->name, d->name) == 0;
        if (found)
            continue;
        if (is_directive)
            VERR(v, "ProvidedRequiredArguments", pos,
                 "Directive \"@%s\" argument \"%s\" of type \"%s\" is required, but it was not provided.",
                 owner, d->name, gql_v_type_text(v, d->type));
        else
            VERR(v, "ProvidedRequiredArguments", pos,
                 "Field \"%s\" argument \"%s\" of type \"%s\" is required, but it was not provided.",
                 field_name, d->name, gql_v_type_text(v, d->type));
    }
}

/* KnownDirectives, UniqueDirectivesPerLocation and directive arguments. */
void
gql_v_check_directives(V *v, const GqlDirective *list, unsigned location)
{
    for (const GqlDirective *d = list; d; d = d->next)
    {
        const GqlDirectiveDef *def = gql_schema_directive(v->schema, d->name);

        if (def == NULL)
            VERR(v, "KnownDirectives", d->pos, "Unknown directive \"@%s\".", d->name);
        else
        {
            if (!(def->locations & location))
                VERR(v, "KnownDirectives", d->pos, "Directive \"@%s\" may not be used on %s.",
                     d->name, gql_location_name(location));
            if (!def->repeatable)
                for (const GqlDirective *e = list; e != d; e = e->next)
                    if (strcmp(e->name, d->name) == 0)
                    {
                        GqlError   *err = VERR(v, "UniqueDirectivesPerLocation", e->pos,
                                               "The directive \"@%s\" can only be used once at this location.",
                                               d->name);

                        gql_error_add_location(err, d->pos);
                        break;
                    }
        }
        gql_v_check_arguments(v, d->args, def != NULL, def ? def->args : NULL, true, d->name, NULL, d->pos);
    }
}
