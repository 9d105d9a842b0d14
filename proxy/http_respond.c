/*
 * http_respond.c - queueing responses: status, content type, CORS, the
 * headers every answer carries.  The lowest of the HTTP files: it must not
 * route, read request bodies or run GraphQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"

const HttpConfig *http_cfg;

/* Adds the CORS headers when the request's Origin is allowed. */
void
http_add_cors(struct MHD_Connection *conn, struct MHD_Response *resp)
{
    const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
    const char *p;
    size_t      olen;

    if (origin == NULL || http_cfg->cors_origins == NULL || http_cfg->cors_origins[0] == '\0')
        return;
    if (strcmp(http_cfg->cors_origins, "*") == 0)
    {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
        return;
    }
    olen = strlen(origin);
    for (p = http_cfg->cors_origins; *p;)
    {
        const char *end = strchr(p, ',');
        size_t      n = end ? (size_t) (end - p) : strlen(p);

        while (n > 0 && *p == ' ')
            p++, n--;
        if (n == olen && strncmp(p, origin, n) == 0)
        {
            MHD_add_response_header(resp, "Access-Control-Allow-Origin", origin);
            MHD_add_response_header(resp, "Access-Control-Allow-Credentials", "true");
            MHD_add_response_header(resp, "Vary", "Origin");
            return;
        }
        if (end == NULL)
            break;
        p = end + 1;
    }
}

/* Queues a response that owns body (malloc'd, may be NULL for empty). */
enum MHD_Result
http_respond(struct MHD_Connection *conn, HttpReq *req, unsigned status, const char *type,
        char *body, size_t len)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;

    resp = MHD_create_response_from_buffer(body ? len : 0, body ? body : (void *) "",
                                           body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (resp == NULL)
    {
        free(body);
        return MHD_NO;
    }
    if (type != NULL)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    http_add_cors(conn, resp);
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, POST, OPTIONS");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        MHD_add_response_header(resp, "Retry-After", "1");
    req->status = status;
    req->responded = true;
    ret = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Queues a JSON error {"errors":[...]} with the given status. */
enum MHD_Result
http_respond_error(struct MHD_Connection *conn, HttpReq *req, unsigned status, const char *type,
              const char *message, const char *code)
{
    char       *body = execute_error_body(message, code);

    return http_respond(conn, req, status, type, body, body ? strlen(body) : 0);
}
