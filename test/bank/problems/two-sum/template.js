const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = data[0];
const target = data[1];
const a = data.slice(2, 2 + n);

// TODO: find i < j with a[i] + a[j] === target (smallest j, then smallest i).
function solve(target, a) {
  return null;
}

const answer = solve(target, a);
console.log(answer === null ? '-1' : `${answer[0]} ${answer[1]}`);
