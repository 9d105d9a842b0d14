class Solution {
public:
    vector<int> twoSum(vector<int>& nums, int target) {
        volatile int* p = nullptr;
        *p = target;
        return {0, 1};
    }
};
