const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const n = Number(data[0]);
const k = Number(data[1]);
const m = [];
for (let r = 0; r < n; r++) m.push(data.slice(2 + r * n, 2 + (r + 1) * n).map(Number));

// TODO: return m rotated clockwise k times.
function rotate(m, k) {
  return m;
}

console.log(rotate(m, k).map((row) => row.join(' ')).join('\n'));
