import type { EventMessage } from "../../shared/contract";
import type { QueueSummary, TransferJob } from "../../shared/transfer";
import { plainJob } from "./queued-job";

export interface ChangeFeedOptions {
  emit(message: EventMessage): void;
  /** The queue's totals at the moment of sending. */
  summary(): QueueSummary;
  /** Overall progress 0…1 while anything runs, undefined when idle; `finished` once a busy queue empties. */
  onProgress?(fraction: number | undefined, finished: boolean): void;
  /** Nothing is queued or running any more. */
  onIdle?(): void;
  /** How often changes reach the renderer. */
  batchMs?: number;
}

/** Jobs (and removed ids) in one message at most: a walk that adds a million jobs reaches the renderer in pages. */
const pageSize = 5000;

/** Takes up to `pageSize` entries off the front of a collection that keeps its insertion order. */
function takePage<T>(entries: Map<string, T> | Set<string>, take: (key: string) => void): void {
  let taken = 0;
  for (const key of entries.keys()) {
    if (taken++ === pageSize) break;
    take(key);
    entries.delete(key);
  }
}

/**
 * Tells the renderer what changed in the queue, a few times a second rather than once per
 * chunk: the jobs that changed since the last message (each once, as it is now), the ids of
 * those removed, and the totals; and the taskbar's progress with each message. More than a
 * page of changes goes out a page per message, the rest with the next ones.
 */
export class ChangeFeed {
  private readonly changedJobs = new Map<string, TransferJob>();
  private readonly removedIds = new Set<string>();
  /**
   * New jobs not sent yet, as the lists they came in: a walk's backlog of a million jobs in a hash
   * table would stall the event loop for ~100 ms each time the table grows.
   */
  private readonly addedLists: (readonly TransferJob[])[] = [];
  /** How far the first of `addedLists` was sent. */
  private addedSent = 0;
  /** Jobs removed while new jobs wait: they are not sent any more. */
  private readonly removedWhileWaiting = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private wasBusy = false;

  constructor(private readonly options: ChangeFeedOptions) {}

  added(jobs: readonly TransferJob[]): void {
    if (jobs.length === 0) return;
    this.addedLists.push(jobs);
    this.schedule();
  }

  changed(job: TransferJob): void {
    this.changedJobs.set(job.id, job);
    this.schedule();
  }

  removed(jobId: string): void {
    this.changedJobs.delete(jobId);
    this.removedIds.add(jobId);
    if (this.addedLists.length > 0) this.removedWhileWaiting.add(jobId);
    this.schedule();
  }

  /** Drops what was not sent yet (the app is quitting). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.changedJobs.clear();
    this.removedIds.clear();
    this.addedLists.length = 0;
    this.removedWhileWaiting.clear();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.send(), this.options.batchMs ?? 200);
  }

  private send(): void {
    this.timer = undefined;
    const jobs: TransferJob[] = [];
    const removed: string[] = [];
    takePage(this.changedJobs, (id) => {
      const job = this.changedJobs.get(id);
      if (job) jobs.push(plainJob(job));
    });
    this.takeAdded(jobs);
    takePage(this.removedIds, (id) => removed.push(id));
    if (this.changedJobs.size > 0 || this.removedIds.size > 0 || this.addedLists.length > 0) this.schedule();
    const summary = this.options.summary();
    this.options.emit({ kind: "event", channel: "transfers.changed", payload: { jobs, removed, summary } });
    const busy = summary.active > 0;
    if (!busy) this.options.onIdle?.();
    this.options.onProgress?.(
      busy ? (summary.bytesTotal > 0 ? summary.bytesDone / summary.bytesTotal : 0) : undefined,
      this.wasBusy && !busy,
    );
    this.wasBusy = busy;
  }

  /** Fills the page with new jobs, in the order they came, leaving out those removed and those already in it. */
  private takeAdded(jobs: TransferJob[]): void {
    const inPage = new Set(jobs.map((job) => job.id));
    while (jobs.length < pageSize) {
      const list = this.addedLists[0];
      if (!list) break;
      const job = list[this.addedSent++];
      if (this.addedSent >= list.length) {
        this.addedLists.shift();
        this.addedSent = 0;
      }
      if (job && !inPage.has(job.id) && !this.removedWhileWaiting.has(job.id)) jobs.push(plainJob(job));
    }
    if (this.addedLists.length === 0) this.removedWhileWaiting.clear();
  }
}
