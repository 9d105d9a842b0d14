function twoSum(nums, target)
    print("debug " .. #nums)
    local seen = {}
    for i, x in ipairs(nums) do
        if seen[target - x] then return {seen[target - x], i - 1} end
        seen[x] = i - 1
    end
    return {}
end
