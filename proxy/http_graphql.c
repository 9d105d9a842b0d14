/*
 * http_graphql.c - GraphQL over HTTP: POST with a JSON body and GET with
 * URL parameters, content negotiation, the status of each result, and the
 * hand-off of a request to its event loop (suspended until the result
 * comes) or to an event stream (sse_graphql.c).  It must not parse
 * GraphQL nor talk to the database itself (execute.c does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"
#include "loop.h"
#include "sse.h"
#include "sse_graphql.h"

/* Response media type per Accept: 1 graphql-response+json, 0 json, -1 neither. */
static int
negotiate(struct MHD_Connection *conn)
{
    const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept");

    if (accept == NULL || accept[0] == '\0')
        return 0;
    if (strstr(accept, "application/graphql-response+json"))
        return 1;
    if (strstr(accept, "application/json") || strstr(accept, "*/*") ||
        strstr(accept, "application/*"))
        return 0;
    return -1;
}

/* Queues the response of an executed GraphQL request and frees res's contents. */
enum MHD_Result
http_respond_result(struct MHD_Connection *conn, HttpReq *req, int media, ExecResult *res)
{
    const char *type = media == 1 ? "application/graphql-response+json; charset=utf-8"
        : "application/json; charset=utf-8";
    struct MHD_Response *resp;
    unsigned    status;
    enum MHD_Result ret;

    switch (res->status)
    {
        case EXEC_OK:
            status = MHD_HTTP_OK;
            break;
        case EXEC_REQUEST_ERROR:
            status = media == 1 ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_OK;
            break;
        case EXEC_METHOD_NOT_ALLOWED:
            status = MHD_HTTP_METHOD_NOT_ALLOWED;
            break;
        default:
            status = MHD_HTTP_SERVICE_UNAVAILABLE;
            break;
    }
    resp = MHD_create_response_from_buffer(res->body_len, res->body, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL)
    {
        execute_result_free(res);
        return MHD_NO;
    }
    res->body = NULL;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "POST");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        MHD_add_response_header(resp, "Retry-After", "1");
    http_session_cookie(resp, res);
    http_add_cors(conn, resp);
    req->status = status;
    req->responded = true;
    ret = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    execute_result_free(res);
    return ret;
}

/* A job's result arrives (on the loop thread): keep it and resume the connection. */
static void
graphql_done(void *arg, ExecResult *res)
{
    HttpReq    *req = arg;

    req->res = *res;
    req->ready = true;
    loop_resume(req->conn);
}

/*
 * Runs a GraphQL request whose parameters were read from the body or the
 * URL; they must stay valid until the request completes (see HttpReq.keep).
 */
static enum MHD_Result
graphql(struct MHD_Connection *conn, HttpReq *req, bool is_get, const char *query,
        const char *opname, const json_t *variables)
{
    int         media = negotiate(conn);
    const char *token = http_session_token(conn);
    ExecRequest er = {query, strlen(query), opname, variables, token, is_get, false, ""};
    ExecResult  res;
    ExecJob    *job;
    struct MHD_Response *resp;
    enum MHD_Result ret;

    if (sse_wanted(conn))
    {
        /* GraphQL over Server-Sent Events (sse.c): subscriptions, or one result */
        ExecRequest sr = {query, strlen(query), opname, variables, token, is_get, true, ""};

        http_client_ip(conn, sr.client);

        resp = sse_graphql(conn, &sr);
        if (resp == NULL)
            return MHD_NO;
        http_add_cors(conn, resp);
        req->status = MHD_HTTP_OK;
        req->responded = true;
        ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
        MHD_destroy_response(resp);
        return ret;
    }
    if (media < 0)
        return http_respond_error(conn, req, MHD_HTTP_NOT_ACCEPTABLE, "application/json; charset=utf-8",
                             "send Accept: application/graphql-response+json or application/json",
                             "NOT_ACCEPTABLE");
    if (token != NULL && strlen(token) > MAX_TOKEN)
        token = er.token = "invalid";
    http_client_ip(conn, er.client);
    job = execute_start(&er, &res);
    if (job == NULL)
        return http_respond_result(conn, req, media, &res);
    /* the database part runs on this loop; the connection waits suspended */
    req->conn = conn;
    req->deferred = DEFER_GRAPHQL;
    req->media = media;
    MHD_suspend_connection(conn);
    loop_execute(job, graphql_done, req);
    return MHD_YES;
}

