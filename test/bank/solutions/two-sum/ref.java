// Two Sum: one pass with a map from value to its first position.
class Solution {
    public int[] twoSum(int[] nums, int target) {
        HashMap<Long, Integer> first = new HashMap<>();
        for (int j = 0; j < nums.length; j++) {
            Integer i = first.get((long) target - nums[j]);
            if (i != null) return new int[] {i, j};
            first.putIfAbsent((long) nums[j], j);
        }
        return new int[0];
    }
}
