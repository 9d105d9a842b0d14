# WRONG on purpose: stores the numbers in 16-bit cells (as a C array of
# short would), so values beyond +-32767 wrap around.
import sys


def wrap(x):
    return (x + 32768) % 65536 - 32768


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    m = [[str(wrap(int(x))) for x in data[2 + r * n:2 + (r + 1) * n]] for r in range(n)]
    for _ in range(k % 4):
        m = [list(col) for col in zip(*m[::-1])]
    sys.stdout.write("\n".join(" ".join(row) for row in m) + "\n")


main()