/* POST /graphql: the JSON body {"query", "operationName", "variables", "extensions"}. */
enum MHD_Result
http_graphql_post(struct MHD_Connection *conn, HttpReq *req)
{
    const char *ctype = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    const char *json_type = "application/json; charset=utf-8";
    json_error_t jerr;
    json_t     *body;
    json_t     *q, *op, *vars, *ext;
    enum MHD_Result ret;

    if (ctype == NULL || strncasecmp(ctype, "application/json", 16) != 0 ||
        (ctype[16] != '\0' && ctype[16] != ';' && ctype[16] != ' '))
        return http_respond_error(conn, req, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, json_type,
                             "send the request as Content-Type: application/json",
                             "UNSUPPORTED_MEDIA_TYPE");
    if (req->len == 0)
        return http_respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                             "the request body is empty", "BAD_REQUEST");
    body = json_loadb(req->body, req->len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (body == NULL || !json_is_object(body))
    {
        json_decref(body);
        return http_respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                             "the request body is not a JSON object (or not UTF-8)",
                             "BAD_REQUEST");
    }
    q = json_object_get(body, "query");
    op = json_object_get(body, "operationName");
    vars = json_object_get(body, "variables");
    ext = json_object_get(body, "extensions");
    if (q == NULL || !json_is_string(q))
        ret = http_respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                            "the request needs a string parameter query", "BAD_REQUEST");
    else if (op != NULL && !json_is_null(op) && !json_is_string(op))
        ret = http_respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                            "operationName must be a string or null", "BAD_REQUEST");
    else if (vars != NULL && !json_is_null(vars) && !json_is_object(vars))
        ret = http_respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                            "variables must be an object or null", "BAD_REQUEST");
    else if (ext != NULL && !json_is_null(ext) && !json_is_object(ext))
        ret = http_respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                            "extensions must be an object or null", "BAD_REQUEST");
    else if (strlen(json_string_value(q)) != json_string_length(q))
        ret = http_respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                            "the query contains a NUL character", "BAD_REQUEST");
    else
    {
        req->keep = body;       /* the strings below live in it */
        return graphql(conn, req, false, json_string_value(q),
                       json_is_string(op) ? json_string_value(op) : NULL,
                       json_is_object(vars) ? vars : NULL);
    }
    json_decref(body);
    return ret;
}

/* GET /graphql?query=...&operationName=...&variables=<JSON>. */
enum MHD_Result
http_graphql_get(struct MHD_Connection *conn, HttpReq *req)
{
    const char *json_type = "application/json; charset=utf-8";
    const char *q = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "query");
    const char *op = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "operationName");
    const char *vtext = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "variables");
    const char *etext = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "extensions");
    json_t     *vars = NULL;
    json_error_t jerr;

    if (q == NULL)
        return http_respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                             "the request needs a query parameter", "BAD_REQUEST");
    if (vtext != NULL && vtext[0] != '\0')
    {
        vars = json_loads(vtext, JSON_DECODE_ANY, &jerr);
        if (vars == NULL || !(json_is_object(vars) || json_is_null(vars)))
        {
            json_decref(vars);
            return http_respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                                 "variables must be a JSON object", "BAD_REQUEST");
        }
    }
    if (etext != NULL && etext[0] != '\0')
    {
        json_t     *ext = json_loads(etext, JSON_DECODE_ANY, &jerr);
        bool        ok = ext != NULL && (json_is_object(ext) || json_is_null(ext));

        json_decref(ext);
        if (!ok)
        {
            json_decref(vars);
            return http_respond_error(conn, req, MHD_HTTP_BAD_REQUEST, json_type,
                                 "extensions must be a JSON object", "BAD_REQUEST");
        }
    }
    req->keep = vars;
    return graphql(conn, req, true, q, op && op[0] ? op : NULL, json_is_object(vars) ? vars : NULL);
}
