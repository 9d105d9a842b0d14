// The candidate page in a real browser (Debian's chromium through
// playwright-core) against the proxy and judge started by run.sh (E2E_URL),
// at 1280x720. A new candidate registers, starts an interview at Acme
// Search and uses the editor (typing, brackets, auto-indent, Tab, undo,
// search, font size, highlighting per language), switches languages without
// losing drafts (also across a reload), submits the C template (WA) and the
// bank's Python reference (AC) with the keyboard shortcut, reads the
// per-test marks, reloads an older submission into the editor, finishes and
// reads the report, also later from "My interviews". Screenshots go to
// test/out/. Speaks TAP.
import { ok, done, bankSlugs, bankFile, bankStdin, client } from './tap.mjs';
import { launch, shot, unlabelled, overflowsSideways, editorText } from './chromium.mjs';

const url = process.env.E2E_URL;
const JUDGE_WAIT_MS = 180000;

let b;
try {
  if (!url) throw new Error('E2E_URL is set by run.sh');
  const slugs = bankSlugs();
  b = await launch();
  const { page } = b;
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });

  const res = await page.goto(`${url}/`);
  ok(res && res.status() === 200, 'the proxy serves the candidate page at /', res && res.status());
  const icon = await page.request.get(`${url}/favicon.ico`);
  ok(icon.status() === 200 && /image\//.test(icon.headers()['content-type']), '/favicon.ico is served', icon.status());
  await page.waitForSelector('#view-login:not([hidden])');
  ok(await page.isVisible('#login-form'), 'a visitor sees the login form');

  // A wrong password: a sentence, never an internal code.
  await page.fill('#login-username', 'candidate');
  await page.fill('#login-password', 'not-the-password');
  await page.press('#login-password', 'Enter');
  await page.waitForSelector('#message:not([hidden])');
  const wrong = await page.textContent('#message-text');
  ok(/username or password/i.test(wrong) && !/[A-Z]{4,}_?[A-Z]*/.test(wrong), 'a wrong password shows a sentence, not an error code', wrong);
  await shot(page, 'page-login.png');

  // Keyboard only: the form is filled and sent with keys.
  const user = `browser_${process.pid}`;
  await page.fill('#login-username', '');
  await page.fill('#login-password', '');
  await page.focus('#login-username');
  await page.keyboard.type(user);
  await page.keyboard.press('Tab');
  await page.keyboard.type('browser-password');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  ok(await page.evaluate(() => document.activeElement.id) === 'register-submit', 'Tab reaches "Create account"');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#view-home:not([hidden])');
  ok((await page.textContent('#who-name')).trim() === user, 'a new candidate registers with the keyboard and is logged in');
  const companies = await page.$$eval('#companies .name', (els) => els.map((e) => e.textContent));
  ok(companies.includes('Acme Search') && companies.includes('Globex Logistics'), 'the page lists the companies', companies);
  ok((await unlabelled(page)).length === 0, 'every control of the home view has a name for screen readers', await unlabelled(page));

  await page.click('#companies li:has(.name:text-is("Acme Search")) button');
  await page.waitForSelector('#view-interview:not([hidden])');
  await page.waitForSelector('#editor .cm-content');
  ok(/Acme Search/.test(await page.textContent('#interview-title')), 'starting an interview shows it');
  ok(await page.locator('#task-tabs [role="tab"]').count() === 3, 'the interview has three task tabs');
  await page.waitForFunction(() => /^(\d+:)?\d\d:\d\d$/.test(document.querySelector('#clock .clock-time').textContent));
  ok(await page.isVisible('#clock'), 'the clock is visible', await page.textContent('#clock'));
  ok(!(await overflowsSideways(page)), 'the interview view fits 1280x720 without sideways scrolling');
  ok((await unlabelled(page)).length === 0, 'every control of the interview view has a name', await unlabelled(page));

  // Work on a stdin/stdout task (every demo interview has one; function problems have
  // generated starter code instead of the bank's templates).
  const tabs = page.locator('#task-tabs [role="tab"]');
  const titleOf = async () => (await page.textContent('#problem-title')).replace(/^\d+\.\s*/, '').trim();
  let tab = 0;
  for (; tab < await tabs.count(); tab++) {
    await tabs.nth(tab).click();
    await page.waitForFunction((i) => document.querySelectorAll('#task-tabs [role="tab"]')[i]
      .getAttribute('aria-selected') === 'true', tab);
    if (slugs[await titleOf()] && bankStdin(slugs[await titleOf()])) break;
  }

  // The statement, its limits and samples.
  const title = await titleOf();
  const slug = slugs[title];
  ok(slug && bankStdin(slug), `a stdin/stdout task is a bank problem (${title}, tab ${tab + 1})`);
  ok(/Time limit: \d+ ms/.test(await page.textContent('.limits')) && /Memory limit/.test(await page.textContent('.limits')), 'the limits are stated');
  const samples = await page.locator('.sample').count();
  ok(samples === 2, 'its two samples are shown as input/expected pairs', samples);
  const firstInput = await page.textContent('.sample >> nth=0 >> .sample-input');
  await page.click('.sample >> nth=0 >> button.copy >> nth=0');
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  ok(clip === firstInput, 'the copy button puts the sample input on the clipboard', { clip, firstInput });

  // Editor: language python3 by default, typing, brackets, indent, Tab, undo, search.
  ok(await page.inputValue('#language') === 'python3', 'Python 3 is the default language');
  await page.waitForFunction((t) => document.getElementById('editor').cmEditor.text() === t,
    bankFile('problems', slug, 'template.py'), { timeout: 5000 }).catch(() => {});
  ok(await editorText(page) === bankFile('problems', slug, 'template.py'), 'the editor holds the Python starter code');
  await page.waitForSelector('#editor[data-language="python3"] .cm-content span[class]');
  ok(true, 'the Python code is highlighted');
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('def extra(x):');
  await page.keyboard.press('Enter');
  let text = await editorText(page);
  ok(text.endsWith('def extra(x):\n    '), 'a new line after ":" is indented by itself', JSON.stringify(text.slice(-30)));
  await page.keyboard.type('return (x');
  text = await editorText(page);
  ok(text.endsWith('return (x)'), 'an opening bracket gets its closing one', JSON.stringify(text.slice(-20)));
  ok(await page.locator('#editor .cm-matchingBracket').count() > 0, 'the matching bracket is marked');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Home');
  await page.keyboard.press('Home');
  await page.keyboard.press('Tab');
  text = await editorText(page);
  ok(/\n {4,}$/.test(text), 'Tab indents', JSON.stringify(text.slice(-12)));
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  text = await editorText(page);
  ok(!/\n {4,}\S*\n {4,}$/.test(text) && text.length < (await editorText(page)).length + 100, 'Ctrl+Z undoes');
  await page.keyboard.press('Control+f');
  await page.waitForSelector('.cm-search input[name="search"]');
  ok(true, 'Ctrl+F opens the search panel');
  await page.keyboard.press('Escape');
  await page.click('#editor .cm-content');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  ok(await page.evaluate(() => !document.getElementById('editor').contains(document.activeElement)), 'Escape then Tab moves the focus out of the editor',
    await page.evaluate(() => document.activeElement.outerHTML.slice(0, 80)));
  const before = await page.$eval('#editor .cm-content', (e) => parseFloat(getComputedStyle(e).fontSize));
  await page.click('#font-larger');
  await page.click('#font-larger');
  const after = await page.$eval('#editor .cm-content', (e) => parseFloat(getComputedStyle(e).fontSize));
  ok(after > before, 'A+ makes the editor font larger', { before, after });
  await page.click('#font-smaller');
  await page.click('#font-smaller');

  // Drafts per language: the Python edit survives a trip to C and a reload.
  const pyDraft = await editorText(page);
  await page.selectOption('#language', 'c');
  await page.waitForFunction(() => document.getElementById('editor').dataset.language === 'c');
  ok(await editorText(page) === bankFile('problems', slug, 'template.c'), 'switching to C loads the C starter code');
  await page.waitForSelector('#editor[data-language="c"] .cm-content span[class]');
  ok(true, 'the C code is highlighted');
  await page.selectOption('#language', 'python3');
  await page.waitForFunction(() => document.getElementById('editor').dataset.language === 'python3');
  ok(await editorText(page) === pyDraft, 'switching back to Python brings the typed draft back');
  await page.reload();
  await page.waitForSelector('#view-interview:not([hidden]) #editor .cm-content');
  // back to the stdin/stdout task worked on (a reload shows the first task)
  await tabs.nth(tab).click();
  await page.waitForFunction((i) => document.querySelectorAll('#task-tabs [role="tab"]')[i]
    .getAttribute('aria-selected') === 'true', tab);
  await page.waitForFunction((d) => document.getElementById('editor').cmEditor.text() === d, pyDraft, { timeout: 5000 }).catch(() => {});
  ok(await editorText(page) === pyDraft, 'after a reload the Python draft is restored');

  // Every offered language loads its highlighting.
  const langs = await page.$$eval('#language option', (os) => os.map((o) => o.value));
  const missing = [];
  for (const id of langs) {
    await page.selectOption('#language', id);
    const got = await page.waitForFunction((l) => document.getElementById('editor').dataset.language === l, id, { timeout: 5000 }).then(() => true, () => false);
    if ((await editorText(page)).trim() === '') {
      // No starter code in this language: a number is highlighted by every mode.
      await page.click('#editor .cm-content');
      // PHP is highlighted inside <?php only
      await page.keyboard.type(id === 'php' ? '<?php $x = 42;' : 'x = 42');
    }
    const spans = await page.waitForSelector('#editor .cm-content span[class]', { timeout: 5000 }).then(() => true, () => false);
    if (!got || !spans) missing.push(id);
  }
  ok(missing.length === 0, `each of the ${langs.length} languages (${langs.join(' ')}) is highlighted`, missing);

  // Run: the input box holds the first sample; Ctrl+Enter runs the editor's code on it.
  const schema = await client(url).post('{ __type(name: "Mutation") { fields { name } } }');
  const hasRun = schema.body.data.__type.fields.some((f) => f.name === 'runCode');
  if (!hasRun) {
    ok(await page.isHidden('#run'), 'without runCode on the server the page offers no Run button');
  } else {
    ok(await page.isVisible('#run'), 'the page offers Run');
    ok(await page.inputValue('#run-input') === firstInput, 'the run input is prefilled with the first sample');
    await page.selectOption('#language', 'python3');
    await page.waitForFunction(() => document.getElementById('editor').dataset.language === 'python3');
    await page.evaluate((code) => document.getElementById('editor').cmEditor.replace(code), bankFile('solutions', slug, 'ref.py'));
    await page.click('#editor .cm-content');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#run-output .run-result[data-verdict]:not([data-verdict=""])', { timeout: JUDGE_WAIT_MS });
    const sampleOut = await page.textContent('.sample >> nth=0 >> .sample-output');
    ok(await page.getAttribute('#run-output .run-result', 'data-verdict') === 'OK'
      && await page.textContent('#run-output pre.stdout') === sampleOut, 'Ctrl+Enter runs the code on the input; its stdout is the sample output, pushed to the page',
    await page.textContent('#run-output'));
    ok(/\d+ ms/.test(await page.textContent('#run-output .result-head')) && /(KB|MB)/.test(await page.textContent('#run-output .result-head')),
      'the run states its time and memory');
    await shot(page, 'page-run.png');
    await page.fill('#run-input', '');
    await page.evaluate(() => document.getElementById('editor').cmEditor.replace('import sys\nprint("out")\nsys.stderr.write("oops\\n")\nsys.exit(3)\n'));
    await page.click('#run');
    await page.waitForSelector('#run-output .run-result[data-verdict="RE"]', { timeout: JUDGE_WAIT_MS });
    ok(await page.textContent('#run-output pre.stdout') === 'out\n' && /oops/.test(await page.textContent('#run-output pre.stderr')),
      'a program that fails shows RE with its stdout and stderr', await page.textContent('#run-output'));
    await page.selectOption('#language', 'c');
    await page.waitForFunction(() => document.getElementById('editor').dataset.language === 'c');
    await page.evaluate(() => document.getElementById('editor').cmEditor.replace('int main( {\n'));
    await page.click('#run');
    await page.waitForSelector('#run-output .run-result[data-verdict="CE"]', { timeout: JUDGE_WAIT_MS });
    ok((await page.textContent('#run-output pre.compile')).length > 0, 'C that does not compile shows CE with the compiler output');
    await page.click('#reset');
    await page.waitForFunction((t) => document.getElementById('editor').cmEditor.text() === t, bankFile('problems', slug, 'template.c'));
    ok(true, 'Reset puts the C starter code back');
  }

  // Submit the C template with Ctrl+Shift+Enter: WA, with one mark per test.
  await page.selectOption('#language', 'c');
  await page.waitForFunction(() => document.getElementById('editor').dataset.language === 'c');
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+Shift+Enter');
  await page.waitForSelector('#latest .result[data-submission-id]');
  const wrongId = await page.getAttribute('#latest .result', 'data-submission-id');
  await page.waitForSelector(`#latest .result[data-submission-id="${wrongId}"][data-status="JUDGED"]`, { timeout: JUDGE_WAIT_MS });
  ok(await page.getAttribute('#latest .result', 'data-verdict') === 'WA', 'Ctrl+Shift+Enter submits; the C template is judged WA, pushed to the page');
  const wrongMarks = await page.$$eval('#latest .mark', (els) => els.map((e) => e.dataset.verdict));
  ok(wrongMarks.length >= 1 && wrongMarks[0] === 'WA', 'its per-test marks show test 1 as WA', wrongMarks);
  ok(/(\d+\/\d+ tests passed|failed on test 1)/.test(await page.textContent('#latest .score')), 'the result states how many tests passed', await page.textContent('#latest .score'));
  const expectedCol = await page.$$eval('#latest .test-detail .diff td.exp:not(:has(em))', (els) => els.map((e) => e.textContent).join('\n'));
  const sample1 = (await page.textContent('.sample >> nth=0 >> .sample-output')).replace(/\n+$/, '');
  ok(await page.locator('#latest .test-detail .diff tr.differ').count() > 0 && expectedCol === sample1,
    'the failing sample test shows the diff of its expected output against the program\'s', { expectedCol, sample1 });
  await page.locator('#latest .test-detail .diff').scrollIntoViewIfNeeded();
  await shot(page, 'page-diff.png');
  const markTitle = await page.getAttribute('#latest .mark >> nth=0', 'title');
  ok(/ms/.test(markTitle) && /(KB|MB)/.test(markTitle), 'each mark states its time and memory', markTitle);

  // The Python reference with the Submit button: AC.
  await page.selectOption('#language', 'python3');
  await page.waitForFunction(() => document.getElementById('editor').dataset.language === 'python3');
  await page.evaluate((code) => document.getElementById('editor').cmEditor.replace(code), bankFile('solutions', slug, 'ref.py'));
  await page.click('#submit');
  await page.waitForFunction((id) => {
    const r = document.querySelector('#latest .result');
    return r && r.dataset.submissionId !== id;
  }, wrongId);
  const rightId = await page.getAttribute('#latest .result', 'data-submission-id');
  await page.waitForSelector(`#latest .result[data-submission-id="${rightId}"][data-status="JUDGED"]`, { timeout: JUDGE_WAIT_MS });
  ok(await page.getAttribute('#latest .result', 'data-verdict') === 'AC', 'the Python reference is judged AC on the page');
  const rightMarks = await page.$$eval('#latest .mark', (els) => els.map((e) => e.dataset.verdict));
  ok(rightMarks.length >= 10 && rightMarks.every((v) => v === 'AC'), `its ${rightMarks.length} marks are all AC`, rightMarks);
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  const widths = await page.evaluate(() => [document.querySelector('#editor .cm-editor').getBoundingClientRect().width,
    document.getElementById('editor').getBoundingClientRect().width, document.getElementById('editor').scrollLeft]);
  ok(widths[0] <= widths[1] + 1 && widths[2] === 0, 'a long line scrolls inside the editor, the line numbers stay in view', widths);
  ok(await page.locator('#history tr.submission').count() === 2, 'the history lists both submissions');
  ok(await page.locator('#task-tabs [role="tab"][aria-selected="true"] .tick').count() === 1, 'the solved task is ticked in its tab');
  await shot(page, 'page-interview.png');

  // Reload an older submission into the editor: its language and code come back.
  await page.click(`#history tr[data-submission-id="${wrongId}"] button.load`);
  await page.waitForFunction(() => document.getElementById('editor').dataset.language === 'c');
  ok(await page.inputValue('#language') === 'c' && await editorText(page) === bankFile('problems', slug, 'template.c'),
    'loading the WA submission puts its C code into the editor');
  await page.click(`#history tr[data-submission-id="${wrongId}"] button.show`);
  ok(await page.getAttribute('#latest .result', 'data-submission-id') === wrongId, 'its result can be shown again from the history');

  // Task tabs with the keyboard: to the next task (the previous one from the last tab).
  const next = tab < 2 ? tab + 1 : 1;
  await page.focus('#task-tabs [role="tab"][aria-selected="true"]');
  await page.keyboard.press(tab < 2 ? 'ArrowRight' : 'ArrowLeft');
  await page.waitForFunction((i) => document.activeElement.getAttribute('aria-selected') === 'true'
    && document.activeElement === document.querySelectorAll('#task-tabs [role="tab"]')[i], next);
  ok(await page.evaluate(() => [...document.querySelectorAll('#task-tabs [role="tab"]')].findIndex((t) => t.getAttribute('aria-selected') === 'true')) === next,
    `${tab < 2 ? 'ArrowRight' : 'ArrowLeft'} moves to task ${next + 1}`);
  ok(await page.locator('#latest .result').count() === 0, 'that task has its own (empty) results');

  // Finish: the report.
  await page.click('#finish');
  await page.waitForSelector('#view-report:not([hidden])');
  const score = await page.textContent('.report-score');
  ok(/1 of 3 task\(s\) solved/.test(score), 'finishing shows the report', score);
  ok(await page.locator('.report-task').count() === 3, 'the report has a section per task');
  const qFields = (await client(url).post('{ __type(name: "Query") { fields { name } } }')).body.data.__type.fields.map((f) => f.name);
  if (qFields.includes('interviewReport')) {
    const facts = await page.textContent('.report-task >> nth=0 >> .task-facts');
    ok(/Attempts\s*2/.test(facts) && /First verdict\s*WA/.test(facts) && /Solved after\s*\d\d:\d\d/.test(facts),
      "the report shows the server's interview report per task (attempts, first verdict, time to AC)", facts);
  } else {
    ok(await page.locator('.task-facts').count() === 0, 'without interviewReport on the server the report is built from the interview alone');
  }
  await shot(page, 'page-report.png', true);

  // "My interviews": the finished one opens its report again.
  await page.click('#who a[href="#/home"]');
  await page.waitForSelector('#view-home:not([hidden])');
  const rows = await page.$$eval('#past-interviews tr', (els) => els.map((e) => e.textContent));
  ok(rows.length === 1 && /Acme Search/.test(rows[0]) && /1 \/ 3/.test(rows[0]), 'My interviews lists the finished interview', rows);
  await shot(page, 'page-home.png');
  await page.click('#past-interviews tr >> nth=0 >> a');
  await page.waitForSelector('#view-report:not([hidden])');
  ok(/1 of 3/.test(await page.textContent('.report-score')), 'its report opens from My interviews');
  await page.goBack();
  await page.waitForSelector('#view-home:not([hidden])');
  ok(true, 'the back button returns to My interviews');
  ok(b.errors.length === 0, 'no JavaScript errors on the page', b.errors);
} catch (err) {
  ok(false, 'the browser flow runs without exceptions', err.stack);
}
if (b) await b.close();
done();
