// build.mjs: bundles the browser pages of interview with esbuild.
//
// Every file listed in ENTRIES (candidate.js for /, staff.js for /staff once it
// exists) becomes proxy/static/assets/<name>.js and, when it imports CSS,
// <name>.css. Code shared by several entries or loaded on demand (a
// CodeMirror language, for example) goes into chunk-<hash>.js files that
// the entries import. The output folder is emptied first, so stale chunks
// never linger. Runs offline: esbuild comes from node_modules (make deps).
// It must not reach the network or write outside proxy/static/assets.
import { build } from 'esbuild';
import { existsSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, '..', 'static', 'assets');
// One line per page: add the next page's entry here (see docs/development.md).
const ENTRIES = ['candidate.js', 'staff.js'];

const entryPoints = ENTRIES.filter((f) => existsSync(join(here, f))).map((f) => join(here, f));
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: process.env.WEB_DEV !== '1',
  sourcemap: false,
  target: ['chrome105', 'firefox110', 'safari16'],
  chunkNames: 'chunk-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
// meta.json: which output file holds what, for make bench and for size checks.
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile.outputs, (k, v) => (k === 'inputs' || k === 'imports' ? undefined : v)));
console.log(`web: ${entryPoints.length} page(s) bundled into proxy/static/assets`);
