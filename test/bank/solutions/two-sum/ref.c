/* Two Sum: one pass with an open-addressing hash map from value to first position. */
#include <stdio.h>
#include <stdlib.h>

#define TABLE_BITS 19
#define TABLE_SIZE (1u << TABLE_BITS)

static long long keys[TABLE_SIZE];
static int values[TABLE_SIZE];
static unsigned char used[TABLE_SIZE];

/* Slot of key: where it is, or the empty slot where it would go. */
static unsigned slot_of(long long key)
{
    unsigned long long h = (unsigned long long) key * 0x9E3779B97F4A7C15ull;
    unsigned s = (unsigned) (h >> (64 - TABLE_BITS));
    while (used[s] && keys[s] != key)
        s = (s + 1) & (TABLE_SIZE - 1);
    return s;
}

int main(void)
{
    int n;
    long long target;
    if (scanf("%d %lld", &n, &target) != 2)
        return 1;
    for (int j = 0; j < n; j++) {
        long long x;
        if (scanf("%lld", &x) != 1)
            return 1;
        unsigned s = slot_of(target - x);
        if (used[s]) {
            printf("%d %d\n", values[s], j);
            return 0;
        }
        s = slot_of(x);
        if (!used[s]) {
            used[s] = 1;
            keys[s] = x;
            values[s] = j;
        }
    }
    printf("-1\n");
    return 0;
}
