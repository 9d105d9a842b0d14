// workspace.js: the interview view of the candidate page. Tabs per task, the
// statement (Markdown, samples with copy buttons, limits), one editor whose
// text is a draft per task and language (localStorage, restored after a
// reload; each draft keeps its own undo history while the page lives), the
// test run console, submitting with live verdicts (subscription, polling as
// the fallback), the submission history, and the clock that warns at five
// minutes and ends the interview at zero. It never parses HTML except the
// statement, which markdown.js sanitises.
import { h, $, clock, kib, copyText, announce } from '../lib/dom.js';
import { subscribe } from '../lib/gql.js';
import { createEditor } from '../lib/editor.js';
import { renderMarkdown } from '../lib/markdown.js';
import * as api from './api.js';
import { submissionResult, historyRow, VERDICT_NAMES } from './results.js';
import { runConsole } from './run.js';

const WARN_SECONDS = 300;
const POLL_MS = 1500;
const FONT_KEY = 'interview.fontSize';
const FONT_SIZES = [12, 13, 14, 15, 16, 18, 20, 22];

const ws = {
  iv: null,
  languages: [],
  task: null,              // the task shown
  lang: {},                // taskId -> language id
  templates: new Map(),    // `${problemId}:${lang}` -> code
  states: new Map(),       // `${taskId}:${lang}` -> EditorState
  editor: null,
  pending: new Set(),      // submission ids without verdict
  watching: new Map(),     // submission id -> AbortController
  pollTimer: null,
  clockTimer: null,
  warned: false,
  ended: false,
  hooks: null,
  shown: new Map(),        // taskId -> submission id shown in the result panel
  run: null,               // the run console
};

const isMac = /Mac|iPhone|iPad/.test(navigator.platform || '');
const MOD = isMac ? 'Cmd' : 'Ctrl';

/* The localStorage key of a draft. */
function draftKey(taskId, lang) {
  return `interview.draft.${ws.iv.id}.${taskId}.${lang}`;
}

/* The language name of an id. */
function langName(id) {
  const l = ws.languages.find((x) => x.id === id);
  return l ? l.name : id;
}

/* The language of a task: chosen before, else Python 3, else the first. */
function languageFor(task) {
  if (ws.lang[task.id]) return ws.lang[task.id];
  const saved = localStorage.getItem(`interview.lang.${ws.iv.id}.${task.id}`);
  const ids = ws.languages.map((l) => l.id);
  const lang = ids.includes(saved) ? saved : ids.includes('python3') ? 'python3' : ids[0];
  ws.lang[task.id] = lang;
  return lang;
}

/* The starter code of a task's problem in a language (cached). */
async function templateFor(task, lang) {
  const key = `${task.problem.id}:${lang}`;
  if (!ws.templates.has(key) && task.problem.templates && lang in task.problem.templates) {
    ws.templates.set(key, task.problem.templates[lang]);
  }
  if (!ws.templates.has(key)) ws.templates.set(key, await api.template(task.problem.id, lang));
  return ws.templates.get(key);
}

/* The text to show: the draft, else the starter code. */
async function draftOrTemplate(task, lang) {
  const saved = localStorage.getItem(draftKey(task.id, lang));
  return saved !== null ? saved : templateFor(task, lang);
}

/* Keeps the editor's state of the task shown aside (its undo history with it). */
function keepState() {
  if (ws.task && ws.editor) ws.states.set(`${ws.task.id}:${languageFor(ws.task)}`, ws.editor.state());
}

/* Shows a task's draft in a language in the editor. */
async function showCode(task, lang) {
  const kept = ws.states.get(`${task.id}:${lang}`);
  const content = kept || await draftOrTemplate(task, lang);
  if (ws.task !== task || languageFor(task) !== lang) return;
  ws.editor.show(content, lang);
  $('editor').dataset.task = task.id;
  localStorage.setItem('interview.openLanguage', lang);
}

/* Called on every edit: the draft is saved. */
function onEdit(text) {
  if (!ws.task || ws.ended) return;
  localStorage.setItem(draftKey(ws.task.id, languageFor(ws.task)), text);
}

