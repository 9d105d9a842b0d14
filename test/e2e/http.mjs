// End to end over HTTP with the real judge and proxy (started by run.sh; E2E_URL):
// the demo candidate logs in, starts an interview at Acme Search, submits a
// wrong C solution (the starter template) and a correct Python one (the bank's
// reference), sees WA and AC with per-test details, finishes; the staff account
// then sees the interview in allInterviews. Speaks TAP.
import { ok, done, bail, bankSlugs, bankFile, bankStdin, client, sleep } from './tap.mjs';

const url = process.env.E2E_URL;
const JUDGE_WAIT_MS = 180000;
const SUBMISSION = 'id status judgement failedAt timeMs testResults { ordinal verdict timeMs memoryKb }';

/* Polls submissions until all are judged or time runs out. */
async function waitJudged(c, ids) {
  const deadline = Date.now() + JUDGE_WAIT_MS;
  let last = {};
  while (Date.now() < deadline) {
    const vars = {};
    const fields = ids.map((id, i) => {
      vars[`s${i}`] = id;
      return `s${i}: submission(id: $s${i}) { ${SUBMISSION} }`;
    });
    const defs = ids.map((_, i) => `$s${i}: ID!`).join(', ');
    const r = await c.post(`query(${defs}) { ${fields.join(' ')} }`, vars);
    last = r.body.data || {};
    if (ids.every((_, i) => last[`s${i}`] && last[`s${i}`].status === 'JUDGED')) break;
    await sleep(500);
  }
  return ids.map((_, i) => last[`s${i}`]);
}

