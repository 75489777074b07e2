import { isUnsettled, finishedStatuses, type QueueSummary, type QueueView, type TransferJob } from "../../shared/transfer";
import { JobTally } from "./job-tally";
import { plainJob } from "./queued-job";
import { QueueViews } from "./queue-views";
import { hasRoomFor, isBigFile, type AtOnce } from "./transfers-at-once";

/** What a site with only big files queued must have room for. */
const aBigFile = { kind: "file", size: undefined } as const;

/** A job in the scheduler's list: it knows its index there. */
type ScheduledJob = TransferJob & { slot: number };

/** Every job the scheduler hands out has its slot. */
function isPlaced(job: TransferJob): job is ScheduledJob {
  return "slot" in job && typeof job.slot === "number";
}

export type JobChange = Partial<{ [K in keyof TransferJob]: TransferJob[K] | undefined }>;

/** Who hears of every change to the list: the change feed. */
export interface JobListener {
  /** New jobs at the end of the queue; the listener may keep the list, which nobody changes after. */
  added(jobs: readonly TransferJob[]): void;
  changed(job: TransferJob): void;
  /** Jobs were taken off the list or changed places: the renderer's window is out of date. */
  reordered(): void;
}

/** What the scheduler needs to know of the jobs running now. */
export interface Capacity {
  /** How many of the site's jobs may run at once: all of them, and big files among them. */
  limits(site: string): AtOnce;
  /** The site's jobs running now. */
  running(site: string): AtOnce;
  /** A job paused while running is queued again before its run has unwound: it must not start twice. */
  isRunning(jobId: string): boolean;
}

/**
 * The queue's order and what starts next: jobs start in the order the user arranged, as many
 * per site as it has room for; a move's folder is removed only once nothing inside it is left
 * to do. Every job's change goes through `update`, which keeps the tally, so that asking "is
 * this batch complete?" or "what are the totals?" costs the same however long the queue is.
 * No step spreads the job list into arguments or recurses over it: a queue of millions of
 * jobs fits.
 */
export class JobScheduler {
  private jobs: ScheduledJob[] = [];
  private readonly tally = new JobTally();
  private readonly views = new QueueViews<ScheduledJob>();
  /** No job before this index is queued: where the search for the next job to start begins. */
  private queuedFrom = 0;
  private readonly completionWaiters = new Map<string, (() => void)[]>();
  /** Batches whose walk is still adding jobs: none of them is complete yet. */
  private readonly openBatches = new Set<string>();

  constructor(private readonly listener: JobListener) {}

  /** Jobs read back from disk: the renderer asks for the list once it is up. */
  restore(jobs: readonly TransferJob[]): void {
    this.insert(jobs, false);
  }

  /** New jobs at the end of the queue. */
  append(jobs: readonly TransferJob[]): void {
    this.insert(jobs, true);
  }

  /** A walk starts adding jobs to the batch. */
  open(batchId: string): void {
    this.openBatches.add(batchId);
  }

  /** The walk ended: once its jobs settle, the batch is complete. */
  close(batchId: string): void {
    this.openBatches.delete(batchId);
    if (this.tally.unsettledIn(batchId) === 0) this.wakeWaiters(batchId);
  }

  all(): readonly TransferJob[] {
    return this.jobs;
  }

  /** The jobs with these ids, in queue order; all of them when there are no ids. */
  select(ids: readonly string[] | undefined): readonly TransferJob[] {
    if (!ids) return this.jobs;
    const wanted = new Set(ids);
    return this.jobs.filter((job) => wanted.has(job.id));
  }

  summary(): QueueSummary {
    return this.tally.summary();
  }

  /** Up to `count` jobs of a view from its `from`th on, and how many the view has. */
  window(view: QueueView, from: number, count: number): { jobs: readonly TransferJob[]; total: number } {
    return { jobs: this.views.window(this.jobs, view, from, count), total: this.views.total(view) };
  }

  filesNotDoneIn(batchId: string): number {
    return this.tally.filesNotDoneIn(batchId);
  }

  update(job: TransferJob, change: JobChange): void {
    const wasUnsettled = isUnsettled(job.status);
    const scheduled = change.status !== undefined && change.status !== job.status && isPlaced(job) ? job : undefined;
    if (scheduled) this.views.remove(scheduled);
    this.tally.remove(job);
    // A field that goes is set to undefined, not deleted: deleting turns the job into a slow, bigger dictionary object.
    for (const [key, value] of Object.entries(change)) (job as Record<string, unknown>)[key] = value;
    this.tally.add(job);
    if (scheduled) this.views.add(scheduled);
    if (change.status === "queued") this.queuedFrom = 0;
    if (wasUnsettled && !isUnsettled(job.status) && this.isComplete(job.batchId)) this.wakeWaiters(job.batchId);
    this.listener.changed(job);
  }

