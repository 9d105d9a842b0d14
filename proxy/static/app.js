/*
 * app.js: the candidate page of interview.
 *
 * Talks only GraphQL (POST /graphql, same-origin credentials so the proxy's
 * HttpOnly session cookie goes along; the login token is also kept in
 * sessionStorage and sent as "Authorization: Bearer"). One view at a time:
 * login, home (companies, past interviews), interview (tasks, editor,
 * submissions), finished. Submissions that are not judged yet are watched
 * live through the submissionJudged subscription (GraphQL over Server-Sent
 * Events, read with fetch and a stream reader); those the subscription
 * cannot serve are polled once a second, all in one request. Code typed in the editor is kept in
 * localStorage per interview, task and language, so a reload loses nothing.
 * Everything shown is built with DOM nodes and textContent, never innerHTML.
 */
'use strict';

const TOKEN_KEY = 'interview.token';
const POLL_MS = 1000;

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  user: null,
  languages: [],
  interview: null,        // currentInterview, as loaded
  activeTask: null,       // id of the task shown
  templates: {},          // taskId -> { language -> template }
  language: {},           // taskId -> chosen language
  pending: new Set(),     // ids of submissions not judged yet
  live: new Set(),        // of those, the ids a subscription watches
  pollTimer: null,
  clockTimer: null,
};

const SUBMISSION_FIELDS = `
  id language status judgement failedAt failedOutput compileOutput timeMs memoryKb submittedAt
  testResults { ordinal verdict timeMs memoryKb }`;

const INTERVIEW_QUERY = `
  query CurrentInterview {
    currentInterview {
      id startTime expiredTime finishedTime
      company { id name }
      taskSet {
        id ordinal
        problem {
          id title text timeLimitMs memoryLimitKb
          testcaseSet { ordinal input expectedOutput isSample }
        }
        submissionSet { ${SUBMISSION_FIELDS} }
      }
    }
  }`;

/* An error answered by the API, with its extensions.code. */
class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code || 'ERROR';
  }
}

/* Runs one GraphQL operation; resolves to data, rejects with an ApiError. */
async function gql(query, variables) {
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  let res;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify({ query, variables: variables || {} }),
    });
  } catch (e) {
    throw new ApiError('the server cannot be reached', 'NETWORK');
  }
  let body;
  try {
    body = await res.json();
  } catch (e) {
    throw new ApiError(`the server answered HTTP ${res.status}`, 'HTTP');
  }
  if (body.errors && body.errors.length > 0) {
    const err = body.errors[0];
    throw new ApiError(err.message, err.extensions && err.extensions.code);
  }
  if (!body.data) throw new ApiError(`the server answered HTTP ${res.status} without data`, 'HTTP');
  return body.data;
}

/* Builds an element: h('div', { class: 'x', onclick: f }, 'text', child). */
function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const $ = (id) => document.getElementById(id);

/* Shows one view and hides the others. */
function show(view) {
  for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== `view-${view}`;
}

/* Shows a message above the views (an error unless kind is 'info'). */
function message(text, kind) {
  const box = $('message');
  box.textContent = text || '';
  box.className = `message${kind === 'info' ? ' info' : ''}`;
  box.hidden = !text;
}

/* Reports an error; a lost session goes back to the login form. */
function fail(err) {
  if (err.code === 'UNAUTHENTICATED' && state.user) {
    logoutLocally();
    message('Your session has ended. Please log in again.');
    return;
  }
  message(err.code && err.code !== 'ERROR' ? `${err.message} (${err.code})` : err.message);
}

/* Formats an ISO time for people. */
function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/* ------------------------------------------------------------------ */
/* Login                                                              */
/* ------------------------------------------------------------------ */

/* Logs in (or registers) with the form's fields. */
async function authenticate(register) {
  const username = $('login-username').value.trim();
  const password = $('login-password').value;
  if (!username || !password) {
    message('Enter a username and a password.');
    return;
  }
  const field = register ? 'register' : 'login';
  try {
    const data = await gql(
      `mutation Auth($u: String!, $p: String!) { ${field}(username: $u, password: $p) { token user { id username isStaff } } }`,
      { u: username, p: password },
    );
    state.token = data[field].token;
    sessionStorage.setItem(TOKEN_KEY, state.token);
    $('login-password').value = '';
    message('');
    await signedIn(data[field].user);
  } catch (err) {
    fail(err);
  }
}

