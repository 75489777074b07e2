import type { ConnectRequest, SessionInfo } from "../../shared/domain";
import type { RecentConnections } from "../sites/recent-connections";
import type { TransferQueue } from "../transfers/transfer-queue";
import type { SessionManager } from "./session-manager";

/** Opens a session; `parallel` is a saved site's own number of transfer connections. */
export type OpenSession = (request: ConnectRequest, parallel?: number) => Promise<SessionInfo>;

/**
 * Quick connect and saved sites open sessions the same way: the session itself, the
 * connection remembered among the recent ones, and the queue given its credentials.
 */
export function openSessionPolicy(sessions: SessionManager, recent: RecentConnections, queue: TransferQueue): OpenSession {
  return async (request, parallel) => {
    const info = await sessions.open(request);
    await recent.remember(request);
    // Queued transfers to this server (restored ones too) can run with this session's credentials.
    queue.registerSite({ ...sessions.connector(info.id), parallel });
    return info;
  };
}
