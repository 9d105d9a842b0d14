// abuse.mjs (run by run.sh): the attacks of a candidate who wants to deny
// service to everyone, each refused by the proxy: a nested query whose lists
// multiply, 50 logins aliased in one mutation, a burst of logins from one
// address, and 2,000 sockets that trickle their requests a byte at a time
// while another client's request must still be answered.
// Usage: node abuse.mjs PORT TOKEN DEADLINE_S MAX_CONNS_PER_IP LOGIN_BURST
import http from 'node:http';
import net from 'node:net';
import { done, ok } from '../e2e/tap.mjs';

const [port, token, deadlineS, perIp, burst] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* POSTs {query, variables} from a local address; resolves {status, body, headers}. */
function gql(query, variables, { tok = token, from = '127.0.0.1' } = {}) {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve) => {
    const req = http.request({
      host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent: false, localAddress: from,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body),
                 ...(tok ? { Authorization: `Bearer ${tok}` } : {}) },
    }, (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => {
        let parsed = {};
        try { parsed = JSON.parse(data); } catch { parsed = { raw: data }; }
        resolve({ status: res.statusCode, body: parsed, headers: res.headers });
      });
    });
    req.on('error', (e) => resolve({ status: 0, body: { error: String(e) }, headers: {} }));
    req.end(body);
  });
}
const code = (r) => r.body.errors?.[0]?.extensions?.code;

/* GET path from a local address: {status, text}. */
function get(path, from = '127.0.0.1') {
  return new Promise((resolve) => {
    http.get({ host: '127.0.0.1', port, path, agent: false, localAddress: from }, (res) => {
      let data = '';
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode, text: data }));
    }).on('error', (e) => resolve({ status: 0, text: String(e) }));
  });
}
const metric = (text, name) => Number((text.match(new RegExp(`^${name} (\\d+)$`, 'm')) || [])[1]);

// --- query cost ------------------------------------------------------------------
const nested = '{ myInterviews(limit: 1000) { user { interviewSet(limit: 1000) { taskSet(limit: 1000) { submissionSet(limit: 1000) { id } } } } } }';
let r = await gql(nested);
ok(code(r) === 'QUERY_TOO_COSTLY' && r.body.data === undefined && /more than the limit of 100000/.test(r.body.errors[0].message),
   'a nested query whose lists multiply to 10^12 objects is refused with QUERY_TOO_COSTLY before it runs', r.body);
const byVars = 'query($n: Int) { myInterviews(limit: $n) { taskSet(limit: $n) { submissionSet(limit: $n) { id } } } }';
r = await gql(byVars, { n: 1000 });
ok(code(r) === 'QUERY_TOO_COSTLY', 'limits given in variables count too', r.body);
r = await gql(byVars, { n: 5 });
ok(r.status === 200 && !r.body.errors && Array.isArray(r.body.data?.myInterviews),
   'the same query with small limits runs (cost 5 + 25 + 125)', r.body);
r = await gql('{ myInterviews { user { interviewSet { taskSet { submissionSet { id } } } } } }');
ok(code(r) === 'QUERY_TOO_COSTLY', 'nested lists with their default limits (100 x 20 x 20 x 20) are refused too', r.body);
r = await gql('{ myInterviews { id company { name } taskSet { id submissionSet { judgement } } } currentInterview { id taskSet { id problem { id testcaseSet { input } } submissionSet { id testResults { ordinal verdict } } } } }');
ok(r.status === 200 && !r.body.errors, 'the candidate page\'s queries run with the default limits', r.body);
r = await gql('{ __type(name: "Interview") { fields { name args { name defaultValue } } } }');
const taskSet = r.body.data?.__type?.fields?.find((f) => f.name === 'taskSet');
ok(taskSet?.args?.find((a) => a.name === 'limit')?.defaultValue === '20',
   'nested lists default to 20 (introspection shows it)', r.body);
r = await gql('{ __schema { types { name fields { name args { name type { name ofType { name } } } } } } }');
ok(!r.body.errors && r.body.data.__schema.types.length > 10, 'introspection, answered from memory, has no cost', r.body.errors);

// --- logins ----------------------------------------------------------------------
const fifty = Array.from({ length: 50 }, (_, i) => `l${i}: login(username: "abuse_cand", password: "candidate-pw-1") { token }`).join(' ');
r = await gql(`mutation { ${fifty} }`, undefined, { tok: null });
ok(code(r) === 'ONE_LOGIN_PER_OPERATION' && r.body.data == null,
   '50 logins aliased in one mutation are refused: one login or register per operation', r.body);
r = await gql('mutation { a: register(username: "abuse_new1", password: "new-password-1") { token } b: login(username: "abuse_cand", password: "candidate-pw-1") { token } }', undefined, { tok: null });
ok(code(r) === 'ONE_LOGIN_PER_OPERATION', 'a register and a login together are refused too', r.body);
const login = (pw, from) => gql('mutation($p: String!) { login(username: "abuse_cand", password: $p) { token } }', { p: pw }, { tok: null, from });
const codes = [];
for (let i = 0; i < Number(burst); i++) codes.push(code(await login('wrong-password', '127.0.0.1')));
ok(codes.every((c) => c === 'UNAUTHENTICATED'), `${burst} wrong logins from one address fail as bad credentials`, codes);
r = await login('candidate-pw-1', '127.0.0.1');
ok(code(r) === 'RATE_LIMITED' && /try again in \d+ s/.test(r.body.errors[0].message),
   'the next login from that address, even with the right password, is RATE_LIMITED', r.body);
