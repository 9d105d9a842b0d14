/*
 * funcs-buf.h
 *    A growing byte buffer for funcs.c and funcs-io.c (internal to them).
 *    On an allocation failure ok becomes 0 and further appends do nothing;
 *    BufTake() then returns NULL.  The caller frees what BufTake() returns.
 */
#ifndef INTERVIEW_FUNCS_BUF_H
#define INTERVIEW_FUNCS_BUF_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Buf {
	char	   *data;
	size_t		len;
	size_t		cap;
	int			ok;
} Buf;


static inline void
BufAdd(Buf *b, const char *s, size_t n)
{
	if (!b->ok)
		return;
	if (b->len + n + 1 > b->cap)
	{
		size_t		cap = b->cap ? b->cap : 256;
		char	   *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->data, cap);
		if (p == NULL)
		{
			b->ok = 0;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void
BufStr(Buf *b, const char *s)
{
	BufAdd(b, s, strlen(s));
}

/* Appends printf-formatted text. */
static inline void
BufFmt(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline void
BufFmt(Buf *b, const char *fmt, ...)
{
	char		tmp[64];
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		BufAdd(b, tmp, (size_t) n < sizeof(tmp) ? (size_t) n : sizeof(tmp) - 1);
}

/* The buffer's string (NULL after a failed allocation); the buffer is given up. */
static inline char *
BufTake(Buf *b, size_t *len)
{
	if (b->ok && b->data == NULL)
		BufAdd(b, "", 0);
	if (!b->ok)
	{
		free(b->data);
		return NULL;
	}
	if (len)
		*len = b->len;
	return b->data;
}

#endif							/* INTERVIEW_FUNCS_BUF_H */
