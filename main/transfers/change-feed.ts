import type { EventMessage } from "../../shared/contract";
import { maxChangedJobs, type QueueSummary, type TransferJob } from "../../shared/transfer";
import type { JobListener } from "./job-scheduler";
import { plainJob } from "./queued-job";

export interface ChangeFeedOptions {
  emit(message: EventMessage): void;
  /** The queue's totals at the moment of sending. */
  summary(): QueueSummary;
  /** Overall progress 0…1 while anything runs, undefined when idle; `finished` once a busy queue empties. */
  onProgress?(fraction: number | undefined, finished: boolean): void;
  /** Nothing is queued or running any more. */
  onIdle?(): void;
  /** A busy queue has nothing left to run (paused and failed jobs may be left): once per busy spell. */
  onDone?(): void;
  /** How often changes reach the renderer. */
  batchMs?: number;
}

/**
 * Tells the renderer that the queue changed, a few times a second rather than once per chunk:
 * the totals and a revision, and the jobs that changed (each once, as it is now) when they are
 * few and none was added, removed or moved; and the taskbar's progress with each message. The
 * renderer holds only the rows in sight: without jobs, it fetches them again. A walk that adds
 * a million jobs costs a flag here, not a copy of each job.
 */
export class ChangeFeed implements JobListener {
  private readonly changedJobs = new Map<string, TransferJob>();
  /** Jobs were added, removed or moved, or too many changed to send: the renderer fetches its window. */
  private refetch = false;
  private revision = 0;
  private timer: NodeJS.Timeout | undefined;
  private wasBusy = false;

  constructor(private readonly options: ChangeFeedOptions) {}

  added(jobs: readonly TransferJob[]): void {
    if (jobs.length === 0) return;
    this.outOfDate();
  }

  changed(job: TransferJob): void {
    if (!this.refetch) this.changedJobs.set(job.id, job);
    if (this.changedJobs.size > maxChangedJobs) this.outOfDate();
    this.schedule();
  }

  reordered(): void {
    this.outOfDate();
  }

  /** Drops what was not sent yet (the app is quitting). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.changedJobs.clear();
  }

  private outOfDate(): void {
    this.refetch = true;
    this.changedJobs.clear();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.send(), this.options.batchMs ?? 200);
  }

  private send(): void {
    this.timer = undefined;
    const jobs = this.refetch ? undefined : [...this.changedJobs.values()].map((job) => plainJob(job));
    this.changedJobs.clear();
    this.refetch = false;
    this.revision++;
    const summary = this.options.summary();
    this.options.emit({
      kind: "event",
      channel: "transfers.changed",
      payload: { revision: this.revision, summary, ...(jobs ? { jobs } : {}) },
    });
    const busy = summary.active > 0;
    if (!busy) this.options.onIdle?.();
    if (this.wasBusy && !busy) this.options.onDone?.();
    this.options.onProgress?.(
      busy ? (summary.bytesTotal > 0 ? summary.bytesDone / summary.bytesTotal : 0) : undefined,
      this.wasBusy && !busy,
    );
    this.wasBusy = busy;
  }

  /** The revision of the last message: a window fetched now is at least this fresh. */
  get current(): number {
    return this.revision;
  }
}
