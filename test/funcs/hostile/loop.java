class Solution {
    public int[] twoSum(int[] nums, int target) {
        long x = 0;
        while (true) x++;
    }
}
