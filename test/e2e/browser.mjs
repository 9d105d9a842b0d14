// The candidate page in a real browser: Debian's chromium driven by
// playwright-core against the proxy and judge started by run.sh (E2E_URL).
// A new candidate registers on the page, starts an interview at Acme Search,
// submits the C template (WA) and the bank's Python reference (AC), sees the
// per-test verdicts, finishes; screenshots go to test/out/. Speaks TAP.
import { mkdtempSync, rmSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ok, done, bail, bankSlugs, bankFile, top } from './tap.mjs';

const url = process.env.E2E_URL;
const JUDGE_WAIT_MS = 180000;
const outDir = join(top, 'test', 'out');
mkdirSync(outDir, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'interview-e2e-chromium-'));

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (err) {
  bail('playwright-core is installed (make deps)', err);
}

let browser;
const errors = [];
try {
  if (!url) bail('E2E_URL is set by run.sh', 'missing E2E_URL');
  const slugs = bankSlugs();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 1000 },
  });
  browser = context;
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('dialog', (dialog) => dialog.accept());
  page.setDefaultTimeout(20000);

  const res = await page.goto(`${url}/`);
  ok(res && res.status() === 200, 'the proxy serves the candidate page at /', res && res.status());
  await page.waitForSelector('#view-login:not([hidden])');
  ok(await page.isVisible('#login-form'), 'a visitor sees the login form');

  const user = `browser_${process.pid}`;
  await page.fill('#login-username', user);
  await page.fill('#login-password', 'browser-password');
  await page.click('#register-submit');
  await page.waitForSelector('#view-home:not([hidden])');
  ok((await page.textContent('#who-name')).trim() === user, 'a new candidate registers and is logged in');
  const companies = await page.$$eval('#companies li .name', (els) => els.map((e) => e.textContent));
  ok(companies.includes('Acme Search') && companies.includes('Globex Logistics'), 'the page lists the companies', companies);

  await page.click('#companies li:has(.name:text-is("Acme Search")) button');
  await page.waitForSelector('#view-interview:not([hidden])');
  const heading = await page.textContent('#interview-title');
  ok(/Acme Search/.test(heading), 'starting an interview shows it', heading);
  const tabs = await page.$$eval('#task-tabs button', (els) => els.length);
  ok(tabs === 3, 'the interview has three task tabs', tabs);
  await page.waitForFunction(() => /^(\d+:)?\d\d:\d\d$/.test(document.getElementById('time-left').textContent));
  ok(/^(\d+:)?\d\d:\d\d$/.test(await page.textContent('#time-left')), 'the time left counts down', await page.textContent('#time-left'));

  const panel = page.locator('section.task:not([hidden])');
  const title = (await panel.locator('h3').textContent()).trim();
  const slug = slugs[title];
  ok(slug, `the first task is a bank problem (${title})`);
  const statement = await panel.locator('.statement').textContent();
  ok(statement.includes('Input') && statement.includes('Output'), 'its statement is shown');
  ok(await panel.locator('.samples').count() === 2, 'its two samples are shown');

  await panel.locator('select.language').selectOption('c');
  const template = await panel.locator('textarea.code').inputValue();
  ok(template === bankFile('problems', slug, 'template.c'), 'choosing C puts the C template in the editor');
  await panel.locator('button.submit').click();
  const wrongRow = panel.locator('tr.submission').first();
  await wrongRow.waitFor();
  const wrongId = await wrongRow.getAttribute('data-submission-id');
  await page.waitForSelector(`tr.submission[data-submission-id="${wrongId}"][data-status="JUDGED"]`, { timeout: JUDGE_WAIT_MS });
  const wrongVerdict = await page.textContent(`tr[data-submission-id="${wrongId}"] .verdict`);
  ok(wrongVerdict === 'WA', 'the C template is judged WA on the page', wrongVerdict);
  const wrongTests = await page.$$eval(`tr[data-submission-id="${wrongId}"] .test-badge`, (els) => els.map((e) => e.textContent));
  ok(wrongTests[0] === '1:WA', 'its per-test details show test 1 as WA', wrongTests);

  await panel.locator('select.language').selectOption('python3');
  const pyTemplate = await panel.locator('textarea.code').inputValue();
  ok(pyTemplate === bankFile('problems', slug, 'template.py'), 'switching to Python 3 shows the Python template');
  await panel.locator('textarea.code').fill(bankFile('solutions', slug, 'ref.py'));
  await panel.locator('button.submit').click();
  await page.waitForFunction((id) => {
    const rows = document.querySelectorAll('section.task:not([hidden]) tr.submission');
    return rows.length === 2 && rows[0].getAttribute('data-submission-id') !== id;
  }, wrongId);
  const rightId = await panel.locator('tr.submission').first().getAttribute('data-submission-id');
  await page.waitForSelector(`tr.submission[data-submission-id="${rightId}"][data-status="JUDGED"]`, { timeout: JUDGE_WAIT_MS });
  const rightVerdict = await page.textContent(`tr[data-submission-id="${rightId}"] .verdict`);
  ok(rightVerdict === 'AC', 'the Python reference is judged AC on the page', rightVerdict);
  const rightTests = await page.$$eval(`tr[data-submission-id="${rightId}"] .test-badge`, (els) => els.map((e) => e.textContent));
  ok(rightTests.length >= 10 && rightTests.every((t, i) => t === `${i + 1}:AC`), `its ${rightTests.length} tests show AC`, rightTests);

  const shot = join(outDir, 'e2e-candidate-page.png');
  await page.screenshot({ path: shot, fullPage: true });
  ok(statSync(shot).size > 10000, `screenshot of the judged submissions saved to test/out/${'e2e-candidate-page.png'}`);

  await page.reload();
  await page.waitForSelector('#view-interview:not([hidden])');
  const kept = await page.$$eval('section.task:not([hidden]) tr.submission', (els) => els.length);
  ok(kept === 2, 'after a reload the session, the interview and its submissions are still there', kept);

  await page.click('#finish');
  await page.waitForSelector('#view-finished:not([hidden])');
  const summary = await page.textContent('#finished-summary');
  ok(/1 of 3 tasks accepted/.test(summary), 'finishing shows the summary', summary);
  const last = join(outDir, 'e2e-finished.png');
  await page.screenshot({ path: last, fullPage: true });
  ok(statSync(last).size > 5000, 'screenshot of the finished interview saved to test/out/e2e-finished.png');

  await page.click('#back-home');
  await page.waitForSelector('#view-home:not([hidden])');
  const past = await page.$$eval('#past-interviews tr', (els) => els.map((e) => e.textContent));
  ok(past.length === 1 && /Acme Search/.test(past[0]) && /1 \/ 3/.test(past[0]), 'the home page lists the finished interview', past);
  ok(errors.length === 0, 'no JavaScript errors on the page', errors);
} catch (err) {
  ok(false, 'the browser flow runs without exceptions', err.stack);
}
if (browser) await browser.close().catch(() => {});
rmSync(profile, { recursive: true, force: true });
done();
