# WRONG on purpose: removes adjacent matching pairs for at most 200 rounds
# (to stay fast), so strings nested deeper than that are called unbalanced.
import sys


def balanced(s):
    for _ in range(200):
        t = s.replace("()", "").replace("[]", "").replace("{}", "")
        if t == s:
            break
        s = t
    return s == ""


def main():
    data = sys.stdin.read().split()
    t = int(data[0])
    print("\n".join("YES" if balanced(s) else "NO" for s in data[1:1 + t]))


main()
