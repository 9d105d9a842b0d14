/*
 * gql_validate_int.h - state shared by the validation files (gql_validate.c
 * walks definitions and runs the per-node rules; gql_validate_merge.c runs
 * field merging, the limits and the introspection depth rule).  Internal to
 * the validator: nothing here is part of the proxy's interface.
 */
#ifndef GQL_VALIDATE_INT_H
#define GQL_VALIDATE_INT_H

#include "gql_validate.h"

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

/* Fragment info by name, NULL when no fragment has it. */
DefInfo    *gql_v_fragment(V *v, const char *name);
/* A type ref as text (arena). */
const char *gql_v_type_text(V *v, const GqlTypeRef *t);
/* Whether two value literals are the same. */
bool        gql_v_same_value(const GqlValue *a, const GqlValue *b);
/* OverlappingFieldsCanBeMerged over a selection set and those nested in it. */
void        gql_v_check_merging(V *v, const GqlTypeDef *parent, const GqlSelectionSet *ss);
/* Field depth and count of a selection set, fragments expanded (memoised, saturating). */
void        gql_v_measure(V *v, const GqlSelectionSet *ss, long *depth, long *fields);
/* MaxIntrospectionDepth for the __schema / __type fields in a selection set. */
void        gql_v_check_introspection(V *v, const GqlSelectionSet *ss);
/* Number of aliased fields in a selection set (not expanded). */
long        gql_v_count_aliases(const GqlSelectionSet *ss);

#endif                          /* GQL_VALIDATE_INT_H */
