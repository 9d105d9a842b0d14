// child_process runs inside the sandbox; net connections fail.
const cp = require('child_process');
const net = require('net');
const [port, pgport] = require('fs').readFileSync(0, 'utf8').trim().split(/\s+/).map(Number);
process.stdout.write(cp.execSync('echo hi').toString());
let pending = 2;
for (const p of [port, pgport]) {
  let s;
  try {
    s = net.connect({ host: '127.0.0.1', port: p });
  } catch (e) {
    console.log('blocked');
    if (--pending === 0) process.exit(0);
    continue;
  }
  s.on('connect', () => { console.log('CONNECTED'); s.destroy(); if (--pending === 0) process.exit(0); });
  s.on('error', () => { console.log('blocked'); if (--pending === 0) process.exit(0); });
}
