# WRONG on purpose: compares each interval with the previous input interval
# instead of the merged one, so [1, 30], [5, 5], [10, 20] do not all merge.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    v = sorted((int(data[1 + 2 * k]), int(data[2 + 2 * k])) for k in range(n))
    merged = []
    prev_r = None
    for l, r in v:
        if merged and l <= prev_r:
            merged[-1][1] = max(merged[-1][1], r)
        else:
            merged.append([l, r])
        prev_r = r
    out = [str(len(merged))]
    out.extend("%d %d" % (l, r) for l, r in merged)
    sys.stdout.write("\n".join(out) + "\n")


main()
