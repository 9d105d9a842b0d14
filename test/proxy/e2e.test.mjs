// End-to-end tests of interview-proxy over HTTP (node:test, TAP reporter).
// Runs against the real proxy (PROXY_URL), a real PostgreSQL database
// (PROXY_DB, superuser PG* variables for the checks done in SQL) and the
// installed extension. Tests run in order and share the state they build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  buildClientSchema, getIntrospectionQuery, parse, validate,
} from 'graphql';
import { serverAudits } from 'graphql-http';

const URL_ = process.env.PROXY_URL;
const DB = process.env.PROXY_DB;
const GQL = `${URL_}/graphql`;

// Runs SQL as the superuser in the test database; returns the trimmed output.
function sql(text, db = DB) {
  return execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', text],
    { encoding: 'utf8' }).trim();
}

// POSTs a GraphQL request; returns { status, headers, body }.
async function gql(query, variables, opts = {}) {
  const headers = { 'content-type': 'application/json', accept: opts.accept ?? 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  const res = await fetch(GQL, {
    method: 'POST', headers, body: JSON.stringify({ query, variables, operationName: opts.operationName }),
  });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: res.status, headers: res.headers, body };
}

// The extensions.code of the first error, or undefined.
const code = (r) => r.body?.errors?.[0]?.extensions?.code;

const S = {};              // state shared by the tests, in order
const usedQueries = [];    // every document sent, validated by graphql-js at the end
function q(doc) { usedQueries.push(doc); return doc; }

const REGISTER = q(`mutation Register($u: String!, $p: String!) {
  register(username: $u, password: $p) { token user { id username isStaff } } }`);
const LOGIN = q(`mutation Login($u: String!, $p: String!) {
  login(username: $u, password: $p) { token user { id username isStaff } } }`);
const NESTED = q(`query Nested { currentInterview { id user { username } startTime finishedTime expiredTime
  taskSet { id submissionSet { code } problem { title text } } } }`);

test('register and login: token in the body, HttpOnly SameSite=Lax cookie', async () => {
  const r = await gql(REGISTER, { u: 'cand_bob', p: 'bob-password-1' });
  assert.equal(r.status, 200);
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
  assert.match(r.body.data.register.token, /^[0-9a-f]{64}$/);
  assert.equal(r.body.data.register.user.username, 'cand_bob');
  assert.equal(r.body.data.register.user.isStaff, false);
  const l = await gql(LOGIN, { u: 'cand_bob', p: 'bob-password-1' });
  assert.equal(l.body.errors, undefined, JSON.stringify(l.body));
  S.bob = l.body.data.login.token;
  S.bobId = l.body.data.login.user.id;
  assert.equal(typeof S.bobId, 'string');
  const cookie = l.headers.get('set-cookie');
  assert.match(cookie, /^iv_session=[0-9a-f]{64};/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /; Secure/, 'the cookie is Secure unless --insecure-cookie');
  S.bobCookie = cookie.split(';')[0];
  const s = await gql(LOGIN, { u: 'staff_alice', p: 'staff-password-1' });
  assert.equal(s.body.errors, undefined, JSON.stringify(s.body));
  assert.equal(s.body.data.login.user.isStaff, true);
  S.alice = s.body.data.login.token;
  const bad = await gql(LOGIN, { u: 'cand_bob', p: 'wrong-password' });
  assert.equal(code(bad), 'UNAUTHENTICATED');
  assert.equal(bad.body.data.login, null);
});

test('without a valid identity only login, register and introspection run', async () => {
  const ALL = q('{ allCompanies { name } }');
  let r = await gql(ALL);
  assert.equal(r.status, 200);
  assert.equal(code(r), 'UNAUTHENTICATED');
  assert.equal(r.body.data, null);
  r = await gql(ALL, undefined, { token: 'f'.repeat(64) });
  assert.equal(code(r), 'UNAUTHENTICATED');
  r = await gql(q('{ __typename }'));
  assert.deepEqual(r.body, { data: { __typename: 'Query' } });
  r = await gql(q('{ currentUser { username } }'), undefined, { cookie: S.bobCookie });
  assert.equal(r.body.data.currentUser.username, 'cand_bob', 'the cookie authenticates');
});

test('createCompany: FORBIDDEN for a candidate, works for staff', async () => {
  const M = q(`mutation C($n: String!, $k: Int) { createCompany(name: $n, problemsPerInterview: $k) {
    company { id name problemsPerInterview } } }`);
  const c = await gql(M, { n: 'Initech', k: 2 }, { token: S.bob });
  assert.equal(code(c), 'FORBIDDEN');
  assert.deepEqual(c.body.errors[0].path, ['createCompany']);
  assert.equal(c.body.data.createCompany, null);
  assert.equal(sql("SELECT count(*) FROM interview.company WHERE name = 'Initech'"), '0');
  const s = await gql(M, { n: 'Initech', k: 2 }, { token: S.alice });
  assert.equal(s.body.errors, undefined, JSON.stringify(s.body));
  assert.equal(s.body.data.createCompany.company.name, 'Initech');
  assert.equal(s.body.data.createCompany.company.problemsPerInterview, 2);
  S.company = s.body.data.createCompany.company.id;
  assert.equal(sql(`SELECT name FROM interview.company WHERE id = ${Number(S.company)}`), 'Initech');
});

