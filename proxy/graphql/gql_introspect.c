/*
 * gql_introspect.c - answers __schema, __type and __typename from the
 * schema model (spec section 4), for GraphiQL and graphql-js clients.
 *
 * Each introspection object (__Schema, __Type, __Field, ...) is a small
 * tagged source; a selection is completed by collecting its fields
 * (CollectFields, so fragments, aliases and @skip/@include work) and
 * resolving each against the source.  Type-system-only user directives
 * (the SQL mapping) are left out of __schema.directives.  Results are new
 * jansson references owned by the caller.
 *
 * It must not read the database: every answer comes from the schema.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gql_introspect.h"
#include "gql_values.h"

typedef enum SrcKind
{
    SRC_SCHEMA,
    SRC_TYPE,
    SRC_FIELD,
    SRC_INPUT,
    SRC_ENUM,
    SRC_DIRECTIVE
} SrcKind;

/* An introspection object: what a __Schema/__Type/... value stands for. */
typedef struct Src
{
    SrcKind     kind;
    const GqlTypeDef *named;    /* TYPE: a named type ... */
    const GqlTypeRef *ref;      /* ... or a LIST / NON_NULL wrapper */
    const GqlFieldDef *field;
    const GqlInputValueDef *input;
    const GqlEnumValueDef *ev;
    const GqlDirectiveDef *dir;
} Src;

typedef struct Ctx
{
    const GqlSchema *schema;
    const GqlDocument *doc;
    const json_t *variables;
    GqlErrors  *errs;
    GqlArena   *arena;
    bool        failed;
} Ctx;

static const char *const src_type_names[] = {
    "__Schema", "__Type", "__Field", "__InputValue", "__EnumValue", "__Directive"
};

/* Whether a field name is one of the meta-fields. */
bool
gql_is_meta_field(const char *name)
{
    return strcmp(name, "__schema") == 0 || strcmp(name, "__type") == 0 ||
        strcmp(name, "__typename") == 0;
}

/* A type source for a type ref (unwrapping named refs). */
static Src
TypeSrc(const GqlTypeRef *ref)
{
    Src         s = {SRC_TYPE, NULL, NULL, NULL, NULL, NULL, NULL};

    if (ref->kind == GQL_TYPEREF_NAMED)
        s.named = ref->def;
    else
        s.ref = ref;
    return s;
}

/* A type source for a named type. */
static Src
NamedSrc(const GqlTypeDef *t)
{
    Src         s = {SRC_TYPE, t, NULL, NULL, NULL, NULL, NULL};

    return s;
}

/* Whether a directive list marks an element deprecated; sets *reason. */
static bool
Deprecated(const GqlDirective *dirs, const char **reason)
{
    const GqlDirective *d = gql_directive_find(dirs, "deprecated");
    const GqlValue *r;

    if (d == NULL)
        return false;
    r = gql_directive_arg(d, "reason");
    *reason = r && r->kind == GQL_VALUE_STRING ? r->str : "No longer supported";
    return true;
}

