/*
 * http_auth.c - the session on the HTTP side: the token from
 * `Authorization: Bearer` or the `iv_session` cookie, and the cookie a login
 * sets and a logout clears (HttpOnly, SameSite=Lax, Secure when
 * configured).  It must not check tokens: the database does
 * (interview.authenticate).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http_int.h"

/* The session token: Authorization: Bearer, else the cookie; NULL when none. */
const char *
http_session_token(struct MHD_Connection *conn)
{
    const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");

    if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0)
    {
        auth += 7;
        while (*auth == ' ')
            auth++;
        return *auth ? auth : NULL;
    }
    auth = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, COOKIE_NAME);
    return auth && *auth ? auth : NULL;
}


/* See http_int.h. */
void
http_session_cookie(struct MHD_Response *resp, const ExecResult *res)
{
    char        cookie[512];

    if (res->set_token == NULL && !res->clear_cookie)
        return;
    snprintf(cookie, sizeof(cookie), COOKIE_NAME "=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
             res->set_token && !res->clear_cookie ? res->set_token : "",
             res->clear_cookie ? "; Max-Age=0" : "", http_cfg->cookie_secure ? "; Secure" : "");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
}
