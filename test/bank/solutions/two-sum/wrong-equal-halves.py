# WRONG on purpose: a set of the values seen, and a value never pairs with
# its own copy, so twoSum([3, 3], 6) gives [] instead of [0, 1].
from typing import List


class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        first = {}
        for j, x in enumerate(nums):
            want = target - x
            if want != x and want in first:
                return [first[want], j]
            first.setdefault(x, j)
        return []
