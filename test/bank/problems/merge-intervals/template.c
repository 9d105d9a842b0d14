#include <stdio.h>
#include <stdlib.h>

struct interval { long long l, r; };

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

    /* TODO: merge the intervals in place and set m to their number. */
    int m = n;

    printf("%d\n", m);
    for (int k = 0; k < m; k++)
        printf("%lld %lld\n", v[k].l, v[k].r);
    free(v);
    return 0;
}
