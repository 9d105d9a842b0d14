# WRONG on purpose: reduces k modulo 3 instead of 4.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    m = [data[2 + r * n:2 + (r + 1) * n] for r in range(n)]
    for _ in range(k % 3):
        m = [list(col) for col in zip(*m[::-1])]
    sys.stdout.write("\n".join(b" ".join(row).decode() for row in m) + "\n")


main()
