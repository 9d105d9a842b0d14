#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int n;
    long long target;
    if (scanf("%d %lld", &n, &target) != 2)
        return 1;
    long long *a = malloc(sizeof *a * (size_t) n);
    if (a == NULL)
        return 1;
    for (int k = 0; k < n; k++)
        if (scanf("%lld", &a[k]) != 1)
            return 1;

    /* TODO: find i < j with a[i] + a[j] == target (smallest j, then smallest i). */
    int i = -1, j = -1;

    if (i < 0)
        printf("-1\n");
    else
        printf("%d %d\n", i, j);
    free(a);
    return 0;
}
