// markdown.js: problem statements as Markdown (marked, GitHub flavour),
// sanitised with
// DOMPurify before anything reaches the page, code blocks highlighted with
// the editor's parsers (classes tok-*, styled in base.css). Links open in a
// new tab without access to this page.
import { marked } from 'marked';
import DOMPurify from 'dompurify';
import { highlightCode, classHighlighter } from '@lezer/highlight';
import { fenceLanguage, languageParser } from './languages.js';

marked.setOptions({ gfm: true, breaks: false });

/* Markdown's marks: a text with none of them is plain text, shown as written. */
const MARKDOWN_SIGNS = /^#{1,6}\s|```|~~~|\*\*|__\w|^\s{0,3}[-*+]\s|^\s{0,3}\d+\.\s|\[[^\]]+\]\(|`[^`\n]+`|^\s{0,3}>\s|^\|.*\|\s*$/m;

/*
 * Plain text hard-wrapped near 80 columns reads badly in a narrower pane:
 * a line of 60 characters or more is joined with the next when that one has
 * the same indentation and goes on with a lower-case letter, a digit or an
 * opening bracket or quote (a sentence that continues); other line breaks,
 * indentation and blank lines stay as written.
 */
export function unwrapPlain(text) {
  const lines = String(text || '').replace(/\r\n?/g, '\n').split('\n');
  const out = [];
  for (const line of lines) {
    const prev = out.length > 0 ? out[out.length - 1] : null;
    const indent = (l) => /^ */.exec(l)[0].length;
    if (prev !== null && prev.length >= 60 && line.trim() !== '' && indent(line) === indent(prev.split('\n').pop())
      && /^ *[a-z0-9("'[{]/.test(line) && !/^\s*$/.test(prev)) {
      out[out.length - 1] = `${prev} ${line.trimStart()}`;
    } else {
      out.push(line);
    }
  }
  return out.join('\n');
}

/* Whether a statement is written in Markdown (else it is plain text). */
export function looksLikeMarkdown(text) {
  return MARKDOWN_SIGNS.test(String(text || ''));
}

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/* Highlights one <code> element in place once its language is loaded. */
async function highlight(code, lang) {
  const parser = await languageParser(lang);
  if (!parser) return;
  const text = code.textContent;
  const tree = parser.parse(text);
  const out = document.createDocumentFragment();
  highlightCode(text, tree, classHighlighter, (piece, classes) => {
    if (classes) {
      const span = document.createElement('span');
      span.className = classes;
      span.textContent = piece;
      out.append(span);
    } else {
      out.append(document.createTextNode(piece));
    }
  }, () => out.append(document.createTextNode('\n')));
  code.replaceChildren(out);
  code.classList.add('highlighted');
}

/*
 * Renders Markdown into a sanitised DocumentFragment (plain text, when the
 * text has no Markdown in it, as one pre-wrapped block); code blocks with a
 * known language (```cpp) are highlighted a moment later, without blocking.
 */
export function renderMarkdown(text) {
  if (!looksLikeMarkdown(text)) {
    const frag = document.createDocumentFragment();
    const div = document.createElement('div');
    div.className = 'plain-text';
    div.textContent = unwrapPlain(text);
    frag.append(div);
    return frag;
  }
  const html = marked.parse(String(text || ''), { async: false });
  const frag = DOMPurify.sanitize(html, {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'],
    FORBID_ATTR: ['style'],
  });
  for (const code of frag.querySelectorAll('pre > code')) {
    const m = /(?:^|\s)language-(\S+)/.exec(code.className);
    const lang = m ? fenceLanguage(m[1]) : null;
    if (lang) highlight(code, lang);
  }
  return frag;
}
