import type { Client } from "basic-ftp";
import type { TransferDirection, TransferOverrides } from "../../shared/transfer";
import { guardEveryCommand } from "../sessions/stall-watchdog";
import { SpeedLimits, type SpeedLimit } from "./speed-limit";

/** Opens a new logged-in connection to one server, with the credentials of a session to it. */
export interface SiteConnector {
  /** user@host:port */
  site: string;
  connect(): Promise<Client>;
  /** The saved site the session was opened from, whose edits reach its transfers. */
  siteId?: string | undefined;
  /** Transfers at once for this server, when its saved site says; else the preference. */
  parallel?: number | undefined;
  /** Transfer settings its saved site sets in place of the preferences. */
  overrides?: TransferOverrides | undefined;
  /** Aborted when the session this connector came from is closed: folder walks on its connections stop. */
  closed?: AbortSignal | undefined;
}

/** What a saved site sets for its own transfers: how many at once, and settings in place of the preferences. */
export type SiteTransfers = Pick<SiteConnector, "siteId" | "parallel" | "overrides">;

/**
 * Transfer connections of one server, kept apart from the browsing connection so that
 * transfers never wait for browsing or the other way round. Idle connections are reused;
 * how many run at once is the queue's business.
 */
export class ConnectionPool {
  private readonly idle: Client[] = [];
  /** The speed limits of its saved site, for the directions the site sets one for (0 = none for this site). */
  readonly ownLimits = new SpeedLimits();

  constructor(private connector: SiteConnector) {
    this.applyLimits();
  }

  get parallel(): number | undefined {
    return this.connector.parallel;
  }

  get overrides(): TransferOverrides | undefined {
    return this.connector.overrides;
  }

  /** A newer session to the same server brings fresher credentials; an edit of its saved site, new settings. */
  replaceConnector(connector: SiteConnector): void {
    this.connector = connector;
    this.applyLimits();
  }

  /** The bucket this server's transfers of a direction share: the site's own when it sets a limit, else `shared` (the queue's). */
  limitOf(direction: TransferDirection, shared: SpeedLimits): SpeedLimit {
    const own = direction === "download" ? this.overrides?.downloadLimit : this.overrides?.uploadLimit;
    return own === undefined ? shared[direction] : this.ownLimits[direction];
  }

  private applyLimits(): void {
    this.ownLimits.apply({ downloadLimit: this.overrides?.downloadLimit ?? 0, uploadLimit: this.overrides?.uploadLimit ?? 0 });
  }

  async acquire(): Promise<Client> {
    for (let client = this.idle.pop(); client; client = this.idle.pop()) {
      if (!client.closed) return client;
    }
    const client = await this.connector.connect();
    // The host without the user name: "user@host:port".
    guardEveryCommand(client, this.connector.site.slice(this.connector.site.lastIndexOf("@") + 1));
    return client;
  }

  /** Gives a connection back; one that failed or was aborted is closed instead. */
  release(client: Client, reusable: boolean): void {
    if (reusable && !client.closed) this.idle.push(client);
    else client.close();
  }

  closeAll(): void {
    for (const client of this.idle.splice(0)) client.close();
  }
}
