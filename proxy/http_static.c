/*
 * http_static.c - files: the candidate page from the static directory and
 * GraphiQL (its page, and its scripts read into memory once at start-up,
 * never from a CDN).  It must not serve anything outside the static
 * directory (no dot-segments, regular files only).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"
#include "favicon.h"

typedef struct Asset
{
    const char *name;
    const char *type;
    char       *data;
    size_t      len;
} Asset;

static Asset assets[] = {
    {"graphiql.min.js", "application/javascript; charset=utf-8", NULL, 0},
    {"graphiql.min.css", "text/css; charset=utf-8", NULL, 0},
    {"react.production.min.js", "application/javascript; charset=utf-8", NULL, 0},
    {"react-dom.production.min.js", "application/javascript; charset=utf-8", NULL, 0},
};
#define NASSETS (sizeof(assets) / sizeof(assets[0]))

static const char graphiql_html[] =
    "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>interview GraphiQL</title>\n"
    "<link rel=\"stylesheet\" href=\"/graphiql/graphiql.min.css\">\n"
    "<style>body{margin:0;height:100vh}#graphiql{height:100vh}</style>\n</head>\n<body>\n"
    "<div id=\"graphiql\">Loading GraphiQL...</div>\n"
    "<script src=\"/graphiql/react.production.min.js\"></script>\n"
    "<script src=\"/graphiql/react-dom.production.min.js\"></script>\n"
    "<script src=\"/graphiql/graphiql.min.js\"></script>\n"
    "<script>\n"
    "const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });\n"
    "ReactDOM.createRoot(document.getElementById('graphiql'))\n"
    "  .render(React.createElement(GraphiQL, { fetcher: fetcher }));\n"
    "</script>\n</body>\n</html>\n";

/* See http_int.h. */
enum MHD_Result
http_serve_graphiql(struct MHD_Connection *conn, HttpReq *req)
{
    return http_respond(conn, req, MHD_HTTP_OK, "text/html; charset=utf-8",
                        strdup(graphiql_html), sizeof(graphiql_html) - 1);
}

/* Reads GraphiQL's files into memory; missing files are left out. */
void
http_load_assets(void)
{
    if (http_cfg->graphiql_dir == NULL)
        return;
    for (size_t i = 0; i < NASSETS; i++)
    {
        char        path[4096];
        FILE       *f;
        long        size;

        snprintf(path, sizeof(path), "%s/%s", http_cfg->graphiql_dir, assets[i].name);
        f = fopen(path, "rb");
        if (f == NULL)
        {
            fprintf(stderr, "interview-proxy: fopen(%s): %s (GraphiQL will not load)\n",
                    path, strerror(errno));
            continue;
        }
        if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        {
            fprintf(stderr, "interview-proxy: fseek(%s): %s\n", path, strerror(errno));
            fclose(f);
            continue;
        }
        assets[i].data = malloc((size_t) size + 1);
        if (assets[i].data == NULL || fread(assets[i].data, 1, (size_t) size, f) != (size_t) size)
        {
            fprintf(stderr, "interview-proxy: fread(%s) failed\n", path);
            free(assets[i].data);
            assets[i].data = NULL;
        }
        else
            assets[i].len = (size_t) size;
        fclose(f);
    }
}

/* Serves one of GraphiQL's files from memory. */
enum MHD_Result
http_serve_asset(struct MHD_Connection *conn, HttpReq *req, const char *name)
{
    for (size_t i = 0; i < NASSETS; i++)
        if (assets[i].data != NULL && strcmp(assets[i].name, name) == 0)
        {
            struct MHD_Response *resp =
                MHD_create_response_from_buffer(assets[i].len, assets[i].data,
                                                MHD_RESPMEM_PERSISTENT);
            enum MHD_Result ret;

            if (resp == NULL)
                return MHD_NO;
            MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, assets[i].type);
            MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=86400");
            req->status = MHD_HTTP_OK;
            req->responded = true;
            ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
            MHD_destroy_response(resp);
            return ret;
        }
    return http_respond(conn, req, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
                   strdup("not found\n"), 10);
}

/* Content types of static files by extension; anything else is application/octet-stream. */
static const struct
{
    const char *ext;
    const char *type;
}           static_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "application/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
};

/* Content type of a static file by its extension. */
static const char *
static_type(const char *path)
{
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot != NULL && i < sizeof(static_types) / sizeof(static_types[0]); i++)
        if (strcmp(dot, static_types[i].ext) == 0)
            return static_types[i].type;
    return "application/octet-stream";
}

/* GET /favicon.ico: the static directory's icon, else the built-in one (never a 404). */
enum MHD_Result
http_serve_favicon(struct MHD_Connection *conn, HttpReq *req)
{
    char        path[4096];
    struct stat st;
    size_t      len;
    const unsigned char *icon;
    struct MHD_Response *resp;
    enum MHD_Result ret;

    if (http_cfg->static_dir != NULL)
    {
        snprintf(path, sizeof(path), "%s/favicon.ico", http_cfg->static_dir);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            return http_serve_static(conn, req, "/favicon.ico");
    }
    icon = favicon_builtin(&len);
    resp = MHD_create_response_from_buffer(len, (void *) icon, MHD_RESPMEM_PERSISTENT);
    if (resp == NULL)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "image/x-icon");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=86400");
    req->status = MHD_HTTP_OK;
    req->responded = true;
    ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Serves a file of the static directory (no dot-segments, regular files only). */
enum MHD_Result
http_serve_static(struct MHD_Connection *conn, HttpReq *req, const char *url)
{
    char        path[4096];
    struct stat st;
    struct MHD_Response *resp;
    enum MHD_Result ret;
    int         fd;

    if (http_cfg->static_dir == NULL || strstr(url, "..") != NULL || strstr(url, "//") != NULL)
        return http_respond(conn, req, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
                       strdup("not found\n"), 10);
    for (const char *p = url; *p; p++)
        if (!(isalnum((unsigned char) *p) || strchr("/._-", *p)))
            return http_respond(conn, req, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
                           strdup("not found\n"), 10);
    snprintf(path, sizeof(path), "%s%s%s", http_cfg->static_dir, url,
             strcmp(url, "/") == 0 ? "index.html" : "");
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    {
        if (fd >= 0)
            close(fd);
        return http_respond(conn, req, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8",
                       strdup("not found\n"), 10);
    }
    resp = MHD_create_response_from_fd((uint64_t) st.st_size, fd);
    if (resp == NULL)
    {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, static_type(path));
    req->status = MHD_HTTP_OK;
    req->responded = true;
    ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}
