// languages.js: CodeMirror language support per language id of the API
// (interview.language), each loaded on demand so the first load carries
// none of them. Also maps Markdown code-fence names to the same ids. Holds
// no editor state.

/* Loads a legacy (stream) mode as a CodeMirror language. */
async function legacy(load) {
  const [{ StreamLanguage }, mode] = await Promise.all([import('@codemirror/language'), load()]);
  return StreamLanguage.define(mode);
}

/* id -> () => Promise<Extension>; ids not listed get plain text. */
const LOADERS = {
  c: () => import('@codemirror/lang-cpp').then((m) => m.cpp()),
  cpp: () => import('@codemirror/lang-cpp').then((m) => m.cpp()),
  python3: () => import('@codemirror/lang-python').then((m) => m.python()),
  pypy3: () => import('@codemirror/lang-python').then((m) => m.python()),
  javascript: () => import('@codemirror/lang-javascript').then((m) => m.javascript()),
  typescript: () => import('@codemirror/lang-javascript').then((m) => m.javascript({ typescript: true })),
  java: () => import('@codemirror/lang-java').then((m) => m.java()),
  go: () => import('@codemirror/lang-go').then((m) => m.go()),
  rust: () => import('@codemirror/lang-rust').then((m) => m.rust()),
  php: () => import('@codemirror/lang-php').then((m) => m.php()),
  ruby: () => legacy(() => import('@codemirror/legacy-modes/mode/ruby').then((m) => m.ruby)),
  csharp: () => legacy(() => import('@codemirror/legacy-modes/mode/clike').then((m) => m.csharp)),
  kotlin: () => legacy(() => import('@codemirror/legacy-modes/mode/clike').then((m) => m.kotlin)),
  haskell: () => legacy(() => import('@codemirror/legacy-modes/mode/haskell').then((m) => m.haskell)),
  lua: () => legacy(() => import('@codemirror/legacy-modes/mode/lua').then((m) => m.lua)),
  pascal: () => legacy(() => import('@codemirror/legacy-modes/mode/pascal').then((m) => m.pascal)),
};

/* Code-fence names of Markdown -> language id. */
const FENCES = {
  'c++': 'cpp', cc: 'cpp', cxx: 'cpp', h: 'c', py: 'python3', python: 'python3', python3: 'python3',
  js: 'javascript', node: 'javascript', ts: 'typescript', rb: 'ruby', cs: 'csharp', 'c#': 'csharp',
  hs: 'haskell', pas: 'pascal', kt: 'kotlin', rs: 'rust', golang: 'go',
};

const cache = new Map();

/* Whether the id has syntax highlighting. */
export function hasSupport(id) {
  return Object.prototype.hasOwnProperty.call(LOADERS, id);
}

/* The language id for a code fence's name, or null. */
export function fenceLanguage(name) {
  const n = String(name || '').toLowerCase();
  if (hasSupport(n)) return n;
  return FENCES[n] || null;
}

/* Resolves to the CodeMirror extension of a language id ([] for none). */
export function languageSupport(id) {
  if (!hasSupport(id)) return Promise.resolve([]);
  if (!cache.has(id)) cache.set(id, LOADERS[id]().catch(() => []));
  return cache.get(id);
}

/* Resolves to the Lezer parser of a language id, or null. */
export async function languageParser(id) {
  const ext = await languageSupport(id);
  if (ext && ext.language) return ext.language.parser;
  if (ext && ext.parser) return ext.parser;
  return null;
}
