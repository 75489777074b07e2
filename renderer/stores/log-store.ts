import { create } from "zustand";
import type { EventPayload } from "../../shared/contract";
import type { LogEntry } from "../../shared/domain";
import { call } from "../transport/bridge";

const keep = 2000;

interface LogStore {
  visible: boolean;
  /** The session whose log this is: the active tab's. */
  sessionId: string | undefined;
  /** The current session's log, newest last, bounded as main's is. */
  entries: LogEntry[];
  toggle(): Promise<void>;
  append(change: EventPayload<"sessions.log-appended">): void;
  clear(): Promise<void>;
  /** The active tab changed: its log replaces the last one, fetched whole, as its first lines may have come before its id was known. */
  follow(sessionId: string | undefined): Promise<void>;
}

export const useLogStore = create<LogStore>((set, get) => {
  async function fetchLog(sessionId: string): Promise<void> {
    const { entries } = await call("sessions.log", { sessionId });
    // A tab switch while this was on its way has the newer log.
    if (get().sessionId === sessionId) set({ entries });
  }

  return {
    visible: false,
    sessionId: undefined,
    entries: [],

    async toggle() {
      const visible = !get().visible;
      set({ visible });
      const sessionId = get().sessionId;
      if (visible && sessionId) await fetchLog(sessionId);
    },

    append(change) {
      if (change.sessionId !== get().sessionId) return;
      set({ entries: [...get().entries, ...change.entries].slice(-keep) });
    },

    async clear() {
      const sessionId = get().sessionId;
      set({ entries: [] });
      if (sessionId) await call("sessions.clear-log", { sessionId });
    },

    async follow(sessionId) {
      if (sessionId === get().sessionId) return;
      set({ sessionId, entries: [] });
      if (sessionId && get().visible) await fetchLog(sessionId).catch(() => undefined);
    },
  };
});
