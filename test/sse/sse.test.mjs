// Subscriptions over Server-Sent Events, end to end (node:test, TAP reporter):
// the real interview-proxy (SSE_URL), the real judge binary (SSE_JUDGE), a
// real database (SSE_DB; superuser PG* variables for the SQL done here) and
// the npm graphql-sse client in distinct connections mode. Tests run in order
// and share the state they build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { createClient } from 'graphql-sse';

const BASE = process.env.SSE_URL;
const GQL = `${BASE}/graphql`;
const DB = process.env.SSE_DB;
const S = {};

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

// Runs SQL as the superuser in the test database; returns the trimmed output.
function sql(text, db = DB) {
  return execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', text],
    { encoding: 'utf8' }).trim();
}

// POSTs a GraphQL request as JSON; returns { status, body }.
async function gql(query, variables, token) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(GQL, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.json() };
}

// A graphql-sse client acting with a token (no retries: errors must show).
function client(token) {
  return createClient({
    url: GQL,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
  });
}

// Subscribes; returns { events, done (resolves 'complete' or rejects), dispose }.
function subscribe(c, query, variables) {
  const events = [];
  let dispose;
  const done = new Promise((resolve, reject) => {
    dispose = c.subscribe({ query, variables }, {
      next: (v) => events.push({ at: Date.now(), value: v }),
      error: reject,
      complete: () => resolve('complete'),
    });
  });
  done.catch(() => {});
  return { events, done, dispose };
}

