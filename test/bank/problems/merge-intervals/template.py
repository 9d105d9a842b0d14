import sys


def merge(intervals):
    # TODO: return the merged intervals sorted by start, as (l, r) pairs.
    return intervals


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    intervals = [(int(data[1 + 2 * k]), int(data[2 + 2 * k])) for k in range(n)]
    merged = merge(intervals)
    out = [str(len(merged))] + ["%d %d" % iv for iv in merged]
    print("\n".join(out))


main()
