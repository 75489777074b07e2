import type { Client } from "basic-ftp";
import type { TransferDirection, TransferOverrides } from "../../shared/transfer";
import { stoppedWith } from "../errors";
import { guardEveryCommand } from "../sessions/stall-watchdog";
import { SpeedLimits, type SpeedLimit } from "./speed-limit";
import { tooManyConnectionsReply } from "./too-many-connections";

/** A session's browsing connection, lent to a transfer until it is given back; browsing waits meanwhile. */
export interface LentConnection {
  client: Client;
  /** Ends the loan; a connection left out of step (a failed or stopped transfer) is replaced by a new one. */
  giveBack(reusable: boolean): void;
}

/** Opens a new logged-in connection to one server, with the credentials of a session to it. */
export interface SiteConnector {
  /** user@host:port */
  site: string;
  connect(): Promise<Client>;
  /** The saved site the session was opened from, whose edits reach its transfers. */
  siteId?: string | undefined;
  /** Transfers at once for this server, when its saved site says; else the preference. */
  parallel?: number | undefined;
  /** The saved site's "Maximum number of connections", browsing ones included; none when unset (quick connect). */
  maxConnections?: number | undefined;
  /** Transfer settings its saved site sets in place of the preferences. */
  overrides?: TransferOverrides | undefined;
  /** Aborted when the session this connector came from is closed: folder walks on its connections stop. */
  closed?: AbortSignal | undefined;
  /** How many browsing connections are open to this server now (one per session): they count against its limit. */
  browsingConnections?(): number;
  /** Lends the session's browsing connection, for when the limit leaves transfers none of their own. */
  lend?(): Promise<LentConnection>;
  /** Writes a line into the session's log. */
  note?(text: string): void;
}

/** What a saved site sets for its own transfers: how many at once, its connection limit, and settings in place of the preferences. */
export type SiteTransfers = Pick<SiteConnector, "siteId" | "parallel" | "maxConnections" | "overrides">;

/** The caller's own reason when it is a sentence for the user; otherwise a plain one, never the runtime's abort text. */
const stoppedBy = (signal: AbortSignal | undefined) => stoppedWith(signal, "Stopped.");

/**
 * Transfer connections of one server, kept apart from the browsing connection so that
 * transfers never wait for browsing or the other way round. Idle connections are reused.
 *
 * The server's connection limit holds across browsing and transfers: the site's "Maximum number
 * of connections", lowered for the rest of the run when the server refuses one more connection
 * ("421 Too many connections"). Transfer connections get what the browsing connections leave;
 * when they leave none (a limit of 1), transfers borrow a browsing connection one at a time,
 * as FileZilla does. A caller that finds no room waits for a connection to come free.
 */
