import type { sessionsContract } from "../../shared/sessions";
import type { DomainHandlers } from "../router/router";
import type { OpenSession } from "./open-session";
import type { SessionManager } from "./session-manager";

/** Opening, reconnecting and closing sessions, their listings, and the logs of every connection attempt. */
export function sessionsCommands(sessions: SessionManager, openSession: OpenSession): DomainHandlers<typeof sessionsContract> {
  return {
    "sessions.open": (request) => openSession(request),
    "sessions.close": async ({ sessionId }) => {
      sessions.close(sessionId);
      return {};
    },
    "sessions.reconnect": async ({ sessionId }) => {
      await sessions.reconnectNow(sessionId);
      return {};
    },
    "sessions.attempts": async () => ({ attempts: sessions.connectAttempts() }),
    "sessions.log": async ({ sessionId }) => {
      const log = sessions.log(sessionId);
      return { entries: log.all(), end: log.end };
    },
    "sessions.clear-log": async ({ sessionId }) => {
      sessions.log(sessionId).clear();
      return {};
    },
    "sessions.list": ({ sessionId, path, showHidden, fresh }) => sessions.list(sessionId, path, showHidden, fresh),
  };
}
