/* Top-k frequent words: sort the words, count runs, sort the runs by (-count, word). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry { const char *word; int count; };

/* Orders words alphabetically. */
static int by_word(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *) pa, *(const char *const *) pb);
}

/* Orders entries by count descending, then alphabetically. */
static int by_count(const void *pa, const void *pb)
{
    const struct entry *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(a->word, b->word);
}

int main(void)
{
    int n, k;
    if (scanf("%d %d", &n, &k) != 2)
        return 1;
    char (*store)[21] = malloc(sizeof *store * (size_t) n);
    const char **words = malloc(sizeof *words * (size_t) n);
    struct entry *entries = malloc(sizeof *entries * (size_t) n);
    if (store == NULL || words == NULL || entries == NULL)
        return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%20s", store[i]) != 1)
            return 1;
        words[i] = store[i];
    }
    qsort(words, (size_t) n, sizeof *words, by_word);
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (m > 0 && strcmp(entries[m - 1].word, words[i]) == 0) {
            entries[m - 1].count++;
        } else {
            entries[m].word = words[i];
            entries[m].count = 1;
            m++;
        }
    }
    qsort(entries, (size_t) m, sizeof *entries, by_count);
    for (int i = 0; i < m && i < k; i++)
        printf("%s %d\n", entries[i].word, entries[i].count);
    free(entries);
    free(words);
    free(store);
    return 0;
}
