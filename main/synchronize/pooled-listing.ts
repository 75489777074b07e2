/**
 * How a comparison lists server folders: on the transfer connections, each held only while it
 * lists one folder (running transfers and other walks share the site's limit meanwhile), and a
 * connection lost on the way replaced once before its folder counts as unlisted.
 */
import type { Client } from "basic-ftp";
import { clockOf, type ServerClock } from "../sessions/server-clock";
import type { ConnectionPool } from "../transfers/connection-pool";
import type { FolderListings } from "./sync-plan";
import { listUtc, withOneOffset } from "./server-listings";
import { remotePathOf } from "./tree-paths";
import { stopReason, type ListFolder } from "./tree-walks";

export interface PooledListing {
  /** A folder lister for one walk's worker; `byList` lists by LIST or MLSD even where STAT would do. */
  lister(byList: boolean): ListFolder;
  /** The folders whose last listing was read from STAT (control-listing.ts). */
  readonly byStatus: ReadonlySet<string>;
  /**
   * Corrects the LIST times of folders listed before a later listing detected the server's time
   * zone (several are listed at once): every listing then says its times with the same offset.
   */
  settle(listings: FolderListings): void;
}

/** Lists folders of `remoteFolder` on `pool`'s connections; `signal` closes the connections still listing. */
export function pooledListing(pool: ConnectionPool, remoteFolder: string, signal: AbortSignal): PooledListing {
  const listing = new Set<Client>();
  const byStatus = new Set<string>();
  /** The offset each folder's listing was read with, and the session's clock it came from. */
  const offsets = new Map<string, number>();
  let clock: ServerClock | undefined;
  signal.addEventListener(
    "abort",
    () => {
      for (const client of listing) client.close();
    },
    { once: true },
  );
  const lister =
    (byList: boolean): ListFolder =>
    async (path) => {
      let lost = false;
      const listOnce = async () => {
        // A cancel ends the wait for a connection too: transfers may hold every one the site allows.
        const client = await pool.acquire(signal).catch((error: unknown) => {
          throw signal.aborted ? stopReason(signal) : error;
        });
        listing.add(client);
        try {
          if (signal.aborted) throw stopReason(signal);
          const listed = await listUtc(client, remotePathOf(remoteFolder, path), byList);
          listing.delete(client);
          pool.release(client, true);
          if (listed.byStatus) byStatus.add(path);
          else byStatus.delete(path);
          offsets.set(path, listed.offsetMs);
          clock ??= clockOf(client);
          return listed.entries;
        } catch (error) {
          lost = client.closed;
          listing.delete(client);
          pool.release(client, false);
          throw error;
        }
      };
      try {
        return await listOnce();
      } catch (error) {
        if (!lost || signal.aborted) throw error;
        return listOnce();
      }
    };
  return { lister, byStatus, settle: (listings) => withOneOffset(listings, offsets, clock?.offsetMs ?? 0) };
}