test('createStaff: FORBIDDEN for a candidate, UNAUTHENTICATED without a session, works for staff', async () => {
  const M = q(`mutation S($u: String!, $p: String!) { createStaff(username: $u, password: $p) {
    user { id username isStaff } } }`);
  const c = await gql(M, { u: 'staff_carol', p: 'carol-password-1' }, { token: S.bob });
  assert.equal(code(c), 'FORBIDDEN');
  assert.deepEqual(c.body.errors[0].path, ['createStaff']);
  assert.equal(c.body.data.createStaff, null);
  const promote = await gql(M, { u: 'cand_bob', p: 'bob-password-1' }, { token: S.bob });
  assert.equal(code(promote), 'FORBIDDEN', 'a candidate cannot promote itself');
  const anon = await gql(M, { u: 'staff_carol', p: 'carol-password-1' });
  assert.equal(code(anon), 'UNAUTHENTICATED');
  assert.equal(sql("SELECT count(*) FROM interview.account WHERE username = 'staff_carol'"), '0');
  assert.equal(sql("SELECT is_staff FROM interview.account WHERE username = 'cand_bob'"), 'f');
  const s = await gql(M, { u: 'staff_carol', p: 'carol-password-1' }, { token: S.alice });
  assert.equal(s.body.errors, undefined, JSON.stringify(s.body));
  assert.equal(s.body.data.createStaff.user.username, 'staff_carol');
  assert.equal(s.body.data.createStaff.user.isStaff, true);
  const l = await gql(LOGIN, { u: 'staff_carol', p: 'carol-password-1' });
  assert.equal(l.body.data.login.user.isStaff, true, 'the new account logs in as staff');
  const all = await gql(q('{ allUsers { username } }'), undefined, { token: l.body.data.login.token });
  assert.equal(all.body.errors, undefined, 'the new staff account reads staff-only lists');
  const short = await gql(M, { u: 'staff_dan', p: 'short' }, { token: S.alice });
  assert.equal(code(short), 'BAD_USER_INPUT');
  assert.equal(short.body.errors[0].message, 'password must be 8 to 128 characters');
  const evil = await gql(M, { u: "x'); DROP TABLE interview.account; --", p: 'evil-password-1' }, { token: S.alice });
  assert.equal(code(evil), 'BAD_USER_INPUT');
  assert.equal(sql('SELECT count(*) > 0 FROM interview.account'), 't');
  // the later tests count the accounts: this one goes again
  sql(`DELETE FROM interview.auth_session WHERE account_id = (SELECT id FROM interview.account WHERE username = 'staff_carol');
       DELETE FROM interview.account WHERE username = 'staff_carol'`);
});

