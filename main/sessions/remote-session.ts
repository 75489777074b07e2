import type { Client } from "basic-ftp";
import { posix } from "node:path";
import { Readable } from "node:stream";
import type { FileEntry, Listing, SessionInfo } from "../../shared/domain";
import type { FileChecksum } from "../../shared/files";
import { toUserError, UserFacingError } from "../errors";
import { refuseIntoItself } from "../files/into-itself";
import { DeleteProgress } from "../files/delete-progress";
import { ServerTreeWalk } from "../files/server-tree-walk";
import { toEntry, toUtcEntry } from "../listing/file-entry";
import { listToLookUp, listWhatThereIs } from "../listing/incomplete-listing";
import { isSafeName } from "../../shared/files";
import { checksumPatience, fileChecksum } from "../transfers/checksums";
import type { ServerClock } from "./server-clock";
import { ConnectionGivenUp, withinProgressDeadline } from "./stall-watchdog";

export interface RemoteSessionOptions {
  /** Seconds between NOOPs while connected; 0: none. */
  keepAliveSeconds: number;
  /** An operation that makes no progress this long is given up, and the connection reopened. */
  timeoutMs: number;
  /** A new logged-in connection like the first, for a session whose connection got stuck (one try). */
  reopen(): Promise<Client>;
  /** A new logged-in connection after the first was lost: tries with back-off, and says how it goes. */
  reconnect(): Promise<Client>;
  /** The preference that bounds folder walks (delete, chmod). */
  maxFolderDepth(): Promise<number>;
  /** The server's time zone, taken off LIST times (detected on a listing where the site leaves it to Ferry). */
  clock: ServerClock;
}

/**
 * One logged-in control connection. basic-ftp runs one task at a time per client, so every
 * operation waits its turn here instead of failing. A lost connection leaves the session
 * disconnected, not gone: the next operation connects again first (as FileZilla does).
 */
export class RemoteSession {
  private queue: Promise<unknown> = Promise.resolve();
  /** Closed by the user: nothing reconnects. */
  private ended = false;
  /** The connection was lost; the next operation reconnects. */
  private disconnected = false;
  /** Set while a stuck connection is replaced: its loss is not the session's. */
  private reopening = false;
  /** Set while a transfer has the connection: one lost meanwhile is replaced when the transfer gives it back, not reported lost. */
  private lending = false;
  private keepAlive: NodeJS.Timeout | undefined;
  /** Listings by folder, so that going back to a folder is instant; Ctrl+R asks for a fresh one. */
  private readonly listings = new Map<string, Listing>();
  /** The server time offset the kept listings' times were read with. */
  private listingsOffsetMs = 0;

  constructor(
    readonly info: SessionInfo,
    private client: Client,
    /** The connection was lost, with why in words. */
    private readonly onLost: (reason: string) => void,
    private readonly options: RemoteSessionOptions,
  ) {
    this.connected(client);
  }

  /** A new connection is in place: watch it, and keep it alive while idle. */
  private connected(client: Client): void {
    this.client = client;
    this.disconnected = false;
    this.watchLoss(client);
    clearInterval(this.keepAlive);
    if (this.options.keepAliveSeconds > 0) {
      // NOOPs take their turn like any operation, so they never cut into a listing; they never reconnect.
      this.keepAlive = setInterval(
        () => void this.serialize(() => this.client.send("NOOP"), false).catch(() => undefined),
        this.options.keepAliveSeconds * 1000,
      );
      this.keepAlive.unref();
    }
  }

  private watchLoss(client: Client): void {
    const markLost = () => {
      if (this.ended || this.disconnected || this.reopening || this.lending || client !== this.client) return;
      this.lose("The server or the network closed the connection.");
    };
    // basic-ftp removes every listener of a control socket it closes, inside the first of
    // these events; listening to all three catches the loss whichever comes first.
    for (const event of ["end", "error", "close"] as const) client.ftp.socket.once(event, markLost);
  }

  private lose(reason: string): void {
    this.disconnected = true;
    clearInterval(this.keepAlive);
    this.client.close();
    this.onLost(reason);
  }

  /** Disconnects on purpose (the queue is done and the preference says so): the tab stays, and the next action reconnects. */
  disconnect(reason: string): void {
    if (this.ended || this.disconnected) return;
    this.lose(reason);
  }

  /** Closed by the user; a lost connection is not closed, only disconnected. */
  get closed(): boolean {
    return this.ended;
  }