/* Forgets the session on this side. */
function logoutLocally() {
  state.token = null;
  state.user = null;
  sessionStorage.removeItem(TOKEN_KEY);
  stopTimers();
  $('who').hidden = true;
  show('login');
}

/* Ends the session on the server too. */
async function logout() {
  try {
    await gql('mutation { logout }');
  } catch (err) {
    /* Already gone: nothing to end. */
  }
  logoutLocally();
  message('You are logged out.', 'info');
}

/* After login: the header, then the interview or the home view. */
async function signedIn(user) {
  state.user = user;
  $('who-name').textContent = user.isStaff ? `${user.username} (staff)` : user.username;
  $('who').hidden = false;
  await loadHome();
}

/* ------------------------------------------------------------------ */
/* Home                                                               */
/* ------------------------------------------------------------------ */

/* Loads companies, languages and past interviews; jumps into an ongoing interview. */
async function loadHome() {
  stopTimers();
  const data = await gql(`
    query Home {
      languages { id name }
      allCompanies { id name problemsPerInterview }
      currentInterview { id }
      myInterviews {
        id startTime finishedTime company { name }
        taskSet { id submissionSet { judgement } }
      }
    }`);
  state.languages = data.languages;
  if (data.currentInterview) {
    await loadInterview();
    return;
  }
  const list = $('companies');
  list.replaceChildren(
    ...data.allCompanies.map((c) =>
      h('li', { class: 'company', 'data-company-id': c.id },
        h('div', {},
          h('div', { class: 'name', text: c.name }),
          h('div', { class: 'meta', text: `${c.problemsPerInterview} problems` })),
        h('button', { type: 'button', onclick: () => start(c.id) }, 'Start'))),
    h('li', { class: 'company', 'data-company-id': '' },
      h('div', {},
        h('div', { class: 'name', text: 'Any company' }),
        h('div', { class: 'meta', text: 'problems from the whole bank' })),
      h('button', { type: 'button', class: 'secondary', onclick: () => start(null) }, 'Start')),
  );
  const past = $('past-interviews');
  past.replaceChildren(
    ...data.myInterviews.slice().reverse().map((iv) => {
      const solved = iv.taskSet.filter((t) => t.submissionSet.some((s) => s.judgement === 'AC')).length;
      return h('tr', {},
        h('td', { text: iv.id }),
        h('td', { text: iv.company ? iv.company.name : 'any' }),
        h('td', { text: when(iv.startTime) }),
        h('td', { text: iv.finishedTime ? when(iv.finishedTime) : 'ongoing' }),
        h('td', { text: `${solved} / ${iv.taskSet.length}` }));
    }),
  );
  if (data.myInterviews.length === 0) {
    past.append(h('tr', {}, h('td', { colspan: 5, class: 'hint', text: 'None yet.' })));
  }
  show('home');
}

/* Starts an interview for a company (null: any). */
async function start(companyId) {
  message('');
  try {
    await gql(
      'mutation Start($c: ID) { startInterview(companyId: $c) { id interview { id } } }',
      { c: companyId },
    );
  } catch (err) {
    if (err.code !== 'ANOTHER_INTERVIEW_ONGOING') {
      fail(err);
      return;
    }
  }
  try {
    await loadInterview();
  } catch (err) {
    fail(err);
  }
}

/* ------------------------------------------------------------------ */
/* Interview                                                          */
/* ------------------------------------------------------------------ */

/* Loads the ongoing interview, its templates, and shows it. */
async function loadInterview() {
  const data = await gql(INTERVIEW_QUERY);
  const iv = data.currentInterview;
  if (!iv) {
    await loadHome();
    return;
  }
  state.interview = iv;
  await loadTemplates();
  $('interview-title').textContent =
    `Interview #${iv.id}${iv.company ? ` at ${iv.company.name}` : ''}`;
  if (!iv.taskSet.some((t) => t.id === state.activeTask)) {
    state.activeTask = iv.taskSet.length > 0 ? iv.taskSet[0].id : null;
  }
  renderTasks();
  state.pending.clear();
  for (const task of iv.taskSet) {
    for (const s of task.submissionSet) if (s.status !== 'JUDGED') { state.pending.add(s.id); watchLive(s.id); }
  }
  startTimers();
  show('interview');
}

