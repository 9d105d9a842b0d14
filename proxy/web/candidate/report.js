// report.js: the candidate's own report of a finished interview: when, how
// long, per task the verdicts, the best score and the final code; with the
// server's interview report (interviewReport, when the API has it) also per
// task the attempts, the first verdict, the time to the first accepted
// submission and the languages used. Builds DOM only.
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

/* The server's report as an object (the JSON scalar may come as text). */
function parsed(report) {
  if (!report) return null;
  if (typeof report === 'string') {
    try {
      return JSON.parse(report);
    } catch (e) {
      return null;
    }
  }
  return report;
}

/* Facts of one task from the server's report: attempts, first verdict, first AC time, languages. */
function taskFacts(rt, languageName) {
  if (!rt) return null;
  const items = [
    ['Attempts', String(rt.attempts ?? '—')],
    ['First verdict', rt.first_verdict || '—'],
    ['Best', rt.best_verdict ? `${rt.best_verdict}${rt.best_total ? `, ${rt.best_passed}/${rt.best_total} tests` : ''}` : '—'],
    ['Solved after', rt.first_ac_seconds !== null && rt.first_ac_seconds !== undefined ? clock(rt.first_ac_seconds) : 'not solved'],
    ['Languages', (rt.languages || []).map(languageName).join(', ') || '—'],
  ];
  return h('dl', { class: 'facts task-facts' }, items.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })]));
}

/* The report of an interview (interview(id) and, if any, interviewReport(id)). */
export function renderReport(iv, serverReport, languageName) {
  const rep = parsed(serverReport);
  const started = new Date(iv.startTime).getTime();
  const finished = iv.finishedTime ? new Date(iv.finishedTime).getTime() : null;
  const allowed = (new Date(iv.expiredTime).getTime() - started) / 1000;
  const used = finished ? (finished - started) / 1000 : null;
  const solved = iv.taskSet.filter((t) => t.submissionSet.some((s) => s.judgement === 'AC')).length;
  const tasks = iv.taskSet.map((t, i) => {
    const b = best(t.submissionSet);
    const sc = b ? score(b) : null;
    const rt = rep && Array.isArray(rep.tasks) ? rep.tasks.find((x) => String(x.task_id) === String(t.id)) : null;
    return h('section', { class: 'report-task card', 'data-task-id': t.id },
      h('h3', {}, `${i + 1}. ${t.problem.title} `, b ? badge(verdictOf(b)) : badge('none')),
      h('p', {}, b
        ? `${VERDICT_NAMES[verdictOf(b)] || verdictOf(b)}${sc ? `, ${sc.passed}/${sc.total} tests` : ''}, ${b.timeMs ?? '—'} ms, ${kib(b.memoryKb) || '—'}, in ${languageName(b.language)}; ${t.submissionSet.length} submission(s).`
        : 'No submission.'),
      taskFacts(rt, languageName),
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
        h('dt', { text: 'Time used' }), h('dd', { text: used !== null ? `${clock(used)} of ${clock(allowed)}` : `— of ${clock(allowed)}` }),
        rep && h('dt', { text: 'Submissions' }), rep && h('dd', { text: String(rep.attempts ?? '—') }))),
    tasks);
}