/* Switches the language of the task shown, keeping the other language's draft. */
async function switchLanguage(lang) {
  const task = ws.task;
  keepState();
  ws.lang[task.id] = lang;
  localStorage.setItem(`interview.lang.${ws.iv.id}.${task.id}`, lang);
  try {
    await showCode(task, lang);
  } catch (err) {
    ws.hooks.fail(err);
  }
  announce(`Language ${langName(lang)}`);
}

/* Puts the starter code back (undoable). */
async function resetCode() {
  if (ws.ended) return;
  const task = ws.task;
  const lang = languageFor(task);
  try {
    const code = await templateFor(task, lang);
    ws.editor.replace(code);
    announce('Starter code restored; undo with Ctrl+Z');
  } catch (err) {
    ws.hooks.fail(err);
  }
}

/* Sets the editor's font size (remembered). */
function setFont(px) {
  localStorage.setItem(FONT_KEY, String(px));
  ws.editor.setFontSize(px);
  $('font-size').textContent = `${px}px`;
  $('font-smaller').disabled = px <= FONT_SIZES[0];
  $('font-larger').disabled = px >= FONT_SIZES[FONT_SIZES.length - 1];
}

/* Steps the font size up (+1) or down (-1). */
function stepFont(dir) {
  const now = Number(localStorage.getItem(FONT_KEY)) || 14;
  const i = FONT_SIZES.findIndex((s) => s >= now);
  const next = FONT_SIZES[Math.min(FONT_SIZES.length - 1, Math.max(0, (i < 0 ? 2 : i) + dir))];
  setFont(next);
}

/* ---------------------------------------------------------------- statement */

/* A sample's block: input and expected output, each with a copy button. */
function sampleBlock(t, n) {
  const copy = (label, text) => h('button', {
    type: 'button',
    class: 'small secondary copy',
    'aria-label': `Copy ${label} of example ${n}`,
    onclick: async (ev) => {
      const b = ev.currentTarget;
      const ok = await copyText(text);
      b.textContent = ok ? 'Copied' : 'Copy failed';
      announce(ok ? `${label} copied` : 'Copy failed');
      setTimeout(() => { b.textContent = 'Copy'; }, 1500);
    },
  }, 'Copy');
  return h('div', { class: 'sample', 'data-ordinal': t.ordinal },
    h('div', { class: 'sample-part' },
      h('div', { class: 'sample-head' }, h('h4', { text: `Example ${n}: input` }), copy('the input', t.input)),
      h('pre', { class: 'sample-input', text: t.input })),
    h('div', { class: 'sample-part' },
      h('div', { class: 'sample-head' }, h('h4', { text: 'Expected output' }), copy('the expected output', t.expectedOutput)),
      h('pre', { class: 'sample-output', text: t.expectedOutput })));
}

/* The statement of a task. */
function renderStatement(task) {
  const p = task.problem;
  const samples = p.testcaseSet.filter((t) => t.isSample);
  $('statement').replaceChildren(...[
    h('h2', { id: 'problem-title', text: `${task.ordinal || ''}${task.ordinal ? '. ' : ''}${p.title}` }),
    h('p', { class: 'limits' },
      h('span', { text: `Time limit: ${p.timeLimitMs} ms` }),
      h('span', { text: `Memory limit: ${kib(p.memoryLimitKb)}` })),
    h('div', { class: 'markdown' }, renderMarkdown(p.text)),
    samples.length > 0 && h('h3', { text: 'Examples' }),
    samples.map((t, i) => sampleBlock(t, i + 1))].flat().filter(Boolean));
  $('statement').scrollTop = 0;
}

