const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const t = Number(data[0]);

// TODO: return true when s is balanced.
function balanced(s) {
  return false;
}

const out = [];
for (let k = 1; k <= t; k++) out.push(balanced(data[k]) ? 'YES' : 'NO');
console.log(out.join('\n'));
