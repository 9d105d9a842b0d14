# WRONG on purpose: keeps the latest position of a repeated value
# (seen[x] = j), so twoSum([1, 1, 5], 6) gives [1, 2] instead of [0, 2].
from typing import List


class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        seen = {}
        for j, x in enumerate(nums):
            i = seen.get(target - x)
            if i is not None:
                return [i, j]
            seen[x] = j
        return []
