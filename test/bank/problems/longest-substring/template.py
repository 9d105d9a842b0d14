import sys


def longest(s):
    # TODO: the length of the longest substring of s without repeated characters.
    return min(len(s), 1)


def main():
    s = sys.stdin.read().split()[0]
    print(longest(s))


main()
