// Batches under load (run by run.sh): a proxy with two loop threads and one
// pool connection gets 480 requests on 16 keep-alive connections at once:
// queries of two accounts, queries with an unknown token and failing
// mutations, mixed on every connection.  Batches form and split all the time;
// every answer must still be its own request's.
// Prints TAP lines numbered from FIRST (no plan).
// Usage: TOKEN2=... node stress.mjs PORT TOKEN FIRST
import http from 'node:http';
import { failures, ok, startAt } from '../e2e/tap.mjs';
import { delta, postQuery, readMetrics } from './timed.mjs';

const [port, token, first] = process.argv.slice(2);
const token2 = process.env.TOKEN2;
startAt(Number(first));

const metrics = () => readMetrics(port, {
  batches: 'interview_proxy_batches_total',
  batched: 'interview_proxy_batched_requests_total',
  splits: 'interview_proxy_batch_splits_total',
});
const body = (r) => { try { return JSON.parse(r.body); } catch { return {}; } };
const me = async (tok) => body(await postQuery(port, tok, '{ currentUser { username } }')).data?.currentUser?.username;
const me1 = await me(token);
const me2 = await me(token2);
const bad = '0'.repeat(token.length);

// what request k of connection i sends, and how its answer must look
function request(i, k) {
  switch ((i + k) % 8) {
    case 5:
      return { tok: bad, query: '{ currentUser { username } }',
               check: (b) => b.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED' };
    case 6:
      return { tok: token2, query: 'mutation { finishInterview { id } }',
               check: (b) => b.errors?.[0]?.extensions?.code === 'NO_INTERVIEW_ONGOING' };
    default: {
      const [tok, want] = (i + k) % 2 ? [token2, me2] : [token, me1];
      return { tok, query: `{ currentUser { username } c${k % 4}: allCompanies { name } }`,
               check: (b) => !b.errors && b.data?.currentUser?.username === want };
    }
  }
}

const m0 = await metrics();
const wrong = [];
await Promise.all(Array.from({ length: 16 }, async (_, i) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let k = 0; k < 30; k++) {
    const q = request(i, k);
    const r = await postQuery(port, q.tok, q.query, agent);
    if (!q.check(body(r))) wrong.push({ i, k, status: r.status, body: r.body.slice(0, 200) });
  }
  agent.destroy();
}));
const d = delta(m0, await metrics());
ok(me1 && me2 && me1 !== me2 && wrong.length === 0,
   `stress: 480 requests of two accounts, an unknown token and failing mutations on 16 connections each got its own answer (${wrong.length} wrong)`,
   wrong.slice(0, 5));
ok(d.batches > 0 && d.splits > 0,
   `stress: batches formed (${d.batches}, ${d.batched} requests) and split (${d.splits}) meanwhile`, d);
process.exit(failures() ? 1 : 0);
