import type { TransferJob } from "../../shared/transfer";

type Counted = Pick<TransferJob, "batchId" | "site" | "status">;

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}

/**
 * Counts the queue keeps up to date as jobs change status: jobs still to settle in each batch,
 * and jobs waiting to start for each site. Thousands of small files end in a burst, and with
 * these counts each ending costs the same however long the queue is, not a walk over every job.
 */
export class JobTally {
  private readonly unsettled = new Map<string, number>();
  private readonly waiting = new Map<string, number>();

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

  private count(job: Counted, by: number): void {
    if (job.status === "queued" || job.status === "running") bump(this.unsettled, job.batchId, by);
    if (job.status === "queued") bump(this.waiting, job.site, by);
  }
}
