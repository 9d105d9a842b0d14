// results.js: how the candidate page shows a judged submission (verdict,
// passed/total, a row of per-test marks, the diff of a sample test's
// expected and actual output) and the submission history rows. Builds DOM
// only; the caller decides where it goes and what a button does.
import { h, kib, when } from '../lib/dom.js';

/* Verdicts in words, for titles and screen readers. */
export const VERDICT_NAMES = {
  AC: 'Accepted', WA: 'Wrong answer', CE: 'Compilation error', RE: 'Runtime error',
  TLE: 'Time limit exceeded', MLE: 'Memory limit exceeded', OLE: 'Output limit exceeded',
  IE: 'Internal error', OK: 'Finished (exit code 0)', QUEUED: 'Waiting for the judge', JUDGING: 'Being judged',
  RUNNING: 'Running',
};

/* The verdict shown for a submission (its status while not judged). */
export function verdictOf(s) {
  return s.status === 'JUDGED' ? s.judgement : s.status;
}

/* A verdict badge. */
export function badge(verdict) {
  return h('span', { class: `badge v-${verdict}`, title: VERDICT_NAMES[verdict] || verdict }, verdict);
}

/*
 * passed/total of a submission: the server's; without them, counted from its
 * results when all passed (a failure may stop the judging early, so the
 * total is unknown then: null).
 */
export function score(s) {
  if (s.passed !== undefined && s.total !== undefined && s.total !== null) return { passed: s.passed || 0, total: s.total };
  const results = s.testResults || [];
  if (results.length === 0 || results.some((r) => r.verdict !== 'AC')) return null;
  return { passed: results.length, total: results.length };
}

/* A short line on how many tests passed. */
export function scoreText(s) {
  const sc = score(s);
  if (sc) return `${sc.passed}/${sc.total} tests passed`;
  if (s.failedAt) return `failed on test ${s.failedAt}`;
  return '';
}

/* The lines of text, without the final newline's empty line. */
function lines(text) {
  const l = String(text === null || text === undefined ? '' : text).replace(/\r\n/g, '\n').split('\n');
  while (l.length > 0 && l[l.length - 1] === '') l.pop();
  return l;
}

/*
 * A diff of expected against actual output, line by line (trailing spaces
 * ignored, as the judge does): two columns, differing lines marked.
 */
export function diffView(expected, actual) {
  const a = lines(expected);
  const b = lines(actual);
  const rows = [];
  const n = Math.min(Math.max(a.length, b.length), 200);
  let differ = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    const same = x !== undefined && y !== undefined && x.trimEnd() === y.trimEnd();
    if (!same) differ += 1;
    rows.push(h('tr', { class: same ? 'same' : 'differ' },
      h('td', { class: 'ln', text: String(i + 1) }),
      h('td', { class: 'exp' }, x === undefined ? h('em', { text: '(no such line)' }) : x),
      h('td', { class: 'act' }, y === undefined ? h('em', { text: '(line missing)' }) : y)));
  }
  return h('table', { class: 'diff', 'aria-label': `Expected and actual output, ${differ} line(s) differ` },
    h('thead', {}, h('tr', {}, h('th', { text: '#' }), h('th', { text: 'Expected' }), h('th', { text: 'Your output' }))),
    h('tbody', {}, rows));
}

/*
 * A test result with what is known of its test: the server's sample
 * details when it gives them (TestResult.input/expectedOutput/actualOutput),
 * else the problem's sample case of that ordinal and, for the first failing
 * test, the submission's failedOutput.
 */
function withCase(r, s, samples) {
  const c = (samples || []).find((t) => t.isSample && t.ordinal === r.ordinal);
  const out = { ...r };
  if (out.isSample === undefined) out.isSample = Boolean(c);
  if (out.input === undefined && c) {
    out.input = c.input;
    out.expectedOutput = c.expectedOutput;
    out.actualOutput = r.ordinal === s.failedAt ? s.failedOutput : r.verdict === 'AC' ? c.expectedOutput : undefined;
  }
  return out;
}

/* Details of one test result (shown when its mark is chosen). */
function testDetail(r) {
  const name = VERDICT_NAMES[r.verdict] || r.verdict;
  const parts = [
    h('p', {}, badge(r.verdict), ` Test ${r.ordinal}${r.isSample ? ' (sample)' : ''}: ${name}, ${r.timeMs} ms, ${kib(r.memoryKb)}`),
  ];
  if (r.detail) parts.push(h('p', { class: 'hint', text: `Exit: ${r.detail}` }));
  if (r.isSample && r.input !== undefined && r.input !== null) {
    parts.push(h('div', { class: 'io' }, h('h5', { text: 'Input' }), h('pre', { text: r.input })));
    if (r.actualOutput !== undefined && r.actualOutput !== null) parts.push(diffView(r.expectedOutput, r.actualOutput));
    else parts.push(h('div', { class: 'io' }, h('h5', { text: 'Expected output' }), h('pre', { text: r.expectedOutput })));
  } else if (!r.isSample) {
    parts.push(h('p', { class: 'hint', text: 'A hidden test: its input and output are not shown.' }));
  }
  return parts;
}

