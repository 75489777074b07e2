import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, HighlightStyle, indentOnInput, LanguageDescription, syntaxHighlighting } from "@codemirror/language";
import { languages } from "@codemirror/language-data";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { useEffect, useRef } from "react";
import { editorViews as views } from "./editor-views";

/** Colours from the app's variables (styles.css), so that the editor follows the light and dark themes. */
const highlighting = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.operatorKeyword], color: "var(--code-keyword)" },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: "var(--code-string)" },
  { tag: [tags.comment, tags.meta], color: "var(--code-comment)", fontStyle: "italic" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: "var(--code-number)" },
  { tag: [tags.tagName, tags.typeName, tags.className], color: "var(--code-type)" },
  { tag: [tags.attributeName, tags.propertyName], color: "var(--code-property)" },
  { tag: [tags.definition(tags.variableName), tags.function(tags.variableName)], color: "var(--code-definition)" },
  { tag: tags.heading, fontWeight: "bold", color: "var(--code-keyword)" },
  { tag: tags.invalid, color: "var(--error-text)" },
]);

/** CodeMirror's look in the app's colours; its style sheet goes into the editor's shadow root (see CSP note in README). */
const theme = EditorView.theme({
  "&": { height: "100%", background: "var(--panel)", color: "var(--text)", fontSize: "13px" },
  "&.cm-focused": { outline: "2px solid var(--accent)", outlineOffset: "-2px" },
  ".cm-scroller": { fontFamily: "ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', monospace", lineHeight: "1.45" },
  ".cm-content": { caretColor: "var(--text)" },
  "&.cm-focused .cm-cursor": { borderLeftColor: "var(--text)" },
  ".cm-gutters": { background: "var(--bg)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { background: "var(--code-active-line)" },
  ".cm-activeLineGutter": { background: "var(--code-active-line)", color: "var(--text)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { background: "var(--code-selection)" },
  ".cm-searchMatch": { background: "var(--code-search-match)", outline: "1px solid var(--border)" },
  ".cm-panels": { background: "var(--bg)", color: "var(--text)", borderColor: "var(--border)" },
  ".cm-panel input, .cm-panel button": { font: "inherit", color: "inherit" },
  ".cm-textfield": { background: "var(--panel)", border: "1px solid var(--border)", borderRadius: "3px" },
  ".cm-button": { backgroundImage: "none", background: "var(--panel)", border: "1px solid var(--border)", borderRadius: "3px" },
  ".cm-panel.cm-search label": { fontSize: "inherit" },
});

interface CodeEditorProps {
  tabId: string;
  text: string;
  /** Bumped when `text` is replaced (reload): the editor starts over with it. */
  version: number;
  fileName: string;
  readOnly: boolean;
  onChange(): void;
  onCursor(line: number, column: number): void;
}

/**
 * CodeMirror 6 in a shadow root: its style sheets are then adopted sheets (constructed in script),
 * which the page's strict style-src allows, where <style> elements would be refused.
 */
export function CodeEditor({ tabId, text, version, fileName, readOnly, onChange, onCursor }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const callbacks = useRef({ onChange, onCursor });
  useEffect(() => {
    callbacks.current = { onChange, onCursor };
  });

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const root = element.shadowRoot ?? element.attachShadow({ mode: "open" });
    const language = new Compartment();
    const view = new EditorView({
      root,
      parent: root,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          search({ top: true }),
          keymap.of([...searchKeymap, ...historyKeymap, ...defaultKeymap, indentWithTab]),
          syntaxHighlighting(highlighting),
          theme,
          language.of([]),
          // Only "\n" ends a line: any other CR is a character of the file, kept as it was.
          EditorState.lineSeparator.of("\n"),
          // Pasted or dropped CRLF lines (a Windows clipboard) are lines, not lines ending in a CR character.
          EditorView.clipboardInputFilter.of((input) => input.replaceAll("\r\n", "\n")),
          EditorState.readOnly.of(readOnly),
          EditorView.contentAttributes.of({ "aria-label": `Text of ${fileName}` }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange();
            if (update.docChanged || update.selectionSet) {
              const head = update.state.selection.main.head;
              const line = update.state.doc.lineAt(head);
              callbacks.current.onCursor(line.number, head - line.from + 1);
            }
          }),
        ],
      }),
    });
    views.set(tabId, view);
    view.focus();
    // The grammar is a chunk of its own, loaded when a file needs it.
    const description = LanguageDescription.matchFilename(languages, fileName);
    void description?.load().then(
      (support) => view.dispatch({ effects: language.reconfigure(support) }),
      () => undefined,
    );
    return () => {
      views.delete(tabId);
      view.destroy();
    };
    // Only a reload (a new version) starts a new editor: until then the text typed is the editor's own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tabId, version]);

  return <div ref={host} className="code-editor" />;
}
