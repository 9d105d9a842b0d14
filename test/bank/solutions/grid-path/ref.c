/* Shortest path on a grid: breadth-first search from S. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int rows, cols;
    if (scanf("%d %d", &rows, &cols) != 2)
        return 1;
    long w = cols + 2, size = (long) (rows + 2) * w;
    char *cell = malloc((size_t) size);
    char *line = malloc((size_t) cols + 2);
    long *dist = malloc(sizeof *dist * (size_t) size);
    long *queue = malloc(sizeof *queue * (size_t) size);
    if (cell == NULL || line == NULL || dist == NULL || queue == NULL)
        return 1;
    long start = -1, goal = -1;
    for (long p = 0; p < size; p++) {
        cell[p] = '#';
        dist[p] = -1;
    }
    for (int r = 0; r < rows; r++) {
        if (scanf("%s", line) != 1)
            return 1;
        for (int c = 0; c < cols; c++) {
            long p = (long) (r + 1) * w + c + 1;
            cell[p] = line[c];
            if (line[c] == 'S')
                start = p;
            else if (line[c] == 'E')
                goal = p;
        }
    }
    long head = 0, tail = 0;
    const long step[4] = { -1, 1, -w, w };
    dist[start] = 0;
    queue[tail++] = start;
    while (head < tail && dist[goal] < 0) {
        long p = queue[head++];
        for (int k = 0; k < 4; k++) {
            long q = p + step[k];
            if (cell[q] != '#' && dist[q] < 0) {
                dist[q] = dist[p] + 1;
                queue[tail++] = q;
            }
        }
    }
    printf("%ld\n", dist[goal]);
    free(queue);
    free(dist);
    free(line);
    free(cell);
    return 0;
}
