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
