/* Matrix rotation: four rotations are the identity, so map each output cell once. */
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
    int turns = (int) (k % 4);
    for (int r = 0; r < n; r++) {
        for (int c = 0; c < n; c++) {
            /* Where output cell (r, c) comes from after 0-3 clockwise turns. */
            int sr = r, sc = c;
            if (turns == 1) { sr = n - 1 - c; sc = r; }
            else if (turns == 2) { sr = n - 1 - r; sc = n - 1 - c; }
            else if (turns == 3) { sr = c; sc = n - 1 - r; }
            printf("%lld%c", a[sr * n + sc], c + 1 < n ? ' ' : '\n');
        }
    }
    free(a);
    return 0;
}