try {
  if (!url) bail('E2E_URL is set by run.sh', 'missing E2E_URL');
  const slugs = bankSlugs();
  const cand = client(url);

  let r = await cand.post(
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { username isStaff } } }',
    { u: 'candidate', p: 'candidate-password' },
  );
  const login = r.body.data && r.body.data.login;
  ok(r.status === 200 && login && /^[0-9a-f]{64}$/.test(login.token) && login.user.username === 'candidate' && !login.user.isStaff,
    'the demo candidate logs in and gets a token', r.body);
  ok(/HttpOnly/i.test(r.headers.get('set-cookie') || ''), 'login sets an HttpOnly session cookie', r.headers.get('set-cookie'));
  cand.token = login.token;

  r = await cand.post('{ allCompanies { id name problemsPerInterview } languages { id name } }');
  const companies = (r.body.data && r.body.data.allCompanies) || [];
  const acme = companies.find((c) => c.name === 'Acme Search');
  ok(acme && companies.some((c) => c.name === 'Globex Logistics'), 'the candidate sees the two demo companies', r.body);
  const langIds = r.body.data ? r.body.data.languages.map((l) => l.id) : [];
  ok(['c', 'cpp', 'javascript', 'python3'].every((id) => langIds.includes(id)),
    'the candidate sees the languages the judge runs (c, cpp, javascript and python3 among them)', r.body);

  r = await cand.post(
    `mutation($c: ID) { startInterview(companyId: $c) { id interview {
       id expiredTime finishedTime company { name }
       taskSet { id problem { title text timeLimitMs codeTemplate(language: "c") testcaseSet { ordinal isSample } } } } } }`,
    { c: acme && acme.id },
  );
  const iv = r.body.data && r.body.data.startInterview && r.body.data.startInterview.interview;
  ok(iv && iv.company.name === 'Acme Search' && iv.taskSet.length === acme.problemsPerInterview && iv.finishedTime === null,
    `the candidate starts an interview at Acme Search with ${acme && acme.problemsPerInterview} tasks`, r.body);
  if (!iv) bail('an interview to work on', JSON.stringify(r.body));
  ok(new Date(iv.expiredTime).getTime() > Date.now() + 60000, 'the interview has a deadline in the future', iv.expiredTime);
  ok(iv.taskSet.every((t) => slugs[t.problem.title] && t.problem.text.length > 100),
    'every task is a bank problem with a statement', iv.taskSet.map((t) => t.problem.title));
  ok(iv.taskSet.every((t) => t.problem.testcaseSet.length === 2 && t.problem.testcaseSet.every((c) => c.isSample)),
    'the candidate sees only the two sample test cases of each task', iv.taskSet.map((t) => t.problem.testcaseSet));

  // a stdin/stdout task (every demo interview has one; function problems have no bank templates)
  const task = iv.taskSet.find((t) => slugs[t.problem.title] && bankStdin(slugs[t.problem.title]));
  if (!task) bail('a stdin/stdout task', JSON.stringify(iv.taskSet.map((t) => t.problem.title)));
  const slug = slugs[task.problem.title];
  ok(task.problem.codeTemplate === bankFile('problems', slug, 'template.c'),
    `the C template of ${task.problem.title} is the bank's`, task.problem.codeTemplate);

  const submit = 'mutation($t: ID!, $l: String!, $c: String!) { submitTask(taskId: $t, language: $l, code: $c) { submission { id status language } } }';
  r = await cand.post(submit, { t: task.id, l: 'c', c: task.problem.codeTemplate });
  const wrong = r.body.data && r.body.data.submitTask && r.body.data.submitTask.submission;
  ok(wrong && wrong.status === 'QUEUED' && wrong.language === 'c', 'a wrong C solution (the template) is queued', r.body);
  r = await cand.post(submit, { t: task.id, l: 'python3', c: bankFile('solutions', slug, 'ref.py') });
  const right = r.body.data && r.body.data.submitTask && r.body.data.submitTask.submission;
  ok(right && right.status === 'QUEUED', 'a correct Python solution is queued', r.body);
  r = await cand.post(submit, { t: task.id, l: 'cobol', c: 'x' });
  ok(r.body.errors && r.body.errors[0].extensions.code === 'UNKNOWN_LANGUAGE', 'an unknown language is refused with UNKNOWN_LANGUAGE', r.body);

  const [w, a] = await waitJudged(cand, [wrong.id, right.id]);
  ok(w && w.status === 'JUDGED' && w.judgement === 'WA' && w.failedAt === 1, 'the C solution is judged WA, failing at test 1', w);
  ok(w && w.testResults.length >= 1 && w.testResults[0].ordinal === 1 && w.testResults[0].verdict === 'WA',
    'its per-test details show test 1 as WA', w && w.testResults);
  ok(a && a.status === 'JUDGED' && a.judgement === 'AC' && a.failedAt === null, 'the Python solution is judged AC', a);
  ok(a && a.testResults.length >= 10 && a.testResults.every((t, i) => t.verdict === 'AC' && t.ordinal === i + 1 && t.timeMs >= 0),
    `its per-test details show all ${a && a.testResults.length} tests AC, in order`, a && a.testResults);

  r = await cand.post('{ allInterviews { id } }');
  ok(r.body.errors && r.body.errors[0].extensions.code === 'FORBIDDEN', 'allInterviews is FORBIDDEN to the candidate', r.body);

  r = await cand.post('mutation { finishInterview { id interview { id finishedTime } } }');
  const fin = r.body.data && r.body.data.finishInterview;
  ok(fin && fin.id === iv.id && fin.interview.finishedTime !== null, 'the candidate finishes the interview', r.body);
  r = await cand.post('{ currentInterview { id } myInterviews { id finishedTime } }');
  ok(r.body.data && r.body.data.currentInterview === null && r.body.data.myInterviews.some((x) => x.id === iv.id && x.finishedTime),
    'no interview is ongoing afterwards; it is among the candidate\'s interviews', r.body);
  r = await cand.post(submit, { t: task.id, l: 'python3', c: 'print(1)' });
  ok(r.body.errors && ['NO_INTERVIEW_ONGOING', 'NOT_YOUR_TASK', 'INTERVIEW_EXPIRED'].includes(r.body.errors[0].extensions.code),
    'submitting after finishing is refused', r.body);

  const staff = client(url);
  r = await staff.post('mutation { login(username: "staff", password: "staff-password") { token user { isStaff } } }');
  ok(r.body.data && r.body.data.login.user.isStaff, 'the demo staff account logs in', r.body);
  staff.token = r.body.data && r.body.data.login.token;
  r = await staff.post('{ allInterviews { id finishedTime user { username } company { name } taskSet { submissionSet { judgement } } } }');
  const seen = r.body.data && r.body.data.allInterviews.find((x) => x.id === iv.id);
  ok(seen && seen.user.username === 'candidate' && seen.company.name === 'Acme Search' && seen.finishedTime,
    'staff sees the finished interview in allInterviews', r.body);
  ok(seen && seen.taskSet.flatMap((t) => t.submissionSet.map((s) => s.judgement)).sort().join(',') === 'AC,WA',
    'with its two submissions judged AC and WA', seen);
} catch (err) {
  ok(false, 'the HTTP flow runs without exceptions', err.stack);
}
done();
