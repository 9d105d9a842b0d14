# WRONG on purpose: treats upper- and lower-case letters as the same
# character, so lengthOfLongestSubstring("aA") gives 1 instead of 2.


class Solution:
    def lengthOfLongestSubstring(self, s: str) -> int:
        last = {}
        start = 0
        best = 0
        for i, ch in enumerate(s):
            ch = ch.lower()
            p = last.get(ch, -1)
            if p >= start:
                start = p + 1
            last[ch] = i
            best = max(best, i - start + 1)
        return best