test('error messages state the rule and never carry the code', async () => {
  const cases = [
    [{ u: 'cand_pw', p: 'short' }, 'password must be 8 to 128 characters'],
    [{ u: 'bad name', p: 'long-enough-1' }, 'username may hold letters, digits and _.@+- only'],
    [{ u: 'x'.repeat(151), p: 'long-enough-1' }, 'username must be 1 to 150 characters'],
  ];
  for (const [v, message] of cases) {
    const r = await gql(REGISTER, v);
    assert.equal(code(r), 'BAD_USER_INPUT');
    assert.equal(r.body.errors[0].message, message);
  }
  const bad = await gql(LOGIN, { u: 'cand_bob', p: 'wrong-password' });
  for (const r of [bad]) {
    for (const e of r.body.errors) {
      assert.doesNotMatch(e.message, /[A-Z]{3,}|\(|IV0/, `no code in "${e.message}"`);
    }
  }
});

test('allCompanies works for candidates and staff', async () => {
  const A = q('{ allCompanies { id name } }');
  for (const token of [S.bob, S.alice]) {
    const r = await gql(A, undefined, { token });
    assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
    assert.deepEqual(r.body.data.allCompanies.map((c) => c.name), ['Initech']);
  }
});

test('createProblem, addTestCase, assignProblem, then allProblems { id }', async () => {
  const P = q(`mutation P($t: String!, $x: String, $d: Int) { createProblem(title: $t, text: $x, duration: $d) {
    problem { id title duration } } }`);
  const T = q(`mutation T($p: ID!, $i: String!, $o: String!, $s: Boolean) {
    addTestCase(problemId: $p, input: $i, expectedOutput: $o, isSample: $s) { testCase { id ordinal isSample } } }`);
  const A = q(`mutation A($c: ID!, $p: ID!) { assignProblem(companyId: $c, problemId: $p) {
    ok company { name } problem { title } } }`);
  S.problems = [];
  for (const title of ['Two Sum', 'Reverse', 'FizzBuzz']) {
    const r = await gql(P, { t: title, x: `Solve ${title}.`, d: 1800 }, { token: S.alice });
    assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
    assert.equal(r.body.data.createProblem.problem.title, title);
    assert.equal(r.body.data.createProblem.problem.duration, 1800);
    const id = r.body.data.createProblem.problem.id;
    S.problems.push(id);
    const s = await gql(T, { p: id, i: '1\n', o: '1\n', s: true }, { token: S.alice });
    assert.equal(s.body.errors, undefined, JSON.stringify(s.body));
    assert.deepEqual(s.body.data.addTestCase.testCase.isSample, true);
    const h = await gql(T, { p: id, i: 'secret-in\n', o: 'secret-out\n' }, { token: S.alice });
    assert.equal(h.body.data.addTestCase.testCase.isSample, false);
    const a = await gql(A, { c: S.company, p: id }, { token: S.alice });
    assert.equal(a.body.errors, undefined, JSON.stringify(a.body));
    assert.deepEqual(a.body.data.assignProblem, { ok: true, company: { name: 'Initech' }, problem: { title } });
  }
  const cand = await gql(T, { p: S.problems[0], i: 'x', o: 'y' }, { token: S.bob });
  assert.equal(code(cand), 'FORBIDDEN');
  const all = await gql(q('{ allProblems { id } }'), undefined, { token: S.alice });
  assert.deepEqual(all.body.data.allProblems.map((p) => p.id), S.problems);
  const forbidden = await gql(q('{ allProblems { id } }'), undefined, { token: S.bob });
  assert.equal(code(forbidden), 'FORBIDDEN');
  assert.deepEqual(forbidden.body.errors[0].path, ['allProblems']);
  assert.equal(forbidden.body.data, null, 'a non-null field error nulls the data');
  const users = await gql(q('{ allUsers { username } }'), undefined, { token: S.bob });
  assert.equal(code(users), 'FORBIDDEN');
  const staffUsers = await gql(q('{ allUsers { username } }'), undefined, { token: S.alice });
  assert.deepEqual(staffUsers.body.data.allUsers.map((u) => u.username).sort(), ['cand_bob', 'staff_alice']);
});

test('startInterview twice, currentInterview, the nested query, interview($interview_id)', async () => {
  const START = q('mutation S($c: ID) { startInterview(companyId: $c) { id interview { id company { name } } } }');
  const r = await gql(START, { c: S.company }, { token: S.bob });
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
  S.interview = r.body.data.startInterview.id;
  assert.equal(r.body.data.startInterview.interview.id, S.interview);
  assert.equal(r.body.data.startInterview.interview.company.name, 'Initech');
  const again = await gql(START, { c: S.company }, { token: S.bob });
  assert.equal(code(again), 'ANOTHER_INTERVIEW_ONGOING');
  assert.deepEqual(again.body.data, { startInterview: null });
  const cur = await gql(q('{ currentInterview { id } }'), undefined, { token: S.bob });
  assert.deepEqual(cur.body, { data: { currentInterview: { id: S.interview } } });
  const n = await gql(NESTED, undefined, { token: S.bob });
  assert.equal(n.body.errors, undefined, JSON.stringify(n.body));
  const ci = n.body.data.currentInterview;
  assert.equal(ci.user.username, 'cand_bob');
  assert.match(ci.startTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/);
  assert.match(ci.expiredTime, /^\d{4}-\d\d-\d\dT/);
  assert.ok(Date.parse(ci.expiredTime) > Date.parse(ci.startTime));
  assert.equal(ci.finishedTime, null);
  assert.equal(ci.taskSet.length, 2, 'problemsPerInterview tasks');
  for (const t of ci.taskSet) {
    assert.deepEqual(t.submissionSet, []);
    assert.match(t.problem.title, /^(Two Sum|Reverse|FizzBuzz)$/);
    assert.equal(t.problem.text, `Solve ${t.problem.title}.`);
  }
  S.task = ci.taskSet[0].id;
  const byId = await gql(q('query I($interview_id: ID!) { interview(id: $interview_id) { id user { id } } }'),
    { interview_id: S.interview }, { token: S.bob });
  assert.deepEqual(byId.body.data.interview, { id: S.interview, user: { id: S.bobId } });
});

test('candidates see sample test cases only', async () => {
  const r = await gql(q(`{ currentInterview { taskSet { problem { testcaseSet { input expectedOutput isSample } } } } }`),
    undefined, { token: S.bob });
  const cases = r.body.data.currentInterview.taskSet.flatMap((t) => t.problem.testcaseSet);
  assert.equal(cases.length, 2);
  assert.ok(cases.every((c) => c.isSample && c.input === '1\n'));
  const staff = await gql(q('query P($id: ID!) { problem(id: $id) { testcaseSet { isSample } } }'),
    { id: S.problems[0] }, { token: S.alice });
  assert.equal(staff.body.data.problem.testcaseSet.length, 2);
});

test('submitTask, then the submission status', async () => {
  const M = q(`mutation Sub($t: ID!, $l: String!, $c: String!) { submitTask(taskId: $t, language: $l, code: $c) {
    submission { id status judgement language code task { id } } } }`);
  const r = await gql(M, { t: S.task, l: 'python3', c: 'print(1)\n' }, { token: S.bob });
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
  const sub = r.body.data.submitTask.submission;
  assert.equal(sub.status, 'QUEUED');
  assert.equal(sub.judgement, null);
  assert.equal(sub.task.id, S.task);
  S.submission = sub.id;
  const s = await gql(q('query St($id: ID!) { submission(id: $id) { id status code submittedAt } }'),
    { id: S.submission }, { token: S.bob });
  assert.equal(s.body.data.submission.status, 'QUEUED');
  assert.equal(s.body.data.submission.code, 'print(1)\n');
  const lang = await gql(M, { t: S.task, l: 'cobol', c: 'x' }, { token: S.bob });
  assert.equal(code(lang), 'UNKNOWN_LANGUAGE');
  const empty = await gql(M, { t: S.task, l: 'c', c: '' }, { token: S.bob });
  assert.equal(code(empty), 'INVALID_CODE');
  const n = await gql(NESTED, undefined, { token: S.bob });
  const t = n.body.data.currentInterview.taskSet.find((x) => x.id === S.task);
  assert.deepEqual(t.submissionSet, [{ code: 'print(1)\n' }]);
});

test('judged submissions, test results, languages, code templates, durations', async () => {
  const sid = Number(S.submission);
  // As report_verdict leaves it: test 1 (a sample) took 5 ms, hidden test 2
  // 10 ms, shown to the candidate as 200 ms (a tenth of the 2000 ms limit).
  sql(`UPDATE interview.submission SET status = 'judged', verdict = 'WA', failed_at = 2, failed_output = 'oops',
         time_ms = 12, memory_kb = 3400, hidden_time_ms = 200, hidden_memory_kb = 26215,
         shown_time_ms = 200, shown_memory_kb = 26215, passed = 1, total = 2,
         judged_at = now() WHERE id = ${sid}`);
  sql(`INSERT INTO interview.test_result (submission_id, test_case_id, ordinal, verdict, time_ms, memory_kb, detail, actual_output)
       SELECT ${sid}, tc.id, tc.ordinal, CASE WHEN tc.ordinal = 1 THEN 'AC' ELSE 'WA' END, 5 * tc.ordinal, 1000,
              'exit ' || tc.ordinal, 'out ' || tc.ordinal
       FROM interview.test_case tc JOIN interview.task t ON t.problem_id = tc.problem_id WHERE t.id = ${Number(S.task)}`);
  const r = await gql(q(`query J($id: ID!) { submission(id: $id) { status judgement failedAt failedOutput timeMs memoryKb judgedAt
    passed total testResults { ordinal verdict timeMs memoryKb } } languages { id name } }`), { id: S.submission }, { token: S.bob });
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
  const sub = r.body.data.submission;
  assert.equal(sub.status, 'JUDGED');
  assert.equal(sub.judgement, 'WA');
  assert.equal(sub.failedAt, 2);
  // Test 2 is hidden: its output is the staff's to see, never the candidate's
  // (a program that echoes its input would reveal the hidden case).
  assert.equal(sub.failedOutput, null);
  const FO = q('query F($id: ID!) { submission(id: $id) { failedOutput } }');
  const staffView = await gql(FO, { id: S.submission }, { token: S.alice });
  assert.equal(staffView.body.data.submission.failedOutput, 'oops');
  sql(`UPDATE interview.submission SET failed_at = 1 WHERE id = ${sid}`);
  const sampleView = await gql(FO, { id: S.submission }, { token: S.bob });
  assert.equal(sampleView.body.data.submission.failedOutput, 'oops', 'a failing sample test shows its output');
  sql(`UPDATE interview.submission SET failed_at = 2 WHERE id = ${sid}`);
  // Hidden tests' figures are coarse for their owner, exact for staff.
  assert.deepEqual([sub.timeMs, sub.memoryKb, sub.passed, sub.total], [200, 26215, 1, 2]);
  assert.match(sub.judgedAt, /^\d{4}-/);
  assert.deepEqual(sub.testResults, [
    { ordinal: 1, verdict: 'AC', timeMs: 5, memoryKb: 1000 },
    { ordinal: 2, verdict: 'WA', timeMs: 200, memoryKb: 26215 }]);
  const TR = q(`query R($id: ID!) { submission(id: $id) { timeMs memoryKb
    testResults { ordinal isSample input expectedOutput actualOutput detail timeMs } } }`);
  const mine = (await gql(TR, { id: S.submission }, { token: S.bob })).body.data.submission;
  assert.deepEqual(mine.testResults.map((t) => [t.isSample, t.input !== null, t.actualOutput, t.detail]),
    [[true, true, 'out 1', 'exit 1'], [false, false, null, null]], 'hidden tests show the verdict only');
  const staffR = (await gql(TR, { id: S.submission }, { token: S.alice })).body.data.submission;
  assert.deepEqual([staffR.timeMs, staffR.memoryKb], [12, 3400]);
  assert.deepEqual(staffR.testResults.map((t) => [t.actualOutput, t.detail, t.timeMs]),
    [['out 1', 'exit 1', 5], ['out 2', 'exit 2', 10]], 'staff see every figure of every test');
  assert.deepEqual(r.body.data.languages.map((l) => l.id), ['c', 'cpp', 'javascript', 'python3']);
  const T = q(`mutation T($p: ID!) { setCodeTemplate(problemId: $p, language: "c", code: "int main(void) {}") {
    problem { c: codeTemplate(language: "c") py: codeTemplate(language: "python3") none: codeTemplate duration timeLimitMs memoryLimitKb } } }`);
  const t = await gql(T, { p: S.problems[0] }, { token: S.alice });
  assert.equal(t.body.errors, undefined, JSON.stringify(t.body));
  assert.deepEqual(t.body.data.setCodeTemplate.problem,
    { c: 'int main(void) {}', py: null, none: null, duration: 1800, timeLimitMs: 2000, memoryLimitKb: 262144 });
});

test('setChecker and setStopAtFirstFailure: staff only, invalid checkers refused with INVALID_CHECKER', async () => {
  const C = q(`mutation C($p: ID!, $k: String!, $c: String, $l: String) {
    setChecker(problemId: $p, checker: $k, checkerCode: $c, checkerLanguage: $l) { problem { id checker } } }`);
  const mine = await gql(q('{ currentInterview { taskSet { problem { id } } } }'), undefined, { token: S.bob });
  const P = mine.body.data.currentInterview.taskSet[0].problem.id;
  const ok = await gql(C, { p: P, k: 'float:1e-6' }, { token: S.alice });
  assert.equal(ok.body.errors, undefined, JSON.stringify(ok.body));
  assert.deepEqual(ok.body.data.setChecker.problem, { id: P, checker: 'float:1e-6' });
  const bad = await gql(C, { p: P, k: "tokens'; DROP TABLE interview.problem; --" }, { token: S.alice });
  assert.equal(code(bad), 'INVALID_CHECKER');
  const noCode = await gql(C, { p: P, k: 'custom' }, { token: S.alice });
  assert.equal(code(noCode), 'INVALID_CHECKER');
  const cand = await gql(C, { p: P, k: 'tokens' }, { token: S.bob });
  assert.equal(code(cand), 'FORBIDDEN');
  const custom = await gql(C, { p: P, k: 'custom', c: 'raise SystemExit(0)', l: 'python3' }, { token: S.alice });
  assert.equal(custom.body.data.setChecker.problem.checker, 'custom');
  const seen = await gql(q('query P($id: ID!) { problem(id: $id) { checker stopAtFirstFailure } }'),
    { id: P }, { token: S.bob });
  assert.deepEqual(seen.body.data.problem, { checker: 'custom', stopAtFirstFailure: false },
    'a candidate sees the kind of checker, never its code');
  const stop = await gql(q(`mutation St($p: ID!) { setStopAtFirstFailure(problemId: $p, stop: true) {
    problem { stopAtFirstFailure } } }`), { p: P }, { token: S.alice });
  assert.equal(stop.body.data.setStopAtFirstFailure.problem.stopAtFirstFailure, true);
  await gql(C, { p: P, k: 'exact' }, { token: S.alice });
  await gql(q('mutation St($p: ID!) { setStopAtFirstFailure(problemId: $p, stop: false) { problem { id } } }'),
    { p: P }, { token: S.alice });
});

test('setSignature, Problem.signature, the generated codeTemplate, test cases and runCode input checked against it', async () => {
  const P = q(`mutation FP($t: String!) { createProblem(title: $t) { problem { id signature } } }`);
  const p = await gql(P, { t: 'Function Two Sum' }, { token: S.alice });
  assert.equal(p.body.errors, undefined, JSON.stringify(p.body));
  assert.equal(p.body.data.createProblem.problem.signature, null);
  const id = p.body.data.createProblem.problem.id;
  const SIG = q(`mutation SS($p: ID!, $s: String) { setSignature(problemId: $p, signature: $s) {
    problem { signature py: codeTemplate(language: "python3") c: codeTemplate(language: "c") } } }`);
  const sig = '{"function": "twoSum", "params": [{"name": "nums", "type": "int[]"}, {"name": "target", "type": "int"}], "returns": "int[]"}';
  assert.equal(code(await gql(SIG, { p: id, s: sig }, { token: S.bob })), 'FORBIDDEN');
  const bad = await gql(SIG, { p: id, s: '{"function": "two sum", "params": [], "returns": "int"}' }, { token: S.alice });
  assert.equal(code(bad), 'INVALID_SIGNATURE');
  assert.equal(bad.body.errors[0].message, 'invalid signature');
  assert.equal(code(await gql(SIG, { p: id, s: '{not json' }, { token: S.alice })), 'BAD_USER_INPUT');
  sql(`SELECT interview.set_language_driver('python3', '{"starter": "class Solution:\\n    def {{function}}(self{{,params}}) -> {{returns}}:\\n        ", "param.int[]": "{{name}}: List[int]", "param.int": "{{name}}: int", "return.int[]": "List[int]"}')`);
  const ok = await gql(SIG, { p: id, s: sig }, { token: S.alice });
  assert.equal(ok.body.errors, undefined, JSON.stringify(ok.body));
  assert.deepEqual(JSON.parse(ok.body.data.setSignature.problem.signature), JSON.parse(sig));
  assert.equal(ok.body.data.setSignature.problem.py,
    'class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        ');
  assert.equal(ok.body.data.setSignature.problem.c, null, 'no driver registered for c: no starter');
  const T = q(`mutation FT($p: ID!, $i: String!, $o: String!) {
    addTestCase(problemId: $p, input: $i, expectedOutput: $o) { testCase { ordinal input } } }`);
  const wrong = await gql(T, { p: id, i: '[[2, 7], "9"]', o: '[0, 1]' }, { token: S.alice });
  assert.equal(code(wrong), 'BAD_USER_INPUT');
  assert.equal(wrong.body.errors[0].message, 'test input does not match the signature');
  const right = await gql(T, { p: id, i: '[[2, 7], 9]', o: '[0, 1]' }, { token: S.alice });
  assert.deepEqual(right.body.data.addTestCase.testCase, { ordinal: 1, input: '[[2, 7], 9]' });
  // runCode on a function problem: the input is the argument list, checked against the signature
  const co = await gql(q(`mutation FC($n: String!) { createCompany(name: $n, problemsPerInterview: 1) { company { id } } }`),
    { n: 'Function Co' }, { token: S.alice });
  const coId = co.body.data.createCompany.company.id;
  await gql(q('mutation FA($c: ID!, $p: ID!) { assignProblem(companyId: $c, problemId: $p) { ok } }'),
    { c: coId, p: id }, { token: S.alice });
  const fn = (await gql(REGISTER, { u: 'cand_fn', p: 'fn-password-1' })).body.data.register.token;
  const st = await gql(q('mutation FS($c: ID) { startInterview(companyId: $c) { interview { taskSet { id } } } }'),
    { c: coId }, { token: fn });
  assert.equal(st.body.errors, undefined, JSON.stringify(st.body));
  const task = st.body.data.startInterview.interview.taskSet[0].id;
  const RUN = q(`mutation FR($t: ID!, $i: String!) {
    runCode(taskId: $t, language: "python3", code: "class Solution: pass", input: $i) { run { id status input result } } }`);
  const notArgs = await gql(RUN, { t: task, i: '2 7\n9' }, { token: fn });
  assert.equal(code(notArgs), 'BAD_USER_INPUT');
  assert.equal(notArgs.body.errors[0].message, 'run input is not valid JSON');
  const badArgs = await gql(RUN, { t: task, i: '[[2, 7], "9"]' }, { token: fn });
  assert.equal(code(badArgs), 'BAD_USER_INPUT');
  assert.equal(badArgs.body.errors[0].message, 'run input does not match the signature');
  const queued = await gql(RUN, { t: task, i: '[[2, 7], 9]' }, { token: fn });
  assert.equal(queued.body.errors, undefined, JSON.stringify(queued.body));
  const run = queued.body.data.runCode.run;
  assert.deepEqual([run.status, run.input, run.result], ['QUEUED', '[[2, 7], 9]', null]);
  sql(`DELETE FROM interview.auth_session WHERE account_id = (SELECT id FROM interview.account WHERE username = 'cand_fn');
       DELETE FROM interview.account WHERE username = 'cand_fn';
       DELETE FROM interview.problem_set WHERE company_id = ${Number(coId)};
       DELETE FROM interview.company WHERE id = ${Number(coId)}`);
  const off = await gql(SIG, { p: id, s: null }, { token: S.alice });
  assert.deepEqual(off.body.data.setSignature.problem, { signature: null, py: null, c: null });
});

test("another user's ids give null or an error, never their data", async () => {
  const r = await gql(REGISTER, { u: 'cand_eve', p: 'eve-password-1' });
  S.eve = r.body.data.register.token;
  const i = await gql(q('query I($id: ID!) { interview(id: $id) { id user { username } } }'), { id: S.interview }, { token: S.eve });
  assert.deepEqual(i.body, { data: { interview: null } });
  const s = await gql(q('query S($id: ID!) { submission(id: $id) { code } }'), { id: S.submission }, { token: S.eve });
  assert.deepEqual(s.body, { data: { submission: null } });
  const p = await gql(q('query P($id: ID!) { problem(id: $id) { title } }'), { id: S.problems[0] }, { token: S.eve });
  assert.deepEqual(p.body, { data: { problem: null } });
  const start = await gql(q('mutation { startInterview { id } }'), undefined, { token: S.eve });
  assert.equal(start.body.errors, undefined, JSON.stringify(start.body));
  const sub = await gql(q('mutation X($t: ID!) { submitTask(taskId: $t, language: "c", code: "int main(){}") { submission { id } } }'),
    { t: S.task }, { token: S.eve });
  assert.equal(code(sub), 'NOT_YOUR_TASK');
  assert.equal(JSON.stringify(sub.body).includes('print(1)'), false);
  const mine = await gql(q('{ myInterviews { id } allCompanies { name } currentUser { username interviewSet { id } } }'), undefined, { token: S.eve });
  assert.equal(mine.body.data.myInterviews.length, 1);
  assert.notEqual(mine.body.data.myInterviews[0].id, S.interview);
  assert.equal(mine.body.data.currentUser.username, 'cand_eve');
});

test('finishInterview twice, then currentInterview is null', async () => {
  const F = q('mutation { finishInterview { id interview { finishedTime } } }');
  const a = await gql(F, undefined, { token: S.bob });
  assert.equal(a.body.errors, undefined, JSON.stringify(a.body));
  assert.equal(a.body.data.finishInterview.id, S.interview);
  assert.match(a.body.data.finishInterview.interview.finishedTime, /^\d{4}-/);
  const b = await gql(F, undefined, { token: S.bob });
  assert.equal(code(b), 'NO_INTERVIEW_ONGOING');
  const c = await gql(q('{ currentInterview { id } }'), undefined, { token: S.bob });
  assert.deepEqual(c.body, { data: { currentInterview: null } });
});

test('aliases, fragments, inline fragments, @skip/@include, __typename, limit/offset', async () => {
  const doc = q(`query F($yes: Boolean!, $no: Boolean!) {
    a: allCompanies { ...C }
    b: allCompanies(limit: 1, offset: 0) { ... on Company { id } __typename }
    c: allCompanies(offset: 1) { id }
    me: currentUser { username @include(if: $yes) email @skip(if: $yes) isStaff @include(if: $no) }
  }
  fragment C on Company { name ...on Node { id } }`);
  const r = await gql(doc, { yes: true, no: false }, { token: S.bob });
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body.data), ['a', 'b', 'c', 'me']);
  assert.deepEqual(r.body.data.a, [{ name: 'Initech', id: S.company }]);
  assert.deepEqual(r.body.data.b, [{ id: S.company, __typename: 'Company' }]);
  assert.deepEqual(r.body.data.c, []);
  assert.deepEqual(r.body.data.me, { username: 'cand_bob' });
  const r2 = await gql(doc, { yes: false, no: true }, { token: S.bob });
  assert.deepEqual(r2.body.data.me, { email: '', isStaff: false });
  const big = await gql(q('{ allCompanies(limit: 5000) { id } }'), undefined, { token: S.bob });
  assert.equal(code(big), 'BAD_USER_INPUT');
  const neg = await gql(q('{ allCompanies(offset: -1) { id } }'), undefined, { token: S.bob });
  assert.equal(code(neg), 'BAD_USER_INPUT');
});

