// api.js: what the candidate page asks the API, in one place. The schema
// is probed once at start (introspection) so the page uses fields that other
// parts add (runs, passed/total, sample details, reports) as soon as the
// server has them, and works without them before. No DOM here.
import { gql } from '../lib/gql.js';

/* Which optional parts of the schema the server has. */
export const features = {
  run: false,          // Mutation.runCode, Query.run, Subscription.runFinished
  passed: false,       // Submission.passed / total
  sampleDetail: false, // TestResult.isSample / input / expectedOutput / actualOutput
  report: false,       // Query.interviewReport
  detail: false,       // TestResult.detail (exit code or signal)
};

/* Fills features from introspection. */
export async function probeFeatures() {
  const data = await gql(`query Features {
    s: __type(name: "Submission") { fields { name } }
    t: __type(name: "TestResult") { fields { name } }
    m: __type(name: "Mutation") { fields { name } }
    q: __type(name: "Query") { fields { name } }
  }`);
  const names = (t) => new Set(((t && t.fields) || []).map((f) => f.name));
  const s = names(data.s);
  const t = names(data.t);
  const m = names(data.m);
  const q = names(data.q);
  features.run = m.has('runCode') && q.has('run');
  features.passed = s.has('passed') && s.has('total');
  features.sampleDetail = ['isSample', 'input', 'expectedOutput', 'actualOutput'].every((f) => t.has(f));
  features.report = q.has('interviewReport');
  features.detail = t.has('detail');
}

/* The fields read of every submission. */
export function submissionFields() {
  const tr = `ordinal verdict timeMs memoryKb${features.sampleDetail ? ' isSample input expectedOutput actualOutput' : ''}${features.detail ? ' detail' : ''}`;
  return `id language code status judgement failedAt failedOutput compileOutput timeMs memoryKb submittedAt judgedAt
    ${features.passed ? 'passed total' : ''} testResults { ${tr} }`;
}

/* The fields read of a task's problem. */
const PROBLEM_FIELDS = `id title text timeLimitMs memoryLimitKb
  testcaseSet { ordinal input expectedOutput isSample }`;

/* What the page needs first: the caller, the languages, whether an interview is ongoing. */
export async function start() {
  return gql(`query Start {
    currentUser { id username isStaff }
    languages { id name version }
    currentInterview { id }
  }`);
}

/* The caller, or null. */
export async function me() {
  return (await gql('query Me { currentUser { id username isStaff } }')).currentUser;
}

/* The offered languages. */
export async function languages() {
  return (await gql('query Languages { languages { id name version } }')).languages;
}

/* Logs in or registers; returns { token, user }. */
export async function authenticate(register, username, password) {
  const field = register ? 'register' : 'login';
  const data = await gql(
    `mutation Auth($u: String!, $p: String!) { ${field}(username: $u, password: $p) { token user { id username isStaff } } }`,
    { u: username, p: password },
  );
  return data[field];
}

/* Ends the session. */
export async function logout() {
  await gql('mutation Logout { logout }');
}

/* The companies and the caller's interviews, for the home view. */
export async function home() {
  return gql(`query Home {
    allCompanies { id name problemsPerInterview }
    currentInterview { id }
    myInterviews { id startTime expiredTime finishedTime company { name }
      taskSet { id submissionSet { judgement } } }
  }`);
}

/* Starts an interview; returns its id. */
export async function startInterview(companyId) {
  return (await gql('mutation Start($c: ID) { startInterview(companyId: $c) { id } }', { c: companyId })).startInterview.id;
}

/*
 * The ongoing interview with its tasks and submissions, or null; each
 * problem also carries its starter code in every language (as
 * problem.templates: { id: code }), so switching needs no request.
 */
export async function currentInterview(languageIds) {
  const vars = {};
  const defs = [];
  const fields = [];
  (languageIds || []).forEach((id, i) => {
    vars[`l${i}`] = id;
    defs.push(`$l${i}: String`);
    fields.push(`t${i}: codeTemplate(language: $l${i})`);
  });
  const iv = (await gql(`query CurrentInterview${defs.length ? `(${defs.join(', ')})` : ''} {
    currentInterview { id startTime expiredTime finishedTime company { id name }
      taskSet { id ordinal problem { ${PROBLEM_FIELDS} ${fields.join(' ')} } submissionSet { ${submissionFields()} } } }
  }`, vars)).currentInterview;
  if (!iv) return null;
  for (const task of iv.taskSet) {
    task.problem.templates = {};
    (languageIds || []).forEach((id, i) => {
      task.problem.templates[id] = task.problem[`t${i}`] || '';
      delete task.problem[`t${i}`];
    });
  }
  return iv;
}

/* A problem's starter code in one language ('' when none). */
export async function template(problemId, language) {
  const data = await gql('query Template($p: ID!, $l: String) { problem(id: $p) { codeTemplate(language: $l) } }',
    { p: problemId, l: language });
  return (data.problem && data.problem.codeTemplate) || '';
}

/* Submits code; returns the submission. */
export async function submit(taskId, language, code) {
  const data = await gql(`mutation Submit($t: ID!, $l: String!, $c: String!) {
    submitTask(taskId: $t, language: $l, code: $c) { submission { ${submissionFields()} } } }`,
  { t: taskId, l: language, c: code });
  return data.submitTask.submission;
}

/* Several submissions by id, in one request: { id: submission|null }. */
export async function submissions(ids) {
  if (ids.length === 0) return {};
  const vars = {};
  const defs = [];
  const fields = [];
  ids.forEach((id, i) => {
    vars[`s${i}`] = id;
    defs.push(`$s${i}: ID!`);
    fields.push(`s${i}: submission(id: $s${i}) { ${submissionFields()} }`);
  });
  const data = await gql(`query Poll(${defs.join(', ')}) { ${fields.join(' ')} }`, vars);
  const out = {};
  ids.forEach((id, i) => { out[id] = data[`s${i}`]; });
  return out;
}

/* Finishes the ongoing interview; returns its id. */
export async function finish() {
  return (await gql('mutation Finish { finishInterview { id } }')).finishInterview.id;
}

/* One interview (the caller's) with everything a report shows, and the server's report when it has one. */
export async function interview(id) {
  const data = await gql(`query Interview($id: ID!) {
    interview(id: $id) { id startTime expiredTime finishedTime company { name }
      taskSet { id ordinal problem { id title timeLimitMs memoryLimitKb } submissionSet { ${submissionFields()} } } }
    ${features.report ? 'interviewReport(id: $id)' : ''}
  }`, { id });
  return data;
}
