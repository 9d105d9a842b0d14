// report.js: the candidate's own report of a finished interview: when, how
// long, per task the verdicts, the best score and the final code; the
// server's interview report (interviewReport) is shown with it when the API
// has one. Builds DOM only.
import { h, when, clock, kib } from '../lib/dom.js';
import { badge, score, verdictOf, VERDICT_NAMES } from './results.js';

/* The best submission of a task: accepted first, else the most tests passed, else the last. */
function best(list) {
  let top = null;
  for (const s of list) {
    const sc = score(s);
    const key = [s.judgement === 'AC' ? 1 : 0, sc ? sc.passed / Math.max(1, sc.total) : 0, Number(s.id)];
    if (!top || key[0] > top.key[0] || (key[0] === top.key[0] && (key[1] > top.key[1] || (key[1] === top.key[1] && key[2] > top.key[2])))) {
      top = { s, key };
    }
  }
  return top ? top.s : null;
}

/* The server's report (JSON) as a definition list, nested objects as lists. */
function jsonView(value, depth) {
  if (value === null || value === undefined) return h('span', { class: 'hint', text: '—' });
  if (Array.isArray(value)) {
    if (value.length === 0) return h('span', { class: 'hint', text: 'none' });
    return h('ol', { class: 'json-list' }, value.map((v) => h('li', {}, jsonView(v, depth + 1))));
  }
  if (typeof value === 'object') {
    return h('dl', { class: `json-obj depth-${depth}` }, Object.entries(value).flatMap(([k, v]) => [
      h('dt', { text: k.replace(/_/g, ' ') }), h('dd', {}, jsonView(v, depth + 1))]));
  }
  return h('span', { text: String(value) });
}

/* The report of an interview (interview(id) and, if any, interviewReport(id)). */
export function renderReport(iv, serverReport, languageName) {
  const started = new Date(iv.startTime).getTime();
  const finished = iv.finishedTime ? new Date(iv.finishedTime).getTime() : null;
  const allowed = (new Date(iv.expiredTime).getTime() - started) / 1000;
  const used = finished ? (finished - started) / 1000 : null;
  const solved = iv.taskSet.filter((t) => t.submissionSet.some((s) => s.judgement === 'AC')).length;
  const tasks = iv.taskSet.map((t, i) => {
    const b = best(t.submissionSet);
    const sc = b ? score(b) : null;
    return h('section', { class: 'report-task card', 'data-task-id': t.id },
      h('h3', {}, `${i + 1}. ${t.problem.title} `, b ? badge(verdictOf(b)) : badge('none')),
      h('p', {}, b
        ? `${VERDICT_NAMES[verdictOf(b)] || verdictOf(b)}${sc ? `, ${sc.passed}/${sc.total} tests` : ''}, ${b.timeMs ?? '—'} ms, ${kib(b.memoryKb) || '—'}, in ${languageName(b.language)}; ${t.submissionSet.length} submission(s).`
        : 'No submission.'),
      t.submissionSet.length > 0 && h('p', { class: 'verdicts' }, 'All verdicts: ',
        t.submissionSet.map((s) => h('span', { class: 'mini', title: `#${s.id} ${languageName(s.language)}` }, badge(verdictOf(s))))),
      b && h('details', {}, h('summary', { text: `Code of submission #${b.id}` }), h('pre', { class: 'out code', text: b.code })));
  });
  return h('div', { class: 'report' },
    h('div', { class: 'card report-summary' },
      h('h2', { id: 'report-title', text: `Interview #${iv.id}${iv.company ? ` at ${iv.company.name}` : ''}` }),
      h('p', { class: 'report-score', text: `${solved} of ${iv.taskSet.length} task(s) solved.` }),
      h('dl', { class: 'facts' },
        h('dt', { text: 'Started' }), h('dd', { text: when(iv.startTime) }),
        h('dt', { text: 'Finished' }), h('dd', { text: iv.finishedTime ? when(iv.finishedTime) : 'not yet' }),
        h('dt', { text: 'Time used' }), h('dd', { text: used !== null ? `${clock(used)} of ${clock(allowed)}` : `— of ${clock(allowed)}` }))),
    tasks,
    serverReport && h('div', { class: 'card server-report' }, h('h3', { text: 'Interview report' }),
      jsonView(typeof serverReport === 'string' ? JSON.parse(serverReport) : serverReport, 0)));
}
