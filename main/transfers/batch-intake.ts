import { setImmediate as nextTurn } from "node:timers/promises";
import type { TransferJob } from "../../shared/transfer";
import type { BatchJobMaker } from "./batch-jobs";
import type { PlannedItem } from "./plan-batch";

/** Jobs in one chunk: adding them (to the list, the tally and the change feed) takes a few milliseconds. */
const chunkSize = 2000;
/** A slow walk (a server far away) still hands over what it found this often, so that the first jobs start. */
const longestHoldMs = 250;

/**
 * Takes what a walk plans into the queue a chunk at a time, and gives the event loop a turn
 * after each chunk: a tree of a million files fills the queue while it is walked, the first
 * jobs start before the walk ends, and the app answers all the while.
 */
export class BatchIntake {
  private jobs: TransferJob[] = [];
  private heldSince = Date.now();
  /** Jobs taken so far. */
  added = 0;

  constructor(
    private readonly maker: BatchJobMaker,
    private readonly take: (jobs: readonly TransferJob[]) => void,
    /** Sees every item the walk finds, a job or not (a folder of a copy): for the walk's progress. */
    private readonly found?: (item: PlannedItem) => void,
  ) {}

  /** The walk's sink: a promise back when a chunk went in, so that the walk waits for its turn. */
  readonly sink = (item: PlannedItem): Promise<void> | undefined => {
    this.found?.(item);
    const job = this.maker.jobOf(item);
    if (!job) return undefined;
    this.jobs.push(job);
    if (this.jobs.length < chunkSize && Date.now() - this.heldSince < longestHoldMs) return undefined;
    this.flush();
    return nextTurn();
  };

  /** Hands over what is held (the walk ended, or stopped). */
  flush(): void {
    this.heldSince = Date.now();
    if (this.jobs.length === 0) return;
    const jobs = this.jobs;
    this.jobs = [];
    this.added += jobs.length;
    this.take(jobs);
  }
}