// Resolves with the value of cond() once it is truthy; rejects after ms.
async function waitFor(cond, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

// Resolves 'timeout' if p does not settle within ms.
const within = (p, ms) => Promise.race([p, sleep(ms).then(() => 'timeout')]);

// A gauge of /metrics.
async function metric(name) {
  const text = await (await fetch(`${BASE}/metrics`)).text();
  const m = text.match(new RegExp(`^${name} (\\d+)$`, 'm'));
  return m ? Number(m[1]) : NaN;
}

// Judges a queued submission through the judge API as the superuser.
function reportVerdict(id, verdict) {
  const claim = JSON.parse(sql("SELECT interview.claim_submission('sse-test', '30 s')"));
  assert.equal(String(claim.submission_id), String(id), 'the claimed submission is ours');
  return sql(`SELECT interview.report_verdict(${claim.submission_id}, ${claim.token}, '{"verdict":"${verdict}","time_ms":1,"memory_kb":1}')`);
}

const SUBMIT = `mutation S($t: ID!, $l: String!, $c: String!) {
  submitTask(taskId: $t, language: $l, code: $c) { submission { id status } } }`;
const JUDGED = `subscription J($id: ID!) {
  submissionJudged(id: $id) { id status judgement testResults { verdict } task { id } } }`;
const SUM_OK = 'a, b = map(int, input().split())\nprint(a + b)\n';

// Submits code for alice's task; returns the submission id.
async function submit(code = SUM_OK) {
  const r = await gql(SUBMIT, { t: S.task, l: 'python3', c: code }, S.alice);
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
  return r.body.data.submitTask.submission.id;
}

test('set-up: two candidates, an interview with one task', async () => {
  const REG = 'mutation R($u: String!, $p: String!) { register(username: $u, password: $p) { token } }';
  for (const u of ['alice', 'bob']) {
    const r = await gql(REG, { u: `sse_${u}`, p: `${u}-password-1` });
    assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
    S[u] = r.body.data.register.token;
  }
  const r = await gql('mutation St($c: ID) { startInterview(companyId: $c) { interview { id taskSet { id } } } }',
    { c: process.env.SSE_COMPANY }, S.alice);
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
  S.interview = r.body.data.startInterview.interview.id;
  S.task = r.body.data.startInterview.interview.taskSet[0].id;
  assert.ok(S.task);
});

test('a subscription over plain POST application/json gets a clear error', async () => {
  const r = await gql('subscription { interviewUpdated { id } }', undefined, S.alice);
  assert.equal(r.body.data, undefined);
  assert.equal(r.body.errors[0].extensions.code, 'SUBSCRIPTION_NEEDS_SSE');
  assert.match(r.body.errors[0].message, /text\/event-stream/);
});

test('the event stream: headers, a first comment, keep-alive comments', async () => {
  const ctl = new AbortController();
  const res = await fetch(GQL, {
    method: 'POST',
    signal: ctl.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${S.alice}` },
    body: JSON.stringify({ query: 'subscription { submissionJudged(id: "999999") { id } }' }),
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/event-stream/);
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  const reader = res.body.getReader();
  let text = '';
  const end = Date.now() + 3000;
  while (Date.now() < end && (text.match(/:\n\n/g) || []).length < 3) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  ctl.abort();
  // the first comment at once, then one per keep-alive interval (500 ms here)
  assert.ok((text.match(/:\n\n/g) || []).length >= 3, JSON.stringify(text));
  assert.doesNotMatch(text, /event:/, 'no event for a submission that does not exist');
});

test('validation applies to subscriptions: one root field only; a token is needed', async () => {
  const c = client(S.alice);
  const two = subscribe(c, 'subscription { interviewUpdated { id } submissionJudged(id: "1") { id } }');
  assert.equal(await within(two.done, 5000), 'complete');
  assert.equal(two.events.length, 1);
  assert.equal(two.events[0].value.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
  assert.match(two.events[0].value.errors[0].message, /only one top level field/);
  const anon = subscribe(client(null), 'subscription { interviewUpdated { id } }');
  assert.equal(await within(anon.done, 5000), 'complete');
  assert.equal(anon.events[0].value.errors[0].extensions.code, 'UNAUTHENTICATED');
  const forged = subscribe(client('0'.repeat(64)), 'subscription { interviewUpdated { id } }');
  assert.equal(await within(forged.done, 5000), 'complete');
  assert.equal(forged.events[0].value.errors[0].extensions.code, 'UNAUTHENTICATED');
  assert.equal(forged.events[0].value.data ?? null, null);
  c.dispose();
});

test('queries over the event stream: one next, then complete', async () => {
  const q = subscribe(client(S.alice), '{ currentUser { username } }');
  assert.equal(await within(q.done, 5000), 'complete');
  assert.deepEqual(q.events.map((e) => e.value), [{ data: { currentUser: { username: 'sse_alice' } } }]);
});

test('the real judge judges a submission: the verdict arrives live; another user gets no data', async () => {
  const id = await submit();
  const mine = subscribe(client(S.alice), JUDGED, { id });
  const theirs = subscribe(client(S.bob), JUDGED, { id });
  await waitFor(async () => (await metric('interview_proxy_subscriptions')) >= 2, 5000, 'two subscriptions');
  await sleep(300);
  assert.equal(mine.events.length, 0, 'nothing before the verdict');
  const judge = spawn(process.env.SSE_JUDGE, ['--db', process.env.SSE_JUDGE_DB, '--workers', '1'],
    { stdio: ['ignore', 'ignore', openSync(process.env.SSE_JUDGE_LOG, 'a')] });
  try {
    assert.equal(await within(mine.done, 60000), 'complete', 'the subscription completes after the verdict');
  } finally {
    judge.kill('SIGTERM');
    await new Promise((res) => (judge.exitCode !== null ? res() : judge.on('exit', res)));
  }
  assert.equal(mine.events.length, 1);
  const s = mine.events[0].value.data.submissionJudged;
  assert.equal(mine.events[0].value.errors, undefined);
  assert.equal(s.id, id);
  assert.equal(s.status, 'JUDGED');
  assert.equal(s.judgement, 'AC');
  assert.deepEqual(s.testResults.map((t) => t.verdict), ['AC', 'AC']);
  assert.equal(s.task.id, S.task);
  assert.equal(sql(`SELECT verdict FROM interview.submission WHERE id = ${id}`), 'AC');
  // bob's subscription to alice's submission ends without any data
  assert.equal(await within(theirs.done, 5000), 'complete');
  assert.deepEqual(theirs.events, []);
  S.judged = id;
});

const RUN = `mutation R($t: ID!, $l: String!, $c: String!, $i: String!) {
  runCode(taskId: $t, language: $l, code: $c, input: $i) { run { id status verdict input } } }`;
const FINISHED = `subscription F($id: ID!) {
  runFinished(id: $id) { id status verdict stdout stderr compileOutput timeMs memoryKb judgedAt task { id } } }`;
const REVERSE = 'import sys\nprint(input()[::-1])\nprint("to stderr", file=sys.stderr)\n';

test('runCode through GraphQL: runFinished pushes the outcome live; one run at a time; others see nothing', async () => {
  const r = await gql(RUN, { t: S.task, l: 'python3', c: REVERSE, i: 'abc\n' }, S.alice);
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
  const run = r.body.data.runCode.run;
  assert.deepEqual([run.status, run.verdict, run.input], ['QUEUED', null, 'abc\n']);
  const second = await gql(RUN, { t: S.task, l: 'python3', c: REVERSE, i: '' }, S.alice);
  assert.equal(second.body.errors[0].extensions.code, 'RUN_PENDING', JSON.stringify(second.body));
  const bobs = await gql(RUN, { t: S.task, l: 'python3', c: REVERSE, i: '' }, S.bob);
  assert.equal(bobs.body.errors[0].extensions.code, 'NOT_YOUR_TASK');
  const big = await gql(RUN, { t: S.task, l: 'python3', c: REVERSE, i: 'x'.repeat(1048577) }, S.alice);
  assert.ok(big.status === 413 || big.body.errors[0].extensions.code === 'BAD_USER_INPUT', 'input over 1 MiB is refused');
  const mine = subscribe(client(S.alice), FINISHED, { id: run.id });
  const theirs = subscribe(client(S.bob), FINISHED, { id: run.id });
  await sleep(300);
  assert.equal(mine.events.length, 0, 'nothing before the run');
  const judge = spawn(process.env.SSE_JUDGE, ['--db', process.env.SSE_JUDGE_DB, '--workers', '1'],
    { stdio: ['ignore', 'ignore', openSync(process.env.SSE_JUDGE_LOG, 'a')] });
  try {
    assert.equal(await within(mine.done, 60000), 'complete', 'the subscription completes after the run');
  } finally {
    judge.kill('SIGTERM');
    await new Promise((res) => (judge.exitCode !== null ? res() : judge.on('exit', res)));
  }
  assert.equal(mine.events.length, 1);
  assert.equal(mine.events[0].value.errors, undefined);
  const f = mine.events[0].value.data.runFinished;
  assert.deepEqual([f.id, f.status, f.verdict, f.stdout, f.stderr, f.compileOutput, f.task.id],
    [run.id, 'JUDGED', 'OK', 'cba\n', 'to stderr\n', null, S.task]);
  assert.ok(f.timeMs >= 0 && f.memoryKb > 0 && f.judgedAt);
  assert.equal(await within(theirs.done, 5000), 'complete');
  assert.deepEqual(theirs.events, [], 'another user gets no data');
  const again = subscribe(client(S.alice), FINISHED, { id: run.id });
  assert.equal(await within(again.done, 5000), 'complete');
  assert.equal(again.events[0].value.data.runFinished.verdict, 'OK', 'a finished run: its outcome at once');
  const q = await gql('query Q($id: ID!) { run(id: $id) { verdict } }', { id: run.id }, S.bob);
  assert.equal(q.body.data.run, null, 'run(id) is null for another user');
  assert.equal(sql(`SELECT count(*) FROM interview.submission WHERE code = '${REVERSE.replace(/'/g, "''")}'`), '0',
    'a run is not a submission');
});

