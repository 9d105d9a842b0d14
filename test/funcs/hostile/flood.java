class Solution {
    public int[] twoSum(int[] nums, int target) {
        String s = "x".repeat(1000);
        while (true) System.out.println(s);
    }
}
