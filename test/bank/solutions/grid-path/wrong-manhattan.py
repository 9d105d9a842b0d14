# WRONG on purpose: checks that E is reachable, then prints the straight-line
# (Manhattan) distance instead of the length of the path around the walls.
import sys


def main():
    data = sys.stdin.read().split()
    rows, cols = int(data[0]), int(data[1])
    w = cols + 2
    cells = "#" * w + "".join("#" + data[2 + r] + "#" for r in range(rows)) + "#" * w
    start, goal = cells.index("S"), cells.index("E")
    free = bytearray(ch != "#" for ch in cells)
    stack = [start]
    free[start] = 0
    while stack:
        p = stack.pop()
        if p == goal:
            print(abs(start // w - goal // w) + abs(start % w - goal % w))
            return
        for q in (p - 1, p + 1, p - w, p + w):
            if free[q]:
                free[q] = 0
                stack.append(q)
    print(-1)


main()
