/*
 * gql_schema.h - the schema model built from the SDL file (schema.graphql).
 *
 * The model is the type-system AST plus indexes: every named type ref is
 * resolved (GqlTypeRef.def), every field knows its owner type, and the
 * built-in scalars, directives (@skip @include @deprecated @specifiedBy @oneOf
 * is not supported) and introspection types (__Schema, __Type, ...) are added.
 * Applied directives on types, fields, arguments and enum values are kept as
 * written, so the SQL compiler can read mapping annotations such as
 * `@table(name: "interview.company")` with gql_directive_string().
 *
 * Ownership: a GqlSchema owns its own arena and is immutable after loading,
 * so one instance is shared read-only by every thread.
 *
 * The model must not know what the applied directives mean: it keeps them
 * as written.
 */
#ifndef GQL_SCHEMA_H
#define GQL_SCHEMA_H

#include "gql_ast.h"

typedef struct GqlSchema GqlSchema;

/*
 * Builds a schema from SDL text.  Returns NULL and writes a message
 * (with line:column) into err on a syntax or semantic error (unknown type,
 * duplicate name, output type used as input, object not implementing its
 * interface, ...).  Free with gql_schema_free().
 */
GqlSchema  *gql_schema_parse(const char *sdl, size_t len, char *err, size_t errlen);
/* Reads a file and calls gql_schema_parse(); NULL + err on error (names the failing call). */
GqlSchema  *gql_schema_load_file(const char *path, char *err, size_t errlen);
/* Frees the schema and its whole model. NULL is allowed. */
void        gql_schema_free(GqlSchema *schema);

/* Root operation types; mutation/subscription may be NULL. */
const GqlTypeDef *gql_schema_query_type(const GqlSchema *schema);
const GqlTypeDef *gql_schema_mutation_type(const GqlSchema *schema);
const GqlTypeDef *gql_schema_subscription_type(const GqlSchema *schema);
/* Root type for an operation type, NULL when the schema has none. */
const GqlTypeDef *gql_schema_root_type(const GqlSchema *schema, GqlOperationType op);

/* Named type lookup (includes built-ins and introspection types); NULL when unknown. */
const GqlTypeDef *gql_schema_type(const GqlSchema *schema, const char *name);
/* All types, in definition order (user types first, then built-ins). */
const GqlTypeDef *gql_schema_types(const GqlSchema *schema);
/* Directive definition lookup; NULL when unknown. */
const GqlDirectiveDef *gql_schema_directive(const GqlSchema *schema, const char *name);
/* All directive definitions (user first, then built-ins). */
const GqlDirectiveDef *gql_schema_directives(const GqlSchema *schema);
/* Description of the schema definition, or NULL. */
const char *gql_schema_description(const GqlSchema *schema);

/* Field of an object/interface type; NULL when absent (does not know __typename etc.). */
const GqlFieldDef *gql_type_field(const GqlTypeDef *type, const char *name);
/* Meta-fields: __typename on any composite type, __schema/__type on the query root. */
const GqlFieldDef *gql_schema_meta_field(const GqlSchema *schema, const GqlTypeDef *parent,
                                         const char *name);
/* Argument definition of a field or directive list; NULL when absent. */
const GqlInputValueDef *gql_input_value(const GqlInputValueDef *list, const char *name);
/* Field of an input object type; NULL when absent. */
const GqlInputValueDef *gql_type_input_field(const GqlTypeDef *type, const char *name);
/* Value of an enum type; NULL when absent. */
const GqlEnumValueDef *gql_type_enum_value(const GqlTypeDef *type, const char *name);

/* Innermost named type of a type ref (resolved), e.g. Company for [Company!]!. */
const GqlTypeDef *gql_typeref_named(const GqlTypeRef *ref);
/* true for a non-null type ref. */
bool        gql_typeref_is_non_null(const GqlTypeRef *ref);
/* true when the ref is a list after stripping one non-null. */
bool        gql_typeref_is_list(const GqlTypeRef *ref);
/* Writes the ref as GraphQL text ("[Company!]!") into the arena. */
char       *gql_typeref_string(GqlArena *arena, const GqlTypeRef *ref);

/* Kind predicates of named types. */
bool        gql_type_is_leaf(const GqlTypeDef *type);       /* SCALAR, ENUM */
bool        gql_type_is_composite(const GqlTypeDef *type);  /* OBJECT, INTERFACE, UNION */
bool        gql_type_is_abstract(const GqlTypeDef *type);   /* INTERFACE, UNION */
bool        gql_type_is_input(const GqlTypeDef *type);      /* SCALAR, ENUM, INPUT_OBJECT */
/* true when object type obj is a possible type of abstract (or equal to it). */
bool        gql_type_is_possible(const GqlSchema *schema, const GqlTypeDef *abstract,
                                 const GqlTypeDef *obj);
/* true when types a and b (composite) can share an object type. */
bool        gql_types_overlap(const GqlSchema *schema, const GqlTypeDef *a,
                              const GqlTypeDef *b);

/* ---- applied directives (mapping annotations) -------------------------- */

/* First applied directive called name in list; NULL when absent. */
const GqlDirective *gql_directive_find(const GqlDirective *list, const char *name);
/* Argument value of an applied directive; NULL when absent. */
const GqlValue *gql_directive_arg(const GqlDirective *dir, const char *arg);
/*
 * String argument of a directive in a list, e.g.
 * gql_directive_string(field->directives, "column", "name"); NULL when the
 * directive or argument is absent or not a string (enum values are returned
 * as their name).
 */
const char *gql_directive_string(const GqlDirective *list, const char *directive,
                                 const char *arg);
/* Int argument of a directive (dflt when absent or not an Int). */
long        gql_directive_int(const GqlDirective *list, const char *directive,
                              const char *arg, long dflt);
/* Boolean argument of a directive (dflt when absent or not a Boolean). */
bool        gql_directive_bool(const GqlDirective *list, const char *directive,
                               const char *arg, bool dflt);

/*
 * Whether introspection shows a directive definition: built-ins, and user
 * directives usable in executable documents.  Directives that only annotate
 * the type system (the SQL mapping) are hidden.
 */
bool        gql_directive_is_public(const GqlDirectiveDef *def);

#endif                          /* GQL_SCHEMA_H */
