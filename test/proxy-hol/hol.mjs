// Head-of-line blocking check of interview-proxy (run by run.sh): while one
// keep-alive connection's request waits for a locked table, requests on the
// other connections, with and without the database, are answered at once.
// Prints TAP lines 1 to 5 (run.sh prints the plan).  Usage: node hol.mjs PORT TOKEN
import http from 'node:http';
import { failures, ok } from '../e2e/tap.mjs';
import { timedRequest } from './timed.mjs';

const [port, token] = process.argv.slice(2);

// POSTs a GraphQL query on the agent's one connection; resolves {status, body, ms}.
function post(agent, query) {
  const body = JSON.stringify({ query });
  return timedRequest({
    host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent,
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body),
               Authorization: `Bearer ${token}` },
  }, body);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const agents = Array.from({ length: 8 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));

// open every connection first, so the blocked one is not the only one
await Promise.all(agents.map((a) => post(a, '{ __typename }')));
let blockedDone = false;
const blocked = post(agents[0], '{ allCompanies { name } }').then((r) => { blockedDone = true; return r; });
await sleep(300);
ok(!blockedDone, 'the request on the locked table is waiting');

const others = agents.slice(1);
const runs = await Promise.all(others.map(async (a) => {
  let worst = 0;
  let bad = 0;
  for (let i = 0; i < 20; i++) {
    const r = await post(a, '{ __typename }');
    if (r.status !== 200 || !r.body.includes('"Query"')) bad += 1;
    worst = Math.max(worst, r.ms);
  }
  return { worst, bad };
}));
const worst = Math.max(...runs.map((r) => r.worst));
ok(runs.every((r) => r.bad === 0) && worst < 1000,
   `140 requests on ${others.length} other connections answered while it waits (slowest ${worst.toFixed(1)} ms)`,
   JSON.stringify(runs));
const db = await post(agents[1], '{ currentUser { username } }');
ok(db.status === 200 && db.body.includes('hol_user') && db.ms < 1000,
   `a database request on another connection is answered (${db.ms.toFixed(1)} ms)`, db.body);
ok(!blockedDone, 'the request on the locked table was still waiting meanwhile');
const r = await blocked;
let names = null;
try { names = JSON.parse(r.body).data.allCompanies.map((c) => c.name); } catch (e) { names = null; }
ok(r.status === 200 && Array.isArray(names) && names.includes('HOL Co'),
   'it is answered once the lock is gone', r.body);
agents.forEach((a) => a.destroy());
process.exit(failures() ? 1 : 0);
