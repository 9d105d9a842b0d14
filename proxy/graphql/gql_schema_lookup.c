/*
 * gql_schema_lookup.c - reading the schema model: types by name, root
 * types, fields and input values, type and type-ref predicates, possible
 * types, and the applied directives the caller reads its annotations from.
 * Read-only: it must not build or change a schema (gql_schema.c does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gql_schema_int.h"

/* See gql_schema_int.h. */
const GqlTypeDef **
gql_schema_type_slot(const GqlSchema *schema, const char *name)
{
    size_t      mask = schema->table_size - 1;

    for (size_t i = gql_hash_name(name) & mask;; i = (i + 1) & mask)
        if (schema->table[i] == NULL || strcmp(schema->table[i]->name, name) == 0)
            return &schema->table[i];
}

/* Type lookup in the index. */
const GqlTypeDef *
gql_schema_type(const GqlSchema *schema, const char *name)
{
    return *gql_schema_type_slot(schema, name);
}

/* Root types. */
const GqlTypeDef *
gql_schema_query_type(const GqlSchema *schema)
{
    return schema->query;
}

/* Mutation root or NULL. */
const GqlTypeDef *
gql_schema_mutation_type(const GqlSchema *schema)
{
    return schema->mutation;
}

/* Subscription root or NULL. */
const GqlTypeDef *
gql_schema_subscription_type(const GqlSchema *schema)
{
    return schema->subscription;
}

/* Root type of an operation type. */
const GqlTypeDef *
gql_schema_root_type(const GqlSchema *schema, GqlOperationType op)
{
    switch (op)
    {
        case GQL_OP_QUERY:
            return schema->query;
        case GQL_OP_MUTATION:
            return schema->mutation;
        case GQL_OP_SUBSCRIPTION:
            return schema->subscription;
    }
    return NULL;
}

/* All types. */
const GqlTypeDef *
gql_schema_types(const GqlSchema *schema)
{
    return schema->types;
}

/* Directive lookup. */
const GqlDirectiveDef *
gql_schema_directive(const GqlSchema *schema, const char *name)
{
    for (const GqlDirectiveDef *d = schema->directives; d; d = d->next)
        if (strcmp(d->name, name) == 0)
            return d;
    return NULL;
}

/* All directives. */
const GqlDirectiveDef *
gql_schema_directives(const GqlSchema *schema)
{
    return schema->directives;
}

/* Schema description. */
const char *
gql_schema_description(const GqlSchema *schema)
{
    return schema->description;
}