  /** Connects again now if the connection was lost (the Reconnect button). */
  async reconnect(): Promise<void> {
    await this.serialize(async () => undefined);
  }

  async mkdir(folder: string, name: string): Promise<void> {
    this.forget(folder);
    await this.serialize(async () => {
      await this.refuseExisting(folder, name);
      await this.client.send(`MKD ${posix.join(folder, name)}`);
    });
  }

  async newFile(folder: string, name: string): Promise<void> {
    this.forget(folder);
    await this.serialize(async () => {
      await this.refuseExisting(folder, name);
      await this.client.uploadFrom(Readable.from([]), posix.join(folder, name));
    });
  }

  async rename(folder: string, from: string, to: string): Promise<void> {
    this.forget(folder);
    await this.serialize(async () => {
      // Many servers replace an existing target on RNTO: a rename never overwrites.
      if (from !== to) await this.refuseExisting(folder, to);
      await this.client.rename(posix.join(folder, from), posix.join(folder, to));
    });
  }

  /** Moves items into another folder on the server (a drop onto a folder row); nothing there is replaced. */
  async moveInto(folder: string, names: string[], to: string): Promise<number> {
    refuseIntoItself(folder, names, to);
    this.forget(folder);
    this.forget(to);
    return this.serialize(async () => {
      const existing = await this.kindsIn(to);
      const taken = names.find((name) => existing.has(name));
      if (taken) throw new UserFacingError("exists", `“${taken}” already exists in ${to}.`);
      for (const name of names) await this.client.rename(posix.join(folder, name), posix.join(to, name));
      return names.length;
    });
  }

  /** Deletes files, and folders with everything in them; what a listing names unsafely is left alone, and said. */
  async delete(folder: string, names: string[], progress = new DeleteProgress(() => undefined)): Promise<number> {
    this.forget(folder);
    const maxDepth = await this.options.maxFolderDepth();
    return this.serialize(async () => {
      const walk = this.treeWalk(maxDepth);
      await walk.delete(folder, await walk.marked(folder, names), progress);
      walk.failIfLeftAlone(`${progress.told}.`);
      return names.length;
    });
  }

  /** SITE CHMOD on each name, and everything inside folders when `recursive`. */
  async chmod(folder: string, names: string[], mode: number, recursive: boolean): Promise<number> {
    this.forget(folder);
    const maxDepth = await this.options.maxFolderDepth();
    return this.serialize(async () => {
      const walk = this.treeWalk(maxDepth);
      const changed = await walk.chmod(folder, await walk.marked(folder, names), mode, recursive);
      walk.failIfLeftAlone(`The permissions of ${changed} ${changed === 1 ? "item" : "items"} were changed.`);
      return changed;
    });
  }

  /**
   * The server's checksum of a file. The server reads the whole file before it answers, so the
   * deadline grows with the size the folder's listing gave.
   */
  checksum(folder: string, name: string): Promise<FileChecksum> {
    const size = this.listings.get(folder)?.entries.find((entry) => entry.name === name)?.size;
    const path = posix.join(folder, name);
    return this.serialize(() => fileChecksum(this.client, path, size), true, Math.max(this.options.timeoutMs, checksumPatience(size)));
  }

  /**
   * Runs a task of another domain (the editor's reads and saves) on this connection, in its turn;
   * `changes` names a folder whose cached listing the task makes stale.
   */
  withConnection<T>(task: (client: Client) => Promise<T>, changes?: string): Promise<T> {
    if (changes !== undefined) this.forget(changes);
    return this.serialize(() => task(this.client));
  }

  /**
   * Lends the connection to a transfer, in its turn, until the transfer gives it back: for a site
   * whose connection limit leaves transfers no connection of their own (FileZilla does the same).
   * Browsing waits meanwhile. The transfer may close the connection to stop (pause, cancel): that
   * is not a lost session; a connection given back out of step is replaced by a new one.
   */
  lend(): Promise<{ client: Client; giveBack(reusable: boolean): void }> {
    return new Promise((resolve, reject) => {
      // No progress deadline: a transfer on it may wait for the user's answer (overwrite?); the pool guards its commands.
      const loan = this.serialize(
        async () => {
          this.lending = true;
          try {
            const reusable = await new Promise<boolean>((giveBack) => resolve({ client: this.client, giveBack }));
            if (!reusable && !this.ended) await this.reopen();
          } finally {
            this.lending = false;
          }
        },
        true,
        Infinity,
      );
      loan.catch(reject);
    });
  }

