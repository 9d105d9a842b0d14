/*
 * gql_values.c - coercing variable values (spec 6.1.2) and argument values
 * (6.4.1) of a validated document to JSON, for the executor.  It must not
 * validate (gql_validate.c did) nor walk selections (gql_collect.c does).
 *
 * JSON results are new references owned by the caller; JSON inputs are
 * borrowed.  Errors live in the errors' arena.
 */
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gql_values.h"

/* A number as JavaScript prints it (shortest text that reads back the same). */
static void
NumberText(double d, char *buf, size_t len)
{
    if (floor(d) == d && fabs(d) < 1e21)
    {
        snprintf(buf, len, "%.0f", d);
        return;
    }
    for (int prec = 1; prec <= 17; prec++)
    {
        snprintf(buf, len, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            return;
    }
}

/* Appends graphql-js's inspect() of a JSON value (depth 2, 10 items) to an arena string. */
static char *
Inspect(GqlArena *a, char *acc, const json_t *v, int depth)
{
    char        num[64];

    if (acc == NULL)
        return NULL;
    switch (json_typeof(v))
    {
        case JSON_NULL:
            return gql_arena_printf(a, "%snull", acc);
        case JSON_TRUE:
            return gql_arena_printf(a, "%strue", acc);
        case JSON_FALSE:
            return gql_arena_printf(a, "%sfalse", acc);
        case JSON_INTEGER:
            return gql_arena_printf(a, "%s%lld", acc, (long long) json_integer_value(v));
        case JSON_REAL:
            NumberText(json_real_value(v), num, sizeof(num));
            return gql_arena_printf(a, "%s%s", acc, num);
        case JSON_STRING:
            {
                char       *q = json_dumps(v, JSON_ENCODE_ANY);
                char       *r = gql_arena_printf(a, "%s%s", acc, q ? q : "\"\"");

                free(q);
                return r;
            }
        case JSON_ARRAY:
            {
                size_t      n = json_array_size(v);

                if (n == 0)
                    return gql_arena_printf(a, "%s[]", acc);
                if (depth > 2)
                    return gql_arena_printf(a, "%s[Array]", acc);
                acc = gql_arena_printf(a, "%s[", acc);
                for (size_t i = 0; i < n && i < 10 && acc; i++)
                {
                    if (i > 0)
                        acc = gql_arena_printf(a, "%s, ", acc);
                    acc = Inspect(a, acc, json_array_get(v, i), depth + 1);
                }
                if (acc && n > 10)
                    acc = gql_arena_printf(a, "%s, ... %zu more item%s", acc, n - 10, n - 10 > 1 ? "s" : "");
                return acc ? gql_arena_printf(a, "%s]", acc) : NULL;
            }
        case JSON_OBJECT:
            {
                const char *key;
                json_t     *val;
                bool        first = true;

                if (json_object_size(v) == 0)
                    return gql_arena_printf(a, "%s{}", acc);
                if (depth > 2)
                    return gql_arena_printf(a, "%s[Object]", acc);
                acc = gql_arena_printf(a, "%s{ ", acc);
                json_object_foreach((json_t *) v, key, val)
                {
                    if (acc == NULL)
                        break;
                    acc = gql_arena_printf(a, "%s%s%s: ", acc, first ? "" : ", ", key);
                    acc = Inspect(a, acc, val, depth + 1);
                    first = false;
                }
                return acc ? gql_arena_printf(a, "%s }", acc) : NULL;
            }
    }
    return acc;
}

/* inspect() of a value as a new arena string. */
static const char *
InspectText(GqlArena *a, const json_t *v)
{
    const char *r = Inspect(a, gql_arena_strdup(a, ""), v, 0);

    return r ? r : "?";
}

/* State of one variable's coercion: errors go to errs, all of them (as graphql-js). */
typedef struct CoerceCtx
{
    const GqlSchema *schema;
    GqlErrors  *errs;
    const GqlVariableDef *var;
    bool        failed;
} CoerceCtx;

/* Reports an invalid (sub-)value of the variable at path ("" or like "[1].name"). */
static void CoerceError(CoerceCtx *c, const char *path, const json_t *bad, const char *fmt, ...)
            __attribute__((format(printf, 4, 5)));

static void
CoerceError(CoerceCtx *c, const char *path, const json_t *bad, const char *fmt, ...)
{
    GqlArena   *a = c->errs->arena;
    char        msg[512];
    va_list     ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    c->failed = true;
    if (path[0])
        gql_error_add(c->errs, GQL_CODE_BAD_USER_INPUT, NULL, c->var->pos,
                      "Variable \"$%s\" got invalid value %s at \"%s%s\"; %s", c->var->name,
                      InspectText(a, bad), c->var->name, path, msg);
    else
        gql_error_add(c->errs, GQL_CODE_BAD_USER_INPUT, NULL, c->var->pos,
                      "Variable \"$%s\" got invalid value %s; %s", c->var->name, InspectText(a, bad), msg);
}

/* Coerces a JSON value to a built-in scalar (custom scalars pass through); NULL after an error. */
static json_t *
CoerceScalar(CoerceCtx *c, const GqlTypeDef *t, const json_t *in, const char *path)
{
    GqlArena   *a = c->errs->arena;
    const char *name = t->name;
    bool        integral = json_is_integer(in) ||
        (json_is_real(in) && floor(json_real_value(in)) == json_real_value(in));

    if (strcmp(name, "Int") == 0)
    {
        double      d = json_number_value(in);

        if (!integral)
            CoerceError(c, path, in, "Int cannot represent non-integer value: %s", InspectText(a, in));
        else if (d < INT_MIN || d > INT_MAX)
            CoerceError(c, path, in, "Int cannot represent non 32-bit signed integer value: %s", InspectText(a, in));
        else
            return json_integer((json_int_t) d);
        return NULL;
    }
    if (strcmp(name, "Float") == 0)
    {
        if (json_is_number(in) && isfinite(json_number_value(in)))
            return json_real(json_number_value(in));
        CoerceError(c, path, in, "Float cannot represent non numeric value: %s", InspectText(a, in));
        return NULL;
    }
    if (strcmp(name, "String") == 0)
    {
        if (json_is_string(in))
            return json_stringn(json_string_value(in), json_string_length(in));
        CoerceError(c, path, in, "String cannot represent a non string value: %s", InspectText(a, in));
        return NULL;
    }
    if (strcmp(name, "Boolean") == 0)
    {
        if (json_is_boolean(in))
            return json_boolean(json_is_true(in));
        CoerceError(c, path, in, "Boolean cannot represent a non boolean value: %s", InspectText(a, in));
        return NULL;
    }
    if (strcmp(name, "ID") == 0)
    {
        if (json_is_string(in))
            return json_stringn(json_string_value(in), json_string_length(in));
        if (json_is_number(in) && integral)
        {
            char        buf[64];

            NumberText(json_number_value(in), buf, sizeof(buf));
            return json_string(buf);
        }
        CoerceError(c, path, in, "ID cannot represent value: %s", InspectText(a, in));
        return NULL;
    }
    return json_deep_copy(in);
}

/* CoerceInputValue (graphql-js order of checks); NULL after reporting every error. */
static json_t *
CoerceInput(CoerceCtx *c, const json_t *in, const GqlTypeRef *type, const char *path)
{
    GqlArena   *a = c->errs->arena;
    const GqlTypeDef *t;

    if (type->kind == GQL_TYPEREF_NON_NULL)
    {
        if (json_is_null(in))
        {
            CoerceError(c, path, in, "Expected non-nullable type \"%s\" not to be null.",
                        gql_typeref_string(a, type));
            return NULL;
        }
        return CoerceInput(c, in, type->of, path);
    }
    if (json_is_null(in))
        return json_null();
    if (type->kind == GQL_TYPEREF_LIST)
    {
        json_t     *out = json_array();
        bool        ok = out != NULL;

        if (json_is_array(in))
        {
            size_t      i;
            json_t     *item;

            json_array_foreach(in, i, item)
            {
                const char *p = gql_arena_printf(a, "%s[%zu]", path, i);
                json_t     *e = CoerceInput(c, item, type->of, p ? p : path);

                if (e == NULL || !ok || json_array_append_new(out, e) != 0)
                    ok = false;
            }
        }
        else
        {
            json_t     *e = CoerceInput(c, in, type->of, path);

            if (e == NULL || !ok || json_array_append_new(out, e) != 0)
                ok = false;
        }
        if (!ok)
        {
            json_decref(out);
            return NULL;
        }
        return out;
    }
    t = type->def ? type->def : gql_schema_type(c->schema, type->name);
    if (t == NULL || t->kind == GQL_KIND_OBJECT || t->kind == GQL_KIND_INTERFACE || t->kind == GQL_KIND_UNION)
    {
        CoerceError(c, path, in, "Type \"%s\" is not an input type.", type->name);
        return NULL;
    }
    if (t->kind == GQL_KIND_INPUT_OBJECT)
    {
        json_t     *out;
        const char *key;
        json_t     *val;
        bool        ok = true;

        if (!json_is_object(in))
        {
            CoerceError(c, path, in, "Expected type \"%s\" to be an object.", t->name);
            return NULL;
        }
        out = json_object();
        if (out == NULL)
            return NULL;
        for (const GqlInputValueDef *fd = t->input_fields; fd; fd = fd->next)
        {
            json_t     *fv = json_object_get(in, fd->name);
            json_t     *e = NULL;

            if (fv == NULL)
            {
                if (fd->default_value)
                    e = gql_coerce_literal(c->schema, fd->default_value, fd->type, NULL, c->errs);
                else if (fd->type->kind == GQL_TYPEREF_NON_NULL)
                {
                    CoerceError(c, path, in, "Field \"%s\" of required type \"%s\" was not provided.",
                                fd->name, gql_typeref_string(a, fd->type));
                    ok = false;
                    continue;
                }
                else
                    continue;
            }
            else
            {
                const char *p = gql_arena_printf(a, "%s.%s", path, fd->name);

                e = CoerceInput(c, fv, fd->type, p ? p : path);
            }
            if (e == NULL || json_object_set_new(out, fd->name, e) != 0)
                ok = false;
        }
        json_object_foreach((json_t *) in, key, val)
            if (gql_type_input_field(t, key) == NULL)
        {
            CoerceError(c, path, in, "Field \"%s\" is not defined by type \"%s\".", key, t->name);
            ok = false;
        }
        if (!ok)
        {
            json_decref(out);
            return NULL;
        }
        return out;
    }
    if (t->kind == GQL_KIND_ENUM)
    {
        if (!json_is_string(in))
            CoerceError(c, path, in, "Enum \"%s\" cannot represent non-string value: %s.", t->name,
                        InspectText(a, in));
        else if (gql_type_enum_value(t, json_string_value(in)) == NULL)
            CoerceError(c, path, in, "Value %s does not exist in \"%s\" enum.", InspectText(a, in), t->name);
        else
            return json_string(json_string_value(in));
        return NULL;
    }
    return CoerceScalar(c, t, in, path);
}

/* CoerceVariableValues. */
json_t *
gql_coerce_variables(const GqlSchema *schema, const GqlDefinition *operation,
                     const json_t *variables, GqlErrors *errs)
{
    json_t     *out = json_object();
    int         before = errs->count;

    if (out == NULL)
        return NULL;
    if (variables && !json_is_null(variables) && !json_is_object(variables))
    {
        gql_error_add(errs, GQL_CODE_BAD_USER_INPUT, NULL, (GqlPos) {0, 0},
                      "Variables must be provided as an object.");
        json_decref(out);
        return NULL;
    }
    for (const GqlVariableDef *vd = operation->variables; vd; vd = vd->next)
    {
        json_t     *in = json_is_object(variables) ? json_object_get(variables, vd->name) : NULL;
        json_t     *c;
        char       *type_text = gql_typeref_string(errs->arena, vd->type);
        CoerceCtx   ctx = {schema, errs, vd, false};

        if (in == NULL && vd->default_value)
        {
            c = gql_coerce_literal(schema, vd->default_value, vd->type, NULL, errs);
            if (c == NULL || json_object_set_new(out, vd->name, c) != 0)
                goto fail;
            continue;
        }
        if (vd->type->kind == GQL_TYPEREF_NON_NULL && (in == NULL || json_is_null(in)))
        {
            if (in == NULL)
                gql_error_add(errs, GQL_CODE_BAD_USER_INPUT, NULL, vd->pos,
                              "Variable \"$%s\" of required type \"%s\" was not provided.", vd->name, type_text);
            else
                gql_error_add(errs, GQL_CODE_BAD_USER_INPUT, NULL, vd->pos,
                              "Variable \"$%s\" of non-null type \"%s\" must not be null.", vd->name, type_text);
            continue;
        }
        if (in == NULL)
            continue;
        c = CoerceInput(&ctx, in, vd->type, "");
        if (c == NULL)
        {
            if (!ctx.failed)
                gql_error_add(errs, GQL_CODE_BAD_USER_INPUT, NULL, vd->pos, "out of memory");
            continue;
        }
        if (json_object_set_new(out, vd->name, c) != 0)
            goto fail;
    }
    if (errs->count == before)
        return out;
fail:
    json_decref(out);
    return NULL;
}

/* Coerces a literal (validated) to JSON; variables come from the coerced variables. */
json_t *
gql_coerce_literal(const GqlSchema *schema, const GqlValue *value, const GqlTypeRef *type,
                   const json_t *variables, GqlErrors *errs)
{
    const GqlTypeDef *t;

    if (value->kind == GQL_VALUE_VARIABLE)
    {
        json_t     *v = variables ? json_object_get(variables, value->str) : NULL;

        if (v == NULL || json_is_null(v))
        {
            if (type->kind == GQL_TYPEREF_NON_NULL)
            {
                gql_error_add(errs, GQL_CODE_BAD_USER_INPUT, NULL, value->pos,
                              "Variable \"$%s\" must not be null here.", value->str);
                return NULL;
            }
            return json_null();
        }
        return json_incref(v);
    }
    if (type->kind == GQL_TYPEREF_NON_NULL)
    {
        if (value->kind == GQL_VALUE_NULL)
        {
            gql_error_add(errs, GQL_CODE_BAD_USER_INPUT, NULL, value->pos,
                          "Expected value of type \"%s\", found null.", gql_typeref_string(errs->arena, type));
            return NULL;
        }
        return gql_coerce_literal(schema, value, type->of, variables, errs);
    }
    if (value->kind == GQL_VALUE_NULL)
        return json_null();
    if (type->kind == GQL_TYPEREF_LIST)
    {
        json_t     *out = json_array();

        if (out == NULL)
            return NULL;
        if (value->kind == GQL_VALUE_LIST)
        {
            for (const GqlValue *it = value->items; it; it = it->next)
            {
                json_t     *c = gql_coerce_literal(schema, it, type->of, variables, errs);

                if (c == NULL || json_array_append_new(out, c) != 0)
                {
                    json_decref(out);
                    return NULL;
                }
            }
        }
        else
        {
            json_t     *c = gql_coerce_literal(schema, value, type->of, variables, errs);

            if (c == NULL || json_array_append_new(out, c) != 0)
            {
                json_decref(out);
                return NULL;
            }
        }
        return out;
    }
    t = type->def ? type->def : gql_schema_type(schema, type->name);
    if (t == NULL)
        return NULL;
    switch (t->kind)
    {
        case GQL_KIND_INPUT_OBJECT:
            {
                json_t     *out;

                if (value->kind != GQL_VALUE_OBJECT)
                    break;
                out = json_object();
                if (out == NULL)
                    return NULL;
                for (const GqlInputValueDef *fd = t->input_fields; fd; fd = fd->next)
                {
                    const GqlObjectField *f = value->fields;
                    json_t     *c = NULL;

                    while (f && strcmp(f->name, fd->name) != 0)
                        f = f->next;
                    if (f && f->value->kind == GQL_VALUE_VARIABLE &&
                        (variables == NULL || json_object_get(variables, f->value->str) == NULL))
                        f = NULL;   /* a variable without value counts as absent */
                    if (f)
                        c = gql_coerce_literal(schema, f->value, fd->type, variables, errs);
                    else if (fd->default_value)
                        c = gql_coerce_literal(schema, fd->default_value, fd->type, variables, errs);
                    else if (fd->type->kind == GQL_TYPEREF_NON_NULL)
                    {
                        gql_error_add(errs, GQL_CODE_BAD_USER_INPUT, NULL, value->pos,
                                      "Field \"%s\" of required type \"%s\" was not provided.", fd->name,
                                      gql_typeref_string(errs->arena, fd->type));
                        json_decref(out);
                        return NULL;
                    }
                    else
                        continue;
                    if (c == NULL || json_object_set_new(out, fd->name, c) != 0)
                    {
                        json_decref(out);
                        return NULL;
                    }
                }
                return out;
            }
        case GQL_KIND_ENUM:
            if (value->kind == GQL_VALUE_ENUM && gql_type_enum_value(t, value->str))
                return json_string(value->str);
            break;
        case GQL_KIND_SCALAR:
            if (strcmp(t->name, "Int") == 0 && value->kind == GQL_VALUE_INT)
            {
                long long   n;

                errno = 0;
                n = strtoll(value->str, NULL, 10);
                if (errno == 0 && n >= INT_MIN && n <= INT_MAX)
                    return json_integer(n);
            }
            else if (strcmp(t->name, "Float") == 0 &&
                     (value->kind == GQL_VALUE_INT || value->kind == GQL_VALUE_FLOAT))
            {
                double      d = strtod(value->str, NULL);

                if (isfinite(d))
                    return json_real(d);
            }
            else if (strcmp(t->name, "String") == 0 && value->kind == GQL_VALUE_STRING)
                return json_stringn(value->str, value->len);
            else if (strcmp(t->name, "Boolean") == 0 && value->kind == GQL_VALUE_BOOLEAN)
                return json_boolean(value->boolean);
            else if (strcmp(t->name, "ID") == 0 &&
                     (value->kind == GQL_VALUE_STRING || value->kind == GQL_VALUE_INT))
                return json_stringn(value->str, value->len);
            else if (strcmp(t->name, "Int") != 0 && strcmp(t->name, "Float") != 0 &&
                     strcmp(t->name, "String") != 0 && strcmp(t->name, "Boolean") != 0 &&
                     strcmp(t->name, "ID") != 0)
                return json_stringn(value->str ? value->str : "", value->str ? value->len : 0);
            break;
        default:
            break;
    }
    gql_error_add(errs, GQL_CODE_BAD_USER_INPUT, NULL, value->pos,
                  "Expected value of type \"%s\".", gql_typeref_string(errs->arena, type));
    return NULL;
}

/* CoerceArgumentValues. */
json_t *
gql_coerce_arguments(const GqlSchema *schema, const GqlInputValueDef *defs,
                     const GqlArgument *args, const json_t *variables,
                     GqlErrors *errs, GqlPos pos)
{
    json_t     *out = json_object();

    if (out == NULL)
        return NULL;
    for (const GqlInputValueDef *d = defs; d; d = d->next)
    {
        const GqlArgument *a = args;
        bool        has_value;
        json_t     *c = NULL;

        while (a && strcmp(a->name, d->name) != 0)
            a = a->next;
        has_value = a != NULL;
        if (a && a->value->kind == GQL_VALUE_VARIABLE)
            has_value = variables && json_object_get(variables, a->value->str) != NULL;
        if (!has_value && d->default_value)
            c = gql_coerce_literal(schema, d->default_value, d->type, NULL, errs);
        else if (!has_value && d->type->kind == GQL_TYPEREF_NON_NULL)
        {
            if (a)
                gql_error_add(errs, GQL_CODE_BAD_USER_INPUT, NULL, a->pos,
                              "Argument \"%s\" of required type \"%s\" was provided the variable \"$%s\" which was not provided a runtime value.",
                              d->name, gql_typeref_string(errs->arena, d->type), a->value->str);
            else
                gql_error_add(errs, GQL_CODE_BAD_USER_INPUT, NULL, pos,
                              "Argument \"%s\" of required type \"%s\" was not provided.", d->name,
                              gql_typeref_string(errs->arena, d->type));
            json_decref(out);
            return NULL;
        }
        else if (!has_value)
            continue;
        else if (d->type->kind == GQL_TYPEREF_NON_NULL &&
                 (a->value->kind == GQL_VALUE_NULL ||
                  (a->value->kind == GQL_VALUE_VARIABLE &&
                   json_is_null(json_object_get(variables, a->value->str)))))
        {
            gql_error_add(errs, GQL_CODE_BAD_USER_INPUT, NULL, a->pos,
                          "Argument \"%s\" of non-null type \"%s\" must not be null.", d->name,
                          gql_typeref_string(errs->arena, d->type));
            json_decref(out);
            return NULL;
        }
        else
            c = gql_coerce_literal(schema, a->value, d->type, variables, errs);
        if (c == NULL || json_object_set_new(out, d->name, c) != 0)
        {
            json_decref(out);
            return NULL;
        }
    }
    return out;
}
