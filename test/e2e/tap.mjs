// tap.mjs: the smallest TAP producer (also used by test/proxy-hol), plus helpers
// shared by them: GraphQL over HTTP and the bank's title -> solution map.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let count = 0;
let failed = 0;

/* One TAP line; returns cond. */
export function ok(cond, description, detail) {
  count += 1;
  console.log(`${cond ? 'ok' : 'not ok'} ${count} - ${description}`);
  if (!cond) {
    failed += 1;
    if (detail !== undefined) {
      const text = typeof detail === 'string' ? detail : JSON.stringify(detail, null, 1);
      for (const line of text.split('\n').slice(0, 40)) console.log(`#   ${line}`);
    }
  }
  return Boolean(cond);
}

/* Numbers the next line n (for a stream that another script began; no plan is printed). */
export function startAt(n) {
  count = n - 1;
}

/* How many lines failed so far. */
export function failures() {
  return failed;
}

/* Prints the plan and sets the exit code. */
export function done() {
  console.log(`1..${count}`);
  process.exitCode = failed === 0 ? 0 : 1;
}

/* Bails out: the rest cannot run. */
export function bail(description, err) {
  ok(false, description, err && err.stack ? err.stack : String(err));
  done();
  process.exit(1);
}

/* Title -> slug of the bank's problems, read from the generator. */
export function bankSlugs() {
  const gen = readFileSync(join(top, 'test', 'bank', 'gen.py'), 'utf8');
  const map = {};
  for (const m of gen.matchAll(/^ {4}\("([a-z-]+)", "([^"]+)", \d+, \w+\),$/gm)) map[m[2]] = m[1];
  return map;
}

/* A file of the bank's reference solutions or templates. */
export function bankFile(kind, slug, name) {
  return readFileSync(join(top, 'test', 'bank', kind, slug, name), 'utf8');
}

/* Whether a bank problem is a stdin/stdout one (it has templates; function problems get generated starter code). */
export function bankStdin(slug) {
  return existsSync(join(top, 'test', 'bank', 'problems', slug, 'template.py'));
}

/* A GraphQL client keeping a token: returns { status, body }. */
export function client(url) {
  const c = {
    token: null,
    async post(query, variables) {
      const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' };
      if (c.token) headers.Authorization = `Bearer ${c.token}`;
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const text = await res.text();
      let body;
      try {
        body = JSON.parse(text);
      } catch (e) {
        body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
      }
      return { status: res.status, headers: res.headers, body };
    },
  };
  return c;
}

/* Resolves after ms milliseconds. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
