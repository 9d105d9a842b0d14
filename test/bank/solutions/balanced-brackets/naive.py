# Balanced brackets, naive: deletes adjacent matching pairs until nothing changes.
# One pass per nesting level: O(n^2) on deeply nested strings.
from typing import List


class Solution:
    def isBalanced(self, strings: List[str]) -> List[bool]:
        return [self.balanced(s) for s in strings]

    def balanced(self, s):
        while True:
            shorter = s.replace("()", "").replace("[]", "").replace("{}", "")
            if shorter == s:
                return s == ""
            s = shorter
