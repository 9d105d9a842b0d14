/* Merge intervals: sort by start, then extend the last merged interval. */
#include <stdio.h>
#include <stdlib.h>

struct interval { long long l, r; };

/* Orders intervals by start, then end. */
static int by_start(const void *pa, const void *pb)
{
    const struct interval *a = pa, *b = pb;
    if (a->l != b->l)
        return a->l < b->l ? -1 : 1;
    return (a->r > b->r) - (a->r < b->r);
}

int main(void)
{
    int n;
    if (scanf("%d", &n) != 1)
        return 1;
    struct interval *v = malloc(sizeof *v * (size_t) n);
    if (v == NULL)
        return 1;
    for (int k = 0; k < n; k++)
        if (scanf("%lld %lld", &v[k].l, &v[k].r) != 2)
            return 1;
    qsort(v, (size_t) n, sizeof *v, by_start);
    int m = 0;
    for (int k = 0; k < n; k++) {
        if (m > 0 && v[k].l <= v[m - 1].r) {
            if (v[k].r > v[m - 1].r)
                v[m - 1].r = v[k].r;
        } else {
            v[m++] = v[k];
        }
    }
    printf("%d\n", m);
    for (int k = 0; k < m; k++)
        printf("%lld %lld\n", v[k].l, v[k].r);
    free(v);
    return 0;
}
