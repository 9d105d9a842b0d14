// Top-k frequent words: count with a Map, sort by (-count, word).
const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const n = Number(data[0]);
const k = Number(data[1]);
const counts = new Map();
for (let i = 2; i < 2 + n; i++) counts.set(data[i], (counts.get(data[i]) || 0) + 1);
const entries = [...counts.entries()];
entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const out = entries.slice(0, k).map(([w, c]) => `${w} ${c}\n`);
process.stdout.write(out.join(''));
