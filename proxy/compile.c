/*
 * compile.c - GraphQL operation -> parameterised SQL (see compile.h).
 *
 * The SQL text is built in a growable buffer and copied into the caller's
 * arena when done.  Row aliases are t1, t2, ... unique per operation.
 * Placeholders in mapping expressions: {t} the row of the field's type,
 * {parent} the row of the type that declares the field, {name} the value
 * of argument `name` as a text parameter $n.
 *
 * It must not splice a request's values into SQL (every one is a $n
 * parameter) nor talk to the database; names in the SQL come from the
 * schema file only.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"

/* More keys than this per json_build_object call are split into chunks. */
#define KEYS_PER_CALL 50

typedef struct StrBuf
{
    char       *data;
    size_t      len;
    size_t      cap;
    bool        oom;
} StrBuf;

typedef struct Ctx
{
    GqlArena   *arena;
    const GqlSchema *schema;
    const GqlDocument *doc;
    const json_t *variables;
    char       *err;
    size_t      errlen;
    bool        failed;
    int         next_alias;
    /* parameters of the statement being built */
    CompiledParam *params;
    int         nparams;
    int         capparams;
    bool        guarded;
} Ctx;

static void compile_fail(Ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void field_value(Ctx *ctx, StrBuf *sb, const GqlTypeDef *parent_type, const char *alias,
                        const GqlFieldGroup *group, int call_index, PlanNode **plan);

/* Appends n bytes, growing the buffer. */
static void
sb_addn(StrBuf *sb, const char *s, size_t n)
{
    if (sb->oom)
        return;
    if (sb->len + n + 1 > sb->cap)
    {
        size_t      cap = sb->cap ? sb->cap * 2 : 1024;
        char       *p;

        while (cap < sb->len + n + 1)
            cap *= 2;
        p = realloc(sb->data, cap);
        if (p == NULL)
        {
            sb->oom = true;
            return;
        }
        sb->data = p;
        sb->cap = cap;
    }
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

/* Appends a NUL-terminated string. */
static void
sb_add(StrBuf *sb, const char *s)
{
    sb_addn(sb, s, strlen(s));
}

/* Appends printf output. */
static void __attribute__((format(printf, 2, 3)))
sb_addf(StrBuf *sb, const char *fmt, ...)
{
    char        buf[512];
    va_list     ap;
    int         n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t) n >= sizeof(buf))
    {
        sb->oom = true;
        return;
    }
    sb_addn(sb, buf, (size_t) n);
}

/* Appends a schema-given name as an SQL string literal ('...' with quotes doubled). */
static void
sb_add_literal(StrBuf *sb, const char *s)
{
    sb_add(sb, "'");
    for (const char *p = s; *p; p++)
    {
        if (*p == '\'')
            sb_add(sb, "'");
        sb_addn(sb, p, 1);
    }
    sb_add(sb, "'");
}

/* Records the first compile error. */
static void
compile_fail(Ctx *ctx, const char *fmt, ...)
{
    va_list     ap;

    if (ctx->failed)
        return;
    ctx->failed = true;
    va_start(ap, fmt);
    vsnprintf(ctx->err, ctx->errlen, fmt, ap);
    va_end(ap);
}

/* The $n of an argument of a field selection, adding it when new. */
static int
param_for(Ctx *ctx, const GqlSelection *sel, const GqlFieldDef *fd, const char *arg,
          CompiledCheck check)
{
    for (int i = 0; i < ctx->nparams; i++)
        if (ctx->params[i].sel == sel && strcmp(ctx->params[i].arg, arg) == 0)
            return i + 1;
    if (ctx->nparams == ctx->capparams)
    {
        int         cap = ctx->capparams ? ctx->capparams * 2 : 8;
        CompiledParam *p = realloc(ctx->params, cap * sizeof(CompiledParam));

        if (p == NULL)
        {
            compile_fail(ctx, "realloc: out of memory");
            return 1;
        }
        ctx->params = p;
        ctx->capparams = cap;
    }
    ctx->params[ctx->nparams].sel = sel;
    ctx->params[ctx->nparams].field = fd;
    ctx->params[ctx->nparams].arg = arg;
    ctx->params[ctx->nparams].check = check;
    return ++ctx->nparams;
}

