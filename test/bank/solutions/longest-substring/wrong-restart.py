# WRONG on purpose: on a repeat the window restarts at the current character,
# so lengthOfLongestSubstring("dvdf") gives 2 instead of 3 ("vdf").


class Solution:
    def lengthOfLongestSubstring(self, s: str) -> int:
        seen = set()
        best = 0
        for ch in s:
            if ch in seen:
                seen = set()
            seen.add(ch)
            best = max(best, len(seen))
        return best
