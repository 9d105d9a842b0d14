import sys


def solve(target, a):
    # TODO: return (i, j) with i < j and a[i] + a[j] == target
    # (smallest j, then smallest i), or None.
    return None


def main():
    data = sys.stdin.read().split()
    n, target = int(data[0]), int(data[1])
    a = [int(x) for x in data[2:2 + n]]
    answer = solve(target, a)
    print(-1 if answer is None else "%d %d" % answer)


main()
