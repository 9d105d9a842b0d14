import sys


def rotate(m, k):
    # TODO: return m rotated clockwise k times.
    return m


def main():
    data = sys.stdin.read().split()
    n, k = int(data[0]), int(data[1])
    m = [[int(x) for x in data[2 + r * n:2 + (r + 1) * n]] for r in range(n)]
    print("\n".join(" ".join(map(str, row)) for row in rotate(m, k)))


main()
