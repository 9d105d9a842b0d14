const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = data[0];
const intervals = [];
for (let k = 0; k < n; k++) intervals.push([data[1 + 2 * k], data[2 + 2 * k]]);

// TODO: return the merged intervals sorted by start, as [l, r] pairs.
function merge(intervals) {
  return intervals;
}

const merged = merge(intervals);
console.log([String(merged.length), ...merged.map(([l, r]) => `${l} ${r}`)].join('\n'));
