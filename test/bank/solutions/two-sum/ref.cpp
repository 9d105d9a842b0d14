// Two Sum: one pass with a map from value to its first position.
class Solution {
public:
    vector<int> twoSum(vector<int>& nums, int target) {
        unordered_map<long long, int> first;
        first.reserve(nums.size() * 2);
        for (int j = 0; j < (int) nums.size(); j++) {
            auto it = first.find((long long) target - nums[j]);
            if (it != first.end()) return {it->second, j};
            first.emplace(nums[j], j);
        }
        return {};
    }
};
