// Two Sum: one pass with a Map from value to its first position.
const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = data[0];
const target = data[1];
const first = new Map();
let answer = '-1';
for (let j = 0; j < n; j++) {
  const x = data[2 + j];
  const i = first.get(target - x);
  if (i !== undefined) {
    answer = `${i} ${j}`;
    break;
  }
  if (!first.has(x)) first.set(x, j);
}
console.log(answer);