test('SQL injection strings in every argument kind are plain values', async () => {
  const evil = ["x'); DROP TABLE interview.company; --", "' OR '1'='1", '$1', "\\'; SELECT pg_sleep(5); --", '"; DELETE FROM interview.account; --'];
  const M = q('mutation C($n: String!) { createCompany(name: $n) { company { name } } }');
  for (const name of evil) {
    const r = await gql(M, { n: name }, { token: S.alice });
    assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
    assert.equal(r.body.data.createCompany.company.name, name);
    // the same as a literal in the document
    const lit = await gql(`{ a: allCompanies(limit: 1000) { name } }`, undefined, { token: S.alice });
    assert.ok(lit.body.data.a.some((c) => c.name === name));
  }
  const literal = q(`mutation { createCompany(name: ${JSON.stringify("lit'); DROP TABLE interview.problem; --")}) { company { name } } }`);
  const l = await gql(literal, undefined, { token: S.alice });
  assert.equal(l.body.data.createCompany.company.name, "lit'); DROP TABLE interview.problem; --");
  // IDs: strings that are not integers are input errors, never SQL
  for (const id of ['1 OR 1=1', "1'; DROP TABLE interview.task; --", '1)', '-0x1']) {
    const r = await gql(q('query I($id: ID!) { interview(id: $id) { id } }'), { id }, { token: S.bob });
    assert.equal(code(r), 'BAD_USER_INPUT', JSON.stringify(r.body));
    assert.equal(r.body.data, null);
  }
  const lid = await gql(`{ interview(id: "1 OR 1=1") { id } }`, undefined, { token: S.bob });
  assert.equal(code(lid), 'BAD_USER_INPUT');
  // Int, Boolean: typed by the validator; a string there is a validation error
  const wrongInt = await gql(`{ allCompanies(limit: "1; DROP TABLE interview.company") { id } }`, undefined, { token: S.bob });
  assert.equal(code(wrongInt), 'GRAPHQL_VALIDATION_FAILED');
  const wrongBool = await gql(`mutation { addTestCase(problemId: 1, input: "", expectedOutput: "", isSample: "true OR 1=1") { testCase { id } } }`, undefined, { token: S.alice });
  assert.equal(code(wrongBool), 'GRAPHQL_VALIDATION_FAILED');
  // operation names and aliases are never SQL either
  const op = await gql('query X { a: __typename }', undefined, { token: S.bob, operationName: "X'; DROP TABLE x; --" });
  assert.equal(code(op), 'OPERATION_RESOLUTION_FAILURE');
  // the tables are all still there
  assert.equal(sql(`SELECT count(*) FROM pg_tables WHERE schemaname = 'interview'
    AND tablename IN ('account', 'company', 'problem', 'task', 'interview', 'submission')`), '6');
  assert.equal(sql("SELECT count(*) FROM interview.account"), '3');
});

