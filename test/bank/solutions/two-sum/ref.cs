// Two Sum: one pass with a map from value to its first position.
public class Solution {
    public int[] TwoSum(int[] nums, int target) {
        var first = new Dictionary<long, int>();
        for (int j = 0; j < nums.Length; j++) {
            int i;
            if (first.TryGetValue((long) target - nums[j], out i)) return new int[] { i, j };
            if (!first.ContainsKey(nums[j])) first[nums[j]] = j;
        }
        return new int[0];
    }
}
