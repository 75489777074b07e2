import type { Client } from "basic-ftp";
import { rename, stat } from "node:fs/promises";
import { basename, dirname, join, posix } from "node:path";
import type { PromptAnswer, PromptRequest } from "../../shared/contract";
import { jobEnds, type OverwriteAction, type TransferJob } from "../../shared/transfer";
import type { PreferencesStore } from "../settings/preferences-store";
import { remoteModified, remoteSize } from "./file-transfer";
import type { JobChange } from "./job-scheduler";
import { freeName, localExists, partialPathOf } from "./local-target";

/** What is known of an existing target; `folder` when a folder stands where the file would go. */
interface TargetFacts {
  size?: number;
  modified?: number;
  folder?: boolean;
}

/**
 * What happens when a transfer's target already exists: the user's answer (asked one job
 * at a time, so that "apply to all" answers the jobs that waited), a standing answer from
 * the preferences, or the answer given to the whole queue.
 */
export class ExistingTargets {
  private applyToAll: OverwriteAction | undefined;
  private asking: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly preferences: PreferencesStore,
    private readonly ask: (request: PromptRequest<"transfers.overwrite">) => Promise<PromptAnswer<"transfers.overwrite">>,
    private readonly update: (job: TransferJob, change: JobChange) => void,
  ) {}

  /** The queue went idle: the next batch is asked again. */
  forgetAnswerForAll(): void {
    this.applyToAll = undefined;
  }

  /** Asks (or applies the standing answer) when the target exists; returns "skip" to leave it. */
  async decide(client: Client | undefined, job: TransferJob): Promise<"go" | "skip"> {
    const target = await this.targetFacts(client, job);
    if (!target) return "go";
    const preferences = await this.preferences.get();
    let action = this.applyToAll ?? (preferences.whenTargetExists === "ask" ? undefined : preferences.whenTargetExists);
    if (target.folder && action !== undefined) action = action === "rename" ? "rename" : "skip";
    let newName: string | undefined;
    if (!action) {
      // One question at a time: an "apply to all" answer then serves the jobs that waited.
      const turn = this.asking.then(async () => {
        if (this.applyToAll) return { action: this.applyToAll, applyToAll: true } as const;
        const ends = jobEnds(job);
        return this.ask({
          direction: job.direction,
          source: {
            path: ends.source,
            ...(job.size !== undefined ? { size: job.size } : {}),
            ...(job.modified !== undefined ? { modified: job.modified } : {}),
          },
          target: {
            path: ends.target,
            ...(target.size !== undefined ? { size: target.size } : {}),
            ...(target.modified !== undefined ? { modified: target.modified } : {}),
          },
          canResume: !target.folder && target.size !== undefined && job.size !== undefined && target.size < job.size,
          ...(target.folder ? { targetIsFolder: true } : {}),
          suggestedName: await this.freeTargetName(client, job),
        });
      });
      this.asking = turn.catch(() => undefined);
      const answer = await turn;
      // Whatever the answer says, a folder in the way is never overwritten or resumed into.
      action = target.folder && answer.action !== "rename" ? "skip" : answer.action;
      newName = "newName" in answer ? answer.newName : undefined;
      if (answer.applyToAll) this.applyToAll = answer.action;
    }
    switch (action) {
      case "overwrite":
        return "go";
      case "skip":
        this.update(job, {
          status: "skipped",
          message: target.folder
            ? `Skipped: a folder named ${basename(jobEnds(job).target)} is in the way.`
            : "Skipped: the target exists.",
        });
        return "skip";
      case "overwrite-if-newer":
        if (job.modified !== undefined && target.modified !== undefined && job.modified <= target.modified) {
          this.update(job, { status: "skipped", message: "Skipped: the target is as new or newer." });
          return "skip";
        }
        return "go";
      case "resume":
        return this.resumeIntoTarget(job, target.size);
      case "rename": {
        const name =
          newName && !/[/\\\0]/.test(newName) && newName !== "." && newName !== ".." ? newName : await this.freeTargetName(client, job);
        if (job.direction !== "upload") this.update(job, { localPath: join(dirname(job.localPath), name) });
        else this.update(job, { remotePath: posix.join(posix.dirname(job.remotePath), name) });
        return "go";
      }
    }
  }

  private async resumeIntoTarget(job: TransferJob, targetSize: number | undefined): Promise<"go" | "skip"> {
    if (targetSize === undefined || job.size === undefined || targetSize >= job.size) {
      this.update(job, { status: "skipped", message: "Skipped: the target is not smaller, so there is nothing to resume." });
      return "skip";
    }
    // Resuming continues the existing target; a download or copy does that through its .filepart.
    if (job.direction !== "upload") await rename(job.localPath, partialPathOf(job.localPath));
    this.update(job, { transferred: targetSize });
    return "go";
  }

  private async targetFacts(client: Client | undefined, job: TransferJob): Promise<TargetFacts | undefined> {
    if (job.direction !== "upload" || !client) {
      const info = await stat(job.localPath).catch(() => undefined);
      if (info?.isDirectory()) return { folder: true };
      return info ? { size: info.size, modified: info.mtimeMs } : undefined;
    }
    const existing = await remoteSize(client, job.remotePath);
    if (!existing.exists) return undefined;
    const modified = await remoteModified(client, job.remotePath);
    return { ...(existing.size !== undefined ? { size: existing.size } : {}), ...(modified !== undefined ? { modified } : {}) };
  }

  private freeTargetName(client: Client | undefined, job: TransferJob): Promise<string> {
    if (job.direction !== "upload" || !client)
      return freeName(basename(job.localPath), (name) => localExists(join(dirname(job.localPath), name)));
    const folder = posix.dirname(job.remotePath);
    return freeName(posix.basename(job.remotePath), async (name) => (await remoteSize(client, posix.join(folder, name))).exists === true);
  }
}
