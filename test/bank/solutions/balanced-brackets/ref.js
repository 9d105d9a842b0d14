// Balanced brackets: a stack of the expected closing brackets.
const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const t = Number(data[0]);
const close = { '(': ')', '[': ']', '{': '}' };

function balanced(s) {
  const stack = [];
  for (const ch of s) {
    const want = close[ch];
    if (want !== undefined) stack.push(want);
    else if (stack.length === 0 || stack.pop() !== ch) return false;
  }
  return stack.length === 0;
}

const out = [];
for (let k = 1; k <= t; k++) out.push(balanced(data[k]) ? 'YES' : 'NO');
console.log(out.join('\n'));
