// Shortest path on a grid: breadth-first search from S over a flat array.
const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const rows = Number(data[0]);
const cols = Number(data[1]);
const w = cols + 2;
const size = (rows + 2) * w;
const free = new Uint8Array(size);
const dist = new Int32Array(size).fill(-1);
let start = -1;
let goal = -1;
for (let r = 0; r < rows; r++) {
  const line = data[2 + r];
  for (let c = 0; c < cols; c++) {
    const p = (r + 1) * w + c + 1;
    const ch = line[c];
    free[p] = ch !== '#' ? 1 : 0;
    if (ch === 'S') start = p;
    else if (ch === 'E') goal = p;
  }
}
const queue = new Int32Array(size);
let head = 0;
let tail = 0;
dist[start] = 0;
queue[tail++] = start;
const step = [-1, 1, -w, w];
while (head < tail && dist[goal] < 0) {
  const p = queue[head++];
  for (const s of step) {
    const q = p + s;
    if (free[q] && dist[q] < 0) {
      dist[q] = dist[p] + 1;
      queue[tail++] = q;
    }
  }
}
console.log(dist[goal]);