/* Expands a mapping expression's placeholders into sb. */
static void
expand(Ctx *ctx, StrBuf *sb, const char *tmpl, const char *t_alias, const char *parent_alias,
       const GqlSelection *sel, const GqlFieldDef *fd)
{
    const char *p = tmpl;

    while (*p)
    {
        const char *q = p;
        size_t      n;
        char        name[64];

        if (*p != '{' || !(isalpha((unsigned char) p[1]) || p[1] == '_'))
        {
            sb_addn(sb, p, 1);
            p++;
            continue;
        }
        q = p + 1;
        while (isalnum((unsigned char) *q) || *q == '_')
            q++;
        if (*q != '}')
        {
            sb_addn(sb, p, 1);
            p++;
            continue;
        }
        n = (size_t) (q - p - 1);
        if (n >= sizeof(name))
        {
            compile_fail(ctx, "placeholder too long in mapping of %s.%s",
                         fd->owner ? fd->owner->name : "?", fd->name);
            return;
        }
        memcpy(name, p + 1, n);
        name[n] = '\0';
        if (strcmp(name, "t") == 0 || strcmp(name, "parent") == 0)
        {
            const char *a = name[0] == 't' ? t_alias : parent_alias;

            if (a == NULL)
            {
                compile_fail(ctx, "{%s} has no row in the mapping of %s.%s", name,
                             fd->owner ? fd->owner->name : "?", fd->name);
                return;
            }
            sb_add(sb, a);
        }
        else
        {
            const GqlInputValueDef *arg = gql_input_value(fd->args, name);

            if (arg == NULL)
            {
                compile_fail(ctx, "{%s} is not an argument of %s.%s", name,
                             fd->owner ? fd->owner->name : "?", fd->name);
                return;
            }
            if (sel != NULL)
                sb_addf(sb, "$%d", param_for(ctx, sel, fd, arg->name, CHECK_NONE));
            else
                sb_add(sb, "NULL::text");   /* schema check: no selection */
        }
        p = q + 1;
    }
}

/* A fresh row alias (arena-owned). */
static const char *
new_alias(Ctx *ctx)
{
    char       *a = gql_arena_printf(ctx->arena, "t%d", ++ctx->next_alias);

    if (a == NULL)
        compile_fail(ctx, "arena: out of memory");
    return a ? a : "t0";
}

/* field_name in snake_case: problemsPerInterview -> problems_per_interview. */
static const char *
snake_case(Ctx *ctx, const char *name)
{
    size_t      n = strlen(name);
    char       *out = gql_arena_alloc(ctx->arena, 2 * n + 1);
    char       *o = out;

    if (out == NULL)
    {
        compile_fail(ctx, "arena: out of memory");
        return name;
    }
    for (const char *p = name; *p; p++)
    {
        if (isupper((unsigned char) *p))
        {
            if (p != name)
                *o++ = '_';
            *o++ = (char) tolower((unsigned char) *p);
        }
        else
            *o++ = *p;
    }
    *o = '\0';
    return out;
}

/* SQL cast for a scalar read back from a transaction setting. */
static const char *
scalar_cast(const GqlTypeDef *named)
{
    if (strcmp(named->name, "Int") == 0)
        return "int";
    if (strcmp(named->name, "Float") == 0)
        return "float8";
    if (strcmp(named->name, "Boolean") == 0)
        return "boolean";
    return "text";
}

