import { randomBytes, randomUUID } from "node:crypto";
import type { JobDirection, TransferJob } from "../../shared/transfer";
import type { BatchPlan, PlannedItem } from "./plan-batch";
import { FolderStrings, QueuedJob, type BatchFacts } from "./queued-job";

/** The jobs of one batch. */
export interface BatchJobs {
  batchId: string;
  jobs: TransferJob[];
}

/**
 * Turns what a walk plans into queue jobs of one batch, one at a time as the walk finds them: a
 * refused name becomes a skipped job with the reason, a file a queued job, and after a move a
 * folder whose contents were all planned a job that removes it. A tree of a million files makes
 * a million jobs, so each job is a compact `QueuedJob` whose paths share the batch's folder
 * strings, and its id is short: a per-batch prefix and a counter.
 */
export class BatchJobMaker {
  readonly batchId = randomUUID();
  /** 8 characters: with a base-36 counter of up to 4, the id stays a flat string of 12 characters. */
  private readonly idPrefix = randomBytes(6).toString("base64url");
  private count = 0;
  private readonly folders = new FolderStrings();
  private readonly batch: BatchFacts;
  /** The batch's facts for a file a move copies and keeps (one reached through a link to a folder). */
  private readonly keptBatch: BatchFacts;

  constructor(batch: Omit<BatchFacts, "batchId">) {
    this.batch = { ...batch, batchId: this.batchId };
    this.keptBatch = { ...this.batch, keepsSource: true };
  }

  /** The job for one planned item, or nothing for a folder entered or a folder of a copy (only a move removes folders). */
  jobOf(item: PlannedItem): TransferJob | undefined {
    if (item.kind === "entered" || (item.kind === "folder" && !this.batch.move)) return undefined;
    return new QueuedJob({
      id: this.idPrefix + (this.count++).toString(36),
      batch: item.kind === "file" && item.keepSource === true ? this.keptBatch : this.batch,
      kind: jobKind(item),
      source: this.folders.split(item.source),
      target: this.folders.split(item.target),
      size: item.kind === "file" ? item.size : undefined,
      modified: item.kind === "file" || item.kind === "set-time" ? item.modified : undefined,
      timePrecision: item.kind === "file" ? item.timePrecision : undefined,
      status: item.kind === "skipped" ? "skipped" : "queued",
      message: item.kind === "skipped" ? item.message : undefined,
      inNewFolder: item.kind === "file" && item.fresh === true,
    });
  }
}

function jobKind(item: Exclude<PlannedItem, { kind: "entered" }>): TransferJob["kind"] {
  switch (item.kind) {
    case "folder":
      return "remove-source-folder";
    case "delete":
      return item.folder ? "delete-folder" : "delete-file";
    case "set-time":
      return "set-time";
    default:
      return "file";
  }
}

/** All the jobs of a plan at once, refused names first and a move's folders last. */
export function jobsOfPlan(plan: BatchPlan, direction: JobDirection, move: boolean, site: string): BatchJobs {
  const maker = new BatchJobMaker({ direction, move, site });
  const jobs: TransferJob[] = [];
  const items: PlannedItem[] = [
    ...plan.skipped.map((item) => ({ kind: "skipped" as const, ...item })),
    ...plan.files.map((file) => ({ kind: "file" as const, ...file })),
    ...plan.sourceFolders.map((folder) => ({ kind: "folder" as const, ...folder })),
  ];
  for (const item of items) {
    const job = maker.jobOf(item);
    if (job) jobs.push(job);
  }
  return { batchId: maker.batchId, jobs };
}
