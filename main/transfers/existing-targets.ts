import type { Client } from "basic-ftp";
import { rename, stat, truncate } from "node:fs/promises";
import { basename, dirname, join, posix } from "node:path";
import type { PromptAnswer, PromptRequest } from "../../shared/contract";
import { jobEnds, type OverwriteAction, type TransferJob } from "../../shared/transfer";
import type { PreferencesStore } from "../settings/preferences-store";
import { listToLookUp } from "../listing/incomplete-listing";
import { pathFacts, remoteModified, remoteSize } from "./remote-file-facts";
import type { JobChange } from "./job-scheduler";
import { discardPartial, freeName, localExists, partialPathOf } from "./local-target";

/** What is known of an existing target; `folder` when a folder stands where the file would go. */
interface TargetFacts {
  size?: number;
  modified?: number;
  folder?: boolean;
}

/** What the question needs of the queue. */
export interface TargetsQueue {
  update(job: TransferJob, change: JobChange): void;
  /** "Cancel all": every job of the batch not finished yet is cancelled, and so is what its walk still finds. */
  cancelBatch(batchId: string): void;
  /** Jobs of the batch, queued or running, that have not decided about their target yet: in queue order, at most `limit`. */
  toDecideIn(batchId: string, limit: number): readonly TransferJob[];
  /** Whether another running job writes this target at the job's end: a new name must not be one another job is writing. */
  heldByAnother(job: TransferJob, target: string): boolean;
}

/** Files ahead looked at to count the conflicts left in a batch: past this the dialog says "at least". */
const countLimit = 200;

/**
 * Whether a folder stands at the server path. CWD answers without a data connection; only when
 * it succeeds (rare for a file's target) does the parent's listing confirm it, as a server that
 * answers 250 to every CWD would otherwise turn every upload into a clash.
 */
async function remoteFolderAt(client: Client, path: string): Promise<boolean> {
  const entered = await client.cd(path).then(
    () => true,
    () => false,
  );
  if (!entered) return false;
  const name = posix.basename(path);
  const listing = await listToLookUp(client, posix.dirname(path)).catch(() => []);
  return listing.some((entry) => entry.name === name && entry.isDirectory);
}

/**
 * What happens when a transfer's target already exists: the user's answer (asked one job
 * at a time, so that "apply to all" answers the jobs that waited), a standing answer from
 * the preferences, or the answer given to the whole queue. A folder where the file would go
 * is a question of its own: the file is skipped or renamed, never written over the folder.
 */
export class ExistingTargets {
  private applyToAll: OverwriteAction | undefined;
  private asking: Promise<unknown> = Promise.resolve();
  /** Per batch and server folder: the names there, listed once to count an upload's conflicts ahead. */
  private readonly listings = new Map<string, Promise<ReadonlySet<string>>>();
  /** Downloads resumed into the user's own smaller file, with how long it was (see `discardPartial`). */
  private readonly resumedFrom = new WeakMap<TransferJob, number>();

  constructor(
    private readonly preferences: PreferencesStore,
    private readonly ask: (request: PromptRequest<"transfers.overwrite">) => Promise<PromptAnswer<"transfers.overwrite">>,
    private readonly queue: TargetsQueue,
  ) {}

  /** The queue went idle: the next batch is asked again. */
  forgetAnswerForAll(): void {
    this.applyToAll = undefined;
    this.listings.clear();
  }

  /**
   * Asks (or applies the standing answer) when the target exists; returns "skip" to leave it, and
   * "stopped" when the job was paused or cancelled before it had an answer: nothing was decided. A
   * text transfer cannot resume (its sizes differ across the conversion): it is not offered, and a
   * standing "Resume" sends the whole file.
   */
  async decide(client: Client | undefined, job: TransferJob, text = false): Promise<"go" | "skip" | "stopped"> {
    const preferences = await this.preferences.get();
    // The batch's own answer (keep-up-to-date's overwrite) comes before an "apply to all" given to another batch.
    let action =
      job.settings?.whenTargetExists ??
      this.applyToAll ??
      (preferences.whenTargetExists === "ask" ? undefined : preferences.whenTargetExists);
    // Overwriting needs to know only whether a folder is in the way, not the size and time of a file there.
    const target = await this.targetFacts(client, job, action === "overwrite");
    if (!target) return "go";
    if (target.folder && action !== undefined) action = action === "rename" ? "rename" : "skip";
    let newName: string | undefined;
    if (!action) {
      const answer = await this.askInTurn(client, job, target, text);
      // Cancelled or paused while it waited, or "Cancel all": the queue has already settled it.
      if (!answer) return "stopped";
      // Whatever the answer says, a folder in the way is never overwritten or resumed into.
      action = target.folder && answer.action !== "rename" ? "skip" : answer.action;
      newName = "newName" in answer ? answer.newName : undefined;
      if (answer.applyToAll) this.applyToAll = answer.action;
    }
    return this.apply(text && action === "resume" ? "overwrite" : action, client, job, target, newName);
  }

