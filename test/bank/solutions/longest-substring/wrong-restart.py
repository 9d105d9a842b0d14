# WRONG on purpose: on a repeat the window restarts at the current character,
# so "dvdf" gives 2 instead of 3 ("vdf").
import sys


def main():
    s = sys.stdin.read().split()[0]
    seen = set()
    best = 0
    for ch in s:
        if ch in seen:
            seen = set()
        seen.add(ch)
        best = max(best, len(seen))
    print(best)


main()
