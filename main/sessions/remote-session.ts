import type { Client } from "basic-ftp";
import { posix } from "node:path";
import type { Listing, SessionInfo } from "../../shared/domain";
import { UserFacingError } from "../errors";
import { toEntry } from "../listing/file-entry";
import { isSafeEntryName } from "../listing/safe-name";

/**
 * One logged-in control connection. basic-ftp runs one task at a time per client, so every
 * operation waits its turn here instead of failing.
 */
export class RemoteSession {
  private queue: Promise<unknown> = Promise.resolve();
  private lost = false;
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(
    readonly info: SessionInfo,
    private readonly client: Client,
    onLost: () => void,
    keepAliveSeconds?: number,
  ) {
    if (keepAliveSeconds) {
      // NOOPs take their turn like any operation, so they never cut into a listing.
      this.keepAlive = setInterval(() => void this.serialize(() => this.client.send("NOOP")).catch(() => undefined), keepAliveSeconds * 1000);
      this.keepAlive.unref();
    }
    const markLost = () => {
      if (this.lost) return;
      this.lost = true;
      clearInterval(this.keepAlive);
      onLost();
    };
    // basic-ftp removes every listener of a control socket it closes, inside the first of
    // these events; listening to all three catches the loss whichever comes first.
    for (const event of ["end", "error", "close"] as const) client.ftp.socket.once(event, markLost);
  }

  get closed(): boolean {
    return this.lost || this.client.closed;
  }

  list(path?: string): Promise<Listing> {
    return this.serialize(async () => {
      if (path !== undefined) await this.client.cd(path);
      const cwd = await this.client.pwd();
      const infos = await this.client.list();
      const safe = infos.filter((info) => isSafeEntryName(info.name));
      return {
        path: cwd,
        ...(cwd === "/" ? {} : { parent: posix.dirname(cwd) }),
        entries: safe.map(toEntry),
        rejectedNames: infos.length - safe.length,
      };
    });
  }

  close(): void {
    this.lost = true;
    clearInterval(this.keepAlive);
    this.client.close();
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new UserFacingError("connection-lost", `The connection to ${this.info.host} is closed.`);
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
