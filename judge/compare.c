/*
 * compare.c
 *    The built-in checkers (exact: trailing whitespace at line ends and
 *    trailing newlines at the end are ignored; tokens; float:EPS; unordered
 *    lines) and UTF-8-safe excerpts of program and compiler output for the
 *    JSON report.  No state; thread-safe; nothing here allocates more than
 *    the line index of unordered.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

/* True for the blanks that may trail a line. */
static int
IsBlank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Length of buf once trailing blanks and newlines are dropped. */
static size_t
TrimEnd(const char *buf, size_t len)
{
	while (len > 0 && (IsBlank(buf[len - 1]) || buf[len - 1] == '\n'))
		len--;
	return len;
}

/* Advances *pos over one line; returns the line's length without trailing blanks. */
static size_t
NextLine(const char *buf, size_t len, size_t *pos, const char **start)
{
	size_t		i = *pos;
	size_t		end;

	*start = buf + i;
	while (i < len && buf[i] != '\n')
		i++;
	end = i;
	while (end > *pos && IsBlank(buf[end - 1]))
		end--;
	*pos = i < len ? i + 1 : i;
	return end - (size_t) (*start - buf);
}

int
compare_output(const char *out, size_t outlen, const char *exp, size_t explen)
{
	size_t		po = 0,
				pe = 0;

	outlen = TrimEnd(out, outlen);
	explen = TrimEnd(exp, explen);
	while (po < outlen && pe < explen)
	{
		const char *lo,
				   *le;
		size_t		no = NextLine(out, outlen, &po, &lo);
		size_t		ne = NextLine(exp, explen, &pe, &le);

		if (no != ne || memcmp(lo, le, no) != 0)
			return 0;
	}
	return po >= outlen && pe >= explen;
}

/* True for the characters that separate tokens. */
static int
IsSpace(char c)
{
	return IsBlank(c) || c == '\n';
}

/* The next token of buf from *pos: sets *start, returns its length (0 at the end). */
static size_t
NextToken(const char *buf, size_t len, size_t *pos, const char **start)
{
	size_t		i = *pos;
	size_t		b;

	while (i < len && IsSpace(buf[i]))
		i++;
	b = i;
	while (i < len && !IsSpace(buf[i]))
		i++;
	*start = buf + b;
	*pos = i;
	return i - b;
}

/* Parses a whole token as a finite number; 1 ok. */
static int
TokenNumber(const char *tok, size_t len, double *v)
{
	char		buf[128];
	char	   *end;

	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, tok, len);
	buf[len] = '\0';
	/* plain decimal numbers only: no hex, inf or nan spelled as words */
	if (strspn(buf, "0123456789.eE+-") != len)
		return 0;
	*v = strtod(buf, &end);
	return *end == '\0' && isfinite(*v);
}

/* Token-by-token comparison; eps < 0 compares tokens exactly. */
static int
CompareTokens(const char *out, size_t outlen, const char *exp, size_t explen, double eps)
{
	size_t		po = 0,
				pe = 0;

	for (;;)
	{
		const char *to,
				   *te;
		size_t		no = NextToken(out, outlen, &po, &to);
		size_t		ne = NextToken(exp, explen, &pe, &te);
		double		a,
					b;

		if (no == 0 || ne == 0)
			return no == ne;
		if (no == ne && memcmp(to, te, no) == 0)
			continue;
		if (eps < 0 || !TokenNumber(to, no, &a) || !TokenNumber(te, ne, &b))
			return 0;
		/* within eps absolute, or eps relative to the expected value */
		if (!(fabs(a - b) <= eps || fabs(a - b) <= eps * fabs(b)))
			return 0;
	}
}

int
compare_tokens(const char *out, size_t outlen, const char *exp, size_t explen)
{
	return CompareTokens(out, outlen, exp, explen, -1.0);
}

int
compare_float(const char *out, size_t outlen, const char *exp, size_t explen, double eps)
{
	return CompareTokens(out, outlen, exp, explen, eps < 0 ? 0 : eps);
}

/* A line of output: start and length without trailing blanks. */
typedef struct Line
{
	const char *s;
	size_t		len;
} Line;

/* Orders lines bytewise, shorter first on a common prefix. */
static int
LineCmp(const void *a, const void *b)
{
	const Line *x = a;
	const Line *y = b;
	size_t		n = x->len < y->len ? x->len : y->len;
	int			c = memcmp(x->s, y->s, n);

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* The lines of buf (trailing blank lines dropped) in a malloc'd array; -1 out of memory. */
static long
SplitLines(const char *buf, size_t len, Line **lines)
{
	size_t		n = 0,
				cap = 16,
				pos = 0;
	Line	   *v = malloc(cap * sizeof(Line));

	if (v == NULL)
		return -1;
	len = TrimEnd(buf, len);
	while (pos < len)
	{
		if (n == cap)
		{
			Line	   *nv = realloc(v, 2 * cap * sizeof(Line));

			if (nv == NULL)
			{
				free(v);
				return -1;
			}
			v = nv;
			cap *= 2;
		}
		v[n].len = NextLine(buf, len, &pos, &v[n].s);
		n++;
	}
	*lines = v;
	return (long) n;
}

int
compare_unordered(const char *out, size_t outlen, const char *exp, size_t explen)
{
	Line	   *lo = NULL,
			   *le = NULL;
	long		no = SplitLines(out, outlen, &lo);
	long		ne = SplitLines(exp, explen, &le);
	int			same = -1;

	if (no >= 0 && ne >= 0)
	{
		same = no == ne;
		qsort(lo, (size_t) no, sizeof(Line), LineCmp);
		qsort(le, (size_t) ne, sizeof(Line), LineCmp);
		for (long i = 0; same && i < no; i++)
			same = LineCmp(&lo[i], &le[i]) == 0;
	}
	free(lo);
	free(le);
	return same;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t
Utf8Len(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	size_t		n,
				i;
	unsigned int cp;

	if (c < 0x80)
		return c == 0 ? 0 : 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		(n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

char *
compare_excerpt(const char *src, size_t len, size_t max)
{
	static const char repl[] = "\xEF\xBF\xBD";
	char	   *dst = malloc(max + 1);
	size_t		i = 0,
				o = 0;

	if (dst == NULL)
		return NULL;
	while (i < len)
	{
		size_t		n = Utf8Len((const unsigned char *) src + i, len - i);

		if (n == 0)
		{
			if (o + 3 > max)
				break;
			memcpy(dst + o, repl, 3);
			o += 3;
			i++;
			continue;
		}
		if (o + n > max)
			break;
		memcpy(dst + o, src + i, n);
		o += n;
		i += n;
	}
	dst[o] = '\0';
	return dst;
}
