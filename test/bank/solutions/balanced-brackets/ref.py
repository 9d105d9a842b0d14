# Balanced brackets: a stack of the expected closing brackets.
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
            elif not stack or stack.pop() != ch:
                return False
        return not stack
