# Matrix rotation: four rotations are the identity, so rotate k mod 4 times.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    m = [data[2 + r * n:2 + (r + 1) * n] for r in range(n)]
    for _ in range(k % 4):
        # Clockwise: the new row r is the old column r read from the bottom up.
        m = [list(col) for col in zip(*m[::-1])]
    sys.stdout.write("\n".join(b" ".join(row).decode() for row in m) + "\n")


main()
