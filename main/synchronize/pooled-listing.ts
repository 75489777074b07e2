/**
 * How a comparison lists server folders: on the transfer connections, each held only while it
 * lists one folder (running transfers and other walks share the site's limit meanwhile), and a
 * connection lost on the way replaced once before its folder counts as unlisted.
 */
import type { Client } from "basic-ftp";
import type { ConnectionPool } from "../transfers/connection-pool";
import { listUtc } from "./server-listings";
import { remotePathOf } from "./tree-paths";
import { stopReason, type ListFolder } from "./tree-walks";

export interface PooledListing {
  /** A folder lister for one walk's worker; `byList` lists by LIST or MLSD even where STAT would do. */
  lister(byList: boolean): ListFolder;
  /** The folders whose last listing was read from STAT (control-listing.ts). */
  readonly byStatus: ReadonlySet<string>;
}

/** Lists folders of `remoteFolder` on `pool`'s connections; `signal` closes the connections still listing. */
export function pooledListing(pool: ConnectionPool, remoteFolder: string, signal: AbortSignal): PooledListing {
  const listing = new Set<Client>();
  const byStatus = new Set<string>();
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
        const client = await pool.acquire();
        listing.add(client);
        try {
          if (signal.aborted) throw stopReason(signal);
          const listed = await listUtc(client, remotePathOf(remoteFolder, path), byList);
          listing.delete(client);
          pool.release(client, true);
          if (listed.byStatus) byStatus.add(path);
          else byStatus.delete(path);
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
  return { lister, byStatus };
}
