# WRONG on purpose: a closing bracket of the wrong kind is skipped instead of
# making the string unbalanced, so "([)])" is called balanced.
import sys

CLOSE = {"(": ")", "[": "]", "{": "}"}


def balanced(s):
    stack = []
    for ch in s:
        want = CLOSE.get(ch)
        if want is not None:
            stack.append(want)
        elif not stack:
            return False
        elif stack[-1] == ch:
            stack.pop()
    return not stack


def main():
    data = sys.stdin.read().split()
    t = int(data[0])
    print("\n".join("YES" if balanced(s) else "NO" for s in data[1:1 + t]))


main()
