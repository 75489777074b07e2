import type { ConnectRequest, SessionInfo } from "../../shared/domain";
import type { SiteView } from "../../shared/site";
import type { RecentConnections } from "../sites/recent-connections";
import type { SiteTransfers } from "../transfers/connection-pool";
import type { TransferQueue } from "../transfers/transfer-queue";
import type { SessionManager } from "./session-manager";

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
    queue.registerSite(sessions.useSiteSettings(info.id, site));
    return info;
  };
}

/**
 * A saved site was edited: the sessions opened from it, and their transfers, take its new
 * settings at once (a speed limit applies to the next piece a transfer sends or receives).
 */
export function siteEditPolicy(sessions: SessionManager, queue: TransferQueue): (site: SiteView) => void {
  return (site) => {
    for (const id of sessions.openedFrom(site.id))
      queue.registerSite(
        sessions.useSiteSettings(id, {
          siteId: site.id,
          parallel: site.parallel,
          maxConnections: site.maxConnections,
          overrides: site.transfers,
        }),
      );
  };
}