/* The task tabs (a tablist; arrow keys move between tabs). */
function renderTabs() {
  const tabs = ws.iv.taskSet.map((task, i) => {
    const solved = task.submissionSet.some((s) => s.judgement === 'AC');
    return h('button', {
      type: 'button',
      role: 'tab',
      id: `tab-${task.id}`,
      'aria-selected': task === ws.task ? 'true' : 'false',
      'aria-controls': 'statement',
      tabindex: task === ws.task ? '0' : '-1',
      'data-task-id': task.id,
      class: `task-tab${solved ? ' solved' : ''}`,
      onclick: () => selectTask(task),
      onkeydown: (ev) => {
        const d = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
        if (!d) return;
        ev.preventDefault();
        const next = ws.iv.taskSet[(i + d + ws.iv.taskSet.length) % ws.iv.taskSet.length];
        selectTask(next).then(() => $(`tab-${next.id}`).focus());
      },
    }, h('span', { text: `${i + 1}. ${task.problem.title}` }), solved && h('span', { class: 'tick', 'aria-label': 'solved', text: ' ✓' }));
  });
  $('task-tabs').replaceChildren(...tabs);
}

/* Shows another task. */
async function selectTask(task) {
  if (ws.task === task) return;
  keepState();
  ws.task = task;
  renderTabs();
  renderStatement(task);
  $('language').value = languageFor(task);
  if (ws.run) ws.run.showTask(task);
  renderSubmissions();
  try {
    await showCode(task, languageFor(task));
  } catch (err) {
    ws.hooks.fail(err);
  }
}

/* -------------------------------------------------------------- submissions */

/* The result panel and the history of the task shown. */
function renderSubmissions() {
  const task = ws.task;
  const list = task.submissionSet;
  const shownId = ws.shown.get(task.id);
  const shown = list.find((s) => s.id === shownId) || list[list.length - 1];
  $('latest').replaceChildren(shown
    ? submissionResult(shown, langName(shown.language), task.problem.testcaseSet)
    : h('p', { class: 'hint', text: `No submission yet. Submit with the button or ${MOD}+Shift+Enter.` }));
  $('history-count').textContent = String(list.length);
  $('history').replaceChildren(...list.slice().reverse().map((s) => historyRow(s, langName(s.language),
    (x) => { ws.shown.set(task.id, x.id); renderSubmissions(); showConsole('result'); $('latest').focus(); },
    (x) => loadSubmission(x))));
}

/* Puts a submission's code into the editor in its language (undoable). */
async function loadSubmission(s) {
  if (ws.ended) return;
  const task = ws.task;
  if (languageFor(task) !== s.language && ws.languages.some((l) => l.id === s.language)) {
    $('language').value = s.language;
    await switchLanguage(s.language);
  }
  ws.editor.replace(s.code);
  ws.editor.focus();
  announce(`Code of submission ${s.id} loaded into the editor`);
}

/* Replaces a submission everywhere it is kept and shown. */
function updateSubmission(s) {
  for (const task of ws.iv.taskSet) {
    const k = task.submissionSet.findIndex((x) => x.id === s.id);
    if (k >= 0) task.submissionSet[k] = s;
  }
  if (s.status === 'JUDGED') {
    ws.pending.delete(s.id);
    const c = ws.watching.get(s.id);
    if (c) c.abort();
    ws.watching.delete(s.id);
    if (ws.task && ws.task.submissionSet.some((x) => x.id === s.id)) {
      announce(`Submission ${s.id}: ${VERDICT_NAMES[s.judgement] || s.judgement}`);
    }
    renderTabs();
  }
  if (ws.task && ws.task.submissionSet.some((x) => x.id === s.id)) renderSubmissions();
}

/* Watches a submission through the submissionJudged subscription; polling covers a failure. */
async function watch(id) {
  if (ws.watching.has(id)) return;
  const ctl = new AbortController();
  ws.watching.set(id, ctl);
  await subscribe(`subscription Judged($id: ID!) { submissionJudged(id: $id) { ${api.submissionFields()} } }`,
    { id }, (data) => { if (data.submissionJudged) updateSubmission(data.submissionJudged); }, ctl.signal);
  if (ws.watching.get(id) === ctl) ws.watching.delete(id);
  schedulePoll();
}

/* Polls the submissions nobody watches, in one request. */
async function poll() {
  ws.pollTimer = null;
  if (!ws.iv) return;
  const ids = [...ws.pending].filter((id) => !ws.watching.has(id));
  if (ids.length === 0) return;
  try {
    const got = await api.submissions(ids);
    for (const id of ids) {
      if (got[id]) updateSubmission(got[id]);
      else ws.pending.delete(id);
    }
  } catch (err) {
    /* the connection banner says it; try again below */
  }
  schedulePoll();
}