/* Fetches every task's template in every language, in one request. */
async function loadTemplates() {
  const vars = {};
  const defs = [];
  const fields = [];
  state.languages.forEach((lang, i) => {
    vars[`l${i}`] = lang.id;
    defs.push(`$l${i}: String`);
    fields.push(`t${i}: codeTemplate(language: $l${i})`);
  });
  if (fields.length === 0) return;
  const data = await gql(
    `query Templates(${defs.join(', ')}) { currentInterview { taskSet { id problem { ${fields.join(' ')} } } } }`,
    vars,
  );
  if (!data.currentInterview) return;
  for (const task of data.currentInterview.taskSet) {
    const byLang = {};
    state.languages.forEach((lang, i) => {
      byLang[lang.id] = task.problem[`t${i}`] || '';
    });
    state.templates[task.id] = byLang;
  }
}

/* The localStorage key of a task's code in one language. */
function codeKey(taskId, lang) {
  return `interview.code.${state.interview.id}.${taskId}.${lang}`;
}

/* The code to show: what was typed before, else the template. */
function codeFor(taskId, lang) {
  const saved = localStorage.getItem(codeKey(taskId, lang));
  if (saved !== null) return saved;
  return (state.templates[taskId] || {})[lang] || '';
}

/* The language chosen for a task (remembered), python3 by default. */
function languageFor(taskId) {
  if (state.language[taskId]) return state.language[taskId];
  const saved = localStorage.getItem(`interview.lang.${state.interview.id}.${taskId}`);
  const ids = state.languages.map((l) => l.id);
  const lang = ids.includes(saved) ? saved : ids.includes('python3') ? 'python3' : ids[0];
  state.language[taskId] = lang;
  return lang;
}

/* Builds the tabs and one panel per task. */
function renderTasks() {
  const iv = state.interview;
  $('task-tabs').replaceChildren(
    ...iv.taskSet.map((task, i) =>
      h('button', {
        type: 'button',
        class: task.id === state.activeTask ? 'active' : '',
        'data-task-id': task.id,
        onclick: () => {
          state.activeTask = task.id;
          renderTasks();
        },
      }, `${i + 1}. ${task.problem.title}`)),
  );
  $('tasks').replaceChildren(...iv.taskSet.map(renderTask));
}

/* One task: statement, samples, editor, submissions. */
function renderTask(task) {
  const p = task.problem;
  const lang = languageFor(task.id);
  const editor = h('textarea', {
    class: 'code',
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-label': 'Code',
  });
  editor.value = codeFor(task.id, lang);
  editor.addEventListener('input', () => {
    localStorage.setItem(codeKey(task.id, languageFor(task.id)), editor.value);
  });
  editor.addEventListener('keydown', (ev) => {
    if (ev.key === 'Tab' && !ev.shiftKey && !ev.ctrlKey && !ev.altKey) {
      ev.preventDefault();
      editor.setRangeText('    ', editor.selectionStart, editor.selectionEnd, 'end');
      editor.dispatchEvent(new Event('input'));
    }
  });

  const select = h('select', { class: 'language', 'aria-label': 'Language' },
    state.languages.map((l) => h('option', { value: l.id, selected: l.id === lang }, l.name)));
  select.addEventListener('change', () => {
    state.language[task.id] = select.value;
    localStorage.setItem(`interview.lang.${state.interview.id}.${task.id}`, select.value);
    editor.value = codeFor(task.id, select.value);
  });

  const reset = h('button', {
    type: 'button',
    class: 'secondary reset',
    onclick: () => {
      const l = languageFor(task.id);
      localStorage.removeItem(codeKey(task.id, l));
      editor.value = codeFor(task.id, l);
    },
  }, 'Reset to template');

  const submit = h('button', { type: 'button', class: 'submit' }, 'Submit');
  submit.addEventListener('click', async () => {
    submit.disabled = true;
    try {
      await submitCode(task, languageFor(task.id), editor.value);
    } finally {
      submit.disabled = false;
    }
  });

  const samples = p.testcaseSet.filter((t) => t.isSample);
  return h('section', {
    class: 'card task',
    'data-task-id': task.id,
    hidden: task.id !== state.activeTask,
  },
  h('h3', { text: p.title }),
  h('div', { class: 'limits', text: `Time limit ${p.timeLimitMs} ms · memory limit ${Math.round(p.memoryLimitKb / 1024)} MB` }),
  h('div', { class: 'statement', text: p.text }),
  samples.length > 0 && h('h4', { text: 'Samples' }),
  samples.map((t) => h('div', { class: 'samples' },
    h('div', {}, h('h4', { text: `Input ${t.ordinal}` }), h('pre', { text: t.input })),
    h('div', {}, h('h4', { text: `Output ${t.ordinal}` }), h('pre', { text: t.expectedOutput })))),
  h('div', { class: 'editor-bar' }, h('span', {}, 'Language'), select,
    h('span', { class: 'spacer' }), reset, submit),
  editor,
  h('table', { class: 'submissions' },
    h('thead', {}, h('tr', {},
      ['#', 'Language', 'Result', 'Time', 'Tests'].map((t) => h('th', { text: t })))),
    h('tbody', { 'data-task-id': task.id },
      task.submissionSet.slice().reverse().map(renderSubmission))));
}

