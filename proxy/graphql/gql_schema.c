/*
 * gql_schema.c - builds the schema model from SDL: parses the file with the
 * GraphQL parser, adds the built-in scalars, directives and introspection
 * types, merges type extensions, resolves every type reference and checks
 * the rules the rest of the proxy relies on (known types, input/output
 * positions, interface fields, known applied directives).
 *
 * The schema owns one arena holding every node; it is never modified after
 * gql_schema_parse() returns, so threads share it without locks.  Reading
 * the model (lookups, type predicates, applied directives) is in
 * gql_schema_lookup.c, which must not call back into this file.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gql_parse.h"
#include "gql_schema_int.h"

static const char builtin_sdl[] =
    "\"The `Int` scalar type represents non-fractional signed whole numeric values. Int can represent values between -(2^31) and 2^31 - 1.\"\n"
    "scalar Int\n"
    "\"The `Float` scalar type represents signed double-precision fractional values as specified by [IEEE 754](https://en.wikipedia.org/wiki/IEEE_floating_point).\"\n"
    "scalar Float\n"
    "\"The `String` scalar type represents textual data, represented as UTF-8 character sequences. The String type is most often used by GraphQL to represent free-form human-readable text.\"\n"
    "scalar String\n"
    "\"The `Boolean` scalar type represents `true` or `false`.\"\n"
    "scalar Boolean\n"
    "\"The `ID` scalar type represents a unique identifier, often used to refetch an object or as key for a cache. The ID type appears in a JSON response as a String; however, it is not intended to be human-readable. When expected as an input type, any string (such as `\\\"4\\\"`) or integer (such as `4`) input value will be accepted as an ID.\"\n"
    "scalar ID\n"
    "\"Directs the executor to include this field or fragment only when the `if` argument is true.\"\n"
    "directive @include(\"Included when true.\" if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT\n"
    "\"Directs the executor to skip this field or fragment when the `if` argument is true.\"\n"
    "directive @skip(\"Skipped when true.\" if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT\n"
    "\"Marks an element of a GraphQL schema as no longer supported.\"\n"
    "directive @deprecated(\"Explains why this element was deprecated, usually also including a suggestion for how to access supported similar data. Formatted using the Markdown syntax, as specified by [CommonMark](https://commonmark.org/).\" reason: String = \"No longer supported\") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE\n"
    "\"Exposes a URL that specifies the behavior of this scalar.\"\n"
    "directive @specifiedBy(\"The URL that specifies the behavior of this scalar.\" url: String!) on SCALAR\n"
    "\"A GraphQL Schema defines the capabilities of a GraphQL server. It exposes all available types and directives on the server, as well as the entry points for query, mutation, and subscription operations.\"\n"
    "type __Schema { description: String \"A list of all types supported by this server.\" types: [__Type!]! \"The type that query operations will be rooted at.\" queryType: __Type! \"If this server supports mutation, the type that mutation operations will be rooted at.\" mutationType: __Type \"If this server support subscription, the type that subscription operations will be rooted at.\" subscriptionType: __Type \"A list of all directives supported by this server.\" directives: [__Directive!]! }\n"
    "\"The fundamental unit of any GraphQL Schema is the type. There are many kinds of types in GraphQL as represented by the `__TypeKind` enum.\\n\\nDepending on the kind of a type, certain fields describe information about that type. Scalar types provide no information beyond a name, description and optional `specifiedByURL`, while Enum types provide their values. Object and Interface types provide the fields they describe. Abstract types, Union and Interface, provide the Object types possible at runtime. List and NonNull types compose other types.\"\n"
    "type __Type { kind: __TypeKind! name: String description: String specifiedByURL: String fields(includeDeprecated: Boolean = false): [__Field!] interfaces: [__Type!] possibleTypes: [__Type!] enumValues(includeDeprecated: Boolean = false): [__EnumValue!] inputFields(includeDeprecated: Boolean = false): [__InputValue!] ofType: __Type isOneOf: Boolean }\n"
    "\"An enum describing what kind of type a given `__Type` is.\"\n"
    "enum __TypeKind { \"Indicates this type is a scalar.\" SCALAR \"Indicates this type is an object. `fields` and `interfaces` are valid fields.\" OBJECT \"Indicates this type is an interface. `fields`, `interfaces`, and `possibleTypes` are valid fields.\" INTERFACE \"Indicates this type is a union. `possibleTypes` is a valid field.\" UNION \"Indicates this type is an enum. `enumValues` is a valid field.\" ENUM \"Indicates this type is an input object. `inputFields` is a valid field.\" INPUT_OBJECT \"Indicates this type is a list. `ofType` is a valid field.\" LIST \"Indicates this type is a non-null. `ofType` is a valid field.\" NON_NULL }\n"
    "\"Object and Interface types are described by a list of Fields, each of which has a name, potentially a list of arguments, and a return type.\"\n"
    "type __Field { name: String! description: String args(includeDeprecated: Boolean = false): [__InputValue!]! type: __Type! isDeprecated: Boolean! deprecationReason: String }\n"
    "\"Arguments provided to Fields or Directives and the input fields of an InputObject are represented as Input Values which describe their type and optionally a default value.\"\n"
    "type __InputValue { name: String! description: String type: __Type! \"A GraphQL-formatted string representing the default value for this input value.\" defaultValue: String isDeprecated: Boolean! deprecationReason: String }\n"
    "\"One possible value for a given Enum. Enum values are unique values, not a placeholder for a string or numeric value. However an Enum value is returned in a JSON response as a string.\"\n"
    "type __EnumValue { name: String! description: String isDeprecated: Boolean! deprecationReason: String }\n"
    "\"A Directive provides a way to describe alternate runtime execution and type validation behavior in a GraphQL document.\\n\\nIn some cases, you need to provide options to alter GraphQL's execution behavior in ways field arguments will not suffice, such as conditionally including or skipping a field. Directives provide this by describing additional information to the executor.\"\n"
    "type __Directive { name: String! description: String isRepeatable: Boolean! locations: [__DirectiveLocation!]! args(includeDeprecated: Boolean = false): [__InputValue!]! }\n"
    "\"A Directive can be adjacent to many parts of the GraphQL language, a __DirectiveLocation describes one such possible adjacencies.\"\n"
    "enum __DirectiveLocation { QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION }\n"
    "type __Meta { \"The name of the current Object type at runtime.\" __typename: String! \"Access the current type schema of this server.\" __schema: __Schema! \"Request the type information of a single type.\" __type(name: String!): __Type }\n";

/* Formats an error message into err. */
static void SchemaError(char *err, size_t errlen, GqlPos pos, const char *fmt, ...)
            __attribute__((format(printf, 4, 5)));

