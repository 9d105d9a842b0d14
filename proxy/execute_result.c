/*
 * execute_result.c - result assembly: GraphQL error objects, response
 * bodies, SQL errors mapped to extensions.code, and the data of a finished
 * operation (guards, nulls propagated, introspection merged in).  It builds
 * JSON only: it must not send anything to the database nor choose what
 * runs (execute.c and execute_batch.c do).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "execute_int.h"

/* SQLSTATE class IV -> extensions.code (docs/CONTRACTS.md, README "Errors"). */
static const char *const iv_codes[] = {
    NULL, "ANOTHER_INTERVIEW_ONGOING", "NO_INTERVIEW_ONGOING", "INTERVIEW_EXPIRED",
    "NOT_YOUR_TASK", "UNKNOWN_LANGUAGE", "INVALID_CODE", "TOO_MANY_PENDING",
    "FORBIDDEN", "UNAUTHENTICATED", "NO_PROBLEMS", "NOT_FOUND", "BAD_USER_INPUT",
    "RUN_PENDING", "RATE_LIMITED", "IN_USE", "INVALID_PACKAGE", "INVALID_SIGNATURE", "INVALID_CHECKER"
};

/* One error in spec shape (new reference); pos/key may be NULL. */
json_t *
execute_error_json(const char *message, const char *code, const GqlPos *pos, const char *key)
{
    json_t     *e = json_pack("{s:s, s:{s:s}}", "message", message, "extensions", "code", code);

    if (e == NULL)
        return NULL;
    if (pos != NULL && pos->line > 0)
        json_object_set_new(e, "locations",
                            json_pack("[{s:i, s:i}]", "line", pos->line, "column", pos->column));
    if (key != NULL)
        json_object_set_new(e, "path", json_pack("[s]", key));
    return e;
}

/* Dumps a response object into res and drops the reference. */
void
execute_finish_body(ExecResult *res, json_t *body)
{
    res->body = body ? json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    if (res->body == NULL)
        res->body = strdup("{\"errors\":[{\"message\":\"out of memory\","
                           "\"extensions\":{\"code\":\"INTERNAL_SERVER_ERROR\"}}]}");
    res->body_len = res->body ? strlen(res->body) : 0;
    json_decref(body);
}

/* See execute.h. */
char *
execute_error_body(const char *message, const char *code)
{
    ExecResult  res = {0};

    execute_finish_body(&res, json_pack("{s:[o]}", "errors", execute_error_json(message, code, NULL, NULL)));
    return res.body;
}

/* A request error: {"errors": [...]} from the collected GraphQL errors. */
void
execute_request_error(ExecResult *res, Run *run)
{
    res->status = EXEC_REQUEST_ERROR;
    execute_finish_body(res, json_pack("{s:o}", "errors", gql_errors_to_json(&run->errs)));
}

/* An execution error: {"errors": [e], "data": data} (data may be NULL: null). */
void
execute_field_error(ExecResult *res, json_t *err, json_t *data)
{
    res->status = EXEC_OK;
    execute_finish_body(res, json_pack("{s:[o], s:o}", "errors", err, "data", data ? data : json_null()));
}

/* Frees what execute_request() put in res. */
void
execute_result_free(ExecResult *res)
{
    free(res->body);
    free(res->set_token);
    res->body = NULL;
    res->set_token = NULL;
}

/* Maps a failed result to (code, message); *down when the database went away. */
void
execute_map_sql_error(const PGresult *r, const char **code, const char **message, bool *down)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;

    *down = false;
    if (state == NULL || strlen(state) != 5)
    {
        *code = "INTERNAL_SERVER_ERROR";
        *message = "internal server error";
        *down = true;
        return;
    }
    if (state[0] == 'I' && state[1] == 'V')
    {
        int         n = atoi(state + 2);

        if (n >= 1 && n < (int) (sizeof(iv_codes) / sizeof(iv_codes[0])) && iv_codes[n])
        {
            *code = iv_codes[n];
            *message = primary ? primary : iv_codes[n];
            return;
        }
    }
    if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0)
    {
        *code = "BAD_USER_INPUT";
        *message = "an argument has an invalid value";
        return;
    }
    if (strcmp(state, "57014") == 0)
    {
        *code = "TIMEOUT";
        *message = "the request took too long";
        return;
    }
    if (strcmp(state, "42501") == 0)
    {
        *code = "FORBIDDEN";
        *message = "permission denied";
        return;
    }
    /* a prepared statement lost or stale on this connection: start it afresh */
    if (strcmp(state, "26000") == 0 || strcmp(state, "0A000") == 0)
    {
        fprintf(stderr, "interview-proxy: SQL error %s: %s (reconnecting)\n", state,
                primary ? primary : "?");
        *code = "SERVICE_UNAVAILABLE";
        *message = "the database connection was reset, try again";
        *down = true;
        return;
    }
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
        strcmp(state, "53300") == 0)
    {
        *code = "SERVICE_UNAVAILABLE";
        *message = "the database is unavailable";
        *down = true;
        return;
    }
    fprintf(stderr, "interview-proxy: SQL error %s: %s\n", state, primary ? primary : "?");
    *code = "INTERNAL_SERVER_ERROR";
    *message = "internal server error";
}

