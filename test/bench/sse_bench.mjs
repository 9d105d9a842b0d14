// Live-verdict benchmark driver (see sse.sh): graphql-sse subscriptions to
// submissionJudged, verdicts committed through interview.claim_submission and
// interview.report_verdict on one superuser connection (pg), a 1 s polling
// client beside each subscription, and the proxy's RSS from /proc.
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-sse';
import pg from 'pg';

const BASE = process.env.SSE_URL;
const GQL = `${BASE}/graphql`;
const N = Number(process.env.SSE_BENCH_N || 100);
const OPEN = Number(process.env.SSE_BENCH_OPEN || 1000);
const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
const now = () => performance.now();

// POSTs a GraphQL request as JSON; returns the body.
async function gql(query, variables, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(GQL, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await r.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

// The proxy's resident set in KiB.
function rssKb() {
  const s = readFileSync(`/proc/${process.env.SSE_PROXY_PID}/status`, 'utf8');
  return Number(s.match(/^VmRSS:\s+(\d+)/m)[1]);
}

// The value at quantile q of sorted numbers.
function pct(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))];
}

// One measured round: returns { push, poll } latencies in ms after the commit.
async function round(client, db, token, taskId) {
  const d = await gql(`mutation S($t: ID!) { submitTask(taskId: $t, language: "python3",
    code: "print(sum(map(int, input().split())))") { submission { id } } }`, { t: taskId }, token);
  const id = d.submitTask.submission.id;
  let connected;
  const ready = new Promise((res) => { connected = res; });
  let gotPush;
  const pushed = new Promise((res) => { gotPush = res; });
  const dispose = client.subscribe(
    { query: 'subscription J($id: ID!) { submissionJudged(id: $id) { id status judgement } }', variables: { id } },
    { next: (v) => { if (v.data?.submissionJudged?.status === 'JUDGED') gotPush(now()); },
      error: (e) => console.error('subscription error', e), complete: () => {} },
    { connected: () => connected() },
  );
  await ready;
  // the poller starts with the subscription; the verdict comes at a random phase
  let commitAt = null;
  const polled = (async () => {
    for (;;) {
      const t = await gql('query P($id: ID!) { submission(id: $id) { status } }', { id }, token);
      if (t.submission.status === 'JUDGED') return now();
      await sleep(1000);
    }
  })();
  await sleep(Math.random() * 1000);
  const claim = (await db.query("SELECT interview.claim_submission('bench', '30 s') AS c")).rows[0].c;
  if (String(claim.submission_id) !== String(id)) throw new Error(`claimed ${claim.submission_id}, not ${id}`);
  await db.query('SELECT interview.report_verdict($1, $2, $3)',
    [claim.submission_id, claim.token, { verdict: 'AC', time_ms: 1, memory_kb: 1 }]);
  commitAt = now();   // autocommit: the statement's return is the commit
  const push = await pushed;
  dispose();
  return { push: push - commitAt, polling: polled.then((p) => p - commitAt) };
}

// N rounds; returns sorted push and poll latencies.
async function phase(client, db, token, taskId) {
  const push = [];
  const polls = [];
  for (let i = 0; i < N; i++) {
    const r = await round(client, db, token, taskId);
    push.push(r.push);
    polls.push(r.polling);
  }
  const poll = await Promise.all(polls);
  return { push: push.sort((a, b) => a - b), poll: poll.sort((a, b) => a - b) };
}

const fmt = (x) => x.toFixed(1).padStart(7);

async function main() {
  const db = new pg.Client({ database: process.env.SSE_DB });
  await db.connect();
  const reg = 'mutation R($u: String!, $p: String!) { register(username: $u, password: $p) { token } }';
  const token = (await gql(reg, { u: 'bench_alice', p: 'alice-password-1' })).register.token;
  const idle = (await gql(reg, { u: 'bench_idle', p: 'idle-password-1' })).register.token;
  const st = await gql('mutation St($c: ID) { startInterview(companyId: $c) { interview { taskSet { id } } } }',
    { c: process.env.SSE_COMPANY }, token);
  const taskId = st.startInterview.interview.taskSet[0].id;
  const client = createClient({ url: GQL, headers: { authorization: `Bearer ${token}` }, retryAttempts: 0 });

  for (let i = 0; i < 5; i++) await round(client, db, token, taskId);   // warm-up
  const one = await phase(client, db, token, taskId);

  // OPEN subscriptions that stay open: another user's, for submissions that are not judged
  const idleClient = createClient({ url: GQL, headers: { authorization: `Bearer ${idle}` }, retryAttempts: 0 });
  await sleep(500);
  const rss0 = rssKb();
  let opened = 0;
  const disposers = [];
  for (let i = 0; i < OPEN; i++) {
    await new Promise((res) => {
      disposers.push(idleClient.subscribe(
        { query: 'subscription J($id: ID!) { submissionJudged(id: $id) { id status judgement } }',
          variables: { id: String(1000000 + i) } },
        { next: () => {}, error: (e) => console.error('idle subscription error', e), complete: () => {} },
        { connected: () => { opened++; res(); } },
      ));
    });
  }
  await sleep(1000);
  const rss1 = rssKb();
  const many = await phase(client, db, token, taskId);
  disposers.forEach((d) => d());
  await db.end();

  console.log(`live verdicts: latency from the verdict's COMMIT to the event at the client (ms), ${N} verdicts each`);
  console.log('                               p50      p99      max');
  console.log(`push, 1 open subscription  ${fmt(pct(one.push, 0.5))}  ${fmt(pct(one.push, 0.99))}  ${fmt(one.push.at(-1))}`);
  console.log(`1 s polling, same run      ${fmt(pct(one.poll, 0.5))}  ${fmt(pct(one.poll, 0.99))}  ${fmt(one.poll.at(-1))}`);
  console.log(`push, ${OPEN + 1} open subscriptions ${fmt(pct(many.push, 0.5))}  ${fmt(pct(many.push, 0.99))}  ${fmt(many.push.at(-1))}`);
  console.log(`1 s polling, same run      ${fmt(pct(many.poll, 0.5))}  ${fmt(pct(many.poll, 0.99))}  ${fmt(many.poll.at(-1))}`);
  console.log(`proxy memory: RSS ${rss0} KiB -> ${rss1} KiB with ${opened} more open subscriptions: ` +
    `${((rss1 - rss0) / opened).toFixed(1)} KiB per subscription`);
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
