const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const n = Number(data[0]);
const k = Number(data[1]);
const words = data.slice(2, 2 + n);

// TODO: return the k most frequent [word, count] pairs,
// by count descending, then alphabetically.
function topK(words, k) {
  return [];
}

const out = topK(words, k).map(([word, count]) => `${word} ${count}`);
if (out.length > 0) console.log(out.join('\n'));
