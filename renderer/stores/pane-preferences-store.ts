import { create } from "zustand";

/**
 * How the panes behave, kept in the renderer's storage like the column choices: they are this
 * window's habits, not settings main needs.
 */
interface PanePreferencesStore {
  /** F5 and F6 ask where (WinSCP's Copy / Move dialog); off, they start at once. Shift+F5 and Shift+F6 always ask. */
  askBeforeTransfer: boolean;
  setAskBeforeTransfer(ask: boolean): void;
}

const askKey = "ferry.askBeforeTransfer";

export const usePanePreferences = create<PanePreferencesStore>((set) => ({
  askBeforeTransfer: globalThis.localStorage?.getItem(askKey) !== "false",
  setAskBeforeTransfer(ask) {
    set({ askBeforeTransfer: ask });
    globalThis.localStorage?.setItem(askKey, String(ask));
  },
}));