/* json_build_object over the field groups of an object (chunked past KEYS_PER_CALL). */
static void
object_expr(Ctx *ctx, StrBuf *sb, const GqlTypeDef *type, const char *alias,
            const GqlFieldGroup *groups, int call_index, PlanNode **children)
{
    int         n = 0;
    int         i = 0;
    PlanNode  **tail = children;

    for (const GqlFieldGroup *g = groups; g; g = g->next)
        n++;
    if (n == 0)
    {
        sb_add(sb, "json_build_object()");
        return;
    }
    /* past KEYS_PER_CALL keys: ('{' || inner(chunk1) || ', ' || inner(chunk2) ... || '}')::json */
    if (n > KEYS_PER_CALL)
        sb_add(sb, "('{' || ");
    for (const GqlFieldGroup *g = groups; g; g = g->next, i++)
    {
        if (i % KEYS_PER_CALL == 0)
        {
            if (i > 0)
                sb_add(sb, ")::text, -1), 2) || ', ' || ");
            if (n > KEYS_PER_CALL)
                sb_add(sb, "substr(left(");
            sb_add(sb, "json_build_object(");
        }
        else
            sb_add(sb, ", ");
        sb_add_literal(sb, g->response_key);
        sb_add(sb, ", ");
        field_value(ctx, sb, type, alias, g, call_index, tail);
        if (*tail)
            tail = &(*tail)->next;
    }
    if (n > KEYS_PER_CALL)
        sb_add(sb, ")::text, -1), 2) || '}')::json");
    else
        sb_add(sb, ")");
}

/* Fills the shape flags of a plan node from a field's type. */
static void
plan_shape(PlanNode *node, const GqlTypeRef *type)
{
    const GqlTypeRef *t = type;

    node->non_null = gql_typeref_is_non_null(type);
    if (t->kind == GQL_TYPEREF_NON_NULL)
        t = t->of;
    node->list = t->kind == GQL_TYPEREF_LIST;
    if (node->list)
        node->item_non_null = t->of->kind == GQL_TYPEREF_NON_NULL;
}

/* The SQL of an object-typed field: a subquery over its table, or a payload row. */
static void
object_field(Ctx *ctx, StrBuf *sb, const char *alias, const GqlFieldGroup *group,
             const GqlFieldDef *fd, int call_index, PlanNode *node)
{
    const GqlSelection *sel = group->fields[0];
    const GqlTypeDef *named = gql_typeref_named(fd->type);
    const GqlSelectionSet **sets;
    const GqlFieldGroup *sub;
    const char *table = gql_directive_string(named->directives, "table", "name");
    const char *t = new_alias(ctx);

    sets = gql_arena_alloc(ctx->arena, sizeof(*sets) * (size_t) group->nfields);
    if (sets == NULL)
    {
        compile_fail(ctx, "arena: out of memory");
        return;
    }
    for (int i = 0; i < group->nfields; i++)
        sets[i] = group->fields[i]->selection_set;
    sub = gql_collect_fields(ctx->arena, ctx->schema, ctx->doc, named,
                             (const GqlSelectionSet *const *) sets, group->nfields, ctx->variables);

    if (table != NULL)
    {
        const GqlDirective *rel = gql_directive_find(fd->directives, "relation");
        const char *where = gql_directive_string(fd->directives, "where", "sql");
        const char *order = gql_directive_string(named->directives, "table", "orderBy");
        bool        list = gql_typeref_is_list(fd->type);
        bool        first = true;

        if (list)
            sb_add(sb, "(SELECT coalesce(json_agg(x.j), '[]'::json) FROM (SELECT ");
        else
            sb_add(sb, "(SELECT ");
        object_expr(ctx, sb, named, t, sub, -1, &node->children);
        if (list)
            sb_add(sb, " AS j");
        sb_addf(sb, " FROM %s %s", table, t);
        if (rel != NULL)
        {
            const char *from = gql_directive_string(fd->directives, "relation", "from");
            const char *to = gql_directive_string(fd->directives, "relation", "to");

            if (alias == NULL)
            {
                compile_fail(ctx, "@relation on root field %s", fd->name);
                return;
            }
            sb_addf(sb, " WHERE %s.%s = %s.%s", t, to ? to : "id", alias, from ? from : "id");
            first = false;
        }
        if (where != NULL)
        {
            sb_add(sb, first ? " WHERE (" : " AND (");
            expand(ctx, sb, where, t, alias, sel, fd);
            sb_add(sb, ")");
        }
        if (list)
        {
            sb_add(sb, " ORDER BY ");
            expand(ctx, sb, order ? order : "{t}.id", t, NULL, NULL, fd);
            if (gql_input_value(fd->args, "limit"))
                sb_addf(sb, " LIMIT $%d::int", param_for(ctx, sel, fd, "limit", CHECK_LIMIT));
            else
                sb_addf(sb, " LIMIT %d", COMPILE_MAX_LIMIT);
            if (gql_input_value(fd->args, "offset"))
                sb_addf(sb, " OFFSET $%d::int", param_for(ctx, sel, fd, "offset", CHECK_OFFSET));
            sb_add(sb, ") x)");
        }
        else
            sb_add(sb, " LIMIT 1)");
    }
    else if (call_index >= 0)
    {
        sb_add(sb, "(SELECT ");
        object_expr(ctx, sb, named, t, sub, -1, &node->children);
        sb_addf(sb, " FROM (SELECT nullif(current_setting('iv_proxy.r%d', true), '') AS result) %s)",
                call_index, t);
    }
    else
        compile_fail(ctx, "type %s has no @table for field %s", named->name, fd->name);
}

