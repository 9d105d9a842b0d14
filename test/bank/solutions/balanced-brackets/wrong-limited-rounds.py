# WRONG on purpose: removes adjacent matching pairs for at most 200 rounds
# (to stay fast), so strings nested deeper than that are called unbalanced.
from typing import List


class Solution:
    def isBalanced(self, strings: List[str]) -> List[bool]:
        return [self.balanced(s) for s in strings]

    def balanced(self, s):
        for _ in range(200):
            t = s.replace("()", "").replace("[]", "").replace("{}", "")
            if t == s:
                break
            s = t
        return s == ""
