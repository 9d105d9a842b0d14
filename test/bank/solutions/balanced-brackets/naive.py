# Balanced brackets, naive: deletes adjacent matching pairs until nothing changes.
# One pass per nesting level: O(n^2) on deeply nested strings.
import sys


def balanced(s):
    while True:
        shorter = s.replace("()", "").replace("[]", "").replace("{}", "")
        if shorter == s:
            return s == ""
        s = shorter


def main():
    data = sys.stdin.read().split()
    t = int(data[0])
    print("\n".join("YES" if balanced(s) else "NO" for s in data[1:1 + t]))


main()
