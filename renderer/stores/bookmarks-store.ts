import { create } from "zustand";
import { call } from "../transport/bridge";
import type { Side } from "../panes/pane-transitions";
import { siteOf, useSessionStore } from "./session-store";

interface BookmarksStore {
  /** Paths by key: "local", or the server's user@host:port. */
  byKey: Record<string, string[]>;
  keyFor(side: Side): string | undefined;
  load(side: Side): Promise<void>;
  /** Ctrl+B: adds the folder, or removes it when it is already bookmarked. */
  toggle(side: Side, path: string): Promise<void>;
}

export const useBookmarksStore = create<BookmarksStore>((set, get) => ({
  byKey: {},

  keyFor(side) {
    if (side === "local") return "local";
    const session = useSessionStore.getState().session;
    return session ? siteOf(session) : undefined;
  },

  async load(side) {
    const key = get().keyFor(side);
    if (!key || get().byKey[key]) return;
    const { paths } = await call("bookmarks.get", { key });
    set({ byKey: { ...get().byKey, [key]: paths } });
  },

  async toggle(side, path) {
    const key = get().keyFor(side);
    if (!key) return;
    await get().load(side);
    const current = get().byKey[key] ?? [];
    const paths = current.includes(path) ? current.filter((p) => p !== path) : [...current, path];
    set({ byKey: { ...get().byKey, [key]: paths } });
    await call("bookmarks.set", { key, paths });
  },
}));
