# Merge intervals, naive: folds each interval into the list of disjoint ones by
# scanning all of them, O(n^2) when few intervals overlap.
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    disjoint = []
    for k in range(n):
        nl, nr = int(data[1 + 2 * k]), int(data[2 + 2 * k])
        keep = []
        for a, b in disjoint:
            if a <= nr and nl <= b:
                nl = min(nl, a)
                nr = max(nr, b)
            else:
                keep.append((a, b))
        keep.append((nl, nr))
        disjoint = keep
    disjoint.sort()
    out = [str(len(disjoint))]
    out.extend("%d %d" % iv for iv in disjoint)
    print("\n".join(out))


main()
