#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int rows, cols;
    if (scanf("%d %d", &rows, &cols) != 2)
        return 1;
    char *grid = malloc((size_t) rows * (size_t) (cols + 1));
    if (grid == NULL)
        return 1;
    for (int r = 0; r < rows; r++)
        if (scanf("%s", grid + (size_t) r * (size_t) (cols + 1)) != 1)
            return 1;
    /* Cell (r, c) is grid[r * (cols + 1) + c]. */

    /* TODO: the smallest number of moves from S to E, or -1. */
    long moves = -1;

    printf("%ld\n", moves);
    free(grid);
    return 0;
}
