// Two Sum: one pass with a map from value to its first position.
function twoSum(nums: number[], target: number): number[] {
    const first = new Map<number, number>();
    for (let j = 0; j < nums.length; j++) {
        const i = first.get(target - nums[j]);
        if (i !== undefined) return [i, j];
        if (!first.has(nums[j])) first.set(nums[j], j);
    }
    return [];
};
