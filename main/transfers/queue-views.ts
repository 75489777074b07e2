import { queueViews, viewOf, type QueueView, type TransferJob } from "../../shared/transfer";

/** A job with its place in the queue, which the scheduler keeps up to date. */
export interface Placed {
  readonly status: TransferJob["status"];
  /** Index in the queue's order. */
  slot: number;
}

/** Jobs per block: a window is found by summing a thousand block counts, not by walking a million jobs. */
const blockBits = 10;

/**
 * The queue panel's views over the queue order (Queued, Failed, Done), answered a window at a
 * time. Running jobs are few and kept apart, first in the Queued view; every other job is
 * counted in the block of its slot, so that finding the 500 000th failed job costs a walk over
 * the block counts and one block, and a job's change costs one count. The caller takes a job
 * out (`remove`) before its status or slot changes and puts it back (`add`) after.
 */
export class QueueViews<T extends Placed> {
  private readonly blocks: Record<QueueView, number[]> = { queued: [], failed: [], done: [] };
  private readonly totals: Record<QueueView, number> = { queued: 0, failed: 0, done: 0 };
  /** Running jobs, in the order they started. */
  private readonly running = new Set<T>();

  add(job: T): void {
    this.count(job, 1);
  }

  remove(job: T): void {
    this.count(job, -1);
  }

  /** Forgets every count (the queue is rebuilt). */
  clear(): void {
    for (const view of queueViews) {
      this.blocks[view].length = 0;
      this.totals[view] = 0;
    }
    this.running.clear();
  }

  /** Jobs in the view. */
  total(view: QueueView): number {
    return this.totals[view] + (view === "queued" ? this.running.size : 0);
  }

  /** Up to `count` jobs of the view from its `from`th on; `jobs` is the queue in order (a job's slot is its index). */
  window(jobs: readonly T[], view: QueueView, from: number, count: number): T[] {
    const picked: T[] = [];
    let skip = from;
    if (view === "queued") {
      const running = [...this.running].sort((a, b) => a.slot - b.slot);
      for (const job of running.slice(skip, skip + count)) picked.push(job);
      skip = Math.max(0, skip - running.length);
    }
    const counts = this.blocks[view];
    for (let block = 0; block < counts.length && picked.length < count; block++) {
      const inBlock = counts[block] ?? 0;
      if (skip >= inBlock) {
        skip -= inBlock;
        continue;
      }
      const end = Math.min(jobs.length, (block + 1) << blockBits);
      for (let i = block << blockBits; i < end && picked.length < count; i++) {
        const job = jobs[i];
        if (!job || job.status === "running" || viewOf(job.status) !== view) continue;
        if (skip > 0) skip--;
        else picked.push(job);
      }
    }
    return picked;
  }

  private count(job: T, by: 1 | -1): void {
    if (job.status === "running") {
      if (by > 0) this.running.add(job);
      else this.running.delete(job);
      return;
    }
    const view = viewOf(job.status);
    const counts = this.blocks[view];
    const block = job.slot >> blockBits;
    while (counts.length <= block) counts.push(0);
    counts[block] = (counts[block] ?? 0) + by;
    this.totals[view] += by;
  }
}
