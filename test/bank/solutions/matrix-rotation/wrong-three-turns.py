# WRONG on purpose: takes three clockwise turns for one turn the other way
# and then turns clockwise once, so k = 3 gives the k = 1 result.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    m = [data[2 + r * n:2 + (r + 1) * n] for r in range(n)]
    turns = k % 4
    if turns == 3:
        turns = 1
    for _ in range(turns):
        m = [list(col) for col in zip(*m[::-1])]
    sys.stdout.write("\n".join(b" ".join(row).decode() for row in m) + "\n")


main()
