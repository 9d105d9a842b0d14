using System.Collections.Generic;
public class Solution {
    public int[] TwoSum(int[] nums, int target) {
        Console.WriteLine("debug " + nums.Length);
        var seen = new Dictionary<int, int>();
        for (int i = 0; i < nums.Length; i++) {
            if (seen.ContainsKey(target - nums[i])) return new int[] { seen[target - nums[i]], i };
            seen[nums[i]] = i;
        }
        return new int[0];
    }
}