static void
SchemaError(char *err, size_t errlen, GqlPos pos, const char *fmt, ...)
{
    va_list     ap;
    int         n = 0;

    if (err == NULL || errlen == 0)
        return;
    if (pos.line > 0)
        n = snprintf(err, errlen, "%d:%d: ", pos.line, pos.column);
    if (n < 0 || (size_t) n >= errlen)
        n = 0;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - (size_t) n, fmt, ap);
    va_end(ap);
}

/* Inserts a type in the index; false when the name is taken. */
static bool
IndexType(GqlSchema *schema, const GqlTypeDef *type)
{
    const GqlTypeDef **slot = gql_schema_type_slot(schema, type->name);

    if (*slot != NULL)
        return false;
    *slot = type;
    return true;
}

/* Appends list b to the end of list a for one of the linked node types. */
#define APPEND_LIST(T, a, b) do { T **tail_ = &(a); while (*tail_) tail_ = &(*tail_)->next; *tail_ = (b); } while (0)

/* Resolves a type ref; checks input/output position. */
static bool
ResolveRef(GqlSchema *s, GqlTypeRef *ref, bool input, const char *where, char *err, size_t errlen)
{
    const GqlTypeDef *t;

    while (ref->kind != GQL_TYPEREF_NAMED)
        ref = ref->of;
    t = gql_schema_type(s, ref->name);
    if (t == NULL)
    {
        SchemaError(err, errlen, ref->pos, "Unknown type \"%s\" in %s.", ref->name, where);
        return false;
    }
    if (input && !gql_type_is_input(t))
    {
        SchemaError(err, errlen, ref->pos, "The type of %s must be Input Type but got: %s.",
                    where, t->name);
        return false;
    }
    if (!input && t->kind == GQL_KIND_INPUT_OBJECT)
    {
        SchemaError(err, errlen, ref->pos, "The type of %s must be Output Type but got: %s.",
                    where, t->name);
        return false;
    }
    ref->def = t;
    return true;
}