test('submissionJudged on a judged submission: the state at once, then complete', async () => {
  const again = subscribe(client(S.alice), JUDGED, { id: S.judged });
  assert.equal(await within(again.done, 5000), 'complete');
  assert.equal(again.events.length, 1);
  assert.equal(again.events[0].value.data.submissionJudged.judgement, 'AC');
  // bob: nothing now, and nothing later
  const bob = subscribe(client(S.bob), JUDGED, { id: S.judged });
  assert.equal(await within(bob.done, 1500), 'timeout');
  assert.deepEqual(bob.events, []);
  bob.dispose();
});

test('interviewUpdated: the current state, then a new one after a submission and its verdict', async () => {
  const c = client(S.alice);
  const sub = subscribe(c, `subscription { interviewUpdated { id finishedTime
    taskSet { submissionSet { id status judgement } } } }`);
  const bobs = subscribe(client(S.bob), 'subscription { interviewUpdated { id } }');
  await waitFor(() => sub.events.length >= 1, 5000, 'the current state');
  assert.equal(sub.events[0].value.data.interviewUpdated.id, S.interview);
  const id = await submit();
  await waitFor(() => sub.events.some((e) => JSON.stringify(e.value).includes(`"id":"${id}"`)), 5000,
    'the submission in an update');
  reportVerdict(id, 'WA');
  const last = await waitFor(() => sub.events.find((e) => {
    const subs = e.value.data.interviewUpdated.taskSet[0].submissionSet;
    return subs.some((x) => x.id === id && x.judgement === 'WA');
  }), 5000, 'the verdict in an update');
  assert.ok(last);
  // bob has no interview: nothing is sent to him
  assert.deepEqual(bobs.events, []);
  sub.dispose();
  bobs.dispose();
  c.dispose();
});

test('a PostgreSQL restart during an open subscription still delivers the verdict', async () => {
  const id = await submit();
  const sub = subscribe(client(S.alice), JUDGED, { id });
  await waitFor(async () => (await metric('interview_proxy_subscriptions')) >= 1, 5000, 'the subscription');
  const port = process.env.PGPORT || '5432';
  const line = execFileSync('pg_lsclusters', ['-h'], { encoding: 'utf8' })
    .split('\n').map((l) => l.split(/\s+/)).find((f) => f[2] === port);
  assert.ok(line, `a cluster on port ${port}`);
  execFileSync('pg_ctlcluster', [line[0], line[1], 'stop', '-m', 'fast']);
  await waitFor(async () => (await metric('interview_proxy_subscription_listening')) === 0, 5000,
    'the listener noticing');
  execFileSync('pg_ctlcluster', [line[0], line[1], 'start']);
  // committed right away: most likely before the listener is back, so the
  // notification is lost and only the re-check after reconnecting finds it
  reportVerdict(id, 'TLE');
  assert.equal(await within(sub.done, 20000), 'complete');
  assert.equal(sub.events.length, 1);
  assert.equal(sub.events[0].value.data.submissionJudged.judgement, 'TLE');
  await waitFor(async () => (await metric('interview_proxy_subscription_listening')) === 1, 10000,
    'listening again');
});

