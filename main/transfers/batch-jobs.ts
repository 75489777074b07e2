import { randomUUID } from "node:crypto";
import type { JobDirection, TransferJob } from "../../shared/transfer";
import type { BatchPlan, PlannedFile } from "./plan-batch";

/** The jobs of one batch, and those of them that need no "target exists" question. */
export interface BatchJobs {
  batchId: string;
  jobs: TransferJob[];
  /** Files whose folder the plan just made: nothing can be in the way, so there is nothing to ask. */
  decided: string[];
}

/** Turns what a walk planned into queue jobs: the refused names (skipped, with the reason), the files, and after a move the folders to remove. */
export function jobsOfPlan(plan: BatchPlan, direction: JobDirection, move: boolean, site: string): BatchJobs {
  const batchId = randomUUID();
  const base = { batchId, direction, move, site, transferred: 0, attempts: 0 };
  const ends = (item: Pick<PlannedFile, "source" | "target">) => {
    if (direction === "upload") return { localPath: item.source, remotePath: item.target };
    if (direction === "download") return { localPath: item.target, remotePath: item.source };
    return { localPath: item.target, remotePath: "", sourcePath: item.source };
  };
  const jobs: TransferJob[] = [];
  const decided: string[] = [];
  for (const s of plan.skipped) jobs.push({ ...base, id: randomUUID(), kind: "file", ...ends(s), status: "skipped", message: s.message });
  for (const f of plan.files) {
    const id = randomUUID();
    jobs.push({
      ...base,
      id,
      kind: "file",
      ...ends(f),
      ...(f.size !== undefined ? { size: f.size } : {}),
      ...(f.modified !== undefined ? { modified: f.modified } : {}),
      status: "queued",
    });
    if (f.fresh) decided.push(id);
  }
  if (move) for (const f of plan.sourceFolders) jobs.push({ ...base, id: randomUUID(), kind: "remove-source-folder", ...ends(f), status: "queued" });
  return { batchId, jobs, decided };
}
