// Balanced brackets: a stack of the expected closing brackets.
const CLOSE: { [k: string]: string } = { "(": ")", "[": "]", "{": "}" };

function balanced(s: string): boolean {
    const stack: string[] = [];
    for (const c of s) {
        const want = CLOSE[c];
        if (want !== undefined) stack.push(want);
        else if (stack.length === 0 || stack.pop() !== c) return false;
    }
    return stack.length === 0;
}

function isBalanced(strings: string[]): boolean[] {
    return strings.map(balanced);
};
