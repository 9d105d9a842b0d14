// Merge intervals: sort by start, then extend the last merged interval.
const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = data[0];
const v = [];
for (let k = 0; k < n; k++) v.push([data[1 + 2 * k], data[2 + 2 * k]]);
v.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
const merged = [];
for (const [l, r] of v) {
  const last = merged[merged.length - 1];
  if (last && l <= last[1]) last[1] = Math.max(last[1], r);
  else merged.push([l, r]);
}
const out = [String(merged.length)];
for (const [l, r] of merged) out.push(`${l} ${r}`);
process.stdout.write(out.join('\n') + '\n');
