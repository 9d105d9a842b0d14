#include <stdio.h>
#include <string.h>

int main(void)
{
    int capacity, q;
    if (scanf("%d %d", &capacity, &q) != 2)
        return 1;
    for (int i = 0; i < q; i++) {
        char op[4];
        long long key, value;
        if (scanf("%3s %lld", op, &key) != 2)
            return 1;
        if (strcmp(op, "PUT") == 0) {
            if (scanf("%lld", &value) != 1)
                return 1;
            /* TODO: store value under key, evicting the least recently used entry. */
        } else {
            /* TODO: print the cached value of key, or -1. */
            printf("%d\n", -1);
        }
    }
    return 0;
}
