#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    int n, k;
    if (scanf("%d %d", &n, &k) != 2)
        return 1;
    char (*words)[21] = malloc(sizeof *words * (size_t) n);
    if (words == NULL)
        return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%20s", words[i]) != 1)
            return 1;

    /* TODO: count the words and print the k most frequent as "word count",
     * by count descending, then alphabetically. */

    free(words);
    return 0;
}
