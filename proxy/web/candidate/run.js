// run.js: the test-run console of the interview view: an input box
// prefilled with the task's first sample, the Run button, and the run's
// verdict, time, memory, stdout, stderr and compiler output, pushed by the
// runFinished subscription (polling run(id) when no stream is available).
// Used only when the server has runCode (api.features.run).
import { h, $, kib, announce } from '../lib/dom.js';
import { gql, subscribe } from '../lib/gql.js';
import { badge, VERDICT_NAMES } from './results.js';

const RUN_FIELDS = 'id status verdict stdout stderr compileOutput timeMs memoryKb';
const POLL_MS = 1000;

/* Starts a run; returns the run as far as it is known. */
async function startRun(taskId, language, code, input) {
  const data = await gql(`mutation Run($t: ID!, $l: String!, $c: String!, $i: String!) {
    runCode(taskId: $t, language: $l, code: $c, input: $i) { run { ${RUN_FIELDS} } } }`,
  { t: taskId, l: language, c: code, i: input });
  return data.runCode.run;
}

/* Reads a run. */
async function readRun(id) {
  return (await gql(`query Run($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id })).run;
}

/* The output of a finished (or pending) run. */
function runView(r) {
  const done = r.status === 'JUDGED' || Boolean(r.verdict);
  const v = done ? r.verdict : 'RUNNING';
  const block = (title, cls, text) => (text ? [h('h5', { text: title }), h('pre', { class: `out ${cls}`, text })] : []);
  return h('div', { class: 'run-result', 'data-run-id': r.id, 'data-verdict': done ? r.verdict : '' },
    h('div', { class: 'result-head' }, badge(v), h('strong', { text: VERDICT_NAMES[v] || v }),
      r.timeMs !== null && r.timeMs !== undefined && h('span', { class: 'stat', text: `${r.timeMs} ms` }),
      r.memoryKb !== null && r.memoryKb !== undefined && h('span', { class: 'stat', text: kib(r.memoryKb) })),
    !done && h('p', { class: 'hint', text: 'Running your code on this input…' }),
    block('Compiler output', 'compile', r.compileOutput),
    done && h('h5', { text: 'Output (stdout)' }),
    done && h('pre', { class: 'out stdout', text: r.stdout || '' }),
    block('Errors (stderr)', 'stderr', r.stderr));
}

/*
 * Creates the console for the workspace: ctx gives ws, languageFor,
 * langName, fail and showConsole. Returns { run, showTask, disable, close }.
 */
export function runConsole(ctx) {
  const inputs = new Map();     // taskId -> input typed
  let ctl = null;
  let busy = false;
  let pollTimer = null;

  /* Shows a run. */
  function show(r) {
    $('run-output').replaceChildren(runView(r));
  }

  /* Waits for a run's end: subscription first, polling after. */
  async function follow(id) {
    ctl = new AbortController();
    let finished = null;
    await subscribe(`subscription RunFinished($id: ID!) { runFinished(id: $id) { ${RUN_FIELDS} } }`, { id },
      (data) => { if (data.runFinished) { finished = data.runFinished; show(finished); } }, ctl.signal);
    while (!finished && !ctl.signal.aborted) {
      const r = await readRun(id);
      if (!r) break;
      show(r);
      if (r.verdict) finished = r;
      else await new Promise((res) => { pollTimer = setTimeout(res, POLL_MS); });
    }
    return finished;
  }

  /* Runs the editor's code on the input box. */
  async function run() {
    const { ws } = ctx;
    if (busy || ws.ended) return;
    const task = ws.task;
    const code = ws.editor.text();
    const input = $('run-input').value;
    busy = true;
    $('run').disabled = true;
    ctx.showConsole('run');
    $('run-output').replaceChildren(h('p', { class: 'hint', text: 'Sending…' }));
    try {
      const r = await startRun(task.id, ctx.languageFor(task), code, input);
      show(r);
      const end = r.verdict ? r : await follow(r.id);
      if (end) announce(`Run finished: ${VERDICT_NAMES[end.verdict] || end.verdict}`);
    } catch (err) {
      $('run-output').replaceChildren();
      ctx.fail(err);
    } finally {
      busy = false;
      $('run').disabled = ws.ended;
    }
  }

  $('run').onclick = run;
  $('run-input').oninput = () => { if (ctx.ws.task) inputs.set(ctx.ws.task.id, $('run-input').value); };
  $('run-reset').onclick = () => {
    const task = ctx.ws.task;
    inputs.delete(task.id);
    const first = task.problem.testcaseSet.find((t) => t.isSample);
    $('run-input').value = first ? first.input : '';
  };

  return {
    run,
    /* Shows a task's input (the first sample until something was typed). */
    showTask(task) {
      const first = task.problem.testcaseSet.find((t) => t.isSample);
      $('run-input').value = inputs.has(task.id) ? inputs.get(task.id) : first ? first.input : '';
      $('run-output').replaceChildren(h('p', { class: 'hint', text: 'Run your code on this input to see its output here.' }));
    },
    disable() {
      $('run').disabled = true;
    },
    close() {
      if (ctl) ctl.abort();
      clearTimeout(pollTimer);
    },
  };
}
