import { jobEnds, type TransferJob } from "../../shared/transfer";

/** What names a job and the target it writes. */
export type Claimant = Pick<TransferJob, "id" | "direction" | "site" | "localPath" | "remotePath" | "sourcePath">;

/** Platforms whose disks usually ignore case (NTFS, APFS): "F.bin" and "f.bin" are one file there. */
const caseBlindDisks: ReadonlySet<NodeJS.Platform> = new Set(["win32", "darwin"]);

interface Claim {
  owner: string;
  /** Jobs waiting for the target, woken when its owner lets go. */
  waiters: (() => void)[];
}

/**
 * The targets that running jobs write, one job per target. Two jobs writing one target at once
 * would share its .filepart (or the server's file), and one copy would be lost in a mix of both:
 * the second job waits instead, and finds the file there once the first let go. A target on this
 * computer is compared as its disks usually compare names (without case on Windows and macOS);
 * one on a server exactly, per site.
 */
export class TargetClaims {
  private readonly byKey = new Map<string, Claim>();
  private readonly keyOf = new Map<string, string>();

  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  /**
   * Claims the job's target, letting go of one it claimed before (a target it renamed). Gives
   * nothing when the target is the job's now; when another job holds it, claims nothing and gives
   * what settles once that job lets go, when the target can be asked for again.
   */
  claim(job: Claimant): Promise<void> | undefined {
    const key = this.key(job, jobEnds(job).target);
    const held = this.byKey.get(key);
    if (held?.owner === job.id) return undefined;
    this.release(job.id);
    if (held) return new Promise((resolve) => held.waiters.push(resolve));
    this.byKey.set(key, { owner: job.id, waiters: [] });
    this.keyOf.set(job.id, key);
    return undefined;
  }

  /** The job no longer writes its target: jobs waiting for it may ask again. */
  release(jobId: string): void {
    const key = this.keyOf.get(jobId);
    if (key === undefined) return;
    this.keyOf.delete(jobId);
    const claim = this.byKey.get(key);
    this.byKey.delete(key);
    for (const wake of claim?.waiters ?? []) wake();
  }

  /** Whether the job holds its target now. */
  holds(job: Claimant): boolean {
    return this.byKey.get(this.key(job, jobEnds(job).target))?.owner === job.id;
  }

  /** Whether another job writes this target (by default the job's own) at the job's end: its disk, or its site's server. */
  heldByAnother(job: Claimant, target = jobEnds(job).target): boolean {
    const owner = this.byKey.get(this.key(job, target))?.owner;
    return owner !== undefined && owner !== job.id;
  }

  private key(job: Claimant, target: string): string {
    if (job.direction === "upload") return `server\0${job.site}\0${target}`;
    return `disk\0${caseBlindDisks.has(this.platform) ? target.toLowerCase() : target}`;
  }
}
