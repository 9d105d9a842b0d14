/*
 * tap.h - the TAP output of the proxy's C unit tests (gql_test.c,
 * cache_test.c): one "ok N - ..." line per check, counted for the plan and
 * the exit status.  Included once by each test program; it holds no test.
 */
#ifndef UNIT_TAP_H
#define UNIT_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int  test_no;
static int  failures;

/* Prints one TAP result. */
static void
Ok(int cond, const char *fmt, ...)
{
    va_list     ap;

    test_no++;
    printf("%sok %d - ", cond ? "" : "not ", test_no);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond)
        failures++;
}

#endif                          /* UNIT_TAP_H */