test('500 concurrent subscriptions over loopback all receive their event; the 501st is refused', async () => {
  const id = await submit();
  const base = await metric('interview_proxy_subscriptions');
  const c = client(S.alice);
  const subs = [];
  for (let i = 0; i < 500; i++) subs.push(subscribe(c, JUDGED, { id }));
  await waitFor(async () => (await metric('interview_proxy_subscriptions')) >= base + 500, 30000,
    '500 open subscriptions');
  const extra = subscribe(c, JUDGED, { id });
  assert.equal(await within(extra.done, 5000), 'complete');
  assert.equal(extra.events[0].value.errors[0].extensions.code, 'TOO_MANY_SUBSCRIPTIONS');
  const t0 = Date.now();
  reportVerdict(id, 'AC');
  const results = await Promise.all(subs.map((s) => within(s.done, 30000)));
  const elapsed = Date.now() - t0;
  assert.equal(results.filter((r) => r === 'complete').length, 500);
  assert.equal(subs.filter((s) => s.events.length === 1 &&
    s.events[0].value.data.submissionJudged.id === id).length, 500);
  console.log(`# 500 events delivered within ${elapsed} ms of the verdict`);
  await waitFor(async () => (await metric('interview_proxy_subscriptions')) === base, 5000,
    'completed subscriptions gone');
  c.dispose();
});

test('closing the client frees its subscriptions and streams', async () => {
  const base = await metric('interview_proxy_subscriptions');
  const streams = await metric('interview_proxy_sse_streams');
  const c = client(S.alice);
  const subs = [];
  for (let i = 0; i < 20; i++) subs.push(subscribe(c, 'subscription { interviewUpdated { id } }'));
  await waitFor(async () => (await metric('interview_proxy_subscriptions')) >= base + 20, 10000,
    '20 open subscriptions');
  c.dispose();   // aborts every request, as closing the tab does
  await waitFor(async () => (await metric('interview_proxy_subscriptions')) === base, 5000,
    'subscriptions freed');
  await waitFor(async () => (await metric('interview_proxy_sse_streams')) === streams, 5000,
    'streams freed');
});

test('a client that stops reading is disconnected, not buffered without bound', async () => {
  const base = await metric('interview_proxy_subscriptions');
  const overflows = await metric('interview_proxy_sse_overflows_total');
  // a raw client with a tiny receive buffer that reads nothing until told to
  const py = spawn('python3', ['-c', `
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
s.connect(('127.0.0.1', int(sys.argv[1])))
body = '{"query":"subscription { interviewUpdated { id taskSet { submissionSet { id code } } } }"}'
s.sendall(('POST /graphql HTTP/1.1\\r\\nHost: t\\r\\nContent-Type: application/json\\r\\n'
           'Accept: text/event-stream\\r\\nAuthorization: Bearer ' + sys.argv[2] +
           '\\r\\nContent-Length: ' + str(len(body)) + '\\r\\n\\r\\n' + body).encode())
print('sent', flush=True)
sys.stdin.readline()
s.settimeout(10)
total = 0
try:
    while True:
        b = s.recv(65536)
        if not b:
            break
        total += len(b)
    print('eof', total, flush=True)
except Exception as e:
    print('error', type(e).__name__, total, flush=True)
`, new URL(BASE).port, S.alice], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  py.stdout.on('data', (d) => { out += d; });
  await waitFor(() => out.includes('sent'), 5000, 'the raw client');
  await waitFor(async () => (await metric('interview_proxy_subscriptions')) === base + 1, 5000,
    'its subscription');
  // every submission makes the next update larger (the code of all of them)
  for (let i = 0; i < 9 && (await metric('interview_proxy_sse_overflows_total')) === overflows; i++) {
    await submit(`# ${i}\n${'x'.repeat(64000)}\n`);
    await sleep(300);
  }
  await waitFor(async () => (await metric('interview_proxy_sse_overflows_total')) > overflows, 10000,
    'the stream overflowing');
  await waitFor(async () => (await metric('interview_proxy_subscriptions')) === base, 5000,
    'the subscription freed');
  py.stdin.write('\n');
  // what was sent is read, then the connection ends
  await waitFor(() => /eof|error/.test(out), 15000, 'the client seeing the connection closed');
  assert.match(out, /eof|ECONNRESET|ConnectionResetError/);
  py.kill();
});
