// editor.js: the code editor of the pages (CodeMirror 6): line numbers,
// bracket matching and closing, auto-indent, Tab indents (Escape then Tab
// leaves the editor), undo history, search (Ctrl/Cmd-F), a font size, the
// light or dark theme following the system, and the language loaded on
// demand. It keeps no drafts: callers get onChange and store what they like.
import { EditorState, Compartment } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, highlightActiveLine, dropCursor, rectangularSelection,
} from '@codemirror/view';
import {
  defaultKeymap, history, historyKeymap, indentWithTab,
} from '@codemirror/commands';
import {
  indentOnInput, bracketMatching, foldGutter, foldKeymap, syntaxHighlighting,
  defaultHighlightStyle, indentUnit,
} from '@codemirror/language';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { oneDark } from '@codemirror/theme-one-dark';
import { languageSupport } from './languages.js';

const dark = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

/* The theme extension for the system's current scheme. */
function themeFor(isDark) {
  return isDark ? oneDark : syntaxHighlighting(defaultHighlightStyle, { fallback: true });
}

/* The font size extension. */
function sizeTheme(px) {
  return EditorView.theme({
    '&': { fontSize: `${px}px` },
    '.cm-gutters': { fontSize: `${px}px` },
  });
}

/*
 * Creates an editor in parent. opts: doc, language (id), fontSize (px),
 * readOnly, label (for screen readers), keys (extra key bindings, before the
 * defaults), onChange(text). Returns an object to drive it.
 */
export function createEditor(parent, opts) {
  const language = new Compartment();
  const theme = new Compartment();
  const size = new Compartment();
  const readOnly = new Compartment();
  const settings = {
    lang: opts.language || '',
    fontSize: opts.fontSize || 14,
    readOnly: Boolean(opts.readOnly),
  };
  let langExt = [];
  const roExt = () => [EditorState.readOnly.of(settings.readOnly), EditorView.editable.of(!settings.readOnly)];

  /* A fresh state holding text, with the current settings. */
  function freshState(text) {
    return EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        foldGutter(),
        drawSelection(),
        dropCursor(),
        EditorState.allowMultipleSelections.of(true),
        indentOnInput(),
        indentUnit.of('    '),
        bracketMatching(),
        closeBrackets(),
        rectangularSelection(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        keymap.of([
          ...(opts.keys || []),
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...foldKeymap,
          indentWithTab,
        ]),
        language.of(langExt),
        theme.of(themeFor(dark && dark.matches)),
        size.of(sizeTheme(settings.fontSize)),
        readOnly.of(roExt()),
        EditorView.contentAttributes.of({ 'aria-label': opts.label || 'Code editor' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && opts.onChange) opts.onChange(u.state.doc.toString());
        }),
      ],
    });
  }

  const view = new EditorView({ parent, state: freshState(opts.doc || '') });
  const onScheme = (ev) => view.dispatch({ effects: theme.reconfigure(themeFor(ev.matches)) });
  if (dark) dark.addEventListener('change', onScheme);

  /* Loads a language's highlighting (the last call wins). */
  async function setLanguage(id) {
    settings.lang = id;
    const ext = await languageSupport(id);
    if (settings.lang !== id) return;
    langExt = ext;
    view.dispatch({ effects: language.reconfigure(ext) });
    parent.dataset.language = id;
  }
  if (settings.lang) setLanguage(settings.lang);

  const handle = {
    view,
    setLanguage,
    /* The text. */
    text: () => view.state.doc.toString(),
    /* The current state (text, selection, undo history), to keep aside. */
    state: () => view.state,
    /*
     * Shows another text (a new undo history) or a state kept by state()
     * (its own history), in language lang.
     */
    show(textOrState, lang) {
      const next = typeof textOrState === 'string' ? freshState(textOrState) : textOrState;
      view.setState(next);
      view.dispatch({
        effects: [
          theme.reconfigure(themeFor(dark && dark.matches)),
          size.reconfigure(sizeTheme(settings.fontSize)),
          readOnly.reconfigure(roExt()),
        ],
      });
      if (lang) setLanguage(lang);
    },
    /* Replaces the text as one undoable change. */
    replace(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setFontSize(px) {
      settings.fontSize = px;
      view.dispatch({ effects: size.reconfigure(sizeTheme(px)) });
    },
    setReadOnly(ro) {
      settings.readOnly = ro;
      view.dispatch({ effects: readOnly.reconfigure(roExt()) });
    },
    focus: () => view.focus(),
    destroy() {
      if (dark) dark.removeEventListener('change', onScheme);
      view.destroy();
    },
  };
  // The browser tests read and drive the editor through its parent element.
  parent.cmEditor = handle;
  return handle;
}
