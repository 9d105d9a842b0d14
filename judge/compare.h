/*
 * compare.h
 *    The built-in checkers and safe text excerpts for the judge.
 *    Pure functions on caller-owned buffers, never allocating what the
 *    caller did not ask for; thread-safe.
 */
#ifndef INTERVIEW_COMPARE_H
#define INTERVIEW_COMPARE_H

#include <stddef.h>

/*
 * 1 when out matches expected, ignoring trailing spaces/tabs/CR at line ends
 * and trailing newlines at the end; 0 otherwise.
 */
int			compare_output(const char *out, size_t outlen, const char *exp, size_t explen);

/* 1 when the whitespace-separated tokens are equal; 0 otherwise. */
int			compare_tokens(const char *out, size_t outlen, const char *exp, size_t explen);

/*
 * 1 when the tokens are equal, numbers within eps absolute or relative to
 * the expected value (decimal numbers only; other tokens must be equal).
 */
int			compare_float(const char *out, size_t outlen, const char *exp, size_t explen,
						  double eps);

/* 1 when the same lines (trailing blanks ignored) appear in any order; 0 no; -1 out of memory. */
int			compare_unordered(const char *out, size_t outlen, const char *exp, size_t explen);

/*
 * Copies at most max bytes of src into a new NUL-terminated string that is
 * valid UTF-8 without NUL characters (invalid bytes and NUL become U+FFFD),
 * never splitting a character.  Returns a malloc'd string (caller frees) or
 * NULL when out of memory.
 */
char	   *compare_excerpt(const char *src, size_t len, size_t max);

#endif							/* INTERVIEW_COMPARE_H */
