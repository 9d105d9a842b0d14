/*
 * cache_test.c - unit tests (TAP) of the proxy's document cache
 * (proxy/execute_cache.c) and of the prepared-statement bookkeeping of a
 * pool connection (pool_is_prepared / pool_set_prepared).  Built with
 * -fsanitize=address,undefined by run.sh, so an entry freed while a request
 * still holds it, or never freed, fails the run; needs no database.
 *
 * Usage: cache_test PROXY_SCHEMA
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "execute_int.h"
#include "tap.h"

/* A request's view of the cache: the entry it got (a reference) and its arena. */
typedef struct Looked
{
    Run         run;
    CacheEntry *entry;
    bool        uncached;
} Looked;

/* Looks a document up as a request does; the caller ends it with Done(). */
static Looked
Lookup(const char *query)
{
    Looked      l = {0};
    ExecRequest req = {0};

    req.query = query;
    req.query_len = strlen(query);
    l.run.arena = gql_arena_new();
    l.run.errs.arena = l.run.arena;
    l.entry = execute_cache_lookup(&l.run, &req, &l.uncached);
    if (l.entry == NULL && !l.uncached)
        printf("# %s: %s\n", query, l.run.errs.first ? l.run.errs.first->message : "no entry");
    return l;
}

/* Ends a request: gives its reference back and frees its arena. */
static void
Done(Looked *l)
{
    execute_cache_release(l->entry);
    gql_arena_free(l->run.arena);
}

/* Looks a document up and ends the request at once; returns the entry it got. */
static CacheEntry *
Use(const char *query)
{
    Looked      l = Lookup(query);
    CacheEntry *e = l.entry;

    Done(&l);
    return e;
}

/* Hits and misses so far. */
static void
Counts(unsigned long long *hits, unsigned long long *misses)
{
    *hits = exec_stats.cache_hits;
    *misses = exec_stats.cache_misses;
}

/* Whether a document is in the cache now: a hit, which also marks it used. */
static bool
Cached(const char *query)
{
    unsigned long long h0,
                m0,
                h1,
                m1;

    Counts(&h0, &m0);
    Use(query);
    Counts(&h1, &m1);
    return h1 == h0 + 1 && m1 == m0;
}

/* The number of cached documents. */
static unsigned long long
Entries(void)
{
    unsigned long long n,
                bytes;

    execute_cache_counts(&n, &bytes);
    return n;
}

/* Least recently used eviction in a cache of three documents. */
static void
TestEviction(void)
{
    const char *a = "{ a: languages { id } }";
    const char *b = "{ b: languages { id } }";
    const char *c = "{ c: languages { id } }";
    const char *d = "{ d: languages { id } }";
    CacheEntry *ea,
               *eb,
               *ec,
               *again;
    uint32_t    b_serial;
    unsigned    b_slot;

    execute_cache_configure(3, 0);
    ea = Use(a);
    eb = Use(b);
    ec = Use(c);
    Ok(ea != NULL && eb != NULL && ec != NULL && Entries() == 3, "three documents fill a cache of three");
    /* eb is freed once evicted: keep what is compared later */
    b_serial = eb->serial;
    b_slot = eb->slot;
    Ok(Cached(a), "the first document is a hit (and now the most recently used)");
    Ok(Cached(c), "so is the third");
    Ok(Use(d) != NULL && Entries() == 3, "a fourth document is cached too: the cache stays at three");
    Ok(exec_stats.cache_evictions == 1, "by evicting one entry");
    Ok(Cached(a) && Cached(c) && Cached(d), "the documents used since stay");
    again = Use(b);
    Ok(exec_stats.cache_evictions == 2 && again != NULL,
       "the least recently used one was evicted: it misses, and is cached again");
    Ok(again->serial != b_serial && again->slot < 3,
       "under a new serial (slot %u before, %u now), in one of the three slots", b_slot, again->slot);
    Ok(!Cached(a), "which evicted the least recently used of the others");
}

/* The key ignores comments, and only comments. */
static void
TestCommentFreeKey(void)
{
    const char *one = "{ k: languages # comment one\n { id } }";
    const char *two = "{ k: languages # a longer comment two\n { id } }";
    const char *bare = "{ k: languages \n { id } }";
    const char *s1 = "{ interview(id: \"1 # one\") { id } }";
    const char *s2 = "{ interview(id: \"1 # two\") { id } }";
    CacheEntry *e1;

    execute_cache_configure(8, 0);
    e1 = Use(one);
    Ok(e1 != NULL && Use(two) == e1 && Use(bare) == e1,
       "documents that differ only in comments share one entry");
    Ok(strstr(e1->query, "comment") == NULL, "the key holds no comment");
    e1 = Use(s1);
    Ok(e1 != NULL && Use(s2) != NULL && Use(s2) != e1, "a # inside a string is not a comment: two entries");
}

