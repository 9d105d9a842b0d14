// Matrix rotation: four rotations are the identity, so rotate k mod 4 times.
const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const n = Number(data[0]);
const k = Number(data[1]);
let m = [];
for (let r = 0; r < n; r++) m.push(data.slice(2 + r * n, 2 + (r + 1) * n));
for (let t = 0; t < k % 4; t++) {
  const rotated = [];
  for (let r = 0; r < n; r++) {
    const row = new Array(n);
    for (let c = 0; c < n; c++) row[c] = m[n - 1 - c][r];
    rotated.push(row);
  }
  m = rotated;
}
process.stdout.write(m.map((row) => row.join(' ')).join('\n') + '\n');
