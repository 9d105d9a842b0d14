# Longest substring without repeats, naive: builds a set of every substring from
# each start until one repeats, O(n * k^2) for windows of length k.


class Solution:
    def lengthOfLongestSubstring(self, s: str) -> int:
        n = len(s)
        best = 0
        for i in range(n):
            j = i
            while j < n and len(set(s[i:j + 1])) == j - i + 1:
                j += 1
            best = max(best, j - i)
        return best