/* Checks applied directives against their definitions and location. */
static bool
CheckApplied(GqlSchema *s, const GqlDirective *list, unsigned location, char *err, size_t errlen)
{
    for (const GqlDirective *d = list; d; d = d->next)
    {
        const GqlDirectiveDef *def = gql_schema_directive(s, d->name);

        if (def == NULL)
        {
            SchemaError(err, errlen, d->pos, "Unknown directive \"@%s\".", d->name);
            return false;
        }
        if (!(def->locations & location))
        {
            SchemaError(err, errlen, d->pos, "Directive \"@%s\" may not be used on %s.",
                        d->name, gql_location_name(location));
            return false;
        }
        for (const GqlArgument *a = d->args; a; a = a->next)
            if (gql_input_value(def->args, a->name) == NULL)
            {
                SchemaError(err, errlen, a->pos, "Unknown argument \"%s\" on directive \"@%s\".",
                            a->name, d->name);
                return false;
            }
    }
    return true;
}

/* Resolves the argument definitions of a field or directive. */
static bool
ResolveArgs(GqlSchema *s, GqlInputValueDef *args, const char *owner, char *err, size_t errlen)
{
    for (GqlInputValueDef *a = args; a; a = a->next)
    {
        char        where[256];

        snprintf(where, sizeof(where), "argument %s(%s:)", owner, a->name);
        if (!ResolveRef(s, a->type, true, where, err, errlen))
            return false;
        if (!CheckApplied(s, a->directives, GQL_LOC_ARGUMENT_DEFINITION, err, errlen))
            return false;
        for (GqlInputValueDef *b = a->next; b; b = b->next)
            if (strcmp(a->name, b->name) == 0)
            {
                SchemaError(err, errlen, b->pos, "Argument \"%s(%s:)\" can only be defined once.",
                            owner, a->name);
                return false;
            }
    }
    return true;
}

/* Whether ref (an implementing field's type) is a valid subtype of iref. */
static bool
IsSubtype(const GqlSchema *s, const GqlTypeRef *ref, const GqlTypeRef *iref)
{
    if (iref->kind == GQL_TYPEREF_NON_NULL)
        return ref->kind == GQL_TYPEREF_NON_NULL && IsSubtype(s, ref->of, iref->of);
    if (ref->kind == GQL_TYPEREF_NON_NULL)
        return IsSubtype(s, ref->of, iref);
    if (iref->kind == GQL_TYPEREF_LIST)
        return ref->kind == GQL_TYPEREF_LIST && IsSubtype(s, ref->of, iref->of);
    if (ref->kind == GQL_TYPEREF_LIST)
        return false;
    if (ref->def == iref->def)
        return true;
    return gql_type_is_abstract(iref->def) && ref->def->kind == GQL_KIND_OBJECT &&
        gql_type_is_possible(s, iref->def, ref->def);
}

