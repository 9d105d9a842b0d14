/*
 * limits_test.c - unit tests (TAP) of the proxy's per-address limits
 * (proxy/limits.c): who counts as a loopback client for /metrics (the
 * addresses a test on loopback cannot connect from), the connection count
 * per address, and the login bucket per address.  Built with
 * -fsanitize=address,undefined by run.sh; needs no database nor network.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "limits.h"
#include "tap.h"

/* The text limits_ip_text gives for an IPv4 or IPv6 address literal. */
static const char *
IpText(const char *literal, char *buf)
{
    struct sockaddr_in a4 = {0};
    struct sockaddr_in6 a6 = {0};

    if (inet_pton(AF_INET, literal, &a4.sin_addr) == 1)
    {
        a4.sin_family = AF_INET;
        limits_ip_text((const struct sockaddr *) &a4, buf);
    }
    else if (inet_pton(AF_INET6, literal, &a6.sin6_addr) == 1)
    {
        a6.sin6_family = AF_INET6;
        limits_ip_text((const struct sockaddr *) &a6, buf);
    }
    else
        limits_ip_text(NULL, buf);
    return buf;
}

/* /metrics without a token: loopback clients only. */
static void
TestLoopback(void)
{
    static const char *const inside[] = {"127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"};
    static const char *const outside[] = {"10.0.0.1", "192.168.1.127", "172.16.0.127",
    "::ffff:10.1.2.3", "2001:db8::1", "fe80::1", "::", "0.0.0.0", "128.0.0.1"};
    char        buf[LIMITS_IP_LEN];

    for (size_t i = 0; i < sizeof(inside) / sizeof(inside[0]); i++)
        Ok(limits_ip_is_loopback(IpText(inside[i], buf)), "%s (%s) is loopback", inside[i], buf);
    for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++)
        Ok(!limits_ip_is_loopback(IpText(outside[i], buf)), "%s (%s) is not", outside[i], buf);
    Ok(!limits_ip_is_loopback(IpText("not an address", buf)) && strcmp(buf, "?") == 0,
       "an unknown address (\"?\") is not");
}

/* Connections per address, and the login bucket per address. */
static void
TestCounts(void)
{
    LimitsConfig cfg = {3, 2, 600000};
    int         opened = 0;
    int         retry = 0;
    bool        took;

    limits_configure(&cfg);
    while (opened < 10 && limits_conn_open("10.9.9.9"))
        opened++;
    Ok(opened == 3 && limits_conn_refused() == 1, "an address holds at most 3 connections");
    Ok(limits_conn_open("10.9.9.8"), "another address still connects");
    limits_conn_close("10.9.9.9");
    Ok(limits_conn_open("10.9.9.9"), "a closed connection makes room again");
    Ok(limits_login_take("10.7.7.7", &retry) && limits_login_take("10.7.7.7", &retry),
       "a burst of 2 logins passes");
    took = limits_login_take("10.7.7.7", &retry);
    Ok(!took && retry >= 590 && retry <= 601, "the third waits for the interval (retry in %d s)", retry);
    Ok(limits_login_take("10.7.7.6", &retry), "another address has its own bucket");
}

int
main(void)
{
    TestLoopback();
    TestCounts();
    printf("1..%d\n", test_no);
    return failures ? 1 : 0;
}