/*
 * Replaces @guard markers by null with an error, and propagates nulls
 * into non-null parents.  Returns false when obj itself must become null.
 */
static bool fix_value(json_t **slot, const PlanNode *node, json_t *path, json_t *errors);

/* Walks the members of one object of the result. */
static bool
fix_object(json_t *obj, const PlanNode *children, json_t *path, json_t *errors)
{
    for (const PlanNode *c = children; c; c = c->next)
    {
        json_t     *v;

        if (!c->guard_code && !c->guarded_below)
            continue;
        v = json_object_get(obj, c->key);
        if (v == NULL)
            continue;
        json_incref(v);
        json_array_append_new(path, json_string(c->key));
        if (!fix_value(&v, c, path, errors))
        {
            json_decref(v);
            json_array_remove(path, json_array_size(path) - 1);
            return false;
        }
        json_object_set_new(obj, c->key, v);
        json_array_remove(path, json_array_size(path) - 1);
    }
    return true;
}

/* See fix_object: one field value (owned reference in *slot, may be replaced). */
static bool
fix_value(json_t **slot, const PlanNode *node, json_t *path, json_t *errors)
{
    json_t     *v = *slot;

    if (node->guard_code && json_is_object(v) && json_object_get(v, "!error"))
    {
        json_t     *e = json_pack("{s:s, s:[{s:i, s:i}], s:o, s:{s:s}}",
                                  "message", "not allowed",
                                  "locations", "line", node->pos.line, "column", node->pos.column,
                                  "path", json_deep_copy(path), "extensions", "code",
                                  node->guard_code);

        if (strcmp(node->guard_code, "FORBIDDEN") == 0)
            json_object_set_new(e, "message", json_string("permission denied"));
        json_array_append_new(errors, e);
        json_decref(v);
        *slot = v = json_null();
    }
    if (json_is_array(v) && node->guarded_below)
    {
        for (size_t i = 0; i < json_array_size(v); i++)
        {
            json_t     *item = json_array_get(v, i);

            json_incref(item);
            json_array_append_new(path, json_integer((json_int_t) i));
            if (!fix_object(item, node->children, path, errors))
            {
                json_decref(item);
                item = json_null();
            }
            json_array_set_new(v, i, item);
            json_array_remove(path, json_array_size(path) - 1);
            if (json_is_null(item) && node->item_non_null)
            {
                json_decref(v);
                *slot = v = json_null();
                break;
            }
        }
    }
    else if (json_is_object(v) && node->guarded_below)
    {
        if (!fix_object(v, node->children, path, errors))
        {
            json_decref(v);
            *slot = v = json_null();
        }
    }
    return !(json_is_null(v) && node->non_null);
}

/* The response of an executed operation from the final statement's JSON text. */
void
execute_build_data(ExecResult *res, Run *run, const char *text)
{
    const CompiledOp *op = run->compiled;
    json_t     *data;
    json_t     *errors;
    json_t     *path;
    json_error_t jerr;

    if (!op->guarded && !op->has_meta)
    {
        size_t      len = strlen(text);

        res->body = malloc(len + 16);
        if (res->body == NULL)
            return;
        memcpy(res->body, "{\"data\":", 8);
        memcpy(res->body + 8, text, len);
        memcpy(res->body + 8 + len, "}", 2);
        res->body_len = len + 9;
        return;
    }
    data = json_loads(text, JSON_DECODE_ANY, &jerr);
    errors = json_array();
    path = json_array();
    if (data == NULL || errors == NULL || path == NULL)
    {
        json_decref(data);
        json_decref(errors);
        json_decref(path);
        execute_finish_body(res, NULL);
        return;
    }
    if (op->has_meta)
    {
        /* rebuild in document order with the introspection answers */
        json_t     *merged = json_object();

        for (int i = 0; i < op->nroots; i++)
        {
            const CompiledRoot *r = &op->roots[i];
            json_t     *v;

            if (r->meta)
                v = gql_introspect_field(exec_schema, run->doc, gql_schema_query_type(exec_schema),
                                         r->group, run->vars, &run->errs);
            else
                v = json_incref(json_object_get(data, r->key));
            json_object_set_new(merged, r->key, v ? v : json_null());
        }
        json_decref(data);
        data = merged;
    }
    if (op->guarded && !fix_object(data, op->plan, path, errors))
    {
        json_decref(data);
        data = json_null();
    }
    if (json_array_size(errors) > 0)
        execute_finish_body(res, json_pack("{s:o, s:o}", "errors", errors, "data", data));
    else
    {
        json_decref(errors);
        execute_finish_body(res, json_pack("{s:o}", "data", data));
    }
    json_decref(path);
}

/* A 503 response with a GraphQL error. */
void
execute_unavailable_body(ExecResult *res, const char *message, const char *code)
{
    res->status = EXEC_UNAVAILABLE;
    res->body = execute_error_body(message, code);
    res->body_len = res->body ? strlen(res->body) : 0;
}

/* See execute.h. */
void
execute_unavailable(ExecResult *res, ExecUnavailable why)
{
    static const char *const messages[] = {
        [EXEC_DOWN] = "the database is unavailable",
        [EXEC_BUSY] = "the server is busy, try again",
        [EXEC_STOPPING] = "the server is stopping",
    };

    execute_unavailable_body(res, messages[why], "SERVICE_UNAVAILABLE");
}