/* Polls again soon while a verdict is awaited without a subscription. */
function schedulePoll() {
  if (ws.pollTimer === null && ws.iv && [...ws.pending].some((id) => !ws.watching.has(id))) {
    ws.pollTimer = setTimeout(poll, POLL_MS);
  }
}

/* Submits the editor's code for the task shown. */
async function submitCode() {
  if (ws.ended || $('submit').disabled) return;
  const task = ws.task;
  const code = ws.editor.text();
  if (!code.trim()) {
    ws.hooks.message('The editor is empty: write some code first.');
    return;
  }
  $('submit').disabled = true;
  $('submit').textContent = 'Submitting…';
  try {
    const s = await api.submit(task.id, languageFor(task), code);
    task.submissionSet.push(s);
    ws.shown.set(task.id, s.id);
    renderSubmissions();
    showConsole('result');
    announce(`Submitted as number ${s.id}; waiting for the verdict`);
    if (s.status !== 'JUDGED') {
      ws.pending.add(s.id);
      watch(s.id);
    }
  } catch (err) {
    ws.hooks.fail(err);
  } finally {
    $('submit').disabled = ws.ended;
    $('submit').textContent = 'Submit';
  }
}

/* Shows one of the console's panes: 'run' or 'result'. */
function showConsole(which) {
  for (const name of ['run', 'result']) {
    const tab = $(`console-tab-${name}`);
    if (!tab || tab.hidden) continue;
    tab.setAttribute('aria-selected', String(name === which));
    tab.tabIndex = name === which ? 0 : -1;
    $(`console-${name}`).hidden = name !== which;
  }
}

/* -------------------------------------------------------------------- clock */

/* Seconds left of the interview. */
function secondsLeft() {
  return (new Date(ws.iv.expiredTime).getTime() - Date.now()) / 1000;
}

/* Updates the clock once a second; warns at five minutes, ends at zero. */
function tick() {
  if (!ws.iv) return;
  const left = secondsLeft();
  const el = $('clock');
  el.querySelector('.clock-time').textContent = left > 0 ? clock(left) : '00:00';
  el.classList.toggle('warn', left <= WARN_SECONDS);
  if (left <= WARN_SECONDS && left > 0 && !ws.warned) {
    ws.warned = true;
    el.setAttribute('aria-label', 'Time left, less than five minutes');
    ws.hooks.message(`Less than 5 minutes left (${clock(left)}). Submit what you have.`, 'warn');
  }
  if (left <= 0 && !ws.ended) end('time');
}

/* Ends the interview on this page: read-only, then the server finishes it and the report shows. */
async function end(reason) {
  ws.ended = true;
  localStorage.removeItem('interview.openLanguage');
  ws.editor.setReadOnly(true);
  $('submit').disabled = true;
  $('reset').disabled = true;
  if (ws.run) ws.run.disable();
  $('finish').disabled = true;
  $('workspace').classList.add('ended');
  clearInterval(ws.clockTimer);
  ws.clockTimer = null;
  const id = ws.iv.id;
  if (reason === 'time') {
    $('clock').querySelector('.clock-time').textContent = 'Time is up';
    ws.hooks.message('Time is up: the interview has ended.', 'warn');
  }
  try {
    await api.finish();
  } catch (err) {
    if (err.code !== 'NO_INTERVIEW_ONGOING') ws.hooks.fail(err);
  }
  ws.hooks.ended(id, reason);
}

/* Asks, then finishes the interview. */
async function finishClicked() {
  if (ws.ended) return;
  if (!window.confirm('Finish the interview now? You cannot submit afterwards.')) return;
  await end('finish');
}

/* ---------------------------------------------------------------- life cycle */

/* Global keys: Ctrl/Cmd-Enter runs, Ctrl/Cmd-Shift-Enter submits (also outside the editor). */
function onKey(ev) {
  if (ev.defaultPrevented || !ws.iv || ws.ended || ev.key !== 'Enter' || !(ev.ctrlKey || ev.metaKey)) return;
  ev.preventDefault();
  if (ev.shiftKey) submitCode();
  else if (ws.run) ws.run.run();
}

