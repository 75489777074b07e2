import type { ConnectRequest, SessionInfo } from "../../shared/domain";
import type { TransferOverrides } from "../../shared/transfer";
import type { RecentConnections } from "../sites/recent-connections";
import type { TransferQueue } from "../transfers/transfer-queue";
import type { SessionManager } from "./session-manager";

/** What a saved site sets for its own transfers: how many at once, and settings in place of the preferences. */
export interface SiteTransfers {
  parallel?: number | undefined;
  overrides?: TransferOverrides | undefined;
}

/** Opens a session; a saved site brings its own transfer settings. */
export type OpenSession = (request: ConnectRequest, site?: SiteTransfers) => Promise<SessionInfo>;

/**
 * Quick connect and saved sites open sessions the same way: the session itself, the
 * connection remembered among the recent ones, and the queue given its credentials.
 */
export function openSessionPolicy(sessions: SessionManager, recent: RecentConnections, queue: TransferQueue): OpenSession {
  return async (request, site = {}) => {
    const info = await sessions.open(request);
    await recent.remember(request);
    // Queued transfers to this server (restored ones too) can run with this session's credentials.
    queue.registerSite({ ...sessions.connector(info.id), parallel: site.parallel, overrides: site.overrides });
    return info;
  };
}