/* One row of a task's submissions table. */
function renderSubmission(s) {
  const verdict = s.status === 'JUDGED' ? s.judgement : s.status;
  const names = Object.fromEntries(state.languages.map((l) => [l.id, l.name]));
  let detail = null;
  if (s.judgement === 'CE' && s.compileOutput) {
    detail = h('pre', { class: 'detail', text: s.compileOutput });
  } else if (s.failedAt && s.judgement !== 'AC') {
    detail = h('div', { class: 'hint', text: `First failure on test ${s.failedAt}` });
  }
  return h('tr', { class: 'submission', 'data-submission-id': s.id, 'data-status': s.status },
    h('td', { text: s.id }),
    h('td', { text: names[s.language] || s.language }),
    h('td', {}, h('span', { class: `badge verdict ${verdict}`, text: verdict }), detail),
    h('td', { text: s.timeMs !== null && s.timeMs !== undefined ? `${s.timeMs} ms` : '' }),
    h('td', { class: 'tests' },
      s.testResults.map((r) => h('span', {
        class: `badge test-badge ${r.verdict}`,
        title: `test ${r.ordinal}: ${r.verdict}, ${r.timeMs} ms, ${r.memoryKb} KB`,
        'data-ordinal': r.ordinal,
      }, `${r.ordinal}:${r.verdict}`))));
}

/* Submits code for a task and starts watching the submission. */
async function submitCode(task, lang, code) {
  message('');
  if (!code.trim()) {
    message('The code is empty.');
    return;
  }
  try {
    const data = await gql(
      `mutation Submit($t: ID!, $l: String!, $c: String!) {
        submitTask(taskId: $t, language: $l, code: $c) { submission { ${SUBMISSION_FIELDS} } }
      }`,
      { t: task.id, l: lang, c: code },
    );
    const s = data.submitTask.submission;
    task.submissionSet.push(s);
    const body = document.querySelector(`tbody[data-task-id="${task.id}"]`);
    body.prepend(renderSubmission(s));
    if (s.status !== 'JUDGED') { state.pending.add(s.id); watchLive(s.id); }
    schedulePoll();
  } catch (err) {
    fail(err);
  }
}

/* Polls every unjudged submission in one request and updates its row. */
async function poll() {
  state.pollTimer = null;
  const ids = [...state.pending].filter((id) => !state.live.has(id));
  if (ids.length === 0 || !state.interview) return;
  const vars = {};
  const defs = [];
  const fields = [];
  ids.forEach((id, i) => {
    vars[`s${i}`] = id;
    defs.push(`$s${i}: ID!`);
    fields.push(`s${i}: submission(id: $s${i}) { ${SUBMISSION_FIELDS} }`);
  });
  try {
    const data = await gql(`query Poll(${defs.join(', ')}) { ${fields.join(' ')} }`, vars);
    ids.forEach((id, i) => {
      const s = data[`s${i}`];
      if (!s) {
        state.pending.delete(id);
        return;
      }
      for (const task of state.interview.taskSet) {
        const k = task.submissionSet.findIndex((x) => x.id === id);
        if (k >= 0) task.submissionSet[k] = s;
      }
      const row = document.querySelector(`tr.submission[data-submission-id="${id}"]`);
      if (row) row.replaceWith(renderSubmission(s));
      if (s.status === 'JUDGED') state.pending.delete(id);
    });
  } catch (err) {
    fail(err);
  }
  schedulePoll();
}

/* Polls again in a second while something waits for its verdict. */
function schedulePoll() {
  if (state.pollTimer === null && state.pending.size > state.live.size) {
    state.pollTimer = setTimeout(poll, POLL_MS);
  }
}

/* Shows a judged submission that a subscription delivered. */
function showJudged(s) {
  if (!state.interview) return;
  for (const task of state.interview.taskSet) {
    const k = task.submissionSet.findIndex((x) => x.id === s.id);
    if (k >= 0) task.submissionSet[k] = s;
  }
  const row = document.querySelector(`tr.submission[data-submission-id="${s.id}"]`);
  if (row) row.replaceWith(renderSubmission(s));
  state.pending.delete(s.id);
}

