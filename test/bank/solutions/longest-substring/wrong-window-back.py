# WRONG on purpose: moves the window start to the last position of the
# repeated character even when that is behind the start, so
# lengthOfLongestSubstring("abba") gives 3.


class Solution:
    def lengthOfLongestSubstring(self, s: str) -> int:
        last = {}
        start = 0
        best = 0
        for i, ch in enumerate(s):
            if ch in last:
                start = last[ch] + 1
            last[ch] = i
            best = max(best, i - start + 1)
        return best
