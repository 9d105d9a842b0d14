const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const [capacity, q] = lines[0].trim().split(/\s+/).map(Number);

class LRUCache {
  constructor(capacity) {
    this.capacity = capacity;
  }

  // TODO: the cached value of key, or -1; a hit makes key the most recent.
  get(key) {
    return -1;
  }

  // TODO: store value under key, evicting the least recently used entry.
  put(key, value) {}
}

const cache = new LRUCache(capacity);
const out = [];
for (let i = 1; i <= q; i++) {
  const [op, key, value] = lines[i].trim().split(/\s+/);
  if (op === 'PUT') cache.put(Number(key), Number(value));
  else out.push(String(cache.get(Number(key))));
}
if (out.length > 0) console.log(out.join('\n'));
