class Solution:
    def twoSum(self, nums: List[int], target: int) -> List[int]:
        raise ValueError("no pair")
