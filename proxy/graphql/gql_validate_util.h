/*
 * gql_validate_util.h - state shared by the validation files (gql_validate.c
 * walks definitions and runs the per-node rules; gql_validate_merge.c runs
 * field merging, the limits and the introspection depth rule) and the
 * helpers of gql_validate_util.c, the lowest of them.  Internal to the
 * validator: nothing here is part of the library's interface.
 *
 * Nothing here may be used outside gql_validate*.c.
 */
#ifndef GQL_VALIDATE_UTIL_H
#define GQL_VALIDATE_UTIL_H

#include "gql_ast.h"
#include "gql_schema.h"

/* A variable used somewhere, with the type expected there. */
typedef struct Usage
{
    const char *name;
    GqlPos      pos;
    const GqlTypeRef *type;     /* NULL when the position's type is unknown */
    bool        has_default;    /* the argument or input field has a default */
    struct Usage *next;
} Usage;

/* A fragment spread seen in a definition. */
typedef struct Spread
{
    const char *name;
    GqlPos      pos;
    struct Spread *next;
} Spread;

/* What the walk of one definition (operation or fragment) recorded. */
typedef struct DefInfo
{
    GqlDefinition *def;         /* a fragment name resolves to its last definition */
    GqlDefinition *first_def;   /* for UniqueFragmentNames */
    const GqlTypeDef *type;     /* root or type-condition type, NULL when unknown */
    Usage      *usages;
    Spread     *spreads;
    int         mark;           /* visit generation */
    int         state;          /* cycle detection: 0 new, 1 on stack, 2 done */
    bool        used;
    long        depth_memo;     /* -1: not computed */
    long        fields_memo;
    int         introspection_seen; /* MaxIntrospectionDepth: deepest entry checked, -1 none */
} DefInfo;

typedef struct V
{
    const GqlSchema *schema;
    GqlDocument *doc;
    GqlErrors  *errs;
    GqlArena   *arena;
    int         max_depth;
    int         max_fields;
    int         max_aliases;
    long        max_merge_work;
    size_t      max_bytes;
    DefInfo    *frags;          /* fragment infos, open-addressed by name */
    size_t      nslots;
    DefInfo    *cur;            /* definition being walked */
    int         generation;
    long        merge_work;     /* field pairs looked at by the merging check */
    bool        merge_over;     /* it gave up past GQL_MERGE_BUDGET */
} V;

/*
 * Field pairs the merging check may look at in one document.  It compares
 * the sub-fields of every same-keyed pair again for each path that leads to
 * them, which some small documents turn into billions of comparisons (a
 * fuzzer found 1.4 KB that took minutes and 12 GB); past the budget the
 * document is refused as too complex.  A document at the field limit (500
 * fields, all with one response key) needs 125,000.  GqlLimits can lower it.
 */
#define GQL_MERGE_BUDGET 2000000L

/* Reports a validation error for a rule. */
#define VERR(v, rule, pos, ...) \
    gql_error_add((v)->errs, GQL_CODE_VALIDATION_FAILED, (rule), (pos), __VA_ARGS__)

/* The slot of a fragment name: its info, or the empty slot it would take (nslots > 0). */
DefInfo    *gql_v_fragment_slot(V *v, const char *name);
/* Fragment info by name, NULL when no fragment has it. */
DefInfo    *gql_v_fragment(V *v, const char *name);
/* A type ref as text (arena). */
const char *gql_v_type_text(V *v, const GqlTypeRef *t);
/* A value literal as text, printed compactly as graphql-js does (arena). */
const char *gql_v_value_text(V *v, const GqlValue *val);
/* Whether two value literals are the same. */
bool        gql_v_same_value(const GqlValue *a, const GqlValue *b);

#endif                          /* GQL_VALIDATE_UTIL_H */