/* Resolves and checks one named type definition. */
static bool
ResolveType(GqlSchema *s, GqlTypeDef *t, char *err, size_t errlen)
{
    static const unsigned locs[] = {
        [GQL_KIND_SCALAR] = GQL_LOC_SCALAR,
        [GQL_KIND_OBJECT] = GQL_LOC_OBJECT,
        [GQL_KIND_INTERFACE] = GQL_LOC_INTERFACE,
        [GQL_KIND_UNION] = GQL_LOC_UNION,
        [GQL_KIND_ENUM] = GQL_LOC_ENUM,
        [GQL_KIND_INPUT_OBJECT] = GQL_LOC_INPUT_OBJECT
    };

    if (!CheckApplied(s, t->directives, locs[t->kind], err, errlen))
        return false;
    for (GqlNameRef *n = t->interfaces; n; n = n->next)
    {
        n->def = gql_schema_type(s, n->name);
        if (n->def == NULL || n->def->kind != GQL_KIND_INTERFACE)
        {
            SchemaError(err, errlen, n->pos, "Type %s must only implement Interface types, it cannot implement %s.",
                        t->name, n->name);
            return false;
        }
    }
    for (GqlNameRef *n = t->members; n; n = n->next)
    {
        n->def = gql_schema_type(s, n->name);
        if (n->def == NULL || n->def->kind != GQL_KIND_OBJECT)
        {
            SchemaError(err, errlen, n->pos, "Union type %s can only include Object types, it cannot include %s.",
                        t->name, n->name);
            return false;
        }
    }
    if ((t->kind == GQL_KIND_OBJECT || t->kind == GQL_KIND_INTERFACE) && t->fields == NULL)
    {
        SchemaError(err, errlen, t->pos, "Type %s must define one or more fields.", t->name);
        return false;
    }
    for (GqlFieldDef *f = t->fields; f; f = f->next)
    {
        char        where[256];

        f->owner = t;
        snprintf(where, sizeof(where), "%s.%s", t->name, f->name);
        if (!ResolveRef(s, f->type, false, where, err, errlen) ||
            !ResolveArgs(s, f->args, where, err, errlen) ||
            !CheckApplied(s, f->directives, GQL_LOC_FIELD_DEFINITION, err, errlen))
            return false;
        for (GqlFieldDef *g = f->next; g; g = g->next)
            if (strcmp(f->name, g->name) == 0)
            {
                SchemaError(err, errlen, g->pos, "Field \"%s\" can only be defined once.", where);
                return false;
            }
    }
    for (GqlInputValueDef *f = t->input_fields; f; f = f->next)
    {
        char        where[256];

        snprintf(where, sizeof(where), "%s.%s", t->name, f->name);
        if (!ResolveRef(s, f->type, true, where, err, errlen) ||
            !CheckApplied(s, f->directives, GQL_LOC_INPUT_FIELD_DEFINITION, err, errlen))
            return false;
    }
    for (GqlEnumValueDef *e = t->enum_values; e; e = e->next)
        if (!CheckApplied(s, e->directives, GQL_LOC_ENUM_VALUE, err, errlen))
            return false;
    return true;
}

/* Checks that each object/interface provides the fields of its interfaces. */
static bool
CheckInterfaces(GqlSchema *s, char *err, size_t errlen)
{
    for (GqlTypeDef *t = s->types; t; t = t->next)
        for (GqlNameRef *n = t->interfaces; n; n = n->next)
            for (const GqlFieldDef *ifield = n->def->fields; ifield; ifield = ifield->next)
            {
                const GqlFieldDef *f = gql_type_field(t, ifield->name);

                if (f == NULL)
                {
                    SchemaError(err, errlen, t->pos, "Interface field %s.%s expected but %s does not provide it.",
                                n->name, ifield->name, t->name);
                    return false;
                }
                if (!IsSubtype(s, f->type, ifield->type))
                {
                    SchemaError(err, errlen, f->pos, "Interface field %s.%s expects a compatible type, %s.%s differs.",
                                n->name, ifield->name, t->name, f->name);
                    return false;
                }
            }
    return true;
}