/*
 * Watches one submission through the submissionJudged subscription: POST
 * /graphql with Accept: text/event-stream (EventSource cannot POST), events
 * read from the response stream. Falls back to polling when the server
 * offers no stream or it ends without the verdict.
 */
async function watchLive(id) {
  if (state.live.has(id) || typeof ReadableStream === 'undefined') return;
  state.live.add(id);
  const headers = { 'Content-Type': 'application/json', Accept: 'text/event-stream' };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  try {
    const res = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify({
        query: `subscription Judged($id: ID!) { submissionJudged(id: $id) { ${SUBMISSION_FIELDS} } }`,
        variables: { id },
      }),
    });
    const type = res.headers.get('Content-Type') || '';
    if (res.ok && res.body && type.startsWith('text/event-stream')) {
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      let ended = false;
      while (!ended) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
        let end;
        while (!ended && (end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          let event = '';
          const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (event === 'next') {
            const body = JSON.parse(data.join('\n'));
            if (body.data && body.data.submissionJudged) showJudged(body.data.submissionJudged);
          } else if (event === 'complete') {
            ended = true;
            reader.cancel().catch(() => {});
          }
        }
      }
    }
  } catch (e) {
    /* no stream: polling takes over below */
  }
  state.live.delete(id);
  schedulePoll();
}

/* Updates the time left once a second. */
function tick() {
  const iv = state.interview;
  if (!iv) return;
  const left = Math.max(0, Math.floor((new Date(iv.expiredTime).getTime() - Date.now()) / 1000));
  const hours = Math.floor(left / 3600);
  const mm = String(Math.floor((left % 3600) / 60)).padStart(2, '0');
  const ss = String(left % 60).padStart(2, '0');
  $('time-left').textContent = left === 0 ? 'time is up' : `${hours > 0 ? `${hours}:` : ''}${mm}:${ss}`;
  $('time-left').parentElement.classList.toggle('late', left < 300);
}

/* Starts the clock and the polling. */
function startTimers() {
  stopTimers();
  tick();
  state.clockTimer = setInterval(tick, 1000);
  schedulePoll();
}

/* Stops the clock and the polling. */
function stopTimers() {
  if (state.clockTimer !== null) clearInterval(state.clockTimer);
  if (state.pollTimer !== null) clearTimeout(state.pollTimer);
  state.clockTimer = null;
  state.pollTimer = null;
}

/* Finishes the interview and shows how it went. */
async function finish() {
  if (!window.confirm('Finish the interview? You cannot submit afterwards.')) return;
  message('');
  try {
    const data = await gql(`
      mutation Finish {
        finishInterview {
          id
          interview {
            id finishedTime company { name }
            taskSet { id problem { title } submissionSet { judgement } }
          }
        }
      }`);
    const iv = data.finishInterview.interview;
    stopTimers();
    state.interview = null;
    state.pending.clear();
    const solved = iv.taskSet.filter((t) => t.submissionSet.some((s) => s.judgement === 'AC'));
    $('finished-summary').textContent =
      `Interview #${iv.id}${iv.company ? ` at ${iv.company.name}` : ''}: ` +
      `${solved.length} of ${iv.taskSet.length} tasks accepted.`;
    $('finished-tasks').replaceChildren(...iv.taskSet.map((t) => {
      const best = t.submissionSet.some((s) => s.judgement === 'AC') ? 'AC'
        : (t.submissionSet.length > 0 ? t.submissionSet[t.submissionSet.length - 1].judgement || 'QUEUED' : 'none');
      return h('li', {}, `${t.problem.title}: `, h('span', { class: `badge ${best}`, text: best }));
    }));
    show('finished');
  } catch (err) {
    fail(err);
  }
}

/* ------------------------------------------------------------------ */
/* Start-up                                                           */
/* ------------------------------------------------------------------ */

/* Wires the static controls and resumes a session if there is one. */
async function main() {
  $('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    authenticate(false);
  });
  $('register-submit').addEventListener('click', () => authenticate(true));
  $('logout').addEventListener('click', logout);
  $('finish').addEventListener('click', finish);
  $('back-home').addEventListener('click', () => loadHome().catch(fail));
  try {
    const data = await gql('query Me { currentUser { id username isStaff } }');
    if (data.currentUser) {
      await signedIn(data.currentUser);
      return;
    }
  } catch (err) {
    if (err.code !== 'UNAUTHENTICATED') message(err.message);
  }
  logoutLocally();
}

main();
