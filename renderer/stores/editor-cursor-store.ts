import { create } from "zustand";

interface EditorCursorStore {
  line: number;
  column: number;
  moved(line: number, column: number): void;
}

/**
 * Where the caret is, for the editor's status line. A store of its own: each keystroke then
 * redraws that one piece of text, not the editor panel with every open file.
 */
export const useEditorCursorStore = create<EditorCursorStore>((set) => ({
  line: 1,
  column: 1,
  moved(line, column) {
    set({ line, column });
  },
}));
