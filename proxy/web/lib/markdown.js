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
    div.textContent = String(text || '');
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