export class ConnectionPool {
  private readonly idle: Client[] = [];
  /** Transfer connections open, in use or idle, and those being opened. */
  private open = 0;
  /** Of those, the ones still being opened: the server has not accepted them yet. */
  private opening = 0;
  /** The most connections the server accepted at once, once it refused one more; for the rest of the run. */
  private learnedLimit: number | undefined;
  /** Browsing connections lent to transfers now, with how to give each back. */
  private readonly lent = new Map<Client, LentConnection>();
  /** Callers waiting for a connection to come free. */
  private waiting: (() => void)[] = [];
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
    this.shed();
    this.wake();
  }

  /** The bucket this server's transfers of a direction share: the site's own when it sets a limit, else `shared` (the queue's). */
  limitOf(direction: TransferDirection, shared: SpeedLimits): SpeedLimit {
    const own = direction === "download" ? this.overrides?.downloadLimit : this.overrides?.uploadLimit;
    return own === undefined ? shared[direction] : this.ownLimits[direction];
  }

  private applyLimits(): void {
    this.ownLimits.apply({ downloadLimit: this.overrides?.downloadLimit ?? 0, uploadLimit: this.overrides?.uploadLimit ?? 0 });
  }

  /** The server's connection limit, browsing included: the site's, or the lower one the server showed; undefined: none. */
  private get connectionLimit(): number | undefined {
    const limits = [this.connector.maxConnections, this.learnedLimit].filter((limit) => limit !== undefined);
    return limits.length > 0 ? Math.min(...limits) : undefined;
  }

  /** How many transfer connections may be open at once: what the limit leaves after the browsing connections. */
  private get room(): number {
    const limit = this.connectionLimit;
    return limit === undefined ? Infinity : Math.max(0, limit - (this.connector.browsingConnections?.() ?? 0));
  }

  /**
   * How many of this server's transfers (or folder walks) can run at once, given how many the
   * site or the preference asks for: never more than the connections the limit leaves them, and
   * one on a borrowed browsing connection when it leaves none.
   */
  capacity(parallel: number): number {
    return Math.max(1, Math.min(parallel, this.room));
  }

  /** A connection for a job or a walk; `signal` (its pause, cancel or stop) ends the wait for one to come free. */
  async acquire(signal?: AbortSignal): Promise<Client> {
    for (;;) {
      if (signal?.aborted) throw stoppedBy(signal);
      for (let client = this.idle.pop(); client; client = this.idle.pop()) {
        if (!client.closed) return client;
        this.open--;
      }
      const lend = this.connector.lend;
      // Without a browsing connection to borrow, one connection is tried whatever the limit: waiting would be for ever.
      if (this.open < this.room || (this.open === 0 && !lend)) {
        const client = await this.connect();
        if (client) return client;
      } else if (this.open === 0 && lend) {
        return this.borrow(lend);
      } else {
        await this.roomOrStop(signal);
      }
    }
  }

  /** Settles when a connection may have come free, or sooner once `signal` aborts; a stopped caller leaves the waiting list. */
  private roomOrStop(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const stop = () => {
        this.waiting = this.waiting.filter((waiter) => waiter !== look);
        reject(stoppedBy(signal));
      };
      const look = () => {
        signal?.removeEventListener("abort", stop);
        resolve();
      };
      signal?.addEventListener("abort", stop, { once: true });
      this.waiting.push(look);
    });
  }

  /** A new transfer connection; undefined when the server refused it for having too many, which lowers the limit. */
  private async connect(): Promise<Client | undefined> {
    this.open++;
    this.opening++;
    try {
      const client = await this.connector.connect();
      // The host without the user name: "user@host:port".
      guardEveryCommand(client, this.host);
      return client;
    } catch (error) {
      this.open--;
      // Whatever the failure, there is room again: a caller waiting for it tries itself (and fails, or gets through).
      this.wake();
      const reply = tooManyConnectionsReply(error);
      // What the server had accepted when it refused this one; others still being opened may be refused too.
      const accepted = this.open - this.opening + 1 + (this.connector.browsingConnections?.() ?? 0);
      // With nothing of Ferry's open to the server, its refusal is about someone else's connections: that is a failure to show.
      // So it is when no connection of the pool's or of browsing can come free to wait for.
      if (reply === undefined || accepted === 0 || (this.open === 0 && !this.connector.lend)) throw error;
      if (this.learnedLimit !== undefined && this.learnedLimit <= accepted) return undefined;
      this.learnedLimit = accepted;
      const now = accepted === 1 ? "1 connection" : `${accepted} connections`;
      this.connector.note?.(
        `The server refused one more connection ("${reply}"): Ferry keeps to ${now} at once to ${this.connector.site} from now on, and the transfers wait their turn.`,
      );
      return undefined;
    } finally {
      this.opening--;
    }
  }

  private async borrow(lend: () => Promise<LentConnection>): Promise<Client> {
    const loan = await lend();
    // The session lends it without a deadline (the transfer may wait for the user's answer): its commands need the pool's.
    guardEveryCommand(loan.client, this.host);
    this.lent.set(loan.client, loan);
    return loan.client;
  }

  private get host(): string {
    return this.connector.site.slice(this.connector.site.lastIndexOf("@") + 1);
  }

  /** Gives a connection back; one that failed or was aborted is closed instead, and so is one the limit no longer has room for. */
  release(client: Client, reusable: boolean): void {
    const loan = this.lent.get(client);
    if (loan) {
      this.lent.delete(client);
      loan.giveBack(reusable && !client.closed);
    } else if (reusable && !client.closed && this.established <= this.room) {
      this.idle.push(client);
    } else {
      client.close();
      this.open--;
    }
    this.wake();
  }

  /**
   * Transfer connections the server has accepted. Those still being opened do not count against
   * keeping one: with the server at its limit they are refused, and closing a working connection
   * for them would leave none.
   */
  private get established(): number {
    return this.open - this.opening;
  }

  /** Closes idle connections beyond what the limit leaves now (a browsing connection was opened, the site was edited). */
  private shed(): void {
    while (this.established > this.room && this.idle.length > 0) {
      this.idle.pop()?.close();
      this.open--;
    }
  }

  /** Callers waiting for a connection look again. */
  private wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  closeAll(): void {
    for (const client of this.idle.splice(0)) {
      client.close();
      this.open--;
    }
    this.wake();
  }
}
