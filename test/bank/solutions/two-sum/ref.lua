-- Two Sum: one pass with a map from value to its first position.
function twoSum(nums, target)
    local first = {}
    for j = 1, #nums do
        local i = first[target - nums[j]]
        if i ~= nil then return {i, j - 1} end
        if first[nums[j]] == nil then first[nums[j]] = j - 1 end
    end
    return {}
end