/* The row of per-test marks of a submission, each opening its details. */
export function marks(s, samples) {
  const results = (s.testResults || []).map((r) => withCase(r, s, samples));
  const detail = h('div', { class: 'test-detail', 'aria-live': 'polite' });
  const row = h('div', { class: 'marks', role: 'group', 'aria-label': 'Results per test' },
    results.map((r) => h('button', {
      type: 'button',
      class: `mark v-${r.verdict}${r.isSample ? ' sample' : ''}`,
      'data-ordinal': r.ordinal,
      'data-verdict': r.verdict,
      title: `Test ${r.ordinal}${r.isSample ? ' (sample)' : ''}: ${VERDICT_NAMES[r.verdict] || r.verdict}, ${r.timeMs} ms, ${kib(r.memoryKb)}`,
      'aria-label': `Test ${r.ordinal}${r.isSample ? ', sample' : ''}: ${VERDICT_NAMES[r.verdict] || r.verdict}, ${r.timeMs} milliseconds, ${kib(r.memoryKb)}`,
      onclick: (ev) => {
        for (const b of row.querySelectorAll('.mark')) b.setAttribute('aria-pressed', 'false');
        ev.currentTarget.setAttribute('aria-pressed', 'true');
        detail.replaceChildren(...testDetail(r));
      },
    }, h('span', { class: 'mark-n', text: String(r.ordinal) }),
    h('span', { class: 'mark-t', text: `${r.timeMs}ms` }),
    h('span', { class: 'mark-m', text: kib(r.memoryKb) }))));
  const first = results.find((r) => r.verdict !== 'AC' && r.isSample) || results.find((r) => r.verdict !== 'AC');
  if (first) detail.replaceChildren(...testDetail(first));
  return h('div', { class: 'marks-block' }, row, detail);
}

/* The full result of one submission: verdict, score, time, memory, marks, compiler output. */
export function submissionResult(s, languageName, samples) {
  const v = verdictOf(s);
  const head = h('div', { class: 'result-head' },
    badge(v),
    h('strong', { class: 'verdict-name', text: VERDICT_NAMES[v] || v }),
    scoreText(s) && h('span', { class: 'score', text: scoreText(s) }),
    s.timeMs !== null && s.timeMs !== undefined && h('span', { class: 'stat', text: `${s.timeMs} ms` }),
    s.memoryKb !== null && s.memoryKb !== undefined && h('span', { class: 'stat', text: kib(s.memoryKb) }),
    h('span', { class: 'hint', text: `#${s.id} · ${languageName} · ${when(s.submittedAt)}` }));
  const body = [head];
  if (s.status !== 'JUDGED') body.push(h('p', { class: 'hint pending', text: 'Waiting for the verdict; it appears here by itself.' }));
  if (s.compileOutput) body.push(h('h5', { text: 'Compiler output' }), h('pre', { class: 'out compile', text: s.compileOutput }));
  if ((s.testResults || []).length > 0) body.push(marks(s, samples));
  return h('div', { class: 'result', 'data-submission-id': s.id, 'data-status': s.status, 'data-verdict': v || '' }, body);
}

/* One row of the submission history, with its buttons. */
export function historyRow(s, languageName, onShow, onLoad) {
  const v = verdictOf(s);
  const sc = score(s);
  return h('tr', { class: 'submission', 'data-submission-id': s.id, 'data-status': s.status },
    h('td', { text: `#${s.id}` }),
    h('td', { text: new Date(s.submittedAt).toLocaleTimeString() }),
    h('td', { text: languageName }),
    h('td', {}, badge(v)),
    h('td', { class: 'num', text: sc ? `${sc.passed}/${sc.total}` : s.failedAt ? `✗ ${s.failedAt}` : '' }),
    h('td', { class: 'num', text: s.timeMs !== null && s.timeMs !== undefined ? `${s.timeMs} ms` : '' }),
    h('td', { class: 'num', text: kib(s.memoryKb) }),
    h('td', { class: 'actions' },
      h('button', { type: 'button', class: 'small secondary show', onclick: () => onShow(s), 'aria-label': `Show the result of submission ${s.id}` }, 'Result'),
      h('button', { type: 'button', class: 'small secondary load', onclick: () => onLoad(s), 'aria-label': `Load the code of submission ${s.id} into the editor` }, 'Load code')));
}