  list(path?: string, showHidden = true, fresh = false): Promise<Listing> {
    this.forgetListingsOfAnotherOffset();
    const cached = path !== undefined && !fresh ? this.listings.get(path) : undefined;
    if (cached) return Promise.resolve(withoutHidden(cached, showHidden));
    return this.serialize(async () => {
      if (path !== undefined) await this.client.cd(path);
      const cwd = await this.client.pwd();
      const { infos, incomplete } = await listWhatThereIs(this.client);
      const safe = infos.filter((info) => isSafeName(info.name));
      await this.options.clock.detect(this.client, cwd, safe);
      this.forgetListingsOfAnotherOffset();
      const offsetMs = this.options.clock.offsetMs;
      const listing: Listing = {
        path: cwd,
        ...(cwd === "/" ? {} : { parent: posix.dirname(cwd) }),
        entries: safe.map((info) => toUtcEntry(info, offsetMs)),
        rejectedNames: infos.length - safe.length,
        ...(incomplete !== undefined ? { incomplete } : {}),
      };
      this.listings.set(cwd, listing);
      if (path !== undefined) this.listings.set(path, listing);
      return withoutHidden(listing, showHidden);
    });
  }

  /**
   * Listings kept from before the server's time zone was known (detected here, or by a
   * synchronization's walk on another connection) show its times unshifted: they go.
   */
  private forgetListingsOfAnotherOffset(): void {
    if (this.listingsOffsetMs === this.options.clock.offsetMs) return;
    this.listings.clear();
    this.listingsOffsetMs = this.options.clock.offsetMs;
  }

  /** A change in a folder makes its listing (and, for folders inside it, theirs) stale. */
  private forget(folder: string): void {
    for (const key of this.listings.keys())
      if (key === folder || key.startsWith(`${folder.replace(/\/$/, "")}/`)) this.listings.delete(key);
  }

  private async kindsIn(folder: string): Promise<Map<string, FileEntry["kind"]>> {
    return new Map((await listToLookUp(this.client, folder)).map((info) => [info.name, toEntry(info).kind]));
  }

  /** A walk of this connection's folders that stops when the session closes or the tree goes too deep. */
  private treeWalk(maxDepth: number): ServerTreeWalk {
    const client = this.client;
    return new ServerTreeWalk(client, {
      maxDepth,
      checkOpen: () => {
        if (this.ended || client.closed) throw this.closedError();
      },
    });
  }

  private async refuseExisting(folder: string, name: string): Promise<void> {
    if ((await this.kindsIn(folder)).has(name)) throw new UserFacingError("exists", `“${name}” already exists in ${folder}.`);
  }

  close(): void {
    this.ended = true;
    clearInterval(this.keepAlive);
    this.client.close();
  }

  private closedError(): UserFacingError {
    return new UserFacingError("connection-lost", `The connection to ${this.info.host} is closed.`);
  }

  /**
   * Runs `task` in its turn, given up when it makes no progress for `timeoutMs`; a lost connection
   * is connected again first, unless `reconnect` is false (keep-alive).
   */
  private serialize<T>(task: () => Promise<T>, reconnect = true, timeoutMs = this.options.timeoutMs): Promise<T> {
    const run = this.queue.then(async () => {
      if (this.ended || (this.disconnected && !reconnect)) throw this.closedError();
      if (this.disconnected) {
        this.listings.clear();
        const client = await this.options.reconnect();
        // Closed while reconnecting: the new connection has no session to serve.
        if (this.ended) {
          client.close();
          throw this.closedError();
        }
        this.connected(client);
      }
      try {
        return await withinProgressDeadline(this.client, timeoutMs, task, this.info.host);
      } catch (error) {
        if (error instanceof ConnectionGivenUp && !this.ended) await this.reopen();
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Replaces a stuck connection with a new one, so that the session answers again; one that cannot is disconnected. */
  private async reopen(): Promise<void> {
    this.reopening = true;
    this.client.close();
    try {
      const client = await this.options.reopen();
      this.listings.clear();
      this.connected(client);
    } catch (error) {
      this.lose(toUserError(error).message);
    } finally {
      this.reopening = false;
    }
  }
}

/** Names starting with a dot are hidden unless asked for. */
function withoutHidden(listing: Listing, showHidden: boolean): Listing {
  return showHidden ? listing : { ...listing, entries: listing.entries.filter((entry) => !entry.name.startsWith(".")) };
}