r = await login('candidate-pw-1', '127.0.0.2');
ok(!r.body.errors && /^[0-9a-f]{64}$/.test(r.body.data?.login?.token || ''), 'another address still logs in', r.body);
ok(/;\s*Secure/i.test(r.headers['set-cookie']?.[0] || ''), 'the session cookie is Secure by default', r.headers['set-cookie']);

const dbCodes = [];
for (let i = 0; i < 11; i++) {
  const d = await gql('mutation { login(username: "abuse_db", password: "wrong-password") { token } }', undefined,
                      { tok: null, from: `127.0.0.${10 + i}` });
  dbCodes.push(code(d));
  if (i === 10) r = d;
}
ok(dbCodes.slice(0, 10).every((c) => c === 'UNAUTHENTICATED') && dbCodes[10] === 'RATE_LIMITED' &&
   r.body.errors[0].message === 'too many login attempts',
   'the database\'s bucket of one account (10 logins) holds across addresses: the 11th is IV014, RATE_LIMITED', dbCodes);

// --- /metrics ---------------------------------------------------------------------
let m = await get('/metrics');
ok(m.status === 200 && /interview_proxy_requests_total/.test(m.text), '/metrics answers a loopback client when no token is set', m.status);

// --- the document cache is keyed without comments --------------------------------------
const cacheOf = async () => {
  const t = (await get('/metrics')).text;
  return { entries: metric(t, 'interview_proxy_cache_entries'), hits: metric(t, 'interview_proxy_cache_hits_total') };
};
await gql('# first\n{ currentUser { id username } } # x\n');
const c1 = await cacheOf();
r = await gql('# a second, longer comment\n{ currentUser { id username } } # and one more\n');
const c2 = await cacheOf();
ok(!r.body.errors && c2.entries === c1.entries && c2.hits === c1.hits + 1,
   'documents that differ only in comments share one cache entry', { c1, c2, body: r.body });
r = await gql('{ interview(id: "12#3") { id } } # the # in the string is not a comment');
ok(code(r) !== 'GRAPHQL_PARSE_FAILED', 'a # inside a string is kept', r.body);
r = await gql('{ interview(id: """12#3""") { id } }');
ok(code(r) !== 'GRAPHQL_PARSE_FAILED', 'and inside a block string', r.body);
r = await gql('{ currentUser { id\n  # a comment at the end of a line\n  usernamx } }');
ok(code(r) === 'GRAPHQL_VALIDATION_FAILED' && r.body.errors[0].locations?.[0]?.line === 3 &&
   r.body.errors[0].locations[0].column === 3, 'error positions stay those of the document as sent', r.body);

// --- slow clients ---------------------------------------------------------------------
const N = 2000;
const socks = [];
let closedEarly = 0;
let closedLater = 0;
const opened = Date.now();
for (let i = 0; i < N; i++) {
  const s = net.connect({ host: '127.0.0.1', port: Number(port) });
  s.on('error', () => {});
  s.on('close', () => { if (Date.now() - opened < 1500) closedEarly += 1; else closedLater += 1; });
  s.on('connect', () => s.write('POST /graphql HTTP/1.1\r\nHost: x\r\nX-Slow: '));
  socks.push(s);
}
// trickle one byte a second from every socket still open
const trickle = setInterval(() => { for (const s of socks) if (!s.destroyed) s.write('a'); }, 1000);
await sleep(2000);
const t0 = Date.now();
r = await gql('{ currentUser { username } }', undefined, { from: '127.0.0.3' });
const tookMs = Date.now() - t0;
ok(r.status === 200 && r.body.data?.currentUser?.username === 'abuse_cand',
   `a normal request from another address is answered while ${N} sockets trickle`, r.body);
const open = socks.filter((s) => !s.destroyed).length;
ok(open <= Number(perIp), `at most ${perIp} of the ${N} trickling sockets are held open (${open})`, { open, closedEarly });
await sleep((Number(deadlineS) + 3) * 1000);
const left = socks.filter((s) => !s.destroyed).length;
ok(left === 0, `the deadline (${deadlineS} s) cut every trickling request (${closedLater} closed later)`, { left });
clearInterval(trickle);
for (const s of socks) s.destroy();
m = await get('/metrics');
ok(metric(m.text, 'interview_proxy_connections_refused_total') >= N - Number(perIp) &&
   metric(m.text, 'interview_proxy_slow_requests_cut_total') >= Math.min(open, 1),
   '/metrics counts the refused connections and the cut requests',
   m.text.split('\n').filter((l) => /refused|cut/.test(l)));
console.log(`# the normal request took ${tookMs} ms during the attack (not a pass/fail criterion)`);
done();