  /**
   * One question at a time: an "apply to all" answer then serves the jobs that waited. Gives
   * nothing back when the job stopped while it waited, or the user cancelled its batch.
   */
  private async askInTurn(
    client: Client | undefined,
    job: TransferJob,
    target: TargetFacts,
    text: boolean,
  ): Promise<(PromptAnswer<"transfers.overwrite"> & { action: OverwriteAction }) | undefined> {
    const turn = this.asking.then(async () => {
      if (job.status !== "running") return undefined;
      if (this.applyToAll) return { action: this.applyToAll, applyToAll: true };
      const ends = jobEnds(job);
      const answer = await this.ask({
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
        canResume: !text && !target.folder && target.size !== undefined && job.size !== undefined && target.size < job.size,
        ...(target.folder ? { targetIsFolder: true } : {}),
        suggestedName: await this.freeTargetName(client, job),
        moreInBatch: await this.moreInBatch(client, job),
      });
      if (answer.action !== "cancel-batch") return { ...answer, action: answer.action };
      this.queue.cancelBatch(job.batchId);
      return undefined;
    });
    this.asking = turn.catch(() => undefined);
    return turn;
  }

  private async apply(
    action: OverwriteAction,
    client: Client | undefined,
    job: TransferJob,
    target: TargetFacts,
    newName: string | undefined,
  ): Promise<"go" | "skip"> {
    const skip = (message: string) => {
      this.queue.update(job, { status: "skipped", message });
      return "skip" as const;
    };
    const sameSize = job.size !== undefined && target.size !== undefined && job.size === target.size;
    const sourceNewer = job.modified !== undefined && target.modified !== undefined && job.modified > target.modified;
    switch (action) {
      case "overwrite":
        return "go";
      case "skip":
        return skip(
          target.folder ? `Skipped: a folder named ${basename(jobEnds(job).target)} is in the way.` : "Skipped: the target exists.",
        );
      case "overwrite-if-newer":
        if (job.modified !== undefined && target.modified !== undefined && !sourceNewer)
          return skip("Skipped: the target is as new or newer.");
        return "go";
      case "overwrite-if-size-differs":
        // An unknown size counts as different: as in FileZilla, the file is then sent.
        return sameSize ? skip("Skipped: the target has the same size.") : "go";
      case "overwrite-if-size-differs-or-newer":
        return sameSize && !sourceNewer ? skip("Skipped: the target has the same size and is as new or newer.") : "go";
      case "resume":
        return this.resumeIntoTarget(job, target.size);
      case "rename": {
        const name =
          newName && !/[/\\\0]/.test(newName) && newName !== "." && newName !== ".." ? newName : await this.freeTargetName(client, job);
        if (job.direction !== "upload") this.queue.update(job, { localPath: join(dirname(job.localPath), name) });
        else this.queue.update(job, { remotePath: posix.join(posix.dirname(job.remotePath), name) });
        return "go";
      }
    }
  }

  private async resumeIntoTarget(job: TransferJob, targetSize: number | undefined): Promise<"go" | "skip"> {
    if (targetSize === undefined || job.size === undefined || targetSize >= job.size) {
      this.queue.update(job, { status: "skipped", message: "Skipped: the target is not smaller, so there is nothing to resume." });
      return "skip";
    }
    // Resuming continues the existing target; a download or copy does that through its .filepart. The user's file
    // becomes it (no copy of what may be gigabytes), and how long it was is kept: a cancel gives it back.
    if (job.direction !== "upload") {
      await rename(job.localPath, partialPathOf(job.localPath));
      this.resumedFrom.set(job, targetSize);
    }
    this.queue.update(job, { transferred: targetSize });
    return "go";
  }