/* Wires the view's static controls once. */
function wire() {
  const saved = Number(localStorage.getItem(FONT_KEY)) || 14;
  ws.editor = createEditor($('editor'), {
    doc: '',
    fontSize: saved,
    label: 'Code editor',
    keys: [
      { key: 'Mod-Shift-Enter', run: () => { submitCode(); return true; } },
      { key: 'Mod-Enter', run: () => { if (ws.run) ws.run.run(); return true; } },
    ],
    onChange: onEdit,
  });
  setFont(saved);
  $('language').addEventListener('change', (ev) => switchLanguage(ev.target.value));
  $('reset').addEventListener('click', resetCode);
  $('submit').addEventListener('click', submitCode);
  $('finish').addEventListener('click', finishClicked);
  $('font-smaller').addEventListener('click', () => stepFont(-1));
  $('font-larger').addEventListener('click', () => stepFont(1));
  for (const name of ['run', 'result']) {
    $(`console-tab-${name}`).addEventListener('click', () => showConsole(name));
    $(`console-tab-${name}`).addEventListener('keydown', (ev) => {
      if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
      const other = name === 'run' ? 'result' : 'run';
      if ($(`console-tab-${other}`).hidden) return;
      showConsole(other);
      $(`console-tab-${other}`).focus();
    });
  }
  for (const el of document.querySelectorAll('.mod-key')) el.textContent = MOD;
  document.addEventListener('keydown', onKey);
}

/*
 * Opens the interview view for iv (currentInterview). hooks: message(text,
 * kind), fail(err), ended(interviewId, reason).
 */
export async function openInterview(iv, languages, hooks) {
  ws.hooks = hooks;
  if (!ws.editor) wire();
  closeInterview();
  ws.iv = iv;
  ws.languages = languages;
  ws.ended = false;
  ws.warned = false;
  ws.task = null;
  ws.lang = {};
  ws.states.clear();
  ws.shown.clear();
  $('workspace').classList.remove('ended');
  $('finish').disabled = false;
  $('submit').disabled = false;
  $('reset').disabled = false;
  ws.editor.setReadOnly(false);
  $('language').replaceChildren(...languages.map((l) => h('option', { value: l.id, title: l.version }, l.name)));
  $('interview-title').textContent = `Interview #${iv.id}${iv.company ? ` · ${iv.company.name}` : ''}`;
  $('clock').hidden = false;
  ws.run = api.features.run ? runConsole({ ws, languageFor, langName, fail: (e) => hooks.fail(e), showConsole }) : null;
  $('console-tab-run').hidden = !ws.run;
  $('run').hidden = !ws.run;
  showConsole(ws.run ? 'run' : 'result');
  for (const task of iv.taskSet) {
    for (const s of task.submissionSet) if (s.status !== 'JUDGED') { ws.pending.add(s.id); watch(s.id); }
  }
  tick();
  ws.clockTimer = setInterval(tick, 1000);
  if (iv.taskSet.length > 0) await selectTask(iv.taskSet[0]);
}

/* Reloads the interview's submissions after the connection came back. */
export async function refresh() {
  if (!ws.iv || ws.ended) return;
  try {
    const got = await api.submissions([...ws.pending]);
    for (const [id, s] of Object.entries(got)) if (s) updateSubmission(s);
    for (const id of ws.pending) if (!ws.watching.has(id)) watch(id);
  } catch (err) {
    /* still offline: the banner stays */
  }
}

/* Leaves the interview view: timers, subscriptions and pending work stop. */
export function closeInterview() {
  keepState();
  clearInterval(ws.clockTimer);
  clearTimeout(ws.pollTimer);
  ws.clockTimer = null;
  ws.pollTimer = null;
  for (const c of ws.watching.values()) c.abort();
  ws.watching.clear();
  ws.pending.clear();
  if (ws.run) ws.run.close();
  ws.iv = null;
  const c = $('clock');
  if (c) c.hidden = true;
}

/* Whether an interview is open and not ended. */
export function interviewOpen() {
  return Boolean(ws.iv) && !ws.ended;
}


