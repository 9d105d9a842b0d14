#include <stdio.h>
#include <string.h>

static char s[1000001];

int main(void)
{
    if (scanf("%1000000s", s) != 1)
        return 1;
    size_t n = strlen(s);

    /* TODO: the length of the longest substring of s[0..n-1] without repeats. */
    size_t best = n > 0;

    printf("%zu\n", best);
    return 0;
}