/* The SQL value of one field group (response key) of an object. */
static void
field_value(Ctx *ctx, StrBuf *sb, const GqlTypeDef *parent_type, const char *alias,
            const GqlFieldGroup *group, int call_index, PlanNode **plan)
{
    const GqlSelection *sel = group->fields[0];
    const GqlFieldDef *fd = sel->field_def;
    const GqlTypeDef *named;
    const char *guard;
    PlanNode   *node;

    node = gql_arena_alloc(ctx->arena, sizeof(PlanNode));
    if (node == NULL)
    {
        compile_fail(ctx, "arena: out of memory");
        return;
    }
    node->key = group->response_key;
    node->pos = sel->pos;
    *plan = node;
    if (strcmp(sel->name, "__typename") == 0)
    {
        sb_add_literal(sb, parent_type->name);
        sb_add(sb, "::text");
        node->non_null = true;
        return;
    }
    if (fd == NULL)
    {
        compile_fail(ctx, "field %s was not resolved", sel->name);
        return;
    }
    plan_shape(node, fd->type);
    named = gql_typeref_named(fd->type);
    guard = gql_directive_string(fd->directives, "guard", "sql");
    if (guard != NULL)
    {
        const char *code = gql_directive_string(fd->directives, "guard", "code");

        node->guard_code = code ? code : "FORBIDDEN";
        ctx->guarded = true;
        sb_add(sb, "CASE WHEN (");
        expand(ctx, sb, guard, alias, NULL, sel, fd);
        sb_add(sb, ") THEN to_json(");
    }
    if (gql_type_is_leaf(named))
    {
        const char *expr = gql_directive_string(fd->directives, "sql", "expr");

        if (expr != NULL)
        {
            sb_add(sb, "(");
            expand(ctx, sb, expr, alias, NULL, sel, fd);
            sb_add(sb, ")");
        }
        else if (call_index >= 0)
            sb_addf(sb, "nullif(current_setting('iv_proxy.r%d', true), '')::%s",
                    call_index, scalar_cast(named));
        else if (alias == NULL)
            compile_fail(ctx, "field %s.%s has no mapping", parent_type->name, fd->name);
        else
        {
            const char *col = gql_directive_string(fd->directives, "column", "name");

            if (col == NULL)
                col = snake_case(ctx, fd->name);
            if (named->kind == GQL_KIND_ENUM)
                sb_addf(sb, "upper(%s.%s::text)", alias, col);
            else if (strcmp(named->name, "ID") == 0)
                sb_addf(sb, "%s.%s::text", alias, col);
            else
                sb_addf(sb, "%s.%s", alias, col);
        }
    }
    else
        object_field(ctx, sb, alias, group, fd, call_index, node);
    for (PlanNode *c = node->children; c; c = c->next)
        if (c->guard_code || c->guarded_below)
            node->guarded_below = true;
    if (guard != NULL)
    {
        sb_add(sb, ") ELSE json_build_object('!error', ");
        sb_add_literal(sb, node->guard_code);
        sb_add(sb, ") END");
    }
}

