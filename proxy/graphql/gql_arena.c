/*
 * gql_arena.c - the per-request arena and GraphQL error lists (and their JSON).
 *
 * An arena is a chain of chunks; allocation bumps a pointer and nothing is
 * freed before gql_arena_free() releases every chunk at once.  Not
 * thread-safe: one arena belongs to one request (or one schema).
 *
 * It must not free single nodes, nor be shared between threads.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gql_ast.h"

#define ARENA_CHUNK 8192
#define ARENA_ALIGN 16

typedef struct ArenaChunk
{
    struct ArenaChunk *next;
    size_t      size;           /* usable bytes after the header */
    size_t      used;
    max_align_t align[];        /* data follows */
} ArenaChunk;

struct GqlArena
{
    ArenaChunk *head;           /* current chunk (allocation happens here) */
    size_t      total;          /* bytes handed out */
};

/* Creates an empty arena. */
GqlArena *
gql_arena_new(void)
{
    return calloc(1, sizeof(GqlArena));
}

/* Frees every chunk and the arena itself. */
void
gql_arena_free(GqlArena *arena)
{
    ArenaChunk *c;
    ArenaChunk *next;

    if (arena == NULL)
        return;
    for (c = arena->head; c != NULL; c = next)
    {
        next = c->next;
        free(c);
    }
    free(arena);
}

/* Bump-allocates zeroed memory, adding a chunk when the current one is full. */
void *
gql_arena_alloc(GqlArena *arena, size_t size)
{
    ArenaChunk *c = arena->head;
    size_t      need = (size + ARENA_ALIGN - 1) & ~(size_t) (ARENA_ALIGN - 1);
    void       *p;

    if (need < size)
        return NULL;
    if (need == 0)
        need = ARENA_ALIGN;
    if (c == NULL || c->size - c->used < need)
    {
        size_t      csize = need > ARENA_CHUNK / 2 ? need : ARENA_CHUNK;

        c = malloc(sizeof(ArenaChunk) + csize);
        if (c == NULL)
            return NULL;
        c->size = csize;
        c->used = 0;
        if (need > ARENA_CHUNK / 2 && arena->head != NULL)
        {
            /* a big block gets its own chunk behind the current one */
            c->next = arena->head->next;
            arena->head->next = c;
        }
        else
        {
            c->next = arena->head;
            arena->head = c;
        }
    }
    p = (char *) c->align + c->used;
    c->used += need;
    arena->total += need;
    memset(p, 0, need);
    return p;
}

/* Copies len bytes and a terminating NUL into the arena. */
char *
gql_arena_strndup(GqlArena *arena, const char *s, size_t len)
{
    char       *p = gql_arena_alloc(arena, len + 1);

    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* Copies a NUL-terminated string into the arena. */
char *
gql_arena_strdup(GqlArena *arena, const char *s)
{
    return gql_arena_strndup(arena, s, strlen(s));
}

/* Formats into the arena (vprintf twice: measure, then write). */
static char *
ArenaVprintf(GqlArena *arena, const char *fmt, va_list ap)
{
    va_list     ap2;
    int         n;
    char       *p;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    p = gql_arena_alloc(arena, (size_t) n + 1);
    if (p == NULL)
        return NULL;
    vsnprintf(p, (size_t) n + 1, fmt, ap);
    return p;
}

/* printf into the arena. */
char *
gql_arena_printf(GqlArena *arena, const char *fmt, ...)
{
    va_list     ap;
    char       *p;

    va_start(ap, fmt);
    p = ArenaVprintf(arena, fmt, ap);
    va_end(ap);
    return p;
}

/* Bytes handed out so far. */
size_t
gql_arena_used(const GqlArena *arena)
{
    return arena->total;
}

/* Appends an error to the list (until its maximum). */
GqlError *
gql_error_add(GqlErrors *errs, const char *code, const char *rule,
              GqlPos pos, const char *fmt, ...)
{
    va_list     ap;
    GqlError   *e;
    int         max = errs->max > 0 ? errs->max : 100;

    if (errs->count >= max)
        return NULL;
    e = gql_arena_alloc(errs->arena, sizeof(GqlError));
    if (e == NULL)
        return NULL;
    va_start(ap, fmt);
    e->message = ArenaVprintf(errs->arena, fmt, ap);
    va_end(ap);
    if (e->message == NULL)
        e->message = "out of memory";
    e->code = code;
    e->rule = rule;
    if (pos.line > 0)
        e->locations[e->nlocations++] = pos;
    if (errs->last)
        errs->last->next = e;
    else
        errs->first = e;
    errs->last = e;
    errs->count++;
    return e;
}

/* Adds a location to an error (ignored past the maximum or when unknown). */
void
gql_error_add_location(GqlError *err, GqlPos pos)
{
    if (err != NULL && pos.line > 0 && err->nlocations < GQL_ERROR_MAX_LOCATIONS)
        err->locations[err->nlocations++] = pos;
}

static const char *const location_names[GQL_LOC_COUNT] = {
    "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD", "INLINE_FRAGMENT", "VARIABLE_DEFINITION", "SCHEMA",
    "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE",
    "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION"
};

/* Name of one location bit. */
const char *
gql_location_name(unsigned location_bit)
{
    for (int i = 0; i < GQL_LOC_COUNT; i++)
        if (location_bit == (1u << i))
            return location_names[i];
    return "UNKNOWN";
}

/* Name of an operation type. */
const char *
gql_operation_name(GqlOperationType op)
{
    switch (op)
    {
        case GQL_OP_QUERY:
            return "query";
        case GQL_OP_MUTATION:
            return "mutation";
        case GQL_OP_SUBSCRIPTION:
            return "subscription";
    }
    return "query";
}

/* One error as JSON. */
json_t *
gql_error_to_json(const GqlError *err)
{
    json_t     *o = json_object();

    if (o == NULL)
        return NULL;
    json_object_set_new(o, "message", json_string(err->message));
    if (err->nlocations > 0)
    {
        json_t     *locs = json_array();

        for (int i = 0; i < err->nlocations; i++)
            json_array_append_new(locs, json_pack("{s:i,s:i}", "line", err->locations[i].line,
                                                  "column", err->locations[i].column));
        json_object_set_new(o, "locations", locs);
    }
    if (err->code)
        json_object_set_new(o, "extensions", json_pack("{s:s}", "code", err->code));
    return o;
}

/* All errors as a JSON array. */
json_t *
gql_errors_to_json(const GqlErrors *errs)
{
    json_t     *a = json_array();

    if (a == NULL)
        return NULL;
    for (const GqlError *e = errs->first; e; e = e->next)
        json_array_append_new(a, gql_error_to_json(e));
    return a;
}

/* FNV-1a hash of a name, for the open-addressed tables of names. */
size_t
gql_hash_name(const char *s)
{
    size_t      h = 14695981039346656037ull;

    while (*s)
        h = (h ^ (unsigned char) *s++) * 1099511628211ull;
    return h;
}
