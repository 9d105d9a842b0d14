// Balanced brackets: a stack of the expected closing brackets.
const CLOSE = { "(": ")", "[": "]", "{": "}" };

function balanced(s) {
    const stack = [];
    for (const c of s) {
        const want = CLOSE[c];
        if (want !== undefined) stack.push(want);
        else if (stack.length === 0 || stack.pop() !== c) return false;
    }
    return stack.length === 0;
}

var isBalanced = function(strings) {
    return strings.map(balanced);
};