  /**
   * Discards a job's partial file, once nothing writes it any more. One that began as the user's
   * own smaller file (Resume) goes back to its name, cut to the bytes the user had: a cancel loses
   * nothing of theirs. (Ferry remembers that until it quits; after a restart, Cancel deletes it.)
   */
  async discardPartial(job: TransferJob): Promise<void> {
    const size = this.resumedFrom.get(job);
    if (size === undefined) return discardPartial(job.localPath);
    this.resumedFrom.delete(job);
    const partial = partialPathOf(job.localPath);
    // Something else at the name meanwhile: the partial file stays beside it rather than go over it.
    if (await localExists(job.localPath)) return;
    await truncate(partial, size);
    await rename(partial, job.localPath);
  }

  /** What stands at the job's target, if anything; `folderOnly`: whether it is a folder is all that is needed. */
  private async targetFacts(client: Client | undefined, job: TransferJob, folderOnly: boolean): Promise<TargetFacts | undefined> {
    if (job.direction !== "upload" || !client) {
      const info = await stat(job.localPath).catch(() => undefined);
      if (info?.isDirectory()) return { folder: true };
      return info ? { size: info.size, modified: info.mtimeMs } : undefined;
    }
    const facts = await pathFacts(client, job.remotePath);
    if (facts?.kind === "missing") return undefined;
    if (facts?.kind === "folder") return { folder: true };
    if (facts)
      return {
        ...(facts.size !== undefined ? { size: facts.size } : {}),
        ...(facts.modified !== undefined ? { modified: facts.modified } : {}),
      };
    // Some servers answer SIZE for a folder (ftp-srv), others refuse it as for a missing file (vsftpd): CWD tells.
    if (await remoteFolderAt(client, job.remotePath)) return { folder: true };
    if (folderOnly) return undefined;
    const existing = await remoteSize(client, job.remotePath);
    if (!existing.exists) return undefined;
    const modified = await remoteModified(client, job.remotePath);
    return { ...(existing.size !== undefined ? { size: existing.size } : {}), ...(modified !== undefined ? { modified } : {}) };
  }

  /** Other files of the batch whose targets exist: those running that wait to ask, and those queued behind them. */
  private async moreInBatch(client: Client | undefined, job: TransferJob): Promise<{ count: number; orMore: boolean }> {
    const ahead = this.queue.toDecideIn(job.batchId, countLimit + 1);
    let count = 0;
    for (const other of ahead) if (other.id !== job.id && (await this.targetThere(client, other))) count++;
    return { count, orMore: ahead.length > countLimit };
  }

  /** Whether something is at a job's target, without asking the server about each file. */
  private async targetThere(client: Client | undefined, job: TransferJob): Promise<boolean> {
    if (job.direction !== "upload" || !client) return localExists(job.localPath);
    const folder = posix.dirname(job.remotePath);
    const key = `${job.batchId}\0${folder}`;
    let names = this.listings.get(key);
    if (!names) {
      // A folder that cannot be listed counts as holding nothing: the count is a hint, the question still comes.
      names = listToLookUp(client, folder).then(
        (entries) => new Set(entries.map((entry) => entry.name)),
        () => new Set<string>(),
      );
      this.listings.set(key, names);
    }
    return (await names).has(posix.basename(job.remotePath));
  }

  private freeTargetName(client: Client | undefined, job: TransferJob): Promise<string> {
    if (job.direction !== "upload" || !client)
      return freeName(basename(job.localPath), async (name) => {
        const path = join(dirname(job.localPath), name);
        return this.queue.heldByAnother(job, path) || (await localExists(path));
      });
    const folder = posix.dirname(job.remotePath);
    return freeName(posix.basename(job.remotePath), async (name) => {
      const path = posix.join(folder, name);
      return (
        this.queue.heldByAnother(job, path) || (await remoteSize(client, path)).exists === true || (await remoteFolderAt(client, path))
      );
    });
  }
}