/* Moves the statement being built into the arena. */
static bool
finish_stmt(Ctx *ctx, StrBuf *sb, CompiledStmt *out)
{
    if (sb->oom)
    {
        compile_fail(ctx, "out of memory building SQL");
        return false;
    }
    out->sql = gql_arena_strndup(ctx->arena, sb->data, sb->len);
    out->nparams = ctx->nparams;
    out->params = gql_arena_alloc(ctx->arena, sizeof(CompiledParam) * (size_t) (ctx->nparams + 1));
    if (out->sql == NULL || out->params == NULL)
    {
        compile_fail(ctx, "arena: out of memory");
        return false;
    }
    if (ctx->nparams > 0)
        memcpy(out->params, ctx->params, sizeof(CompiledParam) * (size_t) ctx->nparams);
    ctx->nparams = 0;
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
    return true;
}

/* Compiles the selected operation (see compile.h). */
CompiledOp *
compile_operation(GqlArena *arena, const GqlSchema *schema, const GqlDocument *doc,
                  const GqlDefinition *operation, const json_t *variables,
                  char *err, size_t errlen)
{
    Ctx         ctx = {arena, schema, doc, variables, err, errlen, false, 0, NULL, 0, 0, false};
    const GqlTypeDef *root = gql_schema_root_type(schema, operation->operation);
    const GqlSelectionSet *set = operation->selection_set;
    const GqlFieldGroup *groups;
    CompiledOp *op;
    StrBuf      sb = {0};
    int         n = 0;
    int         ncalls = 0;
    int         i;
    PlanNode  **tail;

    op = gql_arena_alloc(arena, sizeof(CompiledOp));
    if (op == NULL || root == NULL)
    {
        snprintf(err, errlen, "no root type or out of memory");
        return NULL;
    }
    op->type = operation->operation;
    groups = gql_collect_fields(arena, schema, doc, root, &set, 1, variables);
    for (const GqlFieldGroup *g = groups; g; g = g->next)
        n++;
    op->roots = gql_arena_alloc(arena, sizeof(CompiledRoot) * (size_t) (n + 1));
    op->stmts = gql_arena_alloc(arena, sizeof(CompiledStmt) * (size_t) (2 * n + 1));
    if (op->roots == NULL || op->stmts == NULL)
    {
        snprintf(err, errlen, "arena: out of memory");
        return NULL;
    }
    op->all_public = true;
    i = 0;
    for (const GqlFieldGroup *g = groups; g; g = g->next, i++)
    {
        CompiledRoot *r = &op->roots[i];
        const GqlSelection *sel = g->fields[0];

        r->key = g->response_key;
        r->pos = sel->pos;
        r->group = g;
        r->call_stmt = -1;
        if (strcmp(sel->name, "__schema") == 0 || strcmp(sel->name, "__type") == 0)
        {
            r->meta = true;
            op->has_meta = true;
            continue;
        }
        if (strcmp(sel->name, "__typename") == 0)
        {
            r->is_public = true;
            continue;
        }
        op->has_sql = true;
        r->is_public = sel->field_def &&
            gql_directive_find(sel->field_def->directives, "public") != NULL;
        if (!r->is_public)
            op->all_public = false;
        if (op->type == GQL_OP_MUTATION)
        {
            const char *call = sel->field_def ?
                gql_directive_string(sel->field_def->directives, "call", "sql") : NULL;
            const char *cookie;
            const char *before;

            if (call == NULL)
            {
                snprintf(err, errlen, "mutation field %s has no @call", sel->name);
                free(ctx.params);
                free(sb.data);
                return NULL;
            }
            cookie = gql_directive_string(sel->field_def->directives, "call", "cookie");
            r->cookie = cookie == NULL ? COOKIE_NONE :
                strcmp(cookie, "set") == 0 ? COOKIE_SET :
                strcmp(cookie, "clear") == 0 ? COOKIE_CLEAR : COOKIE_NONE;
            before = gql_directive_string(sel->field_def->directives, "call", "before");
            if (before != NULL)
            {
                /* a statement of its own: the call sees what it did */
                sb_add(&sb, "SELECT (");
                expand(&ctx, &sb, before, NULL, NULL, sel, sel->field_def);
                sb_add(&sb, ") IS NULL");
                op->stmts[ncalls].root = i;
                if (!finish_stmt(&ctx, &sb, &op->stmts[ncalls]))
                    break;
                ncalls++;
            }
            r->call_stmt = ncalls;
            op->stmts[ncalls].root = i;
            sb_addf(&sb, "SELECT set_config('iv_proxy.r%d', coalesce((", ncalls);
            expand(&ctx, &sb, call, NULL, NULL, sel, sel->field_def);
            sb_add(&sb, ")::text, ''), true)");
            if (!finish_stmt(&ctx, &sb, &op->stmts[ncalls]))
                break;
            ncalls++;
        }
    }
    op->nroots = n;

    /* the statement that builds "data" (every non-meta root field) */
    if (op->has_sql && !ctx.failed)
    {
        bool        first = true;
        int         nkeys = 0;

        tail = &op->plan;
        for (i = 0; i < n; i++)
            if (!op->roots[i].meta)
                nkeys++;
        sb_add(&sb, "SELECT ");
        if (nkeys > KEYS_PER_CALL)
        {
            /* rare: build it as text to keep the order of the keys */
            sb_add(&sb, "('{' || ");
            for (i = 0; i < n; i++)
            {
                CompiledRoot *r = &op->roots[i];

                if (r->meta)
                    continue;
                if (!first)
                    sb_add(&sb, " || ',' || ");
                first = false;
                sb_add(&sb, "to_json(");
                sb_add_literal(&sb, r->key);
                sb_add(&sb, "::text)::text || ':' || coalesce(to_json(");
                field_value(&ctx, &sb, root, NULL, r->group, r->call_stmt, tail);
                sb_add(&sb, ")::text, 'null')");
                if (*tail)
                    tail = &(*tail)->next;
            }
            sb_add(&sb, " || '}')::json");
        }
        else
        {
            sb_add(&sb, "json_build_object(");
            for (i = 0; i < n; i++)
            {
                CompiledRoot *r = &op->roots[i];

                if (r->meta)
                    continue;
                if (!first)
                    sb_add(&sb, ", ");
                first = false;
                sb_add_literal(&sb, r->key);
                sb_add(&sb, ", ");
                field_value(&ctx, &sb, root, NULL, r->group, r->call_stmt, tail);
                if (*tail)
                    tail = &(*tail)->next;
            }
            sb_add(&sb, ")");
        }
        op->stmts[ncalls].root = -1;
        if (!ctx.failed)
            finish_stmt(&ctx, &sb, &op->stmts[ncalls]);
        op->nstmts = ncalls + 1;
    }
    op->guarded = ctx.guarded;
    free(ctx.params);
    free(sb.data);
    if (ctx.failed)
        return NULL;
    return op;
}

