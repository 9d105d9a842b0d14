# WRONG on purpose: treats upper- and lower-case letters as the same
# character, so "aA" gives 1 instead of 2.
import sys


def main():
    s = sys.stdin.read().split()[0]
    last = {}
    start = 0
    best = 0
    for i, ch in enumerate(s):
        ch = ch.lower()
        p = last.get(ch, -1)
        if p >= start:
            start = p + 1
        last[ch] = i
        best = max(best, i - start + 1)
    print(best)


main()