test('hostile documents: invalid UTF-8, nesting, size, cycles, unknown fields, variables', async () => {
  const raw = Buffer.concat([Buffer.from('{"query":"{ __typename '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(' }"}')]);
  let res = await fetch(GQL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
  assert.equal(res.status, 400);
  const deep = '{ currentUser { ' + 'interviewSet { user { '.repeat(40) + 'id' + ' } }'.repeat(40) + ' } }';
  let r = await gql(deep, undefined, { token: S.bob, accept: 'application/graphql-response+json' });
  assert.equal(r.status, 400);
  assert.equal(r.body.data, undefined);
  const nest = '{'.repeat(5000) + '}'.repeat(5000);
  r = await gql(nest, undefined, { token: S.bob, accept: 'application/graphql-response+json' });
  assert.equal(r.status, 400);
  assert.equal(code(r), 'GRAPHQL_PARSE_FAILED');
  const huge = `{ __typename ${'#'.repeat(2 * 1024 * 1024)}\n }`;
  res = await fetch(GQL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: huge }) });
  assert.equal(res.status, 413);
  const cyc = await gql('query { currentUser { ...A } } fragment A on User { ...B } fragment B on User { ...A }', undefined, { token: S.bob });
  assert.equal(code(cyc), 'GRAPHQL_VALIDATION_FAILED');
  assert.equal(cyc.body.data, undefined);
  const unk = await gql('{ currentUser { password_hash } }', undefined, { token: S.bob });
  assert.equal(code(unk), 'GRAPHQL_VALIDATION_FAILED');
  const wrongVar = await gql('query I($id: ID!) { interview(id: $id) { id } }', { id: { $gt: 1 } }, { token: S.bob, accept: 'application/graphql-response+json' });
  assert.equal(wrongVar.status, 400);
  assert.equal(code(wrongVar), 'BAD_USER_INPUT');
  const missing = await gql('query I($id: ID!) { interview(id: $id) { id } }', {}, { token: S.bob });
  assert.equal(missing.status, 200);
  assert.equal(code(missing), 'BAD_USER_INPUT');
  const nul = await gql(q('mutation C($n: String!) { createCompany(name: $n) { company { name } } }'), { n: 'a\u0000b' }, { token: S.alice });
  assert.equal(code(nul), 'BAD_USER_INPUT');
  const sub = await gql('subscription { currentUser { id } }', undefined, { token: S.bob });
  assert.ok(sub.body.errors.length > 0);
  // 6,000 string arguments in 900 KB: each string's buffer is sized by the
  // string (sized by the rest of the document, this took 2.7 GB)
  const peak = () => Number(readFileSync(`/proc/${process.env.PROXY_PID}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB$/m)[1]);
  const before = peak();
  const strs = `{ currentUser { ${Array.from({ length: 6000 }, (_, i) => `a${i}: id @skip(if: "${'x'.repeat(130)}")`).join(' ')} } }`;
  r = await gql(strs, undefined, { token: S.bob, accept: 'application/graphql-response+json' });
  assert.equal(r.status, 400);
  assert.ok(peak() - before < 256 * 1024, `peak memory grew by ${peak() - before} kB`);
  assert.equal((await gql('{ __typename }', undefined, { token: S.bob })).body.data.__typename, 'Query');
});

test('the same number of SQL statements per request at depth 1 and depth 6', async () => {
  const shallow = q('{ currentUser { id } }');
  const deep = q(`{ currentUser { interviewSet { taskSet { submissionSet { task { problem { title } } } } } } }`);
  const counts = [];
  for (const doc of [shallow, deep]) {
    sql('SELECT pg_stat_statements_reset()');
    for (let i = 0; i < 10; i++) {
      const r = await gql(doc, undefined, { token: S.bob });
      assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
    }
    const n = sql(`SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = current_database() AND s.userid <> (SELECT oid FROM pg_roles WHERE rolname = current_user)`);
    counts.push(Number(n));
  }
  assert.equal(counts[0], counts[1], `depth 1: ${counts[0]}, depth 6: ${counts[1]} statements`);
  assert.equal(counts[0], 20, 'authenticate + one statement per request');
  const d = await gql(deep, undefined, { token: S.bob });
  assert.equal(d.body.data.currentUser.interviewSet[0].taskSet.length, 2);
});

test('the proxy runs its statements without JIT compilation', async () => {
  // run.sh sets jit_above_cost = 0 for the proxy's login role: only the
  // proxy's own SET jit = off keeps the wide compiled statements from being
  // JIT-compiled (0.5 - 1 s each for the candidate page's interview query).
  assert.equal(sql('SELECT pg_jit_available()'), 't', 'the server can JIT-compile');
  const wide = q(`{ currentUser { interviewSet { taskSet { problem { title
    ${Array.from({ length: 16 }, (_, i) => `t${i}: codeTemplate(language: "c")`).join(' ')}
    testcaseSet { input } } submissionSet { code } } } } }`);
  sql('SELECT pg_stat_statements_reset()');
  const r = await gql(wide, undefined, { token: S.bob });
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body));
  const row = sql(`SELECT coalesce(sum(calls), 0) || ' ' || coalesce(sum(jit_functions), 0) FROM pg_stat_statements s
    JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname = current_database() AND s.userid <> (SELECT oid FROM pg_roles WHERE rolname = current_user)`);
  const [calls, jitted] = row.split(' ').map(Number);
  assert.ok(calls >= 2, `the proxy's statements are counted (${calls})`);
  assert.equal(jitted, 0, `${jitted} functions JIT-compiled`);
});

test('graphql-js builds the client schema from introspection and validates every test query', async () => {
  const r = await gql(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true }));
  assert.equal(r.body.errors, undefined, JSON.stringify(r.body.errors));
  const schema = buildClientSchema(r.body.data);
  assert.ok(schema.getQueryType().getFields().currentInterview);
  assert.ok(schema.getMutationType().getFields().submitTask);
  assert.equal(schema.getDirective('table'), undefined, 'mapping directives are hidden');
  for (const doc of usedQueries) {
    const errors = validate(schema, parse(doc));
    assert.deepEqual(errors.map((e) => e.message), [], doc);
  }
});

