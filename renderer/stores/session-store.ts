import { create } from "zustand";
import type { ConnectRequest, SessionInfo } from "../../shared/domain";
import { hostAndPort } from "../../shared/host-address";
import type { ConnectionState } from "../../shared/sessions";
import { call, errorMessage } from "../transport/bridge";
import { useLogStore } from "./log-store";
import { usePanesStore } from "./panes-store";

/** An error in words, and the tab it belongs to; none for a connect that failed (its attempt's log tells more). */
export interface SessionError {
  message: string;
  sessionId?: string;
}

interface SessionStore {
  /** Open sessions, one tab each, in the order they were opened. A lost connection keeps its tab. */
  tabs: SessionInfo[];
  /** The active tab's session: the one the remote pane, F5 and the log are about. */
  session: SessionInfo | undefined;
  /** Each tab's connection, by session id: connected, disconnected (with why) or reconnecting (which try). */
  connections: Record<string, ConnectionState>;
  connecting: boolean;
  /** The last connection error, or why a tab's connection was lost. */
  error: SessionError | undefined;
  /** Opens a session in a new tab and makes it the active one. */
  connect(request: ConnectRequest): Promise<SessionInfo | undefined>;
  /** Connects to a saved site: main reads its settings and secrets, the rest is as quick connect. */
  connectSite(id: string): Promise<SessionInfo | undefined>;
  activate(sessionId: string): void;
  /** Closes a tab's session (the active one when no id is given). */
  disconnect(sessionId?: string): Promise<void>;
  /** Main says a tab's connection was lost, is being reconnected, or is back. */
  connectionChanged(sessionId: string, connection: ConnectionState): void;
  /** The Reconnect button: connects the tab again now, then lists its folder (the active tab's when no id is given). */
  reconnect(sessionId?: string): Promise<void>;
  dismissError(): void;
}

/** The tab site key transfers use: user@host:port. */
export function siteOf(session: SessionInfo): string {
  return `${session.user}@${hostAndPort(session.host, session.port)}`;
}

const connected: ConnectionState = { state: "connected" };

/** A tab's connection; a tab main has not spoken about is connected. */
export function connectionOf(connections: Record<string, ConnectionState>, sessionId: string | undefined): ConnectionState | undefined {
  return sessionId === undefined ? undefined : (connections[sessionId] ?? connected);
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
      set({ connecting: false, connections: { ...get().connections, [session.id]: connected } });
      show([...get().tabs, session], session);
      return session;
    } catch (error) {
      set({ connecting: false, error: { message: errorMessage(error) } });
      // The failed attempt never becomes a tab: its dialogue is what tells why, so the log shows it.
      void useLogStore.getState().showLatestFailure();
      return undefined;
    }
  }

  /** Drops a tab; the one beside it becomes active when it was the active one. */
  function remove(sessionId: string): void {
    const { tabs, session, error } = get();
    const index = tabs.findIndex((tab) => tab.id === sessionId);
    if (index < 0) return;
    const rest = tabs.filter((tab) => tab.id !== sessionId);
    const active = session?.id === sessionId ? (rest[Math.min(index, rest.length - 1)] ?? undefined) : session;
    const connections = Object.fromEntries(Object.entries(get().connections).filter(([id]) => id !== sessionId));
    set({ connections, ...(error?.sessionId === sessionId ? { error: undefined } : {}) });
    show(rest, active);
  }

  return {
    tabs: [],
    session: undefined,
    connections: {},
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

    connectionChanged(sessionId, connection) {
      const tab = get().tabs.find((t) => t.id === sessionId);
      if (!tab) return;
      set({ connections: { ...get().connections, [sessionId]: connection } });
      if (connection.state === "disconnected") set({ error: { message: `${siteOf(tab)}: ${connection.reason}`, sessionId } });
      // The tab works again: its error is over.
      else if (connection.state === "connected" && get().error?.sessionId === sessionId) set({ error: undefined });
    },

    async reconnect(sessionId) {
      const id = sessionId ?? get().session?.id;
      if (!id) return;
      try {
        await call("sessions.reconnect", { sessionId: id });
      } catch (error) {
        // Main said why in its state event too; this covers a tab main no longer knows.
        if (get().error?.sessionId !== id) set({ error: { message: errorMessage(error), sessionId: id } });
        return;
      }
      if (get().session?.id === id) await usePanesStore.getState().reconnected();
    },

    dismissError() {
      set({ error: undefined });
    },
  };
});
