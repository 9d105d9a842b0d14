class Solution {
    public int[] twoSum(int[] nums, int target) {
        throw new IllegalStateException("no pair");
    }
}
