# Two Sum, naive: tries every pair, O(n^2). Correct but too slow on the large input.
from typing import List


class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        for j in range(len(nums)):
            for i in range(j):
                if nums[i] + nums[j] == target:
                    return [i, j]
        return []
