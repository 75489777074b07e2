import { create } from "zustand";
import type { EventPayload } from "../../shared/contract";
import type { LogEntry } from "../../shared/domain";
import { call } from "../transport/bridge";
import { useSessionStore } from "./session-store";

const keep = 2000;

interface LogStore {
  visible: boolean;
  /** The current session's log, newest last, bounded as main's is. */
  entries: LogEntry[];
  toggle(): Promise<void>;
  append(change: EventPayload<"sessions.log-appended">): void;
  clear(): Promise<void>;
}

export const useLogStore = create<LogStore>((set, get) => ({
  visible: false,
  entries: [],

  async toggle() {
    const visible = !get().visible;
    set({ visible });
    const session = useSessionStore.getState().session;
    if (visible && session) set({ entries: (await call("sessions.log", { sessionId: session.id })).entries });
  },

  append(change) {
    if (change.sessionId !== useSessionStore.getState().session?.id) return;
    set({ entries: [...get().entries, ...change.entries].slice(-keep) });
  },

  async clear() {
    const session = useSessionStore.getState().session;
    set({ entries: [] });
    if (session) await call("sessions.clear-log", { sessionId: session.id });
  },
}));

// A new session starts a new log: fetched whole, as its first lines may have come before its id was known.
useSessionStore.subscribe((state, previous) => {
  if (state.session?.id === previous.session?.id) return;
  useLogStore.setState({ entries: [] });
  const session = state.session;
  if (session && useLogStore.getState().visible) {
    void call("sessions.log", { sessionId: session.id }).then(
      ({ entries }) => useLogStore.setState({ entries }),
      () => undefined,
    );
  }
});
