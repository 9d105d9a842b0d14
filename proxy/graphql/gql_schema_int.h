/*
 * gql_schema_int.h - the schema model's own structure, shared by
 * gql_schema.c (building it from SDL) and gql_schema_lookup.c (reading it).
 * Internal to the schema files: everyone else sees GqlSchema as opaque.
 *
 * Nothing here may be used outside gql_schema*.c.
 */
#ifndef GQL_SCHEMA_INT_H
#define GQL_SCHEMA_INT_H

#include "gql_schema.h"

struct GqlSchema
{
    GqlArena   *arena;
    GqlTypeDef *types;          /* all types, linked through next */
    GqlDirectiveDef *directives;
    const GqlTypeDef **table;   /* open addressing by name */
    size_t      table_size;
    const GqlTypeDef *query;
    const GqlTypeDef *mutation;
    const GqlTypeDef *subscription;
    const char *description;
    const GqlFieldDef *typename_field;
    const GqlFieldDef *schema_field;
    const GqlFieldDef *type_field;
};

/* The index slot of a type name: the type, or the empty slot it would take. */
const GqlTypeDef **gql_schema_type_slot(const GqlSchema *schema, const char *name);

#endif                          /* GQL_SCHEMA_INT_H */
