import { create } from "zustand";
import type { Notice } from "../../shared/notices";
import { bridge, call } from "../transport/bridge";

interface NoticeStore {
  /** Oldest first, each once. */
  notices: Notice[];
  /** Follows main's notices, starting with those raised before the page connected; returns the unsubscribe function. */
  follow(): () => void;
  show(notice: Notice): void;
  dismiss(id: string): void;
}

export const useNoticeStore = create<NoticeStore>((set, get) => ({
  notices: [],

  follow() {
    const unsubscribe = bridge.subscribe((message) => {
      if (message.kind === "event" && message.channel === "notices.shown") get().show(message.payload);
    });
    void call("notices.list", {}).then(
      ({ notices }) => notices.forEach((notice) => get().show(notice)),
      () => undefined,
    );
    return unsubscribe;
  },

  show(notice) {
    // A notice raised while the page connected arrives both as an event and in the list.
    if (get().notices.some((shown) => shown.id === notice.id)) return;
    set({ notices: [...get().notices, notice] });
  },

  dismiss(id) {
    set({ notices: get().notices.filter((notice) => notice.id !== id) });
    // Main forgets it too, so that a reload does not bring it back; if main is gone, there is nothing to forget.
    void call("notices.dismiss", { id }).catch(() => undefined);
  },
}));
