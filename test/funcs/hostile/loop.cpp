class Solution {
public:
    vector<int> twoSum(vector<int>& nums, int target) {
        volatile unsigned long x = 0;
        for (;;) x++;
    }
};
