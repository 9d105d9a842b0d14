// Pool hand-offs between event loops (run by run.sh): a fresh proxy runs with
// --threads 2 --pool 1 while a transaction locks interview.company for 3 s.
// A released connection goes to a waiter of the releasing loop only while the
// oldest waiter is young (2 ms); an older waiter of the other loop comes
// first.  Then 400 requests on 16 keep-alive connections share the one
// connection across both loops, and the hand-off counters of /metrics add up.
// Prints TAP lines numbered from FIRST (no plan).
// Usage: node handoff.mjs PORT TOKEN FIRST
import http from 'node:http';
import { failures, ok, startAt } from '../e2e/tap.mjs';
import { delta, postQuery, readMetrics } from './timed.mjs';

const [port, token, first] = process.argv.slice(2);
startAt(Number(first));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// one keep-alive connection per agent
const agent = () => new http.Agent({ keepAlive: true, maxSockets: 1 });
const gql = (ag, query) => postQuery(port, token, query, ag);
const metrics = () => readMetrics(port, {
  same: 'interview_proxy_pool_handoffs_total{to="same_loop"}',
  other: 'interview_proxy_pool_handoffs_total{to="other_loop"}',
  thread: 'interview_proxy_pool_handoffs_total{to="thread"}',
  waits: 'interview_proxy_pool_waits_total',
  timeouts: 'interview_proxy_pool_timeouts_total',
  joins: 'interview_proxy_pool_batch_joins_total',
});
const hasData = (r, field) => r.status === 200 && !r.body.includes('"errors"') && r.body.includes(`"${field}"`);

// The acceptor gives a new connection to the loop with the fewest: opened one
// after the other, a and c land on one loop, b on the other.
const [a, b, c] = [agent(), agent(), agent()];
for (const ag of [a, b, c]) await gql(ag, '{ __typename }');

const m0 = await metrics();
const order = [];
const track = (name, p) => p.then((r) => { order.push(name); return r; });
const r0 = track('r0', gql(a, '{ allCompanies { name } }'));   // holds the connection
await sleep(300);
const x = track('x', gql(b, '{ currentUser { username } }'));  // waits, other loop
await sleep(300);
const y = track('y', gql(c, '{ currentUser { id } }'));        // waits, r0's loop
const [rr0, rx, ry] = await Promise.all([r0, x, y]);
const d0 = delta(m0, await metrics());
ok(hasData(rr0, 'allCompanies') && hasData(rx, 'username') && hasData(ry, 'id')
   && order.join(',') === 'r0,x,y' && d0.other === 2 && d0.same === 0,
   'an older waiter of the other loop gets the released connection before a waiter of the releasing loop',
   { order, d0, responses: [rr0, rx, ry] });

// 16 connections, 25 requests each, one pool connection shared by two loops
const m1 = await metrics();
const results = await Promise.all(Array.from({ length: 16 }, async (_, i) => {
  const ag = agent();
  let good = 0;
  for (let k = 0; k < 25; k++) {
    const r = await gql(ag, i % 2 ? '{ allCompanies { name } }' : '{ currentUser { username } }');
    if (hasData(r, i % 2 ? 'allCompanies' : 'username')) good += 1;
  }
  ag.destroy();
  return good;
}));
const d1 = delta(m1, await metrics());
const good = results.reduce((s, n) => s + n, 0);
ok(good === 400, `400 requests on 16 connections over 2 loops and 1 pool connection all succeed (${good})`,
   results);
ok(d1.timeouts === 0 && d1.thread === 0 && d1.waits > 0
   && d1.waits === d1.same + d1.other + d1.joins && d1.same > 0 && d1.other > 0,
   `every wait ended in a hand-off or a batch: ${d1.waits} waits = ${d1.same} to the same loop + ${d1.other} to the other + ${d1.joins} joined a batch`,
   d1);
for (const ag of [a, b, c]) ag.destroy();
process.exit(failures() ? 1 : 0);