test('graphql-http server audits pass', async () => {
  const results = await Promise.all(serverAudits({ url: GQL }).map((a) => a.fn()));
  const failed = results.filter((x) => x.status !== 'ok').map((x) => `${x.id} ${x.name}: ${x.reason}`);
  assert.deepEqual(failed, []);
  assert.ok(results.length >= 50);
});

test('GET: queries run, mutations get 405 with Allow', async () => {
  const u = new URL(GQL);
  u.searchParams.set('query', '{ currentUser { username } }');
  let res = await fetch(u, { headers: { authorization: `Bearer ${S.bob}` } });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { data: { currentUser: { username: 'cand_bob' } } });
  u.searchParams.set('query', 'mutation { finishInterview { id } }');
  res = await fetch(u, { headers: { authorization: `Bearer ${S.bob}` } });
  assert.equal(res.status, 405);
  assert.match(res.headers.get('allow'), /POST/);
  res = await fetch(GQL, { method: 'PUT', body: '{}' });
  assert.equal(res.status, 405);
  res = await fetch(GQL, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{__typename}"}' });
  assert.equal(res.status, 415);
});

test('GraphiQL for browsers, from local files', async () => {
  const res = await fetch(GQL, { headers: { accept: 'text/html,application/xhtml+xml' } });
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /graphiql\.min\.js/);
  assert.doesNotMatch(html, /https?:\/\//, 'nothing from a CDN');
  for (const f of ['graphiql.min.js', 'graphiql.min.css', 'react.production.min.js', 'react-dom.production.min.js']) {
    const a = await fetch(`${URL_}/graphiql/${f}`);
    assert.equal(a.status, 200, f);
    assert.ok((await a.arrayBuffer()).byteLength > 1000, f);
  }
});

