class Solution {
public:
    vector<int> twoSum(vector<int>& nums, int target) {
        for (;;) cout << string(1000, 'x') << '\n';
    }
};
