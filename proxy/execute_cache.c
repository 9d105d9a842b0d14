/*
 * execute_cache.c - documents that parse and validate, cached per (text,
 * operationName) with their compiled SQL.
 *
 * A hash table of CacheEntry under a rwlock; entries are never freed while
 * the process runs (at most CACHE_MAX of them, each at most
 * CACHE_ENTRY_BYTES and all together at most CACHE_BYTES of memory; past
 * that, documents are parsed and compiled per request and run as unnamed
 * statements), so a reader may keep using an entry after unlocking.  The
 * byte bounds keep clients that send many large distinct documents (a
 * comment or a string argument can fill 1 MiB) from filling the memory.  A
 * cached document is only read by requests; everything a request
 * allocates goes to its own arena.  It must not touch the database.
 *
 * The key is the document without its comments (strip_comments), so
 * documents that differ only in comments share one entry: a comment runs
 * to the end of its line, so removing it moves no token, and the positions
 * in errors stay those of the document as sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "execute_int.h"

#define CACHE_BUCKETS 4096
#define CACHE_MAX POOL_MAX_PREPARED
#define CACHE_ENTRY_BYTES (256 * 1024)  /* a document's text, syntax tree and SQL */
#define CACHE_BYTES (64 * 1024 * 1024)

static CacheEntry *buckets[CACHE_BUCKETS];
static unsigned cache_count;
static size_t cache_bytes;     /* memory of the cached entries (guarded by cache_lock) */
static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;

/* See execute_int.h. */
void
execute_cache_counts(unsigned long long *entries, unsigned long long *bytes)
{
    pthread_rwlock_rdlock(&cache_lock);
    *entries = cache_count;
    *bytes = cache_bytes;
    pthread_rwlock_unlock(&cache_lock);
}

/* FNV-1a over the document and the operation name. */
static uint64_t
cache_hash(const char *q, size_t len, const char *opname)
{
    uint64_t    h = 1469598103934665603ULL;

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char) q[i]) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
    for (const char *p = opname; *p; p++)
        h = (h ^ (unsigned char) *p) * 1099511628211ULL;
    return h;
}

/*
 * Copies the document without its comments (from # to the end of the line,
 * outside strings and block strings) into a malloc'd buffer; *out_len gets
 * its length. NULL when out of memory.
 */
