/* Longest substring without repeats: a sliding window and each character's last position. */
#include <stdio.h>
#include <string.h>

static char s[1000001];

int main(void)
{
    long last[256];
    long start = 0, best = 0;
    if (scanf("%1000000s", s) != 1)
        return 1;
    for (int c = 0; c < 256; c++)
        last[c] = -1;
    for (long i = 0; s[i] != '\0'; i++) {
        unsigned char ch = (unsigned char) s[i];
        if (last[ch] >= start)
            start = last[ch] + 1;
        last[ch] = i;
        if (i - start + 1 > best)
            best = i - start + 1;
    }
    printf("%ld\n", best);
    return 0;
}
