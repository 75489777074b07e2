import { randomUUID } from "node:crypto";
import type { JobDirection, TransferJob } from "../../shared/transfer";
import type { BatchPlan } from "./plan-batch";

/** The jobs of one batch, and those of them that need no "target exists" question. */
export interface BatchJobs {
  batchId: string;
  jobs: TransferJob[];
  /** Files whose folder the plan just made: nothing can be in the way, so there is nothing to ask. */
  decided: string[];
}

interface Planned {
  source: string;
  target: string;
  size?: number | undefined;
  modified?: number | undefined;
}

/**
 * Turns what a walk planned into queue jobs: the refused names (skipped, with the reason), the
 * files, and after a move the folders to remove. Each job is one object literal: a tree of a
 * million files makes a million jobs, and spreading shared fields into each was several times slower.
 */
export function jobsOfPlan(plan: BatchPlan, direction: JobDirection, move: boolean, site: string): BatchJobs {
  const batchId = randomUUID();
  const jobOf = (item: Planned, kind: TransferJob["kind"], status: TransferJob["status"]): TransferJob => {
    const job: TransferJob = { id: randomUUID(), batchId, direction, move, kind, site, localPath: item.target, remotePath: "", transferred: 0, status, attempts: 0 };
    if (direction === "upload") {
      job.localPath = item.source;
      job.remotePath = item.target;
    } else if (direction === "download") job.remotePath = item.source;
    else job.sourcePath = item.source;
    if (item.size !== undefined) job.size = item.size;
    if (item.modified !== undefined) job.modified = item.modified;
    return job;
  };
  const jobs: TransferJob[] = [];
  const decided: string[] = [];
  for (const refused of plan.skipped) jobs.push({ ...jobOf(refused, "file", "skipped"), message: refused.message });
  for (const file of plan.files) {
    const job = jobOf(file, "file", "queued");
    jobs.push(job);
    if (file.fresh) decided.push(job.id);
  }
  if (move) for (const folder of plan.sourceFolders) jobs.push(jobOf(folder, "remove-source-folder", "queued"));
  return { batchId, jobs, decided };
}