static char *
strip_comments(const char *q, size_t len, size_t *out_len)
{
    char       *out = malloc(len + 1);
    size_t      n = 0;
    enum
    {
        CODE, STRING, BLOCK
    }           state = CODE;

    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < len; i++)
    {
        char        c = q[i];

        if (state == CODE && c == '#')
        {
            while (i + 1 < len && q[i + 1] != '\n' && q[i + 1] != '\r')
                i++;
            continue;
        }
        out[n++] = c;
        if (state == CODE && c == '"')
        {
            if (i + 2 < len && q[i + 1] == '"' && q[i + 2] == '"')
            {
                out[n++] = '"';
                out[n++] = '"';
                i += 2;
                state = BLOCK;
            }
            else
                state = STRING;
        }
        else if (state == STRING && (c == '\\' && i + 1 < len))
            out[n++] = q[++i];
        else if (state == STRING && (c == '"' || c == '\n' || c == '\r'))
            state = CODE;
        else if (state == BLOCK && c == '\\' && i + 3 < len && q[i + 1] == '"' &&
                 q[i + 2] == '"' && q[i + 3] == '"')
        {
            memcpy(out + n, q + i + 1, 3);
            n += 3;
            i += 3;
        }
        else if (state == BLOCK && c == '"' && i + 2 < len && q[i + 1] == '"' && q[i + 2] == '"')
        {
            out[n++] = '"';
            out[n++] = '"';
            i += 2;
            state = CODE;
        }
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

/* The cached entry for (query, opname), or NULL; caller holds the lock. */
static CacheEntry *
cache_find(uint64_t h, const char *q, size_t len, const char *opname)
{
    for (CacheEntry *e = buckets[h % CACHE_BUCKETS]; e; e = e->next)
        if (e->hash == h && e->query_len == len && memcmp(e->query, q, len) == 0 &&
            strcmp(e->opname, opname) == 0)
            return e;
    return NULL;
}

/* Parses, validates and selects the operation into the run's arena; false on a request error. */
bool
execute_prepare_document(Run *run, const ExecRequest *req, GqlArena *arena)
{
    GqlError   *perr = NULL;
    GqlDocument *doc = gql_parse(arena, req->query, req->query_len, NULL, &perr);
    GqlErrors   verrs = {0};

    if (doc == NULL)
    {
        if (perr != NULL)
        {
            perr->next = NULL;
            run->errs.first = run->errs.last = perr;
            run->errs.count = 1;
        }
        else
            gql_error_add(&run->errs, GQL_CODE_PARSE_FAILED, NULL, (GqlPos) {0, 0},
                          "Syntax Error: could not parse the document.");
        return false;
    }
    verrs.arena = arena;
    if (!gql_validate(exec_schema, doc, NULL, &verrs))
    {
        run->errs = verrs;
        return false;
    }
    run->op = gql_select_operation(doc, req->operation_name, &verrs);
    if (run->op == NULL)
    {
        run->errs = verrs;
        return false;
    }
    run->doc = doc;
    return true;
}

/* Finds or creates the cache entry of a request; NULL after a request error in run->errs. */
CacheEntry *
execute_cache_lookup(Run *run, const ExecRequest *req, bool *uncached)
{
    const char *opname = req->operation_name ? req->operation_name : "";
    size_t      klen;
    char       *key = strip_comments(req->query, req->query_len, &klen);
    uint64_t    h;
    CacheEntry *e;
    CacheEntry *found;
    GqlArena   *arena;
    ExecRequest sreq = *req;
    char        err[256];

    *uncached = false;
    if (key == NULL)
    {
        gql_error_add(&run->errs, "INTERNAL_SERVER_ERROR", NULL, (GqlPos) {0, 0}, "out of memory");
        return NULL;
    }
    h = cache_hash(key, klen, opname);
    pthread_rwlock_rdlock(&cache_lock);
    e = cache_find(h, key, klen, opname);
    pthread_rwlock_unlock(&cache_lock);
    if (e != NULL)
    {
        free(key);
        execute_count(&exec_stats.cache_hits, 1);
        run->doc = e->doc;
        run->op = e->op;
        run->compiled = e->compiled;
        return e;
    }
    execute_count(&exec_stats.cache_misses, 1);

    arena = gql_arena_new();
    /* the syntax tree may point into its text: the text lives in the tree's arena */
    sreq.query = arena ? gql_arena_alloc(arena, klen + 1) : NULL;
    if (sreq.query == NULL)
    {
        free(key);
        gql_arena_free(arena);
        gql_error_add(&run->errs, "INTERNAL_SERVER_ERROR", NULL, (GqlPos) {0, 0}, "out of memory");
        return NULL;
    }
    memcpy((char *) sreq.query, key, klen + 1);
    sreq.query_len = klen;
    if (!execute_prepare_document(run, &sreq, arena))
    {
        free(key);
        /* the errors live in this arena: keep it with the run */
        GqlArena   *old = run->arena;

        run->arena = arena;
        gql_arena_free(old);
        return NULL;
    }
    e = calloc(1, sizeof(CacheEntry));
    if (e == NULL)
        goto uncached;
    e->hash = h;
    e->query = key;
    key = NULL;
    e->opname = strdup(opname);
    if (e->opname == NULL)
        goto uncached;
    e->query_len = klen;
    e->arena = arena;
    e->doc = (GqlDocument *) run->doc;
    e->op = run->op;
    if (!gql_is_introspection_only(exec_schema, run->doc, run->op, NULL) &&
        !compile_depends_on_variables(run->doc, run->op))
    {
        e->compiled = compile_operation(arena, exec_schema, run->doc, run->op, NULL,
                                        err, sizeof(err));
        if (e->compiled == NULL)
        {
            fprintf(stderr, "interview-proxy: compile: %s\n", err);
            goto uncached;
        }
        /* introspection inside a mixed operation is answered per request */
        if (e->compiled->has_meta)
            goto uncached;
    }
    else
        goto uncached;

    {
        bool        inserted = false;
        size_t      cost = gql_arena_used(arena) + klen;

        pthread_rwlock_wrlock(&cache_lock);
        found = cache_find(h, e->query, e->query_len, opname);
        if (found == NULL && cache_count < CACHE_MAX && cost <= CACHE_ENTRY_BYTES &&
            cache_bytes + cost <= CACHE_BYTES)
        {
            cache_bytes += cost;
            e->id = cache_count++;
            e->next = buckets[h % CACHE_BUCKETS];
            buckets[h % CACHE_BUCKETS] = e;
            inserted = true;
        }
        pthread_rwlock_unlock(&cache_lock);
        if (inserted)
        {
            run->compiled = e->compiled;
            return e;
        }
        if (found != NULL)
        {
            /* another thread cached it first: use theirs */
            free(e->query);
            free(e->opname);
            free(e);
            gql_arena_free(arena);
            run->doc = found->doc;
            run->op = found->op;
            run->compiled = found->compiled;
            return found;
        }
        /* the cache is full, or the document too big: it runs uncached, compiled as it is */
        free(e->query);
        free(e->opname);
        run->compiled = e->compiled;
        free(e);
        e = NULL;
        {
            GqlArena   *old = run->arena;

            run->arena = arena;
            gql_arena_free(old);
        }
        run->errs.arena = arena;
        *uncached = true;
        return NULL;
    }

uncached:
    free(key);
    if (e != NULL)
    {
        free(e->query);
        free(e->opname);
        free(e);
    }
    {
        GqlArena   *old = run->arena;

        run->arena = arena;
        gql_arena_free(old);
    }
    run->errs.arena = arena;
    run->compiled = NULL;
    *uncached = true;
    return NULL;
}
