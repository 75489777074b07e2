import { FTPError, type Client, type FileInfo } from "basic-ftp";
import { posix } from "node:path";
import { formatUtcOffset } from "../../shared/server-time-zone";
import { detectionCandidate, offsetFromMdtm } from "../listing/list-time-zone";
import type { SessionLog } from "./session-log";

const keptAsSent = "listing times are shown as the server sends them; set the server's time zone in the site's settings if they are off.";

/**
 * A session's server time zone: how far the server's LIST times run ahead of UTC, which Ferry
 * takes off every LIST time it reads (MLSD and MDTM are UTC already). The site sets it, or it is
 * detected once per session as FileZilla does: on the first LIST listing with a file whose time
 * has minutes, MDTM of that file (UTC) is compared with its LIST time. Until then, and for a
 * server without MDTM, it is 0: times are shown as the server sends them.
 */
export class ServerClock {
  private detectedMs: number | undefined;
  /** Nothing more to detect: the site sets the offset, it was detected, or it cannot be (MLSD, no MDTM). */
  private settled: boolean;
  /** A detection under way. */
  private detecting: Promise<void> | undefined;

  constructor(
    /** The site's setting, in minutes east of UTC; undefined: "Automatic". */
    private readonly setMinutes: number | undefined,
    private readonly log?: SessionLog,
  ) {
    this.settled = setMinutes !== undefined;
    if (setMinutes !== undefined) log?.add("info", `Server time zone: ${formatUtcOffset(setMinutes)}, as the site's settings say.`);
  }

  /** What the session takes off LIST times, in milliseconds; 0 while nothing is known. */
  get offsetMs(): number {
    return this.setMinutes !== undefined ? this.setMinutes * 60_000 : (this.detectedMs ?? 0);
  }

  /**
   * Detects the offset from a listing of `folder` just read on `client`, if it is still unknown and
   * the listing lends itself to it. Listings read before with another offset are stale then.
   */
  async detect(client: Client, folder: string, infos: readonly FileInfo[]): Promise<void> {
    // Listings read at once (a synchronization's walk) ask one MDTM between them: the others wait for its answer.
    // Its failure (a connection closed under it) is its own caller's: the others list on with the offset as it is.
    if (this.detecting) return this.detecting.catch(() => undefined);
    if (this.settled) return;
    this.detecting = this.detectFrom(client, folder, infos);
    try {
      await this.detecting;
    } finally {
      this.detecting = undefined;
    }
  }

  private async detectFrom(client: Client, folder: string, infos: readonly FileInfo[]): Promise<void> {
    const candidate = detectionCandidate(infos);
    if (candidate === "utc") this.settled = true;
    if (candidate === undefined || candidate === "utc") return;
    this.log?.add("info", "Calculating the server's time zone…");
    let mdtm: number;
    try {
      mdtm = (await client.lastMod(posix.join(folder, candidate.name))).getTime();
    } catch (error) {
      // A refused MDTM (none at all, or not for this file): FileZilla gives up for the session too.
      if (!(error instanceof FTPError)) throw error;
      this.settled = true;
      this.log?.add("info", `Server time zone not detected: the server answered MDTM with “${error.message.trim()}”; ${keptAsSent}`);
      return;
    }
    this.settled = true;
    const offset = offsetFromMdtm(candidate.listTime, mdtm);
    if (offset === undefined) {
      this.log?.add(
        "info",
        `Server time zone not detected: LIST and MDTM of “${candidate.name}” disagree by more than any time zone; ${keptAsSent}`,
      );
      return;
    }
    this.detectedMs = offset;
    this.log?.add("info", `Server time zone: ${formatUtcOffset(offset / 60_000)}, detected from MDTM.`);
  }
}

/** The clock of the session each connection (browsing or transfer) belongs to. */
const clocksByConnection = new WeakMap<Client, ServerClock>();

export function attachClock(client: Client, clock: ServerClock): void {
  clocksByConnection.set(client, clock);
}

/** The clock of the session the connection belongs to; undefined for a connection of no session. */
export function clockOf(client: Client): ServerClock | undefined {
  return clocksByConnection.get(client);
}

/** How far LIST times on this connection run ahead of UTC (its session's offset), in milliseconds; 0 for a connection of no session. */
export function listOffsetMsOn(client: Client): number {
  return clocksByConnection.get(client)?.offsetMs ?? 0;
}