/* Adds the definitions of a parsed document to the schema; extensions are kept aside. */
static bool
CollectDefinitions(GqlSchema *s, GqlDocument *doc, bool builtin, GqlTypeDef ***tail,
                   GqlDirectiveDef ***dtail, GqlTypeDef **extensions, const GqlSchemaDef **schema_def,
                   char *err, size_t errlen)
{
    for (GqlDefinition *d = doc->definitions; d; d = d->next)
    {
        switch (d->kind)
        {
            case GQL_DEF_TYPE:
                d->type_def->builtin = builtin;
                if (d->type_def->extend)
                {
                    d->type_def->next = *extensions;
                    *extensions = d->type_def;
                    break;
                }
                if (builtin && strcmp(d->type_def->name, "__Meta") == 0)
                {
                    s->typename_field = d->type_def->fields;
                    s->schema_field = s->typename_field->next;
                    s->type_field = s->schema_field->next;
                    break;
                }
                if (!IndexType(s, d->type_def))
                {
                    SchemaError(err, errlen, d->pos, "There can be only one type named \"%s\".",
                                d->type_def->name);
                    return false;
                }
                **tail = d->type_def;
                *tail = &d->type_def->next;
                break;
            case GQL_DEF_DIRECTIVE:
                d->directive_def->builtin = builtin;
                if (gql_schema_directive(s, d->directive_def->name))
                {
                    SchemaError(err, errlen, d->pos, "There can be only one directive named \"@%s\".",
                                d->directive_def->name);
                    return false;
                }
                **dtail = d->directive_def;
                *dtail = &d->directive_def->next;
                break;
            case GQL_DEF_SCHEMA:
                if (d->schema_def->extend || *schema_def)
                {
                    SchemaError(err, errlen, d->pos, "Must provide only one schema definition.");
                    return false;
                }
                *schema_def = d->schema_def;
                break;
            case GQL_DEF_OPERATION:
            case GQL_DEF_FRAGMENT:
                SchemaError(err, errlen, d->pos, "The schema file may hold type system definitions only.");
                return false;
        }
    }
    return true;
}

/* Root type from the schema definition (or the conventional name). */
static const GqlTypeDef *
RootType(GqlSchema *s, GqlNameRef *ref, const char *dflt, bool explicit_schema)
{
    const GqlTypeDef *t;

    if (ref)
    {
        ref->def = gql_schema_type(s, ref->name);
        return ref->def;
    }
    if (explicit_schema)
        return NULL;
    t = gql_schema_type(s, dflt);
    return t && t->kind == GQL_KIND_OBJECT ? t : NULL;
}

