-- Longest substring without repeats: a sliding window and each character's last position.
function lengthOfLongestSubstring(s)
    local last = {}
    local start, best = 0, 0
    for i = 0, #s - 1 do
        local c = string.byte(s, i + 1)
        local p = last[c]
        if p ~= nil and p >= start then start = p + 1 end
        last[c] = i
        if i - start + 1 > best then best = i - start + 1 end
    end
    return best
end
