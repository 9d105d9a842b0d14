# Matrix rotation, naive: rotates the matrix k times one after another.
import sys


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    m = [data[2 + r * n:2 + (r + 1) * n] for r in range(n)]
    for _ in range(k):
        m = [[m[n - 1 - c][r] for c in range(n)] for r in range(n)]
    print("\n".join(" ".join(row) for row in m))


main()
