// The candidate page beyond the main flow, in chromium against the real
// proxy and judge (run.sh, E2E_URL). The staff account creates a company
// whose one problem has a Markdown statement (with a script, an event
// handler and a code block) and lasts 40 seconds. A candidate interviews
// there: the statement is rendered, sanitised and highlighted; the clock
// warns at once (under five minutes); the network drops and comes back (the
// banner shows, a failed submit explains itself, the page recovers by
// itself); the dark theme follows the system; at zero the editor turns
// read-only and the report shows. The page is then checked at a 390-px phone
// width. Screenshots go to test/out/. Speaks TAP.
import { ok, done, client } from './tap.mjs';
import { launch, shot, unlabelled, overflowsSideways, editorText } from './chromium.mjs';

const url = process.env.E2E_URL;
const SECONDS = 40;
const STATEMENT = [
  '## Sum of two',
  '',
  'Read **two integers** `a` and `b` from one line and print their sum.',
  '',
  '<script>window.__pwned = 1</script>',
  '<img src="/nope.png" onerror="window.__pwned = 2">',
  '',
  '[More about sums](https://example.com/sums)',
  '',
  '```cpp',
  'int main() { return 0; }',
  '```',
].join('\n');

/* One staff mutation; returns its data or throws with the errors. */
async function staff(c, query, variables) {
  const r = await c.post(query, variables);
  if (!r.body.data || r.body.errors) throw new Error(JSON.stringify(r.body.errors || r.body));
  return r.body.data;
}