/* An evicted entry lives on until the requests that use it end. */
static void
TestHeldEntry(void)
{
    Looked      held;
    char        q[64];

    execute_cache_configure(2, 0);
    held = Lookup("{ held: languages { id } }");
    Ok(held.entry != NULL && !execute_cache_evicted(held.entry), "a request holds a cached entry");
    for (int i = 0; i < 4; i++)
    {
        snprintf(q, sizeof(q), "{ other%d: languages { id } }", i);
        Use(q);
    }
    Ok(execute_cache_evicted(held.entry) && Entries() == 2,
       "newer documents evict it while the request runs");
    Ok(held.run.compiled == held.entry->compiled && held.run.compiled->nstmts >= 1 &&
       strcmp(held.entry->query, "{ held: languages { id } }") == 0,
       "the request still reads its document and SQL (AddressSanitizer checks the memory)");
    Done(&held);
    Ok(Use("{ held: languages { id } }") != NULL, "the same document is cached again afterwards");
}

/* The memory bound evicts too, and a document above the entry bound runs uncached. */
static void
TestBytes(void)
{
    CacheEntry *e;
    size_t      one;
    char       *big;
    Looked      l;
    unsigned long long before;

    execute_cache_configure(100, 0);
    e = Use("{ bytes0: languages { id } }");
    one = e->bytes;
    execute_cache_configure(100, one * 2 + one / 2);
    Use("{ bytes1: languages { id } }");
    Use("{ bytes2: languages { id } }");
    Use("{ bytes3: languages { id } }");
    Ok(Entries() == 2, "a memory bound of two and a half entries holds two (%llu)", Entries());

    before = Entries();
    execute_cache_configure(100, 0);
    big = malloc(300 * 1024);
    memset(big, ' ', 300 * 1024 - 1);
    memcpy(big, "{ big: languages { id } }", strlen("{ big: languages { id } }"));
    big[300 * 1024 - 1] = '\0';
    l = Lookup(big);
    Ok(l.entry == NULL && l.uncached && l.run.compiled != NULL,
       "a 300 KiB document runs uncached, compiled for its request");
    Done(&l);
    Ok(Entries() == before, "and evicts nothing");
    free(big);

    execute_cache_configure(0, 0);
    l = Lookup("{ off: languages { id } }");
    Ok(l.entry == NULL && l.uncached && l.run.compiled != NULL, "--doc-cache 0 caches nothing");
    Done(&l);
}

/* A pool connection tells a slot's new entry from the evicted one (no database needed). */
static void
TestPrepared(void)
{
    PoolConn   *pc = calloc(1, sizeof(PoolConn));

    pool_set_prepared(pc, 7, 41);
    Ok(pool_is_prepared(pc, 7, 41) && !pool_is_prepared(pc, 7, 42) && !pool_is_prepared(pc, 8, 41),
       "a connection knows which serial it prepared in a slot");
    pool_set_prepared(pc, 7, 41);
    Ok(pc->stale == 0, "preparing the same serial again leaves nothing stale");
    pool_set_prepared(pc, 7, 42);
    Ok(pool_is_prepared(pc, 7, 42) && !pool_is_prepared(pc, 7, 41) && pc->stale == 1,
       "the slot's next entry replaces it, and the old statements count as stale");
    free(pc);
}

int
main(int argc, char **argv)
{
    char        err[512];
    GqlSchema  *schema;

    if (argc != 2)
    {
        fprintf(stderr, "usage: cache_test PROXY_SCHEMA\n");
        return 2;
    }
    schema = gql_schema_load_file(argv[1], err, sizeof(err));
    if (schema == NULL || !compile_check_schema(schema, err, sizeof(err)))
    {
        printf("Bail out! %s\n", err);
        return 1;
    }
    exec_schema = schema;
    TestEviction();
    TestCommentFreeKey();
    TestHeldEntry();
    TestBytes();
    TestPrepared();
    printf("1..%d\n", test_no);
    return failures ? 1 : 0;
}
