// LRU cache: a Map keeps insertion order, so re-inserting a key makes it the most recent.
const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const capacity = Number(data[0]);
const q = Number(data[1]);
const cache = new Map();
const out = [];
let pos = 2;
for (let i = 0; i < q; i++) {
  const op = data[pos];
  const key = Number(data[pos + 1]);
  if (op === 'PUT') {
    const value = data[pos + 2];
    pos += 3;
    if (cache.has(key)) cache.delete(key);
    else if (cache.size >= capacity) cache.delete(cache.keys().next().value);
    cache.set(key, value);
  } else {
    pos += 2;
    if (cache.has(key)) {
      const value = cache.get(key);
      cache.delete(key);
      cache.set(key, value);
      out.push(value);
    } else {
      out.push('-1');
    }
  }
}
if (out.length > 0) process.stdout.write(out.join('\n') + '\n');
