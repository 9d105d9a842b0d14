-- Balanced brackets: a stack of the expected closing brackets.
local CLOSE = { ["("] = ")", ["["] = "]", ["{"] = "}" }

local function balanced(s)
    local stack, top = {}, 0
    for k = 1, #s do
        local c = string.sub(s, k, k)
        local want = CLOSE[c]
        if want then
            top = top + 1
            stack[top] = want
        elseif top == 0 or stack[top] ~= c then
            return false
        else
            top = top - 1
        end
    end
    return top == 0
end

function isBalanced(strings)
    local result = {}
    for k = 1, #strings do result[k] = balanced(strings[k]) end
    return result
end
