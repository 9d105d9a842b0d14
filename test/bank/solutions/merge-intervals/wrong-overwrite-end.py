# WRONG on purpose: a merged interval takes the end of the last interval
# merged into it, so [1, 30] and [5, 5] give [1, 5].
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    v = sorted((int(data[1 + 2 * k]), int(data[2 + 2 * k])) for k in range(n))
    merged = []
    for l, r in v:
        if merged and l <= merged[-1][1]:
            merged[-1][1] = r
        else:
            merged.append([l, r])
    out = [str(len(merged))]
    out.extend("%d %d" % (l, r) for l, r in merged)
    sys.stdout.write("\n".join(out) + "\n")


main()
