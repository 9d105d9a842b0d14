# WRONG on purpose: only looks for a partner among the 40 previous numbers
# (a "fast enough" shortcut), so pairs far apart are missed.
from typing import List


class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        for j in range(len(nums)):
            for i in range(max(0, j - 40), j):
                if nums[i] + nums[j] == target:
                    return [i, j]
        return []