test("/graphql/ (the original project's path) answers as /graphql does", async () => {
  const post = await fetch(`${URL_}/graphql/`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}',
  });
  assert.equal(post.status, 200);
  assert.deepEqual(await post.json(), { data: { __typename: 'Query' } });
  const get = await fetch(`${URL_}/graphql/?query=${encodeURIComponent('{ __typename }')}`);
  assert.deepEqual(await get.json(), { data: { __typename: 'Query' } });
  const r = await fetch(`${URL_}/graphql/`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${S.alice}` },
    body: JSON.stringify({ query: '{ currentUser { username } }' }),
  });
  assert.deepEqual(await r.json(), { data: { currentUser: { username: 'staff_alice' } } });
  const html = await fetch(`${URL_}/graphql/`, { headers: { accept: 'text/html' } });
  assert.equal(html.status, 200);
  assert.match(await html.text(), /graphiql/i);
  const other = await fetch(`${URL_}/graphqlx`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}',
  });
  assert.equal(other.status, 405, 'only the two paths are the endpoint');
});

test('/favicon.ico is an icon, never a 404', async () => {
  const res = await fetch(`${URL_}/favicon.ico`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/x-icon');
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0, 0, 1, 0], 'an ICO header');
  assert.deepEqual(bytes, new Uint8Array(readFileSync(new globalThis.URL('../../proxy/static/favicon.ico', import.meta.url))),
    'the --static folder\'s icon');
});

test('CORS: configured origins only', async () => {
  let res = await fetch(GQL, { method: 'OPTIONS', headers: { origin: 'http://allowed.example', 'access-control-request-method': 'POST' } });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), 'http://allowed.example');
  assert.match(res.headers.get('access-control-allow-headers'), /Authorization/);
  res = await fetch(GQL, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' });
  assert.equal(res.headers.get('access-control-allow-origin'), null);
});

test('logout clears the cookie and ends the session', async () => {
  const l = await gql(LOGIN, { u: 'cand_bob', p: 'bob-password-1' });
  const tok = l.body.data.login.token;
  const r = await gql(q('mutation { logout }'), undefined, { token: tok });
  assert.deepEqual(r.body, { data: { logout: true } });
  assert.match(r.headers.get('set-cookie'), /iv_session=;.*Max-Age=0/);
  const after = await gql('{ currentUser { id } }', undefined, { token: tok });
  assert.equal(code(after), 'UNAUTHENTICATED');
});

test('introspection beside data, several mutation fields in order, one transaction', async () => {
  const r = await gql(q('{ a: __type(name: "Company") { name } currentUser { username } __typename b: __schema { queryType { name } } }'),
    undefined, { token: S.alice });
  assert.deepEqual(r.body, { data: { a: { name: 'Company' }, currentUser: { username: 'staff_alice' }, __typename: 'Query', b: { queryType: { name: 'Query' } } } });
  const M = q(`mutation Two { x: createCompany(name: "Two A") { company { name } } __typename
    y: createCompany(name: "Two B", problemsPerInterview: 5) { company { name problemsPerInterview } } }`);
  const m = await gql(M, undefined, { token: S.alice });
  assert.deepEqual(m.body, { data: { x: { company: { name: 'Two A' } }, __typename: 'Mutation', y: { company: { name: 'Two B', problemsPerInterview: 5 } } } });
  // the second fails: the first is rolled back with it
  const f = await gql(q('mutation { x: createCompany(name: "Three A") { company { id } } y: createCompany(name: "Three A") { company { id } } }'),
    undefined, { token: S.alice });
  assert.ok(f.body.errors.length === 1);
  assert.deepEqual(f.body.errors[0].path, ['y']);
  assert.equal(sql("SELECT count(*) FROM interview.company WHERE name = 'Three A'"), '0');
});

test('the candidate page at / from --static, nothing outside it', async () => {
  const res = await fetch(`${URL_}/`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html/);
  for (const bad of ['/../Makefile', '/%2e%2e/Makefile', '/static/../../Makefile', '/nonexistent.html']) {
    const r = await fetch(`${URL_}${bad}`);
    assert.equal(r.status, 404, bad);
  }
});

test('/health and /metrics', async () => {
  const h = await fetch(`${URL_}/health`);
  assert.equal(h.status, 200);
  assert.equal((await h.json()).database, 'up');
  const m = await (await fetch(`${URL_}/metrics`)).text();
  assert.match(m, /^interview_proxy_requests_total\{status="200"\} \d+$/m);
  assert.match(m, /^interview_proxy_requests_total\{status="400"\} \d+$/m);
  assert.match(m, /^interview_proxy_request_duration_seconds_bucket\{le="\+Inf"\} \d+$/m);
  assert.match(m, /^interview_proxy_pool_size 4$/m);
  assert.match(m, /^interview_proxy_pool_in_use \d+$/m);
  // the same document twice: compiled once, then served from the cache
  const hits = (text) => Number(text.match(/^interview_proxy_cache_hits_total (\d+)$/m)[1]);
  const before = hits(m);
  await gql('{ languages { id } }', undefined, { token: S.alice });
  await gql('{ languages { id } }', undefined, { token: S.alice });
  const m2 = await (await fetch(`${URL_}/metrics`)).text();
  const after = hits(m2);
  assert.ok(after >= before + 1, `cache hits ${before} -> ${after}`);
  // a document above 256 KiB (here trailing blanks: comments are left out of
  // the cache key, test/abuse) is answered but not cached
  const gauge = (text, name) => Number(text.match(new RegExp(`^interview_proxy_${name} (\\d+)$`, 'm'))[1]);
  const big = `{ languages { id } }${' '.repeat(300 * 1024)}`;
  for (let i = 0; i < 2; i++) {
    const r = await gql(big, undefined, { token: S.alice });
    assert.ok(r.body.data.languages.length > 0, JSON.stringify(r.body).slice(0, 200));
  }
  const m3 = await (await fetch(`${URL_}/metrics`)).text();
  assert.equal(gauge(m3, 'cache_entries'), gauge(m2, 'cache_entries'), 'the big document was not cached');
  assert.equal(hits(m3), after, 'nor served from the cache');
  assert.ok(gauge(m3, 'cache_bytes') > 0 && gauge(m3, 'cache_bytes') < 64 * 1024 * 1024);
});

test('database down: 503 with a GraphQL error, then recovery without a restart', async () => {
  const Q = '{ currentUser { username } }';
  sql(`ALTER DATABASE ${DB} ALLOW_CONNECTIONS false`, 'postgres');
  sql(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '${DB}' AND usename = '${process.env.PROXY_ROLE}'`, 'postgres');
  try {
    const r = await gql(Q, undefined, { token: S.eve });
    assert.equal(r.status, 503);
    assert.equal(code(r), 'SERVICE_UNAVAILABLE');
    assert.equal(typeof r.body.errors[0].message, 'string');
    const h = await fetch(`${URL_}/health`);
    assert.equal(h.status, 503);
  } finally {
    sql(`ALTER DATABASE ${DB} ALLOW_CONNECTIONS true`, 'postgres');
  }
  let ok = null;
  for (let i = 0; i < 30 && !ok; i++) {
    await new Promise((res) => setTimeout(res, 200));
    const r = await gql(Q, undefined, { token: S.eve });
    if (r.status === 200) ok = r;
  }
  assert.ok(ok, 'recovered');
  assert.deepEqual(ok.body, { data: { currentUser: { username: 'cand_eve' } } });
});
