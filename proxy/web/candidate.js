// candidate.js: the candidate page at / (entry point of the bundle). Views:
// login, home (companies, "My interviews"), the interview workspace
// (candidate/workspace.js) and the report of a finished interview
// (candidate/report.js), chosen by the address's hash (#/, #/interview,
// #/report/ID) so the back button works. Errors show as sentences in the
// message bar; a lost connection shows a banner until the server answers
// again, then the view refreshes itself. Talks only GraphQL.
import './candidate.css';
import { h, $, when, announce } from './lib/dom.js';
import { onConnection, setToken } from './lib/gql.js';
import * as api from './candidate/api.js';
import { renderReport } from './candidate/report.js';
import { languageSupport } from './lib/languages.js';
import { badge } from './candidate/results.js';

/* localStorage: the language last shown in an open interview (cleared when none is open). */
const HINT_KEY = 'interview.openLanguage';

const app = { user: null, languages: [], hasCurrent: null, ws: null, wsLoading: null };

/* The interview workspace (the editor, Markdown): loaded on first use, so the login form needs none of it. */
function workspace() {
  if (!app.wsLoading) app.wsLoading = import('./candidate/workspace.js').then((m) => { app.ws = m; return m; });
  return app.wsLoading;
}

/* Shows one view and hides the others. */
function show(view) {
  for (const v of document.querySelectorAll('.view')) v.hidden = v.id !== `view-${view}`;
  document.body.dataset.view = view;
  $('ended').hidden = true;
  if (view !== 'interview' && app.ws) app.ws.closeInterview();
}

/* Shows a message (kind: error, info or warn); empty text hides it. */
function message(text, kind) {
  const box = $('message');
  $('message-text').textContent = text || '';
  box.className = `message ${kind || 'error'}`;
  box.setAttribute('role', kind === 'info' ? 'status' : 'alert');
  box.hidden = !text;
}

/* Shows an error's sentence; a lost session goes back to the login form. */
function fail(err) {
  if (err && err.code === 'UNAUTHENTICATED') {
    signedOut();
    message(err.message);
    return;
  }
  message(err && err.message ? err.message : String(err));
}

/* The name of a language id. */
function languageName(id) {
  const l = app.languages.find((x) => x.id === id);
  return l ? l.name : id;
}

/* ------------------------------------------------------------------ login */

/* Logs in or registers with the form's fields. */
async function authenticate(register) {
  const username = $('login-username').value.trim();
  const password = $('login-password').value;
  if (!username || !password) {
    message('Enter a username and a password.');
    (username ? $('login-password') : $('login-username')).focus();
    return;
  }
  try {
    const got = await api.authenticate(register, username, password);
    setToken(got.token);
    $('login-password').value = '';
    message('');
    await signedIn(got.user);
  } catch (err) {
    if (err.code === 'UNAUTHENTICATED') message('The username or password is wrong.');
    else fail(err);
  }
}

/* Forgets the session on this side and shows the login form. */
function signedOut() {
  setToken(null);
  app.user = null;
  $('who').hidden = true;
  show('login');
  $('login-username').focus();
}

/* After login: the header, then the view of the address. start: what the start query already read. */
async function signedIn(user, start) {
  app.user = user;
  $('who-name').textContent = user.isStaff ? `${user.username} (staff)` : user.username;
  $('who').hidden = false;
  if (start) {
    app.languages = start.languages;
    app.hasCurrent = Boolean(start.currentInterview);
  } else {
    app.languages = await api.languages();
  }
  await route();
}

/* ------------------------------------------------------------------- home */

/* The home view: companies to start with, the caller's interviews. */
async function loadHome() {
  const data = await api.home();
  const ongoing = data.currentInterview;
  $('ongoing').hidden = !ongoing;
  $('companies').replaceChildren(...data.allCompanies.map((c) => h('li', { class: 'company' },
    h('div', {}, h('div', { class: 'name', text: c.name }),
      h('div', { class: 'meta', text: `${c.problemsPerInterview} problem${c.problemsPerInterview === 1 ? '' : 's'}` })),
    h('button', {
      type: 'button',
      disabled: Boolean(ongoing),
      'aria-label': `Start an interview at ${c.name}`,
      onclick: () => start(c.id),
    }, 'Start'))));
  const rows = data.myInterviews.slice().reverse().map((iv) => {
    const solved = iv.taskSet.filter((t) => t.submissionSet.some((s) => s.judgement === 'AC')).length;
    const open = !iv.finishedTime;
    return h('tr', { 'data-interview-id': iv.id },
      h('td', { text: `#${iv.id}` }),
      h('td', { text: iv.company ? iv.company.name : 'All problems' }),
      h('td', { text: when(iv.startTime) }),
      h('td', {}, open ? h('span', { class: 'badge v-JUDGING', text: 'ongoing' }) : when(iv.finishedTime)),
      h('td', { class: 'num', text: `${solved} / ${iv.taskSet.length}` }),
      h('td', {}, open
        ? h('a', { class: 'button small', href: '#/interview', 'aria-label': `Continue interview ${iv.id}` }, 'Continue')
        : h('a', { class: 'button small secondary', href: `#/report/${iv.id}`, 'aria-label': `Open the report of interview ${iv.id}` }, 'Report')));
  });
  $('past-interviews').replaceChildren(...rows);
  $('no-interviews').hidden = rows.length > 0;
  show('home');
}

