# WRONG on purpose: only looks for a partner among the 40 previous numbers
# (a "fast enough" shortcut), so pairs far apart are missed.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, target = int(data[0]), int(data[1])
    a = [int(x) for x in data[2:2 + n]]
    for j in range(n):
        for i in range(max(0, j - 40), j):
            if a[i] + a[j] == target:
                print(i, j)
                return
    print(-1)


main()
