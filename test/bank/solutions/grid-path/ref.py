# Shortest path on a grid: breadth-first search from S over a flat array.
import sys


def main():
    data = sys.stdin.read().split()
    rows, cols = int(data[0]), int(data[1])
    w = cols + 2
    # A border of walls around the grid saves the bounds checks.
    cells = "#" * w + "".join("#" + data[2 + r] + "#" for r in range(rows)) + "#" * w
    start, goal = cells.index("S"), cells.index("E")
    free = bytearray(ch != "#" for ch in cells)
    frontier = [start]
    d = 0
    free[start] = 0
    while frontier:
        d += 1
        nxt = []
        for p in frontier:
            for q in (p - 1, p + 1, p - w, p + w):
                if free[q]:
                    if q == goal:
                        print(d)
                        return
                    free[q] = 0
                    nxt.append(q)
        frontier = nxt
    print(-1)


main()
