import { create } from "zustand";
import type { ConnectRequest, SessionInfo } from "../../shared/domain";
import { call, errorMessage } from "../transport/bridge";
import { useLogStore } from "./log-store";
import { usePanesStore } from "./panes-store";

interface SessionStore {
  /** Open sessions, one tab each, in the order they were opened. */
  tabs: SessionInfo[];
  /** The active tab's session: the one the remote pane, F5 and the log are about. */
  session: SessionInfo | undefined;
  connecting: boolean;
  /** The last connection error, or why a session ended, in words. */
  error: string | undefined;
  /** Opens a session in a new tab and makes it the active one. */
  connect(request: ConnectRequest): Promise<SessionInfo | undefined>;
  /** Connects to a saved site: main reads its settings and secrets, the rest is as quick connect. */
  connectSite(id: string): Promise<SessionInfo | undefined>;
  activate(sessionId: string): void;
  /** Closes a tab's session (the active one when no id is given). */
  disconnect(sessionId?: string): Promise<void>;
  /** The session ended without the user asking (dropped connection). */
  lost(sessionId: string, reason: string): void;
  dismissError(): void;
}

/** The tab site key transfers use: user@host:port. */
export function siteOf(session: SessionInfo): string {
  return `${session.user}@${session.host}:${session.port}`;
}

export const useSessionStore = create<SessionStore>((set, get) => {
  /** Sets the tabs and the active one; the remote pane and the log follow the active tab. */
  function show(tabs: SessionInfo[], session: SessionInfo | undefined): void {
    const from = get().session?.id;
    set({ tabs, session });
    if (from === session?.id) return;
    usePanesStore.getState().switchSession(session?.id, from !== undefined && !tabs.some((tab) => tab.id === from));
    void useLogStore.getState().follow(session?.id);
  }

  async function open(opening: () => Promise<SessionInfo>): Promise<SessionInfo | undefined> {
    set({ connecting: true, error: undefined });
    try {
      const session = await opening();
      set({ connecting: false });
      show([...get().tabs, session], session);
      return session;
    } catch (error) {
      set({ connecting: false, error: errorMessage(error) });
      return undefined;
    }
  }

  /** Drops a tab; the one beside it becomes active when it was the active one. */
  function remove(sessionId: string): void {
    const { tabs, session } = get();
    const index = tabs.findIndex((tab) => tab.id === sessionId);
    if (index < 0) return;
    const rest = tabs.filter((tab) => tab.id !== sessionId);
    const active = session?.id === sessionId ? (rest[Math.min(index, rest.length - 1)] ?? undefined) : session;
    show(rest, active);
  }

  return {
    tabs: [],
    session: undefined,
    connecting: false,
    error: undefined,

    connect(request) {
      return open(() => call("sessions.open", request));
    },

    connectSite(id) {
      return open(() => call("sites.connect", { id }));
    },

    activate(sessionId) {
      const session = get().tabs.find((tab) => tab.id === sessionId);
      if (session) show(get().tabs, session);
    },

    async disconnect(sessionId) {
      const id = sessionId ?? get().session?.id;
      if (!id) return;
      remove(id);
      await call("sessions.close", { sessionId: id }).catch(() => undefined);
    },

    lost(sessionId, reason) {
      if (!get().tabs.some((tab) => tab.id === sessionId)) return;
      remove(sessionId);
      set({ error: reason });
    },

    dismissError() {
      set({ error: undefined });
    },
  };
});
