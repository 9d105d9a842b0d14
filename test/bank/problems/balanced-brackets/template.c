#include <stdio.h>
#include <string.h>

static char s[1000001];

int main(void)
{
    int t;
    if (scanf("%d", &t) != 1)
        return 1;
    while (t-- > 0) {
        if (scanf("%1000000s", s) != 1)
            return 1;
        size_t len = strlen(s);

        /* TODO: decide whether s[0..len-1] is balanced. */
        int balanced = len == 0;

        puts(balanced ? "YES" : "NO");
    }
    return 0;
}
