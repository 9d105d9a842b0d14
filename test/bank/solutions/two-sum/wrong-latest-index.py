# WRONG on purpose: keeps the latest position of a repeated value
# (seen[x] = j), so "3 6 / 1 1 5" gives "1 2" instead of "0 2".
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, target = int(data[0]), int(data[1])
    seen = {}
    for j in range(n):
        x = int(data[2 + j])
        i = seen.get(target - x)
        if i is not None:
            print(i, j)
            return
        seen[x] = j
    print(-1)


main()