  /** The jobs of a batch once none of them is queued or running any more. */
  async whenCompleted(batchId: string): Promise<TransferJob[]> {
    while (!this.isComplete(batchId)) {
      await new Promise<void>((resolve) => {
        const waiters = this.completionWaiters.get(batchId) ?? [];
        waiters.push(resolve);
        this.completionWaiters.set(batchId, waiters);
      });
    }
    return this.jobs.filter((job) => job.batchId === batchId).map((job) => plainJob(job));
  }

  /** Moves jobs one place up or down among the others, which changes what starts next. */
  move(ids: readonly string[], offset: -1 | 1): void {
    const wanted = new Set(ids);
    const positions = new Map<string, number>();
    this.jobs.forEach((job, index) => {
      if (wanted.has(job.id)) positions.set(job.id, index);
    });
    const order = offset < 0 ? ids : [...ids].reverse();
    for (const id of order) {
      const index = positions.get(id);
      if (index === undefined) continue;
      const other = index + offset;
      const job = this.jobs[index];
      const neighbour = this.jobs[other];
      if (!job || !neighbour) continue;
      this.views.remove(job);
      this.views.remove(neighbour);
      this.jobs[other] = job;
      this.jobs[index] = neighbour;
      job.slot = other;
      neighbour.slot = index;
      this.views.add(job);
      this.views.add(neighbour);
      positions.set(job.id, other);
      if (positions.has(neighbour.id)) positions.set(neighbour.id, index);
    }
    this.queuedFrom = 0;
    this.listener.reordered();
  }

  /** Takes done, failed, skipped and cancelled jobs off the list ("Remove finished"). */
  removeFinished(): void {
    const keep: ScheduledJob[] = [];
    this.views.clear();
    for (const job of this.jobs) {
      if (finishedStatuses.includes(job.status)) {
        this.tally.remove(job);
        continue;
      }
      job.slot = keep.length;
      keep.push(job);
      this.views.add(job);
    }
    this.jobs = keep;
    this.queuedFrom = 0;
    this.listener.reordered();
  }

  /** The queued jobs to start now, first in the queue first, within each site's free slots. */
  next(capacity: Capacity): TransferJob[] {
    const picked: TransferJob[] = [];
    // What each site runs and what this pass has picked for it.
    const taken = new Map<string, AtOnce>();
    const takenBy = (site: string): AtOnce => {
      let counts = taken.get(site);
      if (!counts) taken.set(site, (counts = { ...capacity.running(site) }));
      return counts;
    };
    const hasRoom = (site: string, job?: Pick<TransferJob, "kind" | "size">) => hasRoomFor(capacity.limits(site), takenBy(site), job);
    const anySiteHasRoom = () => {
      for (const site of this.tally.waitingSites()) if (hasRoom(site, this.tally.hasSmallWaiting(site) ? undefined : aBigFile)) return true;
      return false;
    };
    while (this.queuedFrom < this.jobs.length && this.jobs[this.queuedFrom]?.status !== "queued") this.queuedFrom++;
    // The walk stops as soon as no site with queued jobs has room: a few steps, not the whole queue.
    for (let i = this.queuedFrom; i < this.jobs.length && anySiteHasRoom(); i++) {
      const job = this.jobs[i];
      if (!job || job.status !== "queued" || capacity.isRunning(job.id) || !hasRoom(job.site, job)) continue;
      // A move's folders go only once the whole tree is planned and nothing inside them is left to do.
      if (job.kind === "remove-source-folder" && (this.openBatches.has(job.batchId) || this.tally.hasWorkInside(job))) continue;
      const counts = takenBy(job.site);
      counts.all++;
      if (isBigFile(job)) counts.big++;
      picked.push(job);
    }
    return picked;
  }

  private insert(jobs: readonly TransferJob[], announce: boolean): void {
    // One push per job: spreading a long list into push() overflows the stack.
    for (const job of jobs) {
      // A compact job has its slot field already; a job read back from disk gets one here.
      const scheduled = Object.assign(job, { slot: this.jobs.length });
      this.jobs.push(scheduled);
      this.tally.add(scheduled);
      this.views.add(scheduled);
    }
    if (announce) this.listener.added(jobs);
  }

  private isComplete(batchId: string): boolean {
    return !this.openBatches.has(batchId) && this.tally.unsettledIn(batchId) === 0;
  }

  private wakeWaiters(batchId: string): void {
    const waiters = this.completionWaiters.get(batchId);
    this.completionWaiters.delete(batchId);
    for (const wake of waiters ?? []) wake();
  }
}