/* Appends text to a growing arena buffer. */
static void
Put(GqlArena *a, char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*buf == NULL)
        return;
    if (*len + n + 1 > *cap)
    {
        size_t      nc = (*cap + n + 1) * 2;
        char       *nb = gql_arena_alloc(a, nc);

        if (nb == NULL)
        {
            *buf = NULL;
            return;
        }
        memcpy(nb, *buf, *len);
        *buf = nb;
        *cap = nc;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

/* Prints a default value literal as GraphQL text. */
static void
PrintLiteral(GqlArena *a, const GqlValue *v, char **buf, size_t *len, size_t *cap)
{
    char        tmp[16];

    switch (v->kind)
    {
        case GQL_VALUE_VARIABLE:
            Put(a, buf, len, cap, "$", 1);
            Put(a, buf, len, cap, v->str, v->len);
            break;
        case GQL_VALUE_INT:
        case GQL_VALUE_FLOAT:
        case GQL_VALUE_ENUM:
            Put(a, buf, len, cap, v->str, v->len);
            break;
        case GQL_VALUE_BOOLEAN:
            Put(a, buf, len, cap, v->boolean ? "true" : "false", v->boolean ? 4 : 5);
            break;
        case GQL_VALUE_NULL:
            Put(a, buf, len, cap, "null", 4);
            break;
        case GQL_VALUE_STRING:
            Put(a, buf, len, cap, "\"", 1);
            for (size_t i = 0; i < v->len; i++)
            {
                unsigned char c = (unsigned char) v->str[i];

                if (c == '"' || c == '\\')
                {
                    tmp[0] = '\\';
                    tmp[1] = (char) c;
                    Put(a, buf, len, cap, tmp, 2);
                }
                else if (c == '\n')
                    Put(a, buf, len, cap, "\\n", 2);
                else if (c < 0x20)
                {
                    int         n = snprintf(tmp, sizeof(tmp), "\\u%04X", c);

                    Put(a, buf, len, cap, tmp, (size_t) n);
                }
                else
                    Put(a, buf, len, cap, (const char *) &v->str[i], 1);
            }
            Put(a, buf, len, cap, "\"", 1);
            break;
        case GQL_VALUE_LIST:
            Put(a, buf, len, cap, "[", 1);
            for (const GqlValue *it = v->items; it; it = it->next)
            {
                PrintLiteral(a, it, buf, len, cap);
                if (it->next)
                    Put(a, buf, len, cap, ", ", 2);
            }
            Put(a, buf, len, cap, "]", 1);
            break;
        case GQL_VALUE_OBJECT:
            Put(a, buf, len, cap, "{", 1);
            for (const GqlObjectField *f = v->fields; f; f = f->next)
            {
                Put(a, buf, len, cap, f->name, strlen(f->name));
                Put(a, buf, len, cap, ": ", 2);
                PrintLiteral(a, f->value, buf, len, cap);
                if (f->next)
                    Put(a, buf, len, cap, ", ", 2);
            }
            Put(a, buf, len, cap, "}", 1);
            break;
    }
}

/* A default value as JSON string or null. */
static json_t *
DefaultValue(Ctx *c, const GqlValue *v)
{
    size_t      len = 0;
    size_t      cap = 64;
    char       *buf;

    if (v == NULL)
        return json_null();
    buf = gql_arena_alloc(c->arena, cap);
    PrintLiteral(c->arena, v, &buf, &len, &cap);
    return buf ? json_stringn(buf, len) : json_null();
}

/* JSON string or null for an optional C string. */
static json_t *
StrOrNull(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *Complete(Ctx *c, Src src, const GqlFieldGroup *group);

/* Completes one sub-object of a field group. */
static json_t *
Sub(Ctx *c, const GqlFieldGroup *g, Src src)
{
    return Complete(c, src, g);
}

/* The includeDeprecated argument of a field group (false by default). */
static bool
IncludeDeprecated(Ctx *c, const GqlFieldGroup *g)
{
    const GqlSelection *sel = g->fields[0];

    for (const GqlArgument *a = sel->args; a; a = a->next)
        if (strcmp(a->name, "includeDeprecated") == 0)
        {
            if (a->value->kind == GQL_VALUE_BOOLEAN)
                return a->value->boolean;
            if (a->value->kind == GQL_VALUE_VARIABLE && c->variables)
                return json_is_true(json_object_get(c->variables, a->value->str));
        }
    return false;
}

/* A list of input values (args or input fields). */
static json_t *
InputList(Ctx *c, const GqlFieldGroup *g, const GqlInputValueDef *list)
{
    json_t     *arr = json_array();
    bool        all = IncludeDeprecated(c, g);

    for (const GqlInputValueDef *iv = list; iv && arr; iv = iv->next)
    {
        const char *reason;
        Src         s = {SRC_INPUT, NULL, NULL, NULL, iv, NULL, NULL};

        if (!all && Deprecated(iv->directives, &reason))
            continue;
        json_array_append_new(arr, Sub(c, g, s));
    }
    return arr;
}

/* Resolves one field of an introspection object. */
static json_t *
Resolve(Ctx *c, Src src, const GqlFieldGroup *g)
{
    const char *f = g->fields[0]->name;
    const char *reason = NULL;

    if (strcmp(f, "__typename") == 0)
        return json_string(src_type_names[src.kind]);
    switch (src.kind)
    {
        case SRC_SCHEMA:
            if (strcmp(f, "description") == 0)
                return StrOrNull(gql_schema_description(c->schema));
            if (strcmp(f, "types") == 0)
            {
                json_t     *arr = json_array();

                for (const GqlTypeDef *t = gql_schema_types(c->schema); t && arr; t = t->next)
                    json_array_append_new(arr, Sub(c, g, NamedSrc(t)));
                return arr;
            }
            if (strcmp(f, "queryType") == 0)
                return Sub(c, g, NamedSrc(gql_schema_query_type(c->schema)));
            if (strcmp(f, "mutationType") == 0)
                return gql_schema_mutation_type(c->schema) ?
                    Sub(c, g, NamedSrc(gql_schema_mutation_type(c->schema))) : json_null();
            if (strcmp(f, "subscriptionType") == 0)
                return gql_schema_subscription_type(c->schema) ?
                    Sub(c, g, NamedSrc(gql_schema_subscription_type(c->schema))) : json_null();
            if (strcmp(f, "directives") == 0)
            {
                json_t     *arr = json_array();

                for (const GqlDirectiveDef *d = gql_schema_directives(c->schema); d && arr; d = d->next)
                {
                    Src         s = {SRC_DIRECTIVE, NULL, NULL, NULL, NULL, NULL, d};

                    if (gql_directive_is_public(d))
                        json_array_append_new(arr, Sub(c, g, s));
                }
                return arr;
            }
            break;
        case SRC_TYPE:
            if (src.ref)
            {
                /* LIST or NON_NULL wrapper */
                if (strcmp(f, "kind") == 0)
                    return json_string(src.ref->kind == GQL_TYPEREF_LIST ? "LIST" : "NON_NULL");
                if (strcmp(f, "ofType") == 0)
                    return Sub(c, g, TypeSrc(src.ref->of));
                if (strcmp(f, "fields") == 0 || strcmp(f, "interfaces") == 0 ||
                    strcmp(f, "possibleTypes") == 0 || strcmp(f, "enumValues") == 0 ||
                    strcmp(f, "inputFields") == 0 || strcmp(f, "name") == 0 ||
                    strcmp(f, "description") == 0 || strcmp(f, "specifiedByURL") == 0 ||
                    strcmp(f, "isOneOf") == 0)
                    return json_null();
                break;
            }
            else
            {
                const GqlTypeDef *t = src.named;
                static const char *const kinds[] = {
                    "SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT"
                };

                if (strcmp(f, "kind") == 0)
                    return json_string(kinds[t->kind]);
                if (strcmp(f, "name") == 0)
                    return json_string(t->name);
                if (strcmp(f, "description") == 0)
                    return StrOrNull(t->description);
                if (strcmp(f, "specifiedByURL") == 0)
                    return StrOrNull(gql_directive_string(t->directives, "specifiedBy", "url"));
                if (strcmp(f, "ofType") == 0)
                    return json_null();
                if (strcmp(f, "isOneOf") == 0)
                    return t->kind == GQL_KIND_INPUT_OBJECT ?
                        json_boolean(gql_directive_find(t->directives, "oneOf") != NULL) : json_null();
                if (strcmp(f, "fields") == 0)
                {
                    json_t     *arr;
                    bool        all = IncludeDeprecated(c, g);

                    if (t->kind != GQL_KIND_OBJECT && t->kind != GQL_KIND_INTERFACE)
                        return json_null();
                    arr = json_array();
                    for (const GqlFieldDef *fd = t->fields; fd && arr; fd = fd->next)
                    {
                        Src         s = {SRC_FIELD, NULL, NULL, fd, NULL, NULL, NULL};

                        if (!all && Deprecated(fd->directives, &reason))
                            continue;
                        json_array_append_new(arr, Sub(c, g, s));
                    }
                    return arr;
                }
                if (strcmp(f, "interfaces") == 0)
                {
                    json_t     *arr;

                    if (t->kind != GQL_KIND_OBJECT && t->kind != GQL_KIND_INTERFACE)
                        return json_null();
                    arr = json_array();
                    for (const GqlNameRef *n = t->interfaces; n && arr; n = n->next)
                        json_array_append_new(arr, Sub(c, g, NamedSrc(n->def)));
                    return arr;
                }
                if (strcmp(f, "possibleTypes") == 0)
                {
                    json_t     *arr;

                    if (!gql_type_is_abstract(t))
                        return json_null();
                    arr = json_array();
                    for (const GqlTypeDef *o = gql_schema_types(c->schema); o && arr; o = o->next)
                        if (o->kind == GQL_KIND_OBJECT && gql_type_is_possible(c->schema, t, o))
                            json_array_append_new(arr, Sub(c, g, NamedSrc(o)));
                    return arr;
                }
                if (strcmp(f, "enumValues") == 0)
                {
                    json_t     *arr;
                    bool        all = IncludeDeprecated(c, g);

                    if (t->kind != GQL_KIND_ENUM)
                        return json_null();
                    arr = json_array();
                    for (const GqlEnumValueDef *e = t->enum_values; e && arr; e = e->next)
                    {
                        Src         s = {SRC_ENUM, NULL, NULL, NULL, NULL, e, NULL};

                        if (!all && Deprecated(e->directives, &reason))
                            continue;
                        json_array_append_new(arr, Sub(c, g, s));
                    }
                    return arr;
                }
                if (strcmp(f, "inputFields") == 0)
                    return t->kind == GQL_KIND_INPUT_OBJECT ? InputList(c, g, t->input_fields) : json_null();
            }
            break;
        case SRC_FIELD:
            if (strcmp(f, "name") == 0)
                return json_string(src.field->name);
            if (strcmp(f, "description") == 0)
                return StrOrNull(src.field->description);
            if (strcmp(f, "args") == 0)
                return InputList(c, g, src.field->args);
            if (strcmp(f, "type") == 0)
                return Sub(c, g, TypeSrc(src.field->type));
            if (strcmp(f, "isDeprecated") == 0)
                return json_boolean(Deprecated(src.field->directives, &reason));
            if (strcmp(f, "deprecationReason") == 0)
                return Deprecated(src.field->directives, &reason) ? json_string(reason) : json_null();
            break;
        case SRC_INPUT:
            if (strcmp(f, "name") == 0)
                return json_string(src.input->name);
            if (strcmp(f, "description") == 0)
                return StrOrNull(src.input->description);
            if (strcmp(f, "type") == 0)
                return Sub(c, g, TypeSrc(src.input->type));
            if (strcmp(f, "defaultValue") == 0)
                return DefaultValue(c, src.input->default_value);
            if (strcmp(f, "isDeprecated") == 0)
                return json_boolean(Deprecated(src.input->directives, &reason));
            if (strcmp(f, "deprecationReason") == 0)
                return Deprecated(src.input->directives, &reason) ? json_string(reason) : json_null();
            break;
        case SRC_ENUM:
            if (strcmp(f, "name") == 0)
                return json_string(src.ev->name);
            if (strcmp(f, "description") == 0)
                return StrOrNull(src.ev->description);
            if (strcmp(f, "isDeprecated") == 0)
                return json_boolean(Deprecated(src.ev->directives, &reason));
            if (strcmp(f, "deprecationReason") == 0)
                return Deprecated(src.ev->directives, &reason) ? json_string(reason) : json_null();
            break;
        case SRC_DIRECTIVE:
            if (strcmp(f, "name") == 0)
                return json_string(src.dir->name);
            if (strcmp(f, "description") == 0)
                return StrOrNull(src.dir->description);
            if (strcmp(f, "isRepeatable") == 0)
                return json_boolean(src.dir->repeatable);
            if (strcmp(f, "args") == 0)
                return InputList(c, g, src.dir->args);
            if (strcmp(f, "locations") == 0)
            {
                json_t     *arr = json_array();

                for (int i = 0; i < GQL_LOC_COUNT && arr; i++)
                    if (src.dir->locations & (1u << i))
                        json_array_append_new(arr, json_string(gql_location_name(1u << i)));
                return arr;
            }
            break;
    }
    /* validation makes this unreachable */
    return json_null();
}

/* Completes an introspection object for the merged selection of a field group. */
static json_t *
Complete(Ctx *c, Src src, const GqlFieldGroup *group)
{
    const GqlTypeDef *itype = gql_schema_type(c->schema, src_type_names[src.kind]);
    const GqlSelectionSet **sets;
    GqlFieldGroup *sub;
    json_t     *obj;

    if (itype == NULL || c->failed)
        return json_null();
    sets = gql_arena_alloc(c->arena, (size_t) group->nfields * sizeof(*sets));
    if (sets == NULL)
    {
        c->failed = true;
        return json_null();
    }
    for (int i = 0; i < group->nfields; i++)
        sets[i] = group->fields[i]->selection_set;
    sub = gql_collect_fields(c->arena, c->schema, c->doc, itype,
                             (const GqlSelectionSet *const *) sets, group->nfields, c->variables);
    obj = json_object();
    for (GqlFieldGroup *g = sub; g && obj; g = g->next)
    {
        json_t     *v = Resolve(c, src, g);

        json_object_set_new(obj, g->response_key, v ? v : json_null());
    }
    return obj ? obj : json_null();
}

/* Resolves one meta-field group. */
json_t *
gql_introspect_field(const GqlSchema *schema, const GqlDocument *doc,
                     const GqlTypeDef *parent_type, const GqlFieldGroup *group,
                     const json_t *variables, GqlErrors *errs)
{
    Ctx         c = {schema, doc, variables, errs, errs->arena, false};
    const char *name = group->fields[0]->name;
    json_t     *r;

    if (strcmp(name, "__typename") == 0)
        return json_string(parent_type->name);
    if (strcmp(name, "__schema") == 0)
    {
        Src         s = {SRC_SCHEMA, NULL, NULL, NULL, NULL, NULL, NULL};

        r = Complete(&c, s, group);
    }
    else if (strcmp(name, "__type") == 0)
    {
        json_t     *args = gql_coerce_arguments(schema, group->fields[0]->field_def ?
                                                group->fields[0]->field_def->args :
                                                gql_schema_meta_field(schema, gql_schema_query_type(schema),
                                                                      "__type")->args,
                                                group->fields[0]->args, variables, errs,
                                                group->fields[0]->pos);
        const char *tname;
        const GqlTypeDef *t;

        if (args == NULL)
            return NULL;
        tname = json_string_value(json_object_get(args, "name"));
        t = tname ? gql_schema_type(schema, tname) : NULL;
        r = t ? Complete(&c, NamedSrc(t), group) : json_null();
        json_decref(args);
    }
    else
    {
        gql_error_add(errs, GQL_CODE_VALIDATION_FAILED, NULL, group->fields[0]->pos,
                      "Field \"%s\" is not a meta-field.", name);
        return NULL;
    }
    if (c.failed)
    {
        json_decref(r);
        gql_error_add(errs, "INTERNAL_SERVER_ERROR", NULL, group->fields[0]->pos, "out of memory");
        return NULL;
    }
    return r;
}

/* Whether the operation's root fields are all meta-fields. */
bool
gql_is_introspection_only(const GqlSchema *schema, const GqlDocument *doc,
                          const GqlDefinition *operation, const json_t *variables)
{
    GqlArena   *arena;
    GqlFieldGroup *groups;
    const GqlTypeDef *root = gql_schema_root_type(schema, operation->operation);
    bool        only = true;

    if (operation->operation != GQL_OP_QUERY || root == NULL)
        return false;
    arena = gql_arena_new();
    if (arena == NULL)
        return false;
    groups = gql_collect_fields(arena, schema, doc, root,
                                (const GqlSelectionSet *const *) &operation->selection_set, 1, variables);
    for (GqlFieldGroup *g = groups; g && only; g = g->next)
        only = gql_is_meta_field(g->fields[0]->name);
    gql_arena_free(arena);
    return only;
}

/* Executes an introspection-only query. */
json_t *
gql_introspect_operation(const GqlSchema *schema, const GqlDocument *doc,
                         const GqlDefinition *operation, const json_t *variables,
                         GqlErrors *errs)
{
    const GqlTypeDef *root = gql_schema_root_type(schema, operation->operation);
    GqlFieldGroup *groups;
    json_t     *data;

    if (root == NULL)
        return NULL;
    groups = gql_collect_fields(errs->arena, schema, doc, root,
                                (const GqlSelectionSet *const *) &operation->selection_set, 1, variables);
    data = json_object();
    if (data == NULL)
        return NULL;
    for (GqlFieldGroup *g = groups; g; g = g->next)
    {
        json_t     *v = gql_introspect_field(schema, doc, root, g, variables, errs);

        if (v == NULL)
        {
            json_decref(data);
            return NULL;
        }
        json_object_set_new(data, g->response_key, v);
    }
    return data;
}