/* Whether a selection set (recursively) has @skip/@include with a variable. */
static bool
set_depends(const GqlSelectionSet *set)
{
    if (set == NULL)
        return false;
    for (const GqlSelection *s = set->selections; s; s = s->next)
    {
        for (const GqlDirective *d = s->directives; d; d = d->next)
            if (strcmp(d->name, "skip") == 0 || strcmp(d->name, "include") == 0)
                for (const GqlArgument *a = d->args; a; a = a->next)
                    if (a->value && a->value->kind == GQL_VALUE_VARIABLE)
                        return true;
        if (set_depends(s->selection_set))
            return true;
    }
    return false;
}

/* See compile.h. */
bool
compile_depends_on_variables(const GqlDocument *doc, const GqlDefinition *operation)
{
    if (set_depends(operation->selection_set))
        return true;
    for (const GqlDefinition *d = doc->definitions; d; d = d->next)
        if (d->kind == GQL_DEF_FRAGMENT && set_depends(d->selection_set))
            return true;
    return false;
}

/* See compile.h: every field of every user object type has a mapping. */
bool
compile_check_schema(const GqlSchema *schema, char *err, size_t errlen)
{
    const GqlTypeDef *query = gql_schema_query_type(schema);
    const GqlTypeDef *mutation = gql_schema_mutation_type(schema);
    GqlArena   *arena = gql_arena_new();
    Ctx         ctx = {arena, schema, NULL, NULL, err, errlen, false, 0, NULL, 0, 0, false};
    StrBuf      sb = {0};

    if (arena == NULL)
    {
        snprintf(err, errlen, "gql_arena_new: out of memory");
        return false;
    }
    for (const GqlTypeDef *t = gql_schema_types(schema); t && !ctx.failed; t = t->next)
    {
        bool        has_table;

        if (t->builtin || t->kind != GQL_KIND_OBJECT || strncmp(t->name, "__", 2) == 0)
            continue;
        has_table = gql_directive_string(t->directives, "table", "name") != NULL;
        for (const GqlFieldDef *f = t->fields; f && !ctx.failed; f = f->next)
        {
            const GqlTypeDef *named = gql_typeref_named(f->type);
            const char *s;

            if (t == mutation)
            {
                if ((s = gql_directive_string(f->directives, "call", "sql")) == NULL)
                    compile_fail(&ctx, "mutation field %s has no @call", f->name);
                else
                    expand(&ctx, &sb, s, NULL, NULL, NULL, f);
                if ((s = gql_directive_string(f->directives, "call", "before")) != NULL)
                    expand(&ctx, &sb, s, NULL, NULL, NULL, f);
                if (!gql_type_is_leaf(named) &&
                    gql_directive_string(named->directives, "table", "name") != NULL)
                    compile_fail(&ctx, "mutation field %s must return a payload type", f->name);
                continue;
            }
            if ((s = gql_directive_string(f->directives, "guard", "sql")) != NULL)
                expand(&ctx, &sb, s, has_table ? "t" : NULL, NULL, NULL, f);
            if (gql_type_is_leaf(named))
            {
                if ((s = gql_directive_string(f->directives, "sql", "expr")) != NULL)
                    expand(&ctx, &sb, s, (has_table || t != query) ? "t" : NULL, NULL, NULL, f);
                else if (!has_table)
                    compile_fail(&ctx, "field %s.%s needs @sql", t->name, f->name);
                continue;
            }
            if (gql_directive_string(named->directives, "table", "name") == NULL)
            {
                compile_fail(&ctx, "field %s.%s: type %s has no @table", t->name, f->name,
                             named->name);
                continue;
            }
            if (gql_directive_find(f->directives, "relation") && t == query)
                compile_fail(&ctx, "root field %s cannot use @relation", f->name);
            if ((s = gql_directive_string(f->directives, "where", "sql")) != NULL)
                expand(&ctx, &sb, s, "t", t == query ? NULL : "p", NULL, f);
            else if (!gql_directive_find(f->directives, "relation") && t != query)
                compile_fail(&ctx, "field %s.%s needs @relation or @where", t->name, f->name);
        }
    }
    free(sb.data);
    free(ctx.params);
    gql_arena_free(arena);
    return !ctx.failed;
}
