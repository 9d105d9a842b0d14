/*
 * compile.h - turns a validated GraphQL operation into parameterised SQL.
 *
 * A query becomes ONE statement: nested json_build_object / json_agg
 * subqueries that return the whole "data" object.  A mutation becomes one
 * statement per root field that calls the extension's function and keeps
 * its value in a transaction-local setting, plus one final statement that
 * builds the payloads; all of them run in one transaction.  Every value
 * from the request is a $n parameter (text) read at execution time from
 * the coerced arguments; names spliced into SQL come only from the schema.
 *
 * The mapping comes from directives in schema.graphql: @table on object
 * types; @column, @sql, @relation, @where, @call, @guard and @public on
 * fields (see the directive definitions there).  Scalar fields without a
 * directive read the column named after the field in snake_case.
 *
 * Ownership: everything a CompiledOp holds lives in the arena passed to
 * compile_operation() (normally the cached document's arena).
 *
 * The compiler must not know HTTP or the pool: it turns a document into
 * text.
 */
#ifndef COMPILE_H
#define COMPILE_H

#include <jansson.h>

#include "graphql/graphql.h"

/* What a parameter checks besides its value (list arguments). */
typedef enum CompiledCheck
{
    CHECK_NONE,
    CHECK_LIMIT,                /* 0..COMPILE_MAX_LIMIT */
    CHECK_OFFSET                /* >= 0 */
} CompiledCheck;

#define COMPILE_DEFAULT_LIMIT 100
#define COMPILE_MAX_LIMIT 1000

/* One $n: the value of argument `arg` of field selection `sel`. */
typedef struct CompiledParam
{
    const GqlSelection *sel;
    const GqlFieldDef *field;
    const char *arg;
    CompiledCheck check;
} CompiledParam;

typedef struct CompiledStmt
{
    const char *sql;
    int         nparams;
    CompiledParam *params;
    int         root;           /* mutations: index of the root field it runs for; -1: final */
} CompiledStmt;

/* What a mutation's @call does to the session cookie. */
typedef enum CookieAction
{
    COOKIE_NONE,
    COOKIE_SET,                 /* the call's value is a session token */
    COOKIE_CLEAR
} CookieAction;

/* A root field: answered by SQL or by introspection. */
typedef struct CompiledRoot
{
    const char *key;
    GqlPos      pos;
    bool        meta;           /* __schema / __type: answered by gql_introspect_field */
    const GqlFieldGroup *group;
    bool        is_public;      /* may run without a session */
    int         call_stmt;      /* mutation: index of its call statement, else -1 */
    CookieAction cookie;
} CompiledRoot;

/* A node of the result shape, for @guard errors and null propagation. */
typedef struct PlanNode
{
    const char *key;
    GqlPos      pos;
    bool        non_null;
    bool        list;
    bool        item_non_null;
    const char *guard_code;     /* NULL unless the field has a @guard */
    bool        guarded_below;  /* a descendant has a guard */
    struct PlanNode *children;
    struct PlanNode *next;
} PlanNode;

typedef struct CompiledOp
{
    GqlOperationType type;
    int         nstmts;         /* mutations: calls first, the final statement last */
    CompiledStmt *stmts;
    int         nroots;
    CompiledRoot *roots;
    bool        has_sql;        /* false: introspection only */
    bool        has_meta;       /* some root field is __schema / __type */
    bool        all_public;     /* every non-meta root field is @public */
    PlanNode   *plan;           /* root fields answered by SQL */
    bool        guarded;        /* plan has guards */
} CompiledOp;

/*
 * Compiles the selected operation of a validated document.  variables are
 * the coerced variables (borrowed; they matter only for @skip/@include).
 * Returns NULL with a message in err (a mapping error in the schema: the
 * request fails with INTERNAL_SERVER_ERROR).
 */
CompiledOp *compile_operation(GqlArena *arena, const GqlSchema *schema,
                              const GqlDocument *doc, const GqlDefinition *operation,
                              const json_t *variables, char *err, size_t errlen);

/* Whether @skip/@include in the operation or its fragments depend on variables. */
bool        compile_depends_on_variables(const GqlDocument *doc, const GqlDefinition *operation);

/*
 * Checks that every field of every object type has a usable mapping;
 * false with a message naming the field otherwise.  Run at start-up.
 */
bool        compile_check_schema(const GqlSchema *schema, char *err, size_t errlen);

#endif                          /* COMPILE_H */
