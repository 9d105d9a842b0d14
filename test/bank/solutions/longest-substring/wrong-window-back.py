# WRONG on purpose: moves the window start to the last position of the
# repeated character even when that is behind the start, so "abba" gives 3.
import sys


def main():
    s = sys.stdin.read().split()[0]
    last = {}
    start = 0
    best = 0
    for i, ch in enumerate(s):
        if ch in last:
            start = last[ch] + 1
        last[ch] = i
        best = max(best, i - start + 1)
    print(best)


main()
