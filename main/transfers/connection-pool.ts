import type { Client } from "basic-ftp";
import type { TransferOverrides } from "../../shared/transfer";
import { guardEveryCommand } from "../sessions/stall-watchdog";

/** Opens a new logged-in connection to one server, with the credentials of a session to it. */
export interface SiteConnector {
  /** user@host:port */
  site: string;
  connect(): Promise<Client>;
  /** Transfers at once for this server, when its saved site says; else the preference. */
  parallel?: number | undefined;
  /** Transfer settings its saved site sets in place of the preferences. */
  overrides?: TransferOverrides | undefined;
  /** Aborted when the session this connector came from is closed: folder walks on its connections stop. */
  closed?: AbortSignal | undefined;
}

/**
 * Transfer connections of one server, kept apart from the browsing connection so that
 * transfers never wait for browsing or the other way round. Idle connections are reused;
 * how many run at once is the queue's business.
 */
export class ConnectionPool {
  private readonly idle: Client[] = [];

  constructor(private connector: SiteConnector) {}

  get parallel(): number | undefined {
    return this.connector.parallel;
  }

  get overrides(): TransferOverrides | undefined {
    return this.connector.overrides;
  }

  /** A newer session to the same server brings fresher credentials. */
  replaceConnector(connector: SiteConnector): void {
    this.connector = connector;
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
