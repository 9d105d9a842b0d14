/*
 * gql_validate_values.h - the per-node rules of gql_validate_values.c.
 * Internal to the validator; called by gql_validate.c only.
 *
 * Nothing here may be used outside gql_validate*.c.
 */
#ifndef GQL_VALIDATE_VALUES_H
#define GQL_VALIDATE_VALUES_H

#include "gql_validate_util.h"

/*
 * Walks a value literal with its expected input type (NULL: unknown):
 * ValuesOfCorrectType, UniqueInputFieldNames, and variable usages.
 */
void        gql_v_walk_value(V *v, const GqlValue *val, const GqlTypeRef *type, bool has_default);
/*
 * KnownArgumentNames, UniqueArgumentNames, ProvidedRequiredArguments and
 * the values of the arguments.  owner_known: whether defs is the real list
 * (false for an unknown field or directive).
 */
void        gql_v_check_arguments(V *v, const GqlArgument *args, bool owner_known,
                                  const GqlInputValueDef *defs, bool is_directive,
                                  const char *owner, const char *field_name, GqlPos pos);
/* KnownDirectives, UniqueDirectivesPerLocation and directive arguments. */
void        gql_v_check_directives(V *v, const GqlDirective *list, unsigned location);

#endif                          /* GQL_VALIDATE_VALUES_H */
