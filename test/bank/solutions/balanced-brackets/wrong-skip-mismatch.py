# WRONG on purpose: a closing bracket of the wrong kind is skipped instead of
# making the string unbalanced, so "([)])" is called balanced.
from typing import List

CLOSE = {"(": ")", "[": "]", "{": "}"}


class Solution:
    def isBalanced(self, strings: List[str]) -> List[bool]:
        return [self.balanced(s) for s in strings]

    def balanced(self, s):
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
