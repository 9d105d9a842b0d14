// Event-loop checks of interview-proxy (run by run.sh): the proxy runs with
// --threads 1 --pool 2 --pool-wait 500 while a transaction locks
// interview.company for 4 s.  One loop thread must keep answering other
// connections while both pool slots wait in the database, time out a
// request that gets no slot, and later serve many more concurrent requests
// than it has slots.  Prints TAP lines numbered from FIRST (no plan).
// Usage: node loop.mjs PORT TOKEN FIRST
import { failures, ok, startAt } from '../e2e/tap.mjs';
import { timedRequest } from './timed.mjs';

const [port, token, first] = process.argv.slice(2);
startAt(Number(first));

// One request on its own connection; resolves {status, body, ms}.
function request(method, path, query) {
  const body = query === undefined ? undefined : JSON.stringify({ query });
  const headers = { Authorization: `Bearer ${token}`, Connection: 'close' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = Buffer.byteLength(body);
  }
  return timedRequest({ host: '127.0.0.1', port, path, method, headers, agent: false }, body);
}
const gql = (q) => request('POST', '/graphql', q);
const metric = (text, name) => {
  const m = text.match(new RegExp(`^${name} (\\d+)$`, 'm'));
  return m ? Number(m[1]) : NaN;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const names = (r) => { try { return JSON.parse(r.body).data.allCompanies.map((c) => c.name); } catch (e) { return null; } };

// both slots wait for the lock
let doneCount = 0;
const blocked = [gql('{ allCompanies { name } }'), gql('{ allCompanies { id name } }')]
  .map((p) => p.then((r) => { doneCount += 1; return r; }));
await sleep(400);
const m0 = await (await request('GET', '/metrics')).body;
ok(doneCount === 0 && metric(m0, 'interview_proxy_pool_in_use') === 2,
   'two requests wait in the database and hold both pool connections',
   `done ${doneCount}, in use ${metric(m0, 'interview_proxy_pool_in_use')}`);

// the one loop thread keeps answering everything that needs no slot
const quick = await Promise.all(Array.from({ length: 10 }, async () => {
  let worst = 0;
  let bad = 0;
  for (let i = 0; i < 10; i++) {
    const r = await gql('{ __typename }');
    if (r.status !== 200 || !r.body.includes('"Query"')) bad += 1;
    worst = Math.max(worst, r.ms);
  }
  return { worst, bad };
}));
const worst = Math.max(...quick.map((q) => q.worst));
ok(quick.every((q) => q.bad === 0) && worst < 1000,
   `one loop thread answers 100 requests on 10 other connections meanwhile (slowest ${worst.toFixed(1)} ms)`,
   JSON.stringify(quick));

// a request that needs the database waits --pool-wait for a slot, then 503
const busy = await gql('{ currentUser { username } }');
let code = null;
let message = '';
try { const e = JSON.parse(busy.body).errors[0]; code = e.extensions.code; message = e.message; } catch (e) { code = null; }
ok(busy.status === 503 && code === 'SERVICE_UNAVAILABLE' && /busy/.test(message) &&
   busy.ms >= 400 && busy.ms < 3000,
   `a request with no free connection gets 503 after the pool wait (${busy.ms.toFixed(0)} ms)`, busy.body);
const m1 = await (await request('GET', '/metrics')).body;
ok(metric(m1, 'interview_proxy_pool_timeouts_total') >= 1,
   'the pool counts the timed-out wait', m1.split('\n').filter((l) => l.includes('pool')).join(' | '));

// the waiting requests finish once the lock is gone
const [a, b] = await Promise.all(blocked);
ok(a.status === 200 && b.status === 200 && (names(a) || []).includes('HOL Co') &&
   (names(b) || []).includes('HOL Co'),
   'the two waiting requests are answered after the lock', `${a.body} ${b.body}`);

// 40 concurrent requests on 40 connections share 2 slots, first come first served
const waitsBefore = metric(await (await request('GET', '/metrics')).body, 'interview_proxy_pool_waits_total');
const many = await Promise.all(Array.from({ length: 40 }, (_, i) =>
  gql(i % 2 ? '{ allCompanies { name } }' : '{ currentUser { username } }')));
const wrong = many.filter((r, i) => r.status !== 200 ||
  (i % 2 ? !(names(r) || []).includes('HOL Co') : !r.body.includes('"hol_user"')));
const waitsAfter = metric(await (await request('GET', '/metrics')).body, 'interview_proxy_pool_waits_total');
ok(wrong.length === 0 && waitsAfter > waitsBefore,
   `40 concurrent requests on 2 connections all answered (${waitsAfter - waitsBefore} waited for a slot)`,
   JSON.stringify(wrong.slice(0, 3)));

// the health check runs off the loop and answers
const h = await request('GET', '/health');
ok(h.status === 200 && JSON.parse(h.body).database === 'up', '/health answers from a helper thread', h.body);
process.exit(failures() ? 1 : 0);
