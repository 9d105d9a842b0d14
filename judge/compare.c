/*
 * compare.c
 *    Output comparison (trailing whitespace at line ends and trailing
 *    newlines at the end are ignored) and UTF-8-safe excerpts of program and
 *    compiler output for the JSON report.  No state; thread-safe.
 */
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
