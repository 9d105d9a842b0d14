/*
 * gql_lex.c - GraphQL lexer (October 2021 lexical grammar, with the
 * \u{...} escapes and control characters in strings that graphql-js 16
 * accepts).
 *
 * The source is checked to be well-formed UTF-8 before lexing, so every
 * later step may assume valid sequences.  Columns count code points.
 * Decoded strings are allocated in the lexer's arena.
 *
 * It must not read past the given length, nor allocate outside the arena.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gql_lex.h"

/* Offset of the first byte that is not part of well-formed UTF-8 (len: all valid). */
size_t
gql_utf8_check(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t      i = 0;

    while (i < len)
    {
        unsigned char c = p[i];
        size_t      n;
        unsigned    cp;

        if (c < 0x80)
        {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
        {
            n = 1;
            cp = c & 0x1F;
        }
        else if (c >= 0xE0 && c <= 0xEF)
        {
            n = 2;
            cp = c & 0x0F;
        }
        else if (c >= 0xF0 && c <= 0xF4)
        {
            n = 3;
            cp = c & 0x07;
        }
        else
            return i;
        if (len - i <= n)
            return i;
        for (size_t k = 1; k <= n; k++)
        {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return i;
        i += n + 1;
    }
    return len;
}

/* Sets the lexer error at the current position. */
static bool
LexError(GqlLexer *lx, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool
LexError(GqlLexer *lx, size_t off, const char *fmt, ...)
{
    char        buf[256];
    va_list     ap;
    int         col = lx->col;

    /* off is at or after lx->off on the same line (tokens never span lines here) */
    for (size_t i = lx->off; i < off && i < lx->len; i++)
        if (((unsigned char) lx->src[i] & 0xC0) != 0x80)
            col++;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    lx->error = gql_arena_strdup(lx->arena, buf);
    if (lx->error == NULL)
        lx->error = "out of memory";
    lx->error_pos.line = lx->line;
    lx->error_pos.column = col;
    return false;
}

/* Describes the code point at off for messages: "U+0000" or "\"x\"". */
static const char *
CharAt(GqlLexer *lx, size_t off)
{
    unsigned char c;
    char        buf[32];

    if (off >= lx->len)
        return "<EOF>";
    c = (unsigned char) lx->src[off];
    if (c >= 0x20 && c < 0x7F)
        snprintf(buf, sizeof(buf), c == '"' ? "'\"'" : "\"%c\"", c);
    else if (c < 0x80)
        snprintf(buf, sizeof(buf), "U+%04X", c);
    else
    {
        int         n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
        unsigned    cp = c & (0x3F >> n);

        for (int k = 1; k <= n && off + k < lx->len; k++)
            cp = (cp << 6) | ((unsigned char) lx->src[off + k] & 0x3F);
        snprintf(buf, sizeof(buf), "U+%04X", cp);
    }
    return gql_arena_strdup(lx->arena, buf);
}

/* Starts a lexer over src after checking that it is valid UTF-8. */
bool
gql_lex_init(GqlLexer *lx, GqlArena *arena, const char *src, size_t len, int max_tokens)
{
    size_t      bad;

    memset(lx, 0, sizeof(*lx));
    lx->arena = arena;
    lx->src = src;
    lx->len = len;
    lx->line = 1;
    lx->col = 1;
    lx->max_tokens = max_tokens;
    bad = gql_utf8_check(src, len);
    if (bad != len)
    {
        int         line = 1;
        int         col = 1;

        for (size_t i = 0; i < bad; i++)
        {
            if (src[i] == '\n' || (src[i] == '\r' && !(i + 1 < bad && src[i + 1] == '\n')))
            {
                line++;
                col = 1;
            }
            else if (((unsigned char) src[i] & 0xC0) != 0x80 && src[i] != '\r')
                col++;
        }
        lx->error = gql_arena_printf(arena, "Invalid UTF-8 byte 0x%02X.",
                                     (unsigned char) src[bad]);
        if (lx->error == NULL)
            lx->error = "out of memory";
        lx->error_pos.line = line;
        lx->error_pos.column = col;
        return false;
    }
    return true;
}

/* Moves the read position n bytes forward on the current line. */
static void
Advance(GqlLexer *lx, size_t n)
{
    for (size_t i = 0; i < n && lx->off < lx->len; i++)
    {
        if (((unsigned char) lx->src[lx->off] & 0xC0) != 0x80)
            lx->col++;
        lx->off++;
    }
}

/* Moves past a line terminator at the read position. */
static void
NewLine(GqlLexer *lx)
{
    if (lx->src[lx->off] == '\r' && lx->off + 1 < lx->len && lx->src[lx->off + 1] == '\n')
        lx->off += 2;
    else
        lx->off++;
    lx->line++;
    lx->col = 1;
}

/* Byte at off, or -1 past the end. */
static int
Peek(const GqlLexer *lx, size_t off)
{
    return off < lx->len ? (unsigned char) lx->src[off] : -1;
}

/* Name start: letter or underscore. */
static bool
IsNameStart(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Name continuation: letter, digit or underscore. */
static bool
IsNameContinue(int c)
{
    return IsNameStart(c) || (c >= '0' && c <= '9');
}

/* Decimal digit. */
static bool
IsDigit(int c)
{
    return c >= '0' && c <= '9';
}

/* Value of a hex digit, -1 when c is not one. */
static int
HexValue(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Sets the current token (start at the read position, length n) and moves past it. */
static bool
Emit(GqlLexer *lx, GqlTokenKind kind, size_t n)
{
    lx->tok.kind = kind;
    lx->tok.pos.line = lx->line;
    lx->tok.pos.column = lx->col;
    lx->tok.start = lx->off;
    lx->tok.end = lx->off + n;
    lx->tok.value = NULL;
    lx->tok.len = n;
    Advance(lx, n);
    return true;
}

/* Reads digits at off (at least one); returns the offset after them or 0 on error. */
static size_t
ReadDigits(GqlLexer *lx, size_t off)
{
    if (!IsDigit(Peek(lx, off)))
    {
        LexError(lx, off, "Invalid number, expected digit but got: %s.", CharAt(lx, off));
        return 0;
    }
    while (IsDigit(Peek(lx, off)))
        off++;
    return off;
}

/* IntValue or FloatValue. */
static bool
ReadNumber(GqlLexer *lx)
{
    size_t      off = lx->off;
    bool        is_float = false;

    if (Peek(lx, off) == '-')
        off++;
    if (Peek(lx, off) == '0')
    {
        off++;
        if (IsDigit(Peek(lx, off)))
            return LexError(lx, off, "Invalid number, unexpected digit after 0: %s.",
                            CharAt(lx, off));
    }
    else if ((off = ReadDigits(lx, off)) == 0)
        return false;
    if (Peek(lx, off) == '.')
    {
        is_float = true;
        if ((off = ReadDigits(lx, off + 1)) == 0)
            return false;
    }
    if (Peek(lx, off) == 'e' || Peek(lx, off) == 'E')
    {
        is_float = true;
        off++;
        if (Peek(lx, off) == '+' || Peek(lx, off) == '-')
            off++;
        if ((off = ReadDigits(lx, off)) == 0)
            return false;
    }
    if (Peek(lx, off) == '.' || IsNameStart(Peek(lx, off)))
        return LexError(lx, off, "Invalid number, expected digit but got: %s.", CharAt(lx, off));
    Emit(lx, is_float ? GQL_TOK_FLOAT : GQL_TOK_INT, off - lx->off);
    lx->tok.value = gql_arena_strndup(lx->arena, lx->src + lx->tok.start, lx->tok.len);
    return lx->tok.value != NULL || LexError(lx, lx->off, "out of memory");
}

/* Appends code point cp as UTF-8 to buf (room for 4 bytes assumed). */
static size_t
PutUtf8(char *buf, unsigned cp)
{
    if (cp < 0x80)
    {
        buf[0] = (char) cp;
        return 1;
    }
    if (cp < 0x800)
    {
        buf[0] = (char) (0xC0 | (cp >> 6));
        buf[1] = (char) (0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000)
    {
        buf[0] = (char) (0xE0 | (cp >> 12));
        buf[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char) (0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char) (0xF0 | (cp >> 18));
    buf[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char) (0x80 | (cp & 0x3F));
    return 4;
}

/* Reads 4 hex digits at off; -1 when they are not all hex. */
static long
Hex4(GqlLexer *lx, size_t off)
{
    long        v = 0;

    for (int i = 0; i < 4; i++)
    {
        int         h = HexValue(Peek(lx, off + i));

        if (h < 0)
            return -1;
        v = (v << 4) | h;
    }
    return v;
}

/* Reports a bad \u escape starting at off, quoting up to n bytes of it. */
static bool
BadUnicodeEscape(GqlLexer *lx, size_t off, size_t n)
{
    if (off + n > lx->len)
        n = lx->len - off;
    /* do not cut through a line terminator or a multi-byte sequence */
    for (size_t i = 0; i < n; i++)
        if (lx->src[off + i] == '\n' || lx->src[off + i] == '\r' ||
            ((unsigned char) lx->src[off + i] & 0x80))
        {
            n = i;
            break;
        }
    return LexError(lx, off, "Invalid Unicode escape sequence: \"%.*s\".", (int) n, lx->src + off);
}

/*
 * Raw bytes of a "..." string from off (after the quote) up to its closing
 * quote, a line end or the end of the input, whichever comes first.  The
 * decoding buffer is sized by this, not by the rest of the document: that
 * made a document of many short strings quadratic in time and memory.
 */
static size_t
StringExtent(const GqlLexer *lx, size_t off)
{
    size_t      i = off;

    while (i < lx->len && lx->src[i] != '"' && lx->src[i] != '\n' && lx->src[i] != '\r')
        i += (lx->src[i] == '\\' && i + 1 < lx->len) ? 2 : 1;
    return (i < lx->len ? i : lx->len) - off;
}

/* Raw bytes of a """block string""" from off (after the quotes) up to its
 * closing quotes or the end of the input (see StringExtent). */
static size_t
BlockStringExtent(const GqlLexer *lx, size_t off)
{
    size_t      i = off;

    while (i < lx->len)
    {
        if (lx->src[i] == '\\' && i + 3 < lx->len && memcmp(lx->src + i + 1, "\"\"\"", 3) == 0)
            i += 4;
        else if (lx->src[i] == '"' && i + 2 < lx->len && memcmp(lx->src + i, "\"\"\"", 3) == 0)
            break;
        else
            i++;
    }
    return (i < lx->len ? i : lx->len) - off;
}

/* A "..." string: decodes escapes; a line terminator or EOF inside is an error. */
static bool
ReadString(GqlLexer *lx)
{
    size_t      off = lx->off + 1;
    char       *out;
    size_t      n = 0;

    /* decoded text is never longer than the raw text */
    out = gql_arena_alloc(lx->arena, StringExtent(lx, off) + 1);
    if (out == NULL)
        return LexError(lx, off, "out of memory");
    for (;;)
    {
        int         c = Peek(lx, off);

        if (c < 0 || c == '\n' || c == '\r')
            return LexError(lx, off, "Unterminated string.");
        if (c == '"')
        {
            off++;
            break;
        }
        if (c != '\\')
        {
            out[n++] = (char) c;
            off++;
            continue;
        }
        c = Peek(lx, off + 1);
        switch (c)
        {
            case '"':
            case '\\':
            case '/':
                out[n++] = (char) c;
                off += 2;
                continue;
            case 'b':
                out[n++] = '\b';
                off += 2;
                continue;
            case 'f':
                out[n++] = '\f';
                off += 2;
                continue;
            case 'n':
                out[n++] = '\n';
                off += 2;
                continue;
            case 'r':
                out[n++] = '\r';
                off += 2;
                continue;
            case 't':
                out[n++] = '\t';
                off += 2;
                continue;
            case 'u':
                break;
            default:
                {
                    size_t      k = (c >= 0x20 && c < 0x7F) ? 2 : 1;

                    return LexError(lx, off, "Invalid character escape sequence: \"%.*s\".",
                                    (int) k, lx->src + off);
                }
        }
        if (Peek(lx, off + 2) == '{')
        {
            /* \u{X...}: at most 8 hex digits, a Unicode scalar value */
            unsigned long cp = 0;
            size_t      i = off + 3;
            int         digits = 0;

            while (digits < 8 && HexValue(Peek(lx, i)) >= 0)
            {
                cp = (cp << 4) | (unsigned long) HexValue(Peek(lx, i));
                i++;
                digits++;
            }
            if (digits == 0 || Peek(lx, i) != '}' || cp > 0x10FFFF ||
                (cp >= 0xD800 && cp <= 0xDFFF))
                return BadUnicodeEscape(lx, off, i - off + 1);
            n += PutUtf8(out + n, (unsigned) cp);
            off = i + 1;
            continue;
        }
        else
        {
            long        cp = Hex4(lx, off + 2);

            if (cp < 0)
                return BadUnicodeEscape(lx, off, 6);
            if (cp >= 0xD800 && cp <= 0xDBFF)
            {
                long        lo = -1;

                if (Peek(lx, off + 6) == '\\' && Peek(lx, off + 7) == 'u')
                    lo = Hex4(lx, off + 8);
                if (lo >= 0xDC00 && lo <= 0xDFFF)
                {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    n += PutUtf8(out + n, (unsigned) cp);
                    off += 12;
                    continue;
                }
                return BadUnicodeEscape(lx, off, 6);
            }
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return BadUnicodeEscape(lx, off, 6);
            n += PutUtf8(out + n, (unsigned) cp);
            off += 6;
        }
    }
    out[n] = '\0';
    Emit(lx, GQL_TOK_STRING, off - lx->off);
    lx->tok.value = out;
    lx->tok.len = n;
    return true;
}

/* Whether a line (len bytes) holds only spaces and tabs. */
static bool
IsBlank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* BlockStringValue (spec 2.9.5): common indentation and blank edge lines removed. */
char *
gql_block_string_value(GqlArena *arena, const char *raw, size_t len, size_t *outlen)
{
    size_t      nlines = 1;
    size_t     *starts;
    size_t     *lens;
    size_t      common = (size_t) -1;
    size_t      first;
    size_t      last;
    size_t      line = 0;
    size_t      start = 0;
    char       *out;
    size_t      n = 0;

    for (size_t i = 0; i < len; i++)
        if (raw[i] == '\n' || raw[i] == '\r')
        {
            if (raw[i] == '\r' && i + 1 < len && raw[i + 1] == '\n')
                i++;
            nlines++;
        }
    starts = gql_arena_alloc(arena, nlines * sizeof(size_t));
    lens = gql_arena_alloc(arena, nlines * sizeof(size_t));
    out = gql_arena_alloc(arena, len + 1);
    if (starts == NULL || lens == NULL || out == NULL)
        return NULL;
    for (size_t i = 0; i <= len; i++)
    {
        if (i == len || raw[i] == '\n' || raw[i] == '\r')
        {
            starts[line] = start;
            lens[line] = i - start;
            line++;
            if (i < len && raw[i] == '\r' && i + 1 < len && raw[i + 1] == '\n')
                i++;
            start = i + 1;
        }
    }
    for (size_t l = 1; l < nlines; l++)
    {
        size_t      indent = 0;

        while (indent < lens[l] && (raw[starts[l] + indent] == ' ' || raw[starts[l] + indent] == '\t'))
            indent++;
        if (indent < lens[l] && indent < common)
            common = indent;
    }
    if (common != (size_t) -1)
        for (size_t l = 1; l < nlines; l++)
        {
            size_t      cut = common < lens[l] ? common : lens[l];

            starts[l] += cut;
            lens[l] -= cut;
        }
    first = 0;
    while (first < nlines && IsBlank(raw + starts[first], lens[first]))
        first++;
    last = nlines;
    while (last > first && IsBlank(raw + starts[last - 1], lens[last - 1]))
        last--;
    for (size_t l = first; l < last; l++)
    {
        if (l > first)
            out[n++] = '\n';
        memcpy(out + n, raw + starts[l], lens[l]);
        n += lens[l];
    }
    out[n] = '\0';
    *outlen = n;
    return out;
}

/* A """block string""": raw text with \""" unescaped, then BlockStringValue. */
static bool
ReadBlockString(GqlLexer *lx)
{
    size_t      off = lx->off + 3;
    char       *raw;
    size_t      n = 0;
    GqlPos      pos = {lx->line, lx->col};
    size_t      start = lx->off;
    int         line = lx->line;
    int         col = lx->col + 3;
    size_t      len;

    /* the raw text never grows: \""" becomes """ */
    raw = gql_arena_alloc(lx->arena, BlockStringExtent(lx, off) + 1);
    if (raw == NULL)
        return LexError(lx, off, "out of memory");
    for (;;)
    {
        int         c = Peek(lx, off);

        if (c < 0)
        {
            lx->line = line;
            lx->col = col;
            lx->off = off;
            return LexError(lx, off, "Unterminated string.");
        }
        if (c == '"' && Peek(lx, off + 1) == '"' && Peek(lx, off + 2) == '"')
        {
            off += 3;
            col += 3;
            break;
        }
        if (c == '\\' && Peek(lx, off + 1) == '"' && Peek(lx, off + 2) == '"' &&
            Peek(lx, off + 3) == '"')
        {
            memcpy(raw + n, "\"\"\"", 3);
            n += 3;
            off += 4;
            col += 4;
            continue;
        }
        if (c == '\n' || c == '\r')
        {
            if (c == '\r' && Peek(lx, off + 1) == '\n')
                raw[n++] = (char) lx->src[off++];
            raw[n++] = (char) lx->src[off++];
            line++;
            col = 1;
            continue;
        }
        if ((c & 0xC0) != 0x80)
            col++;
        raw[n++] = (char) c;
        off++;
    }
    lx->tok.kind = GQL_TOK_BLOCK_STRING;
    lx->tok.pos = pos;
    lx->tok.start = start;
    lx->tok.end = off;
    lx->off = off;
    lx->line = line;
    lx->col = col;
    lx->tok.value = gql_block_string_value(lx->arena, raw, n, &len);
    if (lx->tok.value == NULL)
        return LexError(lx, off, "out of memory");
    lx->tok.len = len;
    return true;
}

/* Reads the next significant token. */
bool
gql_lex_next(GqlLexer *lx)
{
    if (lx->max_tokens > 0 && lx->token_count >= lx->max_tokens)
        return LexError(lx, lx->off, "Document contains more than %d tokens. Parsing aborted.",
                        lx->max_tokens);
    for (;;)
    {
        int         c = Peek(lx, lx->off);

        switch (c)
        {
            case -1:
                lx->token_count++;
                return Emit(lx, GQL_TOK_EOF, 0);
            case ' ':
            case '\t':
            case ',':
                Advance(lx, 1);
                continue;
            case 0xEF:
                if (Peek(lx, lx->off + 1) == 0xBB && Peek(lx, lx->off + 2) == 0xBF)
                {
                    Advance(lx, 3);     /* BOM */
                    continue;
                }
                break;
            case '\n':
            case '\r':
                NewLine(lx);
                continue;
            case '#':
                while (lx->off < lx->len && lx->src[lx->off] != '\n' && lx->src[lx->off] != '\r')
                    Advance(lx, 1);
                continue;
            default:
                break;
        }
        lx->token_count++;
        switch (c)
        {
            case '!':
                return Emit(lx, GQL_TOK_BANG, 1);
            case '$':
                return Emit(lx, GQL_TOK_DOLLAR, 1);
            case '&':
                return Emit(lx, GQL_TOK_AMP, 1);
            case '(':
                return Emit(lx, GQL_TOK_PAREN_L, 1);
            case ')':
                return Emit(lx, GQL_TOK_PAREN_R, 1);
            case ':':
                return Emit(lx, GQL_TOK_COLON, 1);
            case '=':
                return Emit(lx, GQL_TOK_EQUALS, 1);
            case '@':
                return Emit(lx, GQL_TOK_AT, 1);
            case '[':
                return Emit(lx, GQL_TOK_BRACKET_L, 1);
            case ']':
                return Emit(lx, GQL_TOK_BRACKET_R, 1);
            case '{':
                return Emit(lx, GQL_TOK_BRACE_L, 1);
            case '|':
                return Emit(lx, GQL_TOK_PIPE, 1);
            case '}':
                return Emit(lx, GQL_TOK_BRACE_R, 1);
            case '.':
                if (Peek(lx, lx->off + 1) == '.' && Peek(lx, lx->off + 2) == '.')
                    return Emit(lx, GQL_TOK_SPREAD, 3);
                return LexError(lx, lx->off, "Unexpected character: \".\".");
            case '"':
                if (Peek(lx, lx->off + 1) == '"' && Peek(lx, lx->off + 2) == '"')
                    return ReadBlockString(lx);
                return ReadString(lx);
            default:
                break;
        }
        if (IsDigit(c) || c == '-')
            return ReadNumber(lx);
        if (IsNameStart(c))
        {
            size_t      n = 1;

            while (IsNameContinue(Peek(lx, lx->off + n)))
                n++;
            Emit(lx, GQL_TOK_NAME, n);
            lx->tok.value = gql_arena_strndup(lx->arena, lx->src + lx->tok.start, n);
            return lx->tok.value != NULL || LexError(lx, lx->off, "out of memory");
        }
        if (c == '\'')
            return LexError(lx, lx->off,
                            "Unexpected single quote character ('), did you mean to use a double quote (\")?");
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return LexError(lx, lx->off, "Invalid character: %s.", CharAt(lx, lx->off));
        return LexError(lx, lx->off, "Unexpected character: %s.", CharAt(lx, lx->off));
    }
}

/* Name of a token kind for error messages. */
const char *
gql_token_kind_name(GqlTokenKind kind)
{
    static const char *const names[] = {
        "<EOF>", "\"!\"", "\"$\"", "\"&\"", "\"(\"", "\")\"", "\"...\"", "\":\"",
        "\"=\"", "\"@\"", "\"[\"", "\"]\"", "\"{\"", "\"|\"", "\"}\"", "Name", "Int",
        "Float", "String", "BlockString"
    };

    if ((unsigned) kind < sizeof(names) / sizeof(names[0]))
        return names[kind];
    return "token";
}
