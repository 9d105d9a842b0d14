#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int n;
    long long k;
    if (scanf("%d %lld", &n, &k) != 2)
        return 1;
    long long *a = malloc(sizeof *a * (size_t) n * (size_t) n);
    if (a == NULL)
        return 1;
    for (int i = 0; i < n * n; i++)
        if (scanf("%lld", &a[i]) != 1)
            return 1;
    /* Element (r, c) is a[r * n + c]. */

    /* TODO: rotate a clockwise k times. */

    for (int r = 0; r < n; r++)
        for (int c = 0; c < n; c++)
            printf("%lld%c", a[r * n + c], c + 1 < n ? ' ' : '\n');
    free(a);
    return 0;
}
