# Longest substring without repeats: a sliding window and each character's last position.
import sys


def main():
    s = sys.stdin.read().split()[0]
    last = {}
    start = 0
    best = 0
    for i, ch in enumerate(s):
        p = last.get(ch, -1)
        if p >= start:
            start = p + 1
        last[ch] = i
        if i - start + 1 > best:
            best = i - start + 1
    print(best)


main()
