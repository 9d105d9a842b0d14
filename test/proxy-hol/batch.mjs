// Batches (run by run.sh): a proxy with one loop thread and one pool
// connection, while a transaction locks interview.company.  The first request
// holds the connection in the database; the requests sent meanwhile queue in
// the proxy, and when the lock ends the oldest takes the connection with the
// other queued queries (--batch): they share one round trip and one
// transaction.  Each query must still run as its own account, a bad token must
// fail alone, a mutation must not join, and with --batch 1 nothing is batched.
// Prints TAP lines numbered from FIRST (no plan).
// Usage: TOKEN2=... node batch.mjs PORT TOKEN FIRST MODE
//   MODE: mixed (two accounts and a mutation), badtoken, off (--batch 1)
import { failures, ok, startAt } from '../e2e/tap.mjs';
import { delta, postQuery, readMetrics } from './timed.mjs';

const [port, token, first, mode] = process.argv.slice(2);
const token2 = process.env.TOKEN2;
startAt(Number(first));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const gql = (tok, query) => postQuery(port, tok, query);
const metrics = () => readMetrics(port, {
  batches: 'interview_proxy_batches_total',
  batched: 'interview_proxy_batched_requests_total',
  splits: 'interview_proxy_batch_splits_total',
  waits: 'interview_proxy_pool_waits_total',
  joins: 'interview_proxy_pool_batch_joins_total',
});
const username = (r) => {
  try { return JSON.parse(r.body).data.currentUser.username; } catch { return undefined; }
};
const code = (r) => {
  try { return JSON.parse(r.body).errors[0].extensions.code; } catch { return undefined; }
};

// who each token is, asked one at a time before the lock matters
const me1 = username(await gql(token, '{ currentUser { username } }'));
const me2 = username(await gql(token2, '{ currentUser { username } }'));
const m0 = await metrics();
const holder = gql(token, '{ allCompanies { name } }');   // waits for the lock
await sleep(300);
// the queue: alternating accounts, and per mode a bad token or a mutation
const queue = [];
for (let i = 0; i < 6; i++) {
  const tok = i % 2 ? token2 : token;
  queue.push({ want: i % 2 ? me2 : me1, p: gql(tok, `{ currentUser { username id } n${i % 3}: allCompanies { name } }`) });
  if (i === 2 && mode === 'badtoken')
    queue.push({ bad: true, p: gql('0'.repeat(token.length), '{ currentUser { username } }') });
  if (i === 2 && mode === 'mixed')
    queue.push({ mutation: true, p: gql(token, 'mutation { finishInterview { id } }') });
  await sleep(20);
}
// every queued request waits for the one connection before the lock ends
let m1 = await metrics();
for (let i = 0; i < 50 && m1.waits - m0.waits < queue.length; i++) {
  await sleep(20);
  m1 = await metrics();
}
const queued = m1.waits - m0.waits;
const held = await holder;
const results = await Promise.all(queue.map((q) => q.p));
const d = delta(m0, await metrics());
const queries = queue.filter((q) => q.want);
const wrong = queue.map((q, i) => ({ q, r: results[i] }))
  .filter(({ q, r }) => q.want && (r.status !== 200 || username(r) !== q.want || r.body.includes('"errors"')));

ok(held.status === 200 && held.body.includes('allCompanies') && queued === queue.length
   && me1 && me2 && me1 !== me2 && wrong.length === 0,
   `${mode}: ${queries.length} queued queries of two accounts each answered as their own account`,
   { queued, me1, me2, wrong, held });
if (mode === 'mixed') {
  const mres = results[queue.findIndex((q) => q.mutation)];
  ok(d.batches === 1 && d.batched === queries.length && d.joins === queries.length - 1
     && d.splits === 0 && code(mres) === 'NO_INTERVIEW_ONGOING',
     `mixed: the ${queries.length} queries ran as one batch (joins ${d.joins}); the failing mutation ran alone`,
     { d, mutation: mres });
} else if (mode === 'badtoken') {
  const bres = results[queue.findIndex((q) => q.bad)];
  ok(d.splits === 1 && d.batches === 0 && (bres.status === 200 || bres.status === 401)
     && code(bres) === 'UNAUTHENTICATED',
     'badtoken: the bad token aborted the shared transaction; every request then ran alone and only it failed',
     { d, bad: bres });
} else {
  ok(d.batches === 0 && d.batched === 0 && d.joins === 0 && d.splits === 0,
     'off: with --batch 1 the queued queries ran one by one', d);
}
process.exit(failures() ? 1 : 0);