/* Field lookup on an object or interface. */
const GqlFieldDef *
gql_type_field(const GqlTypeDef *type, const char *name)
{
    for (const GqlFieldDef *f = type->fields; f; f = f->next)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* Meta-field lookup. */
const GqlFieldDef *
gql_schema_meta_field(const GqlSchema *schema, const GqlTypeDef *parent, const char *name)
{
    if (name[0] != '_' || name[1] != '_')
        return NULL;
    if (strcmp(name, "__typename") == 0 && gql_type_is_composite(parent))
        return schema->typename_field;
    if (parent == schema->query)
    {
        if (strcmp(name, "__schema") == 0)
            return schema->schema_field;
        if (strcmp(name, "__type") == 0)
            return schema->type_field;
    }
    return NULL;
}

/* Input value lookup by name. */
const GqlInputValueDef *
gql_input_value(const GqlInputValueDef *list, const char *name)
{
    for (; list; list = list->next)
        if (strcmp(list->name, name) == 0)
            return list;
    return NULL;
}

/* Input object field lookup. */
const GqlInputValueDef *
gql_type_input_field(const GqlTypeDef *type, const char *name)
{
    return gql_input_value(type->input_fields, name);
}

/* Enum value lookup. */
const GqlEnumValueDef *
gql_type_enum_value(const GqlTypeDef *type, const char *name)
{
    for (const GqlEnumValueDef *e = type->enum_values; e; e = e->next)
        if (strcmp(e->name, name) == 0)
            return e;
    return NULL;
}

/* Innermost named type. */
const GqlTypeDef *
gql_typeref_named(const GqlTypeRef *ref)
{
    while (ref && ref->kind != GQL_TYPEREF_NAMED)
        ref = ref->of;
    return ref ? ref->def : NULL;
}

/* Non-null predicate. */
bool
gql_typeref_is_non_null(const GqlTypeRef *ref)
{
    return ref->kind == GQL_TYPEREF_NON_NULL;
}

/* List predicate (through one non-null). */
bool
gql_typeref_is_list(const GqlTypeRef *ref)
{
    if (ref->kind == GQL_TYPEREF_NON_NULL)
        ref = ref->of;
    return ref->kind == GQL_TYPEREF_LIST;
}

/* Writes a type ref into buf (recursive); returns the length written. */
static size_t
TypeRefWrite(const GqlTypeRef *ref, char *buf, size_t cap)
{
    size_t      n = 0;

    switch (ref->kind)
    {
        case GQL_TYPEREF_NAMED:
            n = (size_t) snprintf(buf, cap, "%s", ref->name);
            break;
        case GQL_TYPEREF_LIST:
            if (cap > 1)
                buf[0] = '[';
            n = 1 + TypeRefWrite(ref->of, cap > 1 ? buf + 1 : buf, cap > 1 ? cap - 1 : cap);
            if (n + 1 < cap)
            {
                buf[n] = ']';
                buf[n + 1] = '\0';
            }
            n++;
            break;
        case GQL_TYPEREF_NON_NULL:
            n = TypeRefWrite(ref->of, buf, cap);
            if (n + 1 < cap)
            {
                buf[n] = '!';
                buf[n + 1] = '\0';
            }
            n++;
            break;
    }
    return n;
}

/* Type ref as GraphQL text. */
char *
gql_typeref_string(GqlArena *arena, const GqlTypeRef *ref)
{
    char        buf[512];

    buf[0] = '\0';
    TypeRefWrite(ref, buf, sizeof(buf));
    return gql_arena_strdup(arena, buf);
}

/* Leaf types. */
bool
gql_type_is_leaf(const GqlTypeDef *type)
{
    return type->kind == GQL_KIND_SCALAR || type->kind == GQL_KIND_ENUM;
}

/* Composite types. */
bool
gql_type_is_composite(const GqlTypeDef *type)
{
    return type->kind == GQL_KIND_OBJECT || type->kind == GQL_KIND_INTERFACE ||
        type->kind == GQL_KIND_UNION;
}

/* Abstract types. */
bool
gql_type_is_abstract(const GqlTypeDef *type)
{
    return type->kind == GQL_KIND_INTERFACE || type->kind == GQL_KIND_UNION;
}

/* Input types. */
bool
gql_type_is_input(const GqlTypeDef *type)
{
    return type->kind == GQL_KIND_SCALAR || type->kind == GQL_KIND_ENUM ||
        type->kind == GQL_KIND_INPUT_OBJECT;
}

/* Possible-type test. */
bool
gql_type_is_possible(const GqlSchema *schema, const GqlTypeDef *abstract, const GqlTypeDef *obj)
{
    (void) schema;
    if (abstract == obj)
        return true;
    if (obj->kind != GQL_KIND_OBJECT)
        return false;
    if (abstract->kind == GQL_KIND_UNION)
    {
        for (const GqlNameRef *m = abstract->members; m; m = m->next)
            if (m->def == obj)
                return true;
        return false;
    }
    if (abstract->kind == GQL_KIND_INTERFACE)
        for (const GqlNameRef *i = obj->interfaces; i; i = i->next)
            if (i->def == abstract)
                return true;
    return false;
}

/* Whether two composite types share a possible object type. */
bool
gql_types_overlap(const GqlSchema *schema, const GqlTypeDef *a, const GqlTypeDef *b)
{
    if (a == b)
        return true;
    if (!gql_type_is_abstract(a))
        return gql_type_is_possible(schema, b, a);
    if (!gql_type_is_abstract(b))
        return gql_type_is_possible(schema, a, b);
    for (const GqlTypeDef *t = schema->types; t; t = t->next)
        if (t->kind == GQL_KIND_OBJECT && gql_type_is_possible(schema, a, t) &&
            gql_type_is_possible(schema, b, t))
            return true;
    return false;
}

/* First applied directive by name. */
const GqlDirective *
gql_directive_find(const GqlDirective *list, const char *name)
{
    for (; list; list = list->next)
        if (strcmp(list->name, name) == 0)
            return list;
    return NULL;
}

/* Argument of an applied directive. */
const GqlValue *
gql_directive_arg(const GqlDirective *dir, const char *arg)
{
    if (dir == NULL)
        return NULL;
    for (const GqlArgument *a = dir->args; a; a = a->next)
        if (strcmp(a->name, arg) == 0)
            return a->value;
    return NULL;
}

/* String (or enum) argument of a directive in a list. */
const char *
gql_directive_string(const GqlDirective *list, const char *directive, const char *arg)
{
    const GqlValue *v = gql_directive_arg(gql_directive_find(list, directive), arg);

    if (v && (v->kind == GQL_VALUE_STRING || v->kind == GQL_VALUE_ENUM))
        return v->str;
    return NULL;
}

/* Int argument of a directive in a list. */
long
gql_directive_int(const GqlDirective *list, const char *directive, const char *arg, long dflt)
{
    const GqlValue *v = gql_directive_arg(gql_directive_find(list, directive), arg);

    if (v && v->kind == GQL_VALUE_INT)
        return strtol(v->str, NULL, 10);
    return dflt;
}

/* Boolean argument of a directive in a list. */
bool
gql_directive_bool(const GqlDirective *list, const char *directive, const char *arg, bool dflt)
{
    const GqlValue *v = gql_directive_arg(gql_directive_find(list, directive), arg);

    if (v && v->kind == GQL_VALUE_BOOLEAN)
        return v->boolean;
    return dflt;
}

/* Whether introspection lists a directive definition. */
bool
gql_directive_is_public(const GqlDirectiveDef *def)
{
    return def->builtin || (def->locations & GQL_LOC_EXECUTABLE_MASK) != 0;
}
