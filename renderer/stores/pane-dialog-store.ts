import { create } from "zustand";
import type { PanePlace, Side } from "../panes/pane-transitions";

/**
 * The small questions a pane asks before an operation: a name, a mask, or "delete these?". `at` is where the
 * names were (or the new one goes) when asked: the pane may show another folder by the answer (synchronized
 * browsing, a slow listing).
 */
export type PaneDialog =
  | { kind: "mkdir" | "new-file"; side: Side; at: PanePlace }
  | { kind: "mask"; side: Side; mark: boolean }
  | { kind: "delete"; side: Side; at: PanePlace; names: string[] }
  | { kind: "properties"; side: Side; at: PanePlace; names: string[] }
  /** A drop onto a folder row of the same pane: move the items into that folder? */
  | { kind: "move-into"; side: Side; at: PanePlace; names: string[]; to: string; toName: string }
  /** F5 / F6: copy or move the names to the other pane, asking where (the other pane's folder filled in). */
  | { kind: "transfer"; side: Side; names: string[]; move: boolean; sourceFolder: string; targetFolder: string }
  /** Synchronized browsing: the pane `from` went into a folder that `side` does not have: create it there (`at`, its parent)? */
  | { kind: "sync-missing"; side: Side; at: PanePlace; from: Side; path: string; name: string };

interface PaneDialogStore {
  dialog: PaneDialog | undefined;
  open(dialog: PaneDialog): void;
  close(): void;
}

export const usePaneDialogStore = create<PaneDialogStore>((set) => ({
  dialog: undefined,
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: undefined }),
}));
