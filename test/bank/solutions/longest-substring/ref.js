// Longest substring without repeats: a sliding window and each character's last position.
const s = require('fs').readFileSync(0, 'utf8').trim();
const last = new Int32Array(128).fill(-1);
let start = 0;
let best = 0;
for (let i = 0; i < s.length; i++) {
  const ch = s.charCodeAt(i);
  if (last[ch] >= start) start = last[ch] + 1;
  last[ch] = i;
  if (i - start + 1 > best) best = i - start + 1;
}
console.log(best);
