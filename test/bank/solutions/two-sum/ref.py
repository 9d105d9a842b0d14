# Two Sum: one pass with a map from value to its first position.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, target = int(data[0]), int(data[1])
    first = {}
    for j in range(n):
        x = int(data[2 + j])
        i = first.get(target - x)
        if i is not None:
            print(i, j)
            return
        if x not in first:
            first[x] = j
    print(-1)


main()
