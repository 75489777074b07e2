import { dirname, posix } from "node:path";
import { isUnsettled, jobEnds, type QueueSummary, type TransferJob } from "../../shared/transfer";
import { isBigFile } from "./transfers-at-once";

type Counted = Pick<
  TransferJob,
  | "batchId"
  | "site"
  | "status"
  | "kind"
  | "move"
  | "direction"
  | "localPath"
  | "remotePath"
  | "sourcePath"
  | "size"
  | "transferred"
  | "speed"
>;

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}

/** The folders a moved job's source lies in, innermost first: a server path or a path on this computer. */
function* sourceFoldersOf(job: Counted): Generator<string> {
  const up = job.direction === "download" ? posix.dirname : dirname;
  let path = jobEnds(job).source;
  for (let parent = up(path); parent !== path; parent = up(parent)) {
    yield parent;
    path = parent;
  }
}

/**
 * Counts the queue keeps up to date as jobs change: unsettled jobs in each batch, queued jobs
 * for each site, files of a batch not done, work left inside each folder a move will remove,
 * and the queue's summary. Thousands of small files end in a burst, and with these counts
 * each ending costs the same however long the queue is, not a walk over every job. A job
 * is taken out of the counts before it changes and put back after (`remove`, then `add`).
 */
export class JobTally {
  private readonly unsettled = new Map<string, number>();
  private readonly waiting = new Map<string, number>();
  /** Of the queued jobs, those that are not big files, per site. */
  private readonly waitingSmall = new Map<string, number>();
  private readonly filesNotDone = new Map<string, number>();
  /** Keyed by batch and folder: unsettled jobs of a move below that source folder. */
  private readonly workInside = new Map<string, number>();
  private readonly unsettledPerSite = new Map<string, number>();
  private readonly totals: Omit<QueueSummary, "unsettledBySite"> = {
    total: 0,
    active: 0,
    counts: { queued: 0, running: 0, paused: 0, done: 0, failed: 0, skipped: 0, cancelled: 0 },
    bytesTotal: 0,
    bytesDone: 0,
    speed: 0,
  };

  add(job: Counted): void {
    this.count(job, 1);
  }

  remove(job: Counted): void {
    this.count(job, -1);
  }

  /** Jobs of the batch that are queued or running. */
  unsettledIn(batchId: string): number {
    return this.unsettled.get(batchId) ?? 0;
  }

  /** Sites with queued jobs. */
  waitingSites(): IterableIterator<string> {
    return this.waiting.keys();
  }

  /** Whether the site has queued jobs that are not big files: with only big files queued, only a big file's room counts. */
  hasSmallWaiting(site: string): boolean {
    return this.waitingSmall.has(site);
  }

  /** Files of the batch that did not (or not yet) arrive: a move keeps its source folders then. */
  filesNotDoneIn(batchId: string): number {
    return this.filesNotDone.get(batchId) ?? 0;
  }

  /** Whether a move's folder still has queued or running jobs inside it (files, or folders to remove first). */
  hasWorkInside(folderJob: Counted): boolean {
    return this.workInside.has(`${folderJob.batchId}\n${jobEnds(folderJob).source}`);
  }

  summary(): QueueSummary {
    return { ...this.totals, counts: { ...this.totals.counts }, unsettledBySite: Object.fromEntries(this.unsettledPerSite) };
  }

  private count(job: Counted, by: number): void {
    const unsettled = isUnsettled(job.status);
    if (unsettled) bump(this.unsettled, job.batchId, by);
    if (unsettled) bump(this.unsettledPerSite, job.site, by);
    if (job.status === "queued") bump(this.waiting, job.site, by);
    if (job.status === "queued" && !isBigFile(job)) bump(this.waitingSmall, job.site, by);
    if (job.kind === "file" && job.status !== "done") bump(this.filesNotDone, job.batchId, by);
    // Only moves remove folders; a walk up the path costs its depth, not the queue's length.
    if (job.move && unsettled) for (const folder of sourceFoldersOf(job)) bump(this.workInside, `${job.batchId}\n${folder}`, by);
    this.totals.total += by;
    if (unsettled) this.totals.active += by;
    this.totals.counts[job.status] += by;
    // The whole batch counts until it is removed: what the user chose not to transfer does not.
    if (job.status !== "skipped" && job.status !== "cancelled") {
      this.totals.bytesTotal += by * (job.size ?? 0);
      this.totals.bytesDone += by * Math.min(job.transferred, job.size ?? 0);
    }
    if (job.status === "running") this.totals.speed += by * (job.speed ?? 0);
  }
}
