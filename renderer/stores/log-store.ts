import { create } from "zustand";
import type { EventPayload } from "../../shared/contract";
import type { LogEntry } from "../../shared/domain";
import type { ConnectAttempt } from "../../shared/sessions";
import { call } from "../transport/bridge";

const keep = 2000;

interface LogStore {
  visible: boolean;
  /** The attempt whose log is shown: the active tab's, or any earlier attempt the user picked (a failed one too). */
  sessionId: string | undefined;
  /** The shown log, newest last, bounded as main's is. */
  entries: LogEntry[];
  /** The position after the last line shown, among all lines main ever logged for it: appended lines before it are already here. */
  end: number;
  /** Every connection attempt main still keeps a log of, oldest first. */
  attempts: ConnectAttempt[];
  toggle(): Promise<void>;
  /** Shows the log panel (the banner's "Show log"). */
  show(): Promise<void>;
  append(change: EventPayload<"sessions.log-appended">): void;
  setAttempts(attempts: ConnectAttempt[]): void;
  clear(): Promise<void>;
  /** The active tab changed: its log replaces the last one, fetched whole, as its first lines may have come before its id was known. */
  follow(sessionId: string | undefined): Promise<void>;
  /** The user picked an attempt in the log panel. */
  pick(sessionId: string): Promise<void>;
  /** A connect failed: its attempt's log is shown, as it is what tells why. */
  showLatestFailure(): Promise<void>;
}

export const useLogStore = create<LogStore>((set, get) => {
  async function fetchLog(sessionId: string): Promise<void> {
    const { entries, end } = await call("sessions.log", { sessionId });
    // A tab switch while this was on its way has the newer log.
    if (get().sessionId === sessionId) set({ entries, end });
  }

  async function fetchAttempts(): Promise<void> {
    set({ attempts: (await call("sessions.attempts", {})).attempts });
  }

  async function showLog(sessionId: string | undefined): Promise<void> {
    set({ sessionId, entries: [], end: 0 });
    if (sessionId && get().visible) await fetchLog(sessionId).catch(() => undefined);
  }

  return {
    visible: false,
    sessionId: undefined,
    entries: [],
    end: 0,
    attempts: [],

    async toggle() {
      if (get().visible) set({ visible: false });
      else await get().show();
    },

    async show() {
      set({ visible: true });
      const sessionId = get().sessionId;
      await Promise.all([fetchAttempts(), sessionId ? fetchLog(sessionId) : undefined]).catch(() => undefined);
    },

    append(change) {
      if (change.sessionId !== get().sessionId) return;
      // Lines the whole log fetched already came with it.
      const fresh = change.entries.slice(Math.max(0, get().end - change.from));
      if (fresh.length === 0) return;
      set({ entries: [...get().entries, ...fresh].slice(-keep), end: change.from + change.entries.length });
    },

    setAttempts(attempts) {
      set({ attempts });
    },

    async clear() {
      const sessionId = get().sessionId;
      set({ entries: [] });
      if (sessionId) await call("sessions.clear-log", { sessionId });
    },

    async follow(sessionId) {
      if (sessionId === get().sessionId) return;
      await showLog(sessionId);
    },

    async pick(sessionId) {
      await showLog(sessionId);
    },

    async showLatestFailure() {
      await fetchAttempts().catch(() => undefined);
      const failed = get().attempts.findLast((attempt) => attempt.outcome === "failed");
      if (failed) await showLog(failed.sessionId);
    },
  };
});
