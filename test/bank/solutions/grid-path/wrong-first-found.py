# WRONG on purpose: a depth-first search that prints the length of the first
# path it finds, which need not be the shortest.
import sys


def main():
    data = sys.stdin.read().split()
    rows, cols = int(data[0]), int(data[1])
    w = cols + 2
    cells = "#" * w + "".join("#" + data[2 + r] + "#" for r in range(rows)) + "#" * w
    start, goal = cells.index("S"), cells.index("E")
    free = bytearray(ch != "#" for ch in cells)
    stack = [(start, 0)]
    free[start] = 0
    while stack:
        p, d = stack.pop()
        if p == goal:
            print(d)
            return
        for q in (p - w, p - 1, p + w, p + 1):
            if free[q]:
                free[q] = 0
                stack.append((q, d + 1))
    print(-1)


main()
