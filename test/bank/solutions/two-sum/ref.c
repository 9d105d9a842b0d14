/* Two Sum: one pass with an open-addressing map from value to its first position. */
int* twoSum(int* nums, int numsSize, int target, int* returnSize) {
    int cap = 1;
    while (cap < 2 * numsSize + 2) cap <<= 1;
    long long* keys = malloc(sizeof(long long) * cap);
    int* pos = malloc(sizeof(int) * cap);
    int* result = malloc(2 * sizeof(int));
    for (int k = 0; k < cap; k++) pos[k] = -1;
    *returnSize = 0;
    for (int j = 0; j < numsSize; j++) {
        long long want = (long long) target - nums[j];
        unsigned long long h = (unsigned long long) want * 0x9E3779B97F4A7C15ULL;
        for (int k = (int) (h >> 40) & (cap - 1); pos[k] >= 0; k = (k + 1) & (cap - 1))
            if (keys[k] == want) { result[0] = pos[k]; result[1] = j; *returnSize = 2; goto done; }
        h = (unsigned long long) (long long) nums[j] * 0x9E3779B97F4A7C15ULL;
        int k = (int) (h >> 40) & (cap - 1);
        while (pos[k] >= 0 && keys[k] != nums[j]) k = (k + 1) & (cap - 1);
        if (pos[k] < 0) { keys[k] = nums[j]; pos[k] = j; }
    }
done:
    free(keys);
    free(pos);
    return result;
}
