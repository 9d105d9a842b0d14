# WRONG on purpose: a set of the values seen, and a value never pairs with
# its own copy, so "2 6 / 3 3" gives -1 instead of "0 1".
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, target = int(data[0]), int(data[1])
    first = {}
    for j in range(n):
        x = int(data[2 + j])
        want = target - x
        if want != x and want in first:
            print(first[want], j)
            return
        first.setdefault(x, j)
    print(-1)


main()