/* Starts an interview at a company. */
async function start(companyId) {
  try {
    await api.startInterview(companyId);
    message('');
    if (location.hash === '#/interview') await route();
    else location.hash = '#/interview';
  } catch (err) {
    fail(err);
  }
}

/* -------------------------------------------------------------- interview */

/* The interview view, or home when none is ongoing. */
async function loadInterview() {
  const [iv, ws] = await Promise.all([api.currentInterview(app.languages.map((l) => l.id)), workspace()]);
  if (!iv) {
    location.replace('#/');
    await loadHome();
    return;
  }
  show('interview');
  await ws.openInterview(iv, app.languages, {
    message,
    fail,
    ended: (id, reason) => (reason === 'time' ? showEnded(id) : (location.hash = `#/report/${id}`)),
  });
}

/* Time ran out: the workspace stays, read-only, under a panel with the report. */
async function showEnded(id) {
  $('ended').hidden = false;
  $('ended-title').focus();
  try {
    const data = await api.interview(id);
    if (data.interview) $('ended-report').replaceChildren(renderReport(data.interview, data.interviewReport, languageName));
  } catch (err) {
    fail(err);
  }
}

/* ----------------------------------------------------------------- report */

/* The report of one of the caller's interviews. */
async function loadReport(id) {
  const data = await api.interview(id);
  if (!data.interview) {
    message('That interview does not exist or is not yours.');
    location.replace('#/');
    await loadHome();
    return;
  }
  $('report').replaceChildren(renderReport(data.interview, data.interviewReport, languageName));
  show('report');
  $('report-title').setAttribute('tabindex', '-1');
  $('report-title').focus();
}

/* ----------------------------------------------------------------- routing */

/* Shows the view the address names. */
async function route() {
  if (!app.user) return;
  const hash = location.hash || '#/';
  try {
    const m = /^#\/report\/(\d+)$/.exec(hash);
    if (m) await loadReport(m[1]);
    else if (hash === '#/interview') await loadInterview();
    else if (hash === '#/home') await loadHome();
    else {
      let current = app.hasCurrent;
      app.hasCurrent = null;
      if (current === null) current = Boolean((await api.home()).currentInterview);
      if (current) location.replace('#/interview'); // hashchange shows it
      else await loadHome();
    }
  } catch (err) {
    fail(err);
  }
}

/* Logs out here and on the server. */
async function logout() {
  try {
    await api.logout();
  } catch (err) {
    /* already gone */
  }
  signedOut();
  location.hash = '#/';
  message('You are logged out.', 'info');
}

/* ------------------------------------------------------------------ start */

/* Wires the page and resumes a session if there is one. */
async function main() {
  $('login-form').addEventListener('submit', (ev) => { ev.preventDefault(); authenticate(false); });
  $('register-submit').addEventListener('click', () => authenticate(true));
  $('logout').addEventListener('click', logout);
  $('message-close').addEventListener('click', () => message(''));
  $('ended-close').addEventListener('click', () => { $('ended').hidden = true; $('editor').querySelector('.cm-content').focus(); });
  window.addEventListener('hashchange', () => { message(''); route(); });
  onConnection((online) => {
    $('offline').hidden = online;
    if (online) {
      announce('Connection restored');
      if (app.ws && app.ws.interviewOpen()) app.ws.refresh();
    }
  });
  // This browser had an interview open last time: fetch the editor and the
  // last language's highlighting while the first requests are under way.
  const hint = localStorage.getItem(HINT_KEY);
  if (hint) {
    workspace();
    languageSupport(hint);
  }
  // Two requests at once: the schema's optional parts, and who is here.
  const probe = api.probeFeatures().catch(() => {});
  try {
    const start = await api.start();
    if (start && start.currentInterview) workspace();
    await probe;
    if (start && start.currentUser) {
      await signedIn(start.currentUser, start);
      return;
    }
  } catch (err) {
    await probe;
    if (err.code !== 'UNAUTHENTICATED') fail(err);
  }
  signedOut();
  // The workspace is likely next: load it while the person types.
  setTimeout(workspace, 300);
}

main();

