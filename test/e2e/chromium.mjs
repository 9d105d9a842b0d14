// chromium.mjs: what the browser tests share: Debian's chromium through
// playwright-core (a throw-away profile), page-error collection, the checks
// every view must pass (an accessible name on each control, no sideways
// scrolling), the editor's text, and screenshots into test/out/.
import { mkdtempSync, rmSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ok, bail, top } from './tap.mjs';

export const outDir = join(top, 'test', 'out');
mkdirSync(outDir, { recursive: true });

/* Starts chromium with a fresh profile; returns { context, page, errors, close }. */
export async function launch(options) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (err) {
    bail('playwright-core is installed (make deps)', err);
  }
  const profile = mkdtempSync(join(tmpdir(), 'interview-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 720 },
    colorScheme: 'light',
    ...(options || {}),
  });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.stack || String(err)));
  page.on('dialog', (dialog) => dialog.accept());
  page.setDefaultTimeout(20000);
  return {
    context,
    page,
    errors,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/* Saves a screenshot of the window (not the whole page) as test/out/NAME and checks it. */
export async function shot(page, name, fullPage) {
  const path = join(outDir, name);
  await page.screenshot({ path, fullPage: Boolean(fullPage) });
  ok(statSync(path).size > 5000, `screenshot test/out/${name}`);
}

/* The visible controls without an accessible name (empty list: all are labelled). */
export async function unlabelled(page) {
  return page.evaluate(() => {
    const bad = [];
    const sel = 'button, input, select, textarea, a[href], [role="tab"], [role="textbox"], [tabindex="0"]';
    for (const el of document.querySelectorAll(sel)) {
      if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
      const labelled = el.getAttribute('aria-labelledby');
      const name = (el.getAttribute('aria-label') || '').trim()
        || (labelled ? labelled.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim() : '')
        || (el.labels && [...el.labels].map((l) => l.textContent).join(' ').trim())
        || (el.getAttribute('title') || '').trim()
        || (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) ? '' : el.textContent.trim());
      if (!name) bad.push(el.outerHTML.slice(0, 120));
    }
    return bad;
  });
}

/* Whether the page scrolls sideways (it must not, at any width). */
export async function overflowsSideways(page) {
  return page.evaluate(() => document.scrollingElement.scrollWidth > window.innerWidth + 1);
}

/* The editor's text. */
export async function editorText(page) {
  return page.evaluate(() => {
    const el = document.getElementById('editor');
    return el && el.cmEditor ? el.cmEditor.text() : null;
  });
}
