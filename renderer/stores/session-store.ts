import { create } from "zustand";
import type { ConnectRequest, SessionInfo } from "../../shared/domain";
import { call, errorMessage } from "../transport/bridge";

interface SessionStore {
  session: SessionInfo | undefined;
  connecting: boolean;
  /** The last connection error, or why the session ended, in words. */
  error: string | undefined;
  connect(request: ConnectRequest): Promise<SessionInfo | undefined>;
  /** Connects to a saved site: main reads its settings and secrets, the rest is as quick connect. */
  connectSite(id: string): Promise<SessionInfo | undefined>;
  disconnect(): Promise<void>;
  /** The session ended without the user asking (dropped connection). */
  lost(sessionId: string, reason: string): void;
  dismissError(): void;
}

export const useSessionStore = create<SessionStore>((set, get) => {
  /** One session at a time for now: a new one replaces the old. */
  async function open(opening: () => Promise<SessionInfo>): Promise<SessionInfo | undefined> {
    const previous = get().session;
    if (previous) await call("session.close", { sessionId: previous.id }).catch(() => undefined);
    set({ connecting: true, error: undefined, session: undefined });
    try {
      const session = await opening();
      set({ session, connecting: false });
      return session;
    } catch (error) {
      set({ connecting: false, error: errorMessage(error) });
      return undefined;
    }
  }

  return {
    session: undefined,
    connecting: false,
    error: undefined,

    connect(request) {
      return open(() => call("session.open", request));
    },

    connectSite(id) {
      return open(() => call("sites.connect", { id }));
    },

    async disconnect() {
      const session = get().session;
      if (!session) return;
      set({ session: undefined });
      await call("session.close", { sessionId: session.id }).catch(() => undefined);
    },

    lost(sessionId, reason) {
      if (get().session?.id === sessionId) set({ session: undefined, error: reason });
    },

    dismissError() {
      set({ error: undefined });
    },
  };
});
