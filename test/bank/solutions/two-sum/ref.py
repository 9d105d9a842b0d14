# Two Sum: one pass with a map from value to its first position.
from typing import List


class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        first = {}
        for j, x in enumerate(nums):
            i = first.get(target - x)
            if i is not None:
                return [i, j]
            if x not in first:
                first[x] = j
        return []
