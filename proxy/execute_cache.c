/*
 * execute_cache.c - documents that parse and validate, cached per (text
 * without comments, operationName) with their compiled SQL.
 *
 * A hash table of CacheEntry under a rwlock, bounded in entries
 * (execute_cache_configure, --doc-cache; at most POOL_MAX_PREPARED) and in
 * memory (CACHE_BYTES in all, CACHE_ENTRY_BYTES per document: a comment or a
 * string argument can pad a valid document to 1 MiB).  A new document that
 * does not fit evicts the least recently used entries (a tick stamped on
 * every use, so a hit needs only the read lock); a document above
 * CACHE_ENTRY_BYTES runs uncached, as unnamed statements.  So a client that
 * sends many distinct documents pushes out only documents nobody has used
 * since, and the next new document is cached again.
 *
 * Ownership: an entry is counted (refs) once by the table and once by every
 * request that uses it (execute_cache_lookup takes a reference, the request
 * gives it back with execute_cache_release); whoever drops the last one
 * frees it, so an evicted entry lives on until its requests end.  An entry
 * has a slot (its index among the POOL_MAX_PREPARED statement groups a pool
 * connection tracks) and a serial that names its prepared statements and is
 * never given to another entry, so a connection never mistakes a statement
 * of an evicted entry for one of the entry that took its slot (pool.h).
 * A cached document is only read by requests; everything a request
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
#define CACHE_ENTRY_BYTES (256 * 1024)  /* a document's text, syntax tree and SQL */
#define CACHE_BYTES (64 * 1024 * 1024)

static CacheEntry *buckets[CACHE_BUCKETS];
static CacheEntry *slot_table[POOL_MAX_PREPARED];   /* the entries by slot; NULL: free */
static unsigned cache_max = EXEC_DEFAULT_DOC_CACHE; /* entries; 0: nothing is cached */
static size_t cache_max_bytes = CACHE_BYTES;
static unsigned cache_count;
static size_t cache_bytes;     /* memory of the cached entries (guarded by cache_lock) */
static uint32_t cache_serial;  /* the last serial given (guarded by cache_lock) */
static uint64_t cache_tick;    /* stamps uses (atomic) */
static pthread_rwlock_t cache_lock = PTHREAD_RWLOCK_INITIALIZER;

/* See execute.h. */
void
execute_cache_configure(unsigned max_entries, size_t max_bytes)
{
    pthread_rwlock_wrlock(&cache_lock);
    cache_max = max_entries > POOL_MAX_PREPARED ? POOL_MAX_PREPARED : max_entries;
    cache_max_bytes = max_bytes == 0 ? CACHE_BYTES : max_bytes;
    pthread_rwlock_unlock(&cache_lock);
}

/* See execute_int.h. */
void
execute_cache_counts(unsigned long long *entries, unsigned long long *bytes)
{
    pthread_rwlock_rdlock(&cache_lock);
    *entries = cache_count;
    *bytes = cache_bytes;
    pthread_rwlock_unlock(&cache_lock);
}

/* Frees an entry that nothing refers to any more. */
static void
entry_free(CacheEntry *e)
{
    free(e->query);
    free(e->opname);
    gql_arena_free(e->arena);
    free(e);
}

/* See execute_int.h. */
void
execute_cache_release(CacheEntry *e)
{
    if (e != NULL && __atomic_sub_fetch(&e->refs, 1, __ATOMIC_ACQ_REL) == 0)
        entry_free(e);
}

/* See execute_int.h. */
bool
execute_cache_evicted(const CacheEntry *e)
{
    return __atomic_load_n(&e->evicted, __ATOMIC_ACQUIRE);
}

/* Takes a request's reference to a cached entry and stamps its use; caller holds the lock. */
static void
entry_use(CacheEntry *e)
{
    __atomic_add_fetch(&e->refs, 1, __ATOMIC_ACQ_REL);
    __atomic_store_n(&e->last_used, __atomic_add_fetch(&cache_tick, 1, __ATOMIC_RELAXED),
                     __ATOMIC_RELAXED);
}

/* Takes the least recently used entry out of the table; caller holds the write lock. */
static void
evict_one(void)
{
    CacheEntry *lru = NULL;
    CacheEntry **link;

    for (unsigned i = 0; i < POOL_MAX_PREPARED; i++)
        if (slot_table[i] != NULL &&
            (lru == NULL || __atomic_load_n(&slot_table[i]->last_used, __ATOMIC_RELAXED) <
             __atomic_load_n(&lru->last_used, __ATOMIC_RELAXED)))
            lru = slot_table[i];
    if (lru == NULL)
        return;
    for (link = &buckets[lru->hash % CACHE_BUCKETS]; *link != lru; link = &(*link)->next)
        ;
    *link = lru->next;
    slot_table[lru->slot] = NULL;
    cache_count--;
    cache_bytes -= lru->bytes;
    __atomic_store_n(&lru->evicted, true, __ATOMIC_RELEASE);
    execute_count(&exec_stats.cache_evictions, 1);
    execute_cache_release(lru);
}

/*
 * Puts e in the table, evicting least recently used entries until it fits;
 * false when it may not be cached.  Caller holds the write lock.
 */
static bool
cache_insert(CacheEntry *e)
{
    unsigned    slot = 0;

    if (cache_max == 0 || e->bytes > CACHE_ENTRY_BYTES || e->bytes > cache_max_bytes)
        return false;
    while (cache_count > 0 && (cache_count >= cache_max || cache_bytes + e->bytes > cache_max_bytes))
        evict_one();
    while (slot_table[slot] != NULL)
        slot++;
    if (++cache_serial == 0)
        cache_serial = 1;
    e->serial = cache_serial;
    e->slot = slot;
    e->refs = 2;                /* the table's and the request's */
    e->last_used = __atomic_add_fetch(&cache_tick, 1, __ATOMIC_RELAXED);
    slot_table[slot] = e;
    e->next = buckets[e->hash % CACHE_BUCKETS];
    buckets[e->hash % CACHE_BUCKETS] = e;
    cache_count++;
    cache_bytes += e->bytes;
    return true;
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
    if (e != NULL)
        entry_use(e);
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

        e->bytes = gql_arena_used(arena) + klen;
        pthread_rwlock_wrlock(&cache_lock);
        found = cache_find(h, e->query, e->query_len, opname);
        if (found != NULL)
            entry_use(found);
        else
            inserted = cache_insert(e);
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
        /* the document is too big for the cache (or caching is off): it runs uncached, compiled as it is */
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
