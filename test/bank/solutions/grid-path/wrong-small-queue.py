# WRONG on purpose: the search queue is a fixed array of 100000 cells (as a
# C array sized for a smaller grid would be) and cells past its end are
# dropped, so exits far away on the largest grids are never reached.
import sys

CAPACITY = 100000


def main():
    data = sys.stdin.read().split()
    rows, cols = int(data[0]), int(data[1])
    w = cols + 2
    cells = "#" * w + "".join("#" + data[2 + r] + "#" for r in range(rows)) + "#" * w
    start, goal = cells.index("S"), cells.index("E")
    free = bytearray(ch != "#" for ch in cells)
    queue = [start]
    dist = {start: 0}
    free[start] = 0
    head = 0
    while head < len(queue):
        p = queue[head]
        head += 1
        for q in (p - 1, p + 1, p - w, p + w):
            if free[q]:
                if q == goal:
                    print(dist[p] + 1)
                    return
                free[q] = 0
                if len(queue) < CAPACITY:
                    dist[q] = dist[p] + 1
                    queue.append(q)
    print(-1)


main()