/* Builds the schema model from SDL. */
GqlSchema *
gql_schema_parse(const char *sdl, size_t len, char *err, size_t errlen)
{
    GqlSchema  *s;
    GqlDocument *user;
    GqlDocument *builtins;
    GqlError   *perr = NULL;
    GqlParseLimits limits = {64 * 1024 * 1024, 10 * 1000 * 1000, 64};
    GqlTypeDef **tail;
    GqlDirectiveDef **dtail;
    GqlTypeDef *extensions = NULL;
    const GqlSchemaDef *schema_def = NULL;
    size_t      ntypes = 0;

    if (err && errlen)
        err[0] = '\0';
    s = calloc(1, sizeof(GqlSchema));
    if (s == NULL)
    {
        SchemaError(err, errlen, (GqlPos) {0, 0}, "calloc: %s", strerror(errno));
        return NULL;
    }
    s->arena = gql_arena_new();
    if (s->arena == NULL)
        goto oom;
    user = gql_parse(s->arena, sdl, len, &limits, &perr);
    if (user == NULL)
    {
        SchemaError(err, errlen, perr && perr->nlocations ? perr->locations[0] : (GqlPos) {0, 0},
                    "%s", perr ? perr->message : "out of memory");
        goto fail;
    }
    builtins = gql_parse(s->arena, builtin_sdl, sizeof(builtin_sdl) - 1, &limits, &perr);
    if (builtins == NULL)
    {
        SchemaError(err, errlen, (GqlPos) {0, 0}, "built-in definitions: %s",
                    perr ? perr->message : "out of memory");
        goto fail;
    }
    for (GqlDefinition *d = user->definitions; d; d = d->next)
        ntypes++;
    s->table_size = 64;
    while (s->table_size < 4 * (ntypes + 32))
        s->table_size *= 2;
    s->table = gql_arena_alloc(s->arena, s->table_size * sizeof(*s->table));
    if (s->table == NULL)
        goto oom;
    tail = &s->types;
    dtail = &s->directives;
    if (!CollectDefinitions(s, user, false, &tail, &dtail, &extensions, &schema_def, err, errlen) ||
        !CollectDefinitions(s, builtins, true, &tail, &dtail, &extensions, &schema_def, err, errlen))
        goto fail;
    /* merge extensions into their types */
    for (GqlTypeDef *x = extensions; x; x = x->next)
    {
        GqlTypeDef *t = (GqlTypeDef *) gql_schema_type(s, x->name);

        if (t == NULL || t->kind != x->kind)
        {
            SchemaError(err, errlen, x->pos, "Cannot extend type \"%s\": no such type of that kind.", x->name);
            goto fail;
        }
        APPEND_LIST(GqlNameRef, t->interfaces, x->interfaces);
        APPEND_LIST(GqlDirective, t->directives, x->directives);
        APPEND_LIST(GqlFieldDef, t->fields, x->fields);
        APPEND_LIST(GqlInputValueDef, t->input_fields, x->input_fields);
        APPEND_LIST(GqlEnumValueDef, t->enum_values, x->enum_values);
        APPEND_LIST(GqlNameRef, t->members, x->members);
    }
    for (GqlDirectiveDef *d = s->directives; d; d = d->next)
    {
        char        where[256];

        snprintf(where, sizeof(where), "@%s", d->name);
        if (!ResolveArgs(s, d->args, where, err, errlen))
            goto fail;
    }
    for (GqlTypeDef *t = s->types; t; t = t->next)
        if (!ResolveType(s, t, err, errlen))
            goto fail;
    for (const GqlFieldDef *f = s->typename_field; f; f = f->next)
    {
        if (!ResolveRef(s, f->type, false, f->name, err, errlen) ||
            !ResolveArgs(s, f->args, f->name, err, errlen))
            goto fail;
    }
    if (!CheckInterfaces(s, err, errlen))
        goto fail;
    s->query = RootType(s, schema_def ? schema_def->query : NULL, "Query", schema_def != NULL);
    s->mutation = RootType(s, schema_def ? schema_def->mutation : NULL, "Mutation", schema_def != NULL);
    s->subscription = RootType(s, schema_def ? schema_def->subscription : NULL, "Subscription",
                               schema_def != NULL);
    if (s->query == NULL || s->query->kind != GQL_KIND_OBJECT)
    {
        SchemaError(err, errlen, (GqlPos) {0, 0}, "Query root type must be provided.");
        goto fail;
    }
    if ((s->mutation && s->mutation->kind != GQL_KIND_OBJECT) ||
        (s->subscription && s->subscription->kind != GQL_KIND_OBJECT))
    {
        SchemaError(err, errlen, (GqlPos) {0, 0}, "Root types must be object types.");
        goto fail;
    }
    s->description = schema_def ? schema_def->description : NULL;
    if (schema_def && !CheckApplied(s, schema_def->directives, GQL_LOC_SCHEMA, err, errlen))
        goto fail;
    return s;

oom:
    SchemaError(err, errlen, (GqlPos) {0, 0}, "out of memory");
fail:
    gql_schema_free(s);
    return NULL;
}

/* Reads the SDL file and builds the schema. */
GqlSchema *
gql_schema_load_file(const char *path, char *err, size_t errlen)
{
    FILE       *f = fopen(path, "rb");
    char       *buf = NULL;
    size_t      len = 0;
    size_t      cap = 0;
    GqlSchema  *s;

    if (f == NULL)
    {
        SchemaError(err, errlen, (GqlPos) {0, 0}, "fopen(%s): %s", path, strerror(errno));
        return NULL;
    }
    for (;;)
    {
        size_t      n;

        if (cap - len < 65536)
        {
            char       *nb = realloc(buf, cap + 65536);

            if (nb == NULL)
            {
                SchemaError(err, errlen, (GqlPos) {0, 0}, "realloc: %s", strerror(errno));
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
            cap += 65536;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    if (ferror(f))
    {
        SchemaError(err, errlen, (GqlPos) {0, 0}, "fread(%s): %s", path, strerror(errno));
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    s = gql_schema_parse(buf, len, err, errlen);
    if (s == NULL && err && errlen)
    {
        char        tmp[512];

        snprintf(tmp, sizeof(tmp), "%s:%s", path, err);
        snprintf(err, errlen, "%s", tmp);
    }
    free(buf);
    return s;
}

/* Frees the schema. */
void
gql_schema_free(GqlSchema *schema)
{
    if (schema == NULL)
        return;
    gql_arena_free(schema->arena);
    free(schema);
}