let b;
try {
  if (!url) throw new Error('E2E_URL is set by run.sh');
  const s = client(url);
  const login = await staff(s, 'mutation { login(username: "staff", password: "staff-password") { token } }');
  s.token = login.login.token;
  const company = `Markdown Co ${process.pid}`;
  const p = await staff(s, `mutation($t: String!, $x: String!, $d: Int!) {
    createProblem(title: $t, text: $x, codeTemplate: "print(sum(map(int, input().split())))\\n", duration: $d, timeLimitMs: 1000, memoryLimitKb: 65536) { problem { id } } }`,
  { t: `Sum of two ${process.pid}`, x: STATEMENT, d: SECONDS });
  const pid = p.createProblem.problem.id;
  await staff(s, 'mutation($p: ID!) { addTestCase(problemId: $p, input: "1 2\\n", expectedOutput: "3\\n", isSample: true) { testCase { id } } }', { p: pid });
  await staff(s, 'mutation($p: ID!) { addTestCase(problemId: $p, input: "40 2\\n", expectedOutput: "42\\n", isSample: false) { testCase { id } } }', { p: pid });
  const c = await staff(s, 'mutation($n: String!) { createCompany(name: $n, problemsPerInterview: 1) { company { id } } }', { n: company });
  await staff(s, 'mutation($c: ID!, $p: ID!) { assignProblem(companyId: $c, problemId: $p) { ok } }', { c: c.createCompany.company.id, p: pid });
  ok(true, 'staff set up a company with a Markdown problem of 40 seconds');

  b = await launch();
  const { page, context } = b;
  await page.goto(`${url}/`);
  await page.waitForSelector('#view-login:not([hidden])');
  await page.fill('#login-username', `page_${process.pid}`);
  await page.fill('#login-password', 'page-password');
  await page.click('#register-submit');
  await page.waitForSelector('#view-home:not([hidden])');
  await page.click(`#companies li:has(.name:text-is("${company}")) button`);
  await page.waitForSelector('#view-interview:not([hidden]) #editor .cm-content');
  const started = Date.now();

  // Markdown, sanitised, highlighted.
  ok(await page.textContent('#statement .markdown h2') === 'Sum of two', 'the Markdown heading is rendered');
  ok(await page.textContent('#statement .markdown strong') === 'two integers', 'bold text is rendered');
  ok(await page.locator('#statement script').count() === 0, 'a <script> in the statement is removed');
  const img = await page.locator('#statement img').count() > 0 ? await page.getAttribute('#statement img', 'onerror') : null;
  ok(img === null, 'event handlers in the statement are removed');
  ok(await page.evaluate(() => window.__pwned === undefined), 'nothing in the statement ran');
  ok(await page.getAttribute('#statement .markdown a', 'rel') === 'noopener noreferrer', 'links open apart from the page');
  await page.waitForSelector('#statement pre code.highlighted .tok-keyword');
  const keywords = await page.$$eval('#statement pre code .tok-keyword', (els) => els.map((e) => e.textContent));
  ok(keywords.includes('return'), 'the cpp code block is highlighted', keywords);
  ok(/Time limit: 1000 ms/.test(await page.textContent('.limits')) && /64\.0 MB/.test(await page.textContent('.limits')), 'the limits are stated', await page.textContent('.limits'));
  ok(await page.textContent('.sample-input') === '1 2\n' && await page.textContent('.sample-output') === '3\n', 'the sample shows as an input/expected pair');

  // The clock warns: less than five minutes from the start.
  await page.waitForSelector('#clock.warn');
  ok(/5 minutes/.test(await page.textContent('#message-text')), 'under five minutes the clock warns', await page.textContent('#message-text'));
  await shot(page, 'page-markdown-warning.png');

  // The network drops: a banner; a submit explains itself; the page recovers by itself.
  await context.setOffline(true);
  await page.click('#submit');
  await page.waitForSelector('#offline:not([hidden])', { timeout: 5000 });
  ok(true, 'a lost connection shows a banner');
  const netMsg = await page.textContent('#message-text');
  ok(/cannot be reached/.test(netMsg), 'the failed submit says so in words', netMsg);
  await shot(page, 'page-offline.png');
  ok(await editorText(page) === 'print(sum(map(int, input().split())))\n', 'the code is still in the editor');
  await context.setOffline(false);
  await page.waitForSelector('#offline[hidden]', { state: 'attached', timeout: 15000 });
  ok(true, 'the banner goes once the server answers again');

  // Dark theme follows the system.
  await page.emulateMedia({ colorScheme: 'dark' });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const edBg = await page.$eval('#editor .cm-editor', (e) => getComputedStyle(e).backgroundColor);
  ok(bg === 'rgb(22, 25, 31)' && edBg === 'rgb(40, 44, 52)', 'a dark system scheme gives the page and the editor dark themes', { bg, edBg });
  await shot(page, 'page-dark.png');
  await page.emulateMedia({ colorScheme: 'light' });

  // Time runs out: read-only editor, the report over it.
  const left = SECONDS * 1000 - (Date.now() - started) + 15000;
  await page.waitForSelector('#ended:not([hidden])', { timeout: Math.max(left, 5000) });
  ok(await page.getAttribute('#editor .cm-content', 'contenteditable') === 'false', 'at zero the editor is read-only');
  ok(await page.isDisabled('#submit'), 'and Submit is disabled');
  await page.waitForSelector('#ended-report .report-score');
  ok(/0 of 1 task\(s\) solved/.test(await page.textContent('#ended-report .report-score')), 'the report shows at once');
  ok(/Time is up/.test(await page.textContent('#clock')), 'the clock says the time is up');
  await shot(page, 'page-time-up.png');
  await page.click('#ended-close');
  await page.click('#editor .cm-content');
  await page.keyboard.type('xyz');
  ok(!(await editorText(page)).includes('xyz'), 'typing no longer changes the code');
  ok(b.errors.length === 0, 'no JavaScript errors on the page', b.errors);
  await b.close();

  // A phone: 390 px wide, everything reachable in one column.
  b = await launch({ viewport: { width: 390, height: 844 }, isMobile: false, hasTouch: true });
  await b.page.goto(`${url}/`);
  await b.page.fill('#login-username', `page_${process.pid}`);
  await b.page.fill('#login-password', 'page-password');
  await b.page.click('#login-submit');
  await b.page.waitForSelector('#view-home:not([hidden])');
  ok(!(await overflowsSideways(b.page)), 'at 390 px the home view does not scroll sideways');
  await shot(b.page, 'page-phone-home.png');
  await b.page.click('#companies li:has(.name:text-is("Acme Search")) button');
  await b.page.waitForSelector('#view-interview:not([hidden]) #editor .cm-content');
  ok(!(await overflowsSideways(b.page)), 'at 390 px the interview does not scroll sideways');
  const box = await b.page.locator('#editor').boundingBox();
  ok(box && box.width >= 340 && box.height >= 200, 'the editor takes the width of the phone', box);
  ok(await b.page.isVisible('#submit') && await b.page.isVisible('#clock'), 'Submit and the clock are visible');
  ok((await unlabelled(b.page)).length === 0, 'every control has a name at phone width', await unlabelled(b.page));
  await shot(b.page, 'page-phone.png');
  ok(b.errors.length === 0, 'no JavaScript errors at phone width', b.errors);
} catch (err) {
  ok(false, 'the page flow runs without exceptions', err.stack);
}
if (b) await b.close();
done();
