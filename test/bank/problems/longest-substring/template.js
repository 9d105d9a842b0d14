const s = require('fs').readFileSync(0, 'utf8').trim();

// TODO: the length of the longest substring of s without repeated characters.
function longest(s) {
  return Math.min(s.length, 1);
}

console.log(longest(s));
