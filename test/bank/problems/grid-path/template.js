const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const rows = Number(data[0]);
const cols = Number(data[1]);
const grid = data.slice(2, 2 + rows);

// TODO: the smallest number of moves from S to E, or -1.
function shortest(grid) {
  return -1;
}

console.log(shortest(grid));
