import type { EditorView } from "@codemirror/view";

/**
 * The open editors by tab id: Ctrl+S and closing read the text from here (the store keeps only
 * what was opened). A module of its own, so that reading the text does not load CodeMirror.
 */
export const editorViews = new Map<string, EditorView>();

export function textOf(tabId: string): string | undefined {
  return editorViews.get(tabId)?.state.doc.toString();
}

/** Gives the keyboard back to a tab's editor once a dialog about it has gone. */
export function focusEditor(tabId: string): void {
  requestAnimationFrame(() => editorViews.get(tabId)?.focus());
}

/** Drops the CR that ends a line before its line break (a mixed file's CRLF lines), leaving every line ended alike. */
export function dropLineEndCRs(tabId: string): void {
  const view = editorViews.get(tabId);
  if (!view) return;
  const { doc } = view.state;
  const changes: { from: number; to: number }[] = [];
  // The last line has no line break after it: a CR there is no line end.
  for (let number = 1; number < doc.lines; number++) {
    const line = doc.line(number);
    if (line.text.endsWith("\r")) changes.push({ from: line.to - 1, to: line.to });
  }
  view.dispatch({ changes });
}
