class Solution {
    public int[] twoSum(int[] nums, int target) {
        return twoSum(nums, target + 1);
    }
}
