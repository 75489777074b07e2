import type { Client } from "basic-ftp";
import { lstat, rm, rmdir, stat, unlink, utimes } from "node:fs/promises";
import { posix } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { jobEnds, type TransferDirection, type TransferJob, type TransferPreferences } from "../../shared/transfer";
import { toUserError, UserFacingError } from "../errors";
import { DeleteProgress } from "../files/delete-progress";
import type { Trash } from "../files/local-operations";
import { ServerTreeWalk } from "../files/server-tree-walk";
import type { ConnectionPool } from "./connection-pool";
import type { ExistingTargets } from "./existing-targets";
import { ChecksumMismatch } from "./checksums";
import { copyLocalFile, downloadFile, type TransferOutcome } from "./file-transfer";
import { ChangedWhileSent, uploadFile } from "./file-upload";
import type { JobChange } from "./job-scheduler";
import type { LocalFileStamp } from "./local-file-stamp";
import { landedWhole, partialPathOf } from "./local-target";
import { listedTimePrecision, plannedInNewFolder } from "./queued-job";
import { setModified } from "./server-permissions";
import type { SpeedLimit } from "./speed-limit";
import { SpeedMeter } from "./speed-meter";
import type { TargetClaims } from "./target-claims";
import { localLineEndings, sendsAsText } from "./text-mode";
import { isBigFile, type AtOnce } from "./transfers-at-once";

export interface JobRunnerOptions {
  /** The transfer connections of a site; throws when no session to it was opened. */
  poolOf(site: string): ConnectionPool;
  existingTargets: ExistingTargets;
  /** The targets running jobs write: a job waits while another writes its target. */
  claims: TargetClaims;
  update(job: TransferJob, change: JobChange): void;
  /** Files of the batch that did not arrive: a move then keeps its source folders. */
  filesNotDoneIn(batchId: string): number;
  /** How long to wait before retry n (0-based). */
  retryDelayMs(attempt: number): number;
  /** A job's run ended, however it ended. */
  onEnded(job: TransferJob): void;
  /** The speed limit a site's transfers of a direction share now (the queue's, or the site's own); none in tests that do not need one. */
  limitOf?(site: string, direction: TransferDirection): SpeedLimit;
  /** Where a synchronization's local deletions go: the OS trash in Electron; none deletes for good (the web host, which asks first). */
  trash?: Trash | undefined;
}

/** Transfers to and from a server run on a connection; only a local copy runs without one. */
function connected(client: Client | undefined): Client {
  if (!client) throw new UserFacingError("internal", "A server transfer ran without a connection.");
  return client;
}

/** A synchronization's folder deletion on the server: the pane's walk, so that a name in its listings cannot reach outside it. */
async function deleteServerFolder(client: Client, path: string, maxDepth: number): Promise<void> {
  const walk = new ServerTreeWalk(client, { maxDepth });
  const progress = new DeleteProgress(() => undefined);
  await walk.delete(posix.dirname(path), [{ name: posix.basename(path), kind: "folder" }], progress);
  walk.failIfLeftAlone(`${progress.told}.`);
}

/** Where a failed download or copy left its partial file, so that a full disk is not left full without the user knowing. */
async function partialKept(job: TransferJob): Promise<string> {
  if (job.direction === "upload" || job.kind !== "file") return "";
  const partial = partialPathOf(job.localPath);
  const info = await stat(partial).catch(() => undefined);
  if (!info?.isFile()) return "";
  return ` The part copied so far (${info.size} bytes) is kept as ${partial}: Retry continues from it, Cancel deletes it.`;
}

/** Whether a server transfer goes in text mode (a local copy is always a copy of the bytes). */
function textOf(job: TransferJob, preferences: TransferPreferences): boolean {
  return job.direction !== "copy" && sendsAsText(preferences, jobEnds(job).source);
}

/** A job renamed its target onto one another job writes: it lets go of its connection and waits for that one. */
class TargetTaken extends Error {}

/** Settles with `released`, or sooner once the user paused or cancelled the job; a job that waits many times adds no listener for good. */
function releasedOrStopped(released: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    void released.then(done);
  });
}

/** Connection failures worth another try; everything else (permissions, missing files, security) is not. */
const retryable = new Set(["connection-lost", "timeout", "connection-refused", "tls-failed"]);

interface Running {
  site: string;
  /** A big file: it counts against the site's big files at once too. */
  big: boolean;
  client?: Client | undefined;
  /** Set when the user paused or cancelled: the failure that follows is theirs, not the network's. */
  stoppedByUser?: boolean;
  /** Set when the user cancelled: the partial file goes once the run has let go of it. */
  discard?: boolean;
  /** Stops a local copy, which has no connection to close. */
  readonly abort: AbortController;
  /** Another job wrote the target while this one waited: its "target exists" question is asked, whatever was decided before. */
  recheck?: boolean;
}

/**
 * Runs one job at a time per call: takes a connection from its site's pool, asks about an
 * existing target, copies, and after a move deletes the source (a file, or a folder once
 * everything in it arrived). A dropped connection is tried again after a pause and resumes
 * where it stopped; the user's pause or cancel ends the run without a failure.
 */
export class JobRunner {
  private readonly running = new Map<string, Running>();
  /**
   * Jobs whose "target exists" question was answered on a run (or whose partial data is theirs to
   * resume). Only jobs that ran are here, and a removed job leaves with its entry; a job planned
   * into a folder its walk made carries that on itself (`plannedInNewFolder`), so a walk of a
   * million new files adds nothing here.
   */
  private readonly decided = new WeakSet<TransferJob>();
  private readonly speeds = new SpeedMeter();
  /** Unfinished jobs of the queue saved before a restart: one may have landed just before Ferry ended. */
  private readonly restored = new WeakSet<TransferJob>();
  /** Jobs whose copy differed from the server's once already: the next difference fails them. */
  private readonly retriedAfterMismatch = new WeakSet<TransferJob>();
  /**
   * The local file of each upload as it last began sending it: a resume appends only to what came
   * from the same file. Kept in memory only: an upload restored after a restart has none, and is
   * sent again whole, as its file may have been edited while Ferry was closed.
   */
  private readonly sentFrom = new WeakMap<TransferJob, LocalFileStamp>();

  constructor(private readonly options: JobRunnerOptions) {}

  /** The job needs no question about its target: its folder is new, or the partial data is its own. */
  markDecided(job: TransferJob): void {
    this.decided.add(job);
  }

  /** The job was running when Ferry ended: if its target is in place whole, Ferry put it there, and the job is done, not asked about. */
  markRestored(job: TransferJob): void {
    this.restored.add(job);
  }

  /** Whether the job's "target exists" question is already decided (or needs no asking). */
  isDecided(job: TransferJob): boolean {
    return plannedInNewFolder(job) || this.decided.has(job);
  }

  isRunning(jobId: string): boolean {
    return this.running.has(jobId);
  }

  /** Jobs running now for the site, and the big files among them. */
  runningFor(site: string): AtOnce {
    const count = { all: 0, big: 0 };
    for (const running of this.running.values()) {
      if (running.site !== site) continue;
      count.all++;
      if (running.big) count.big++;
    }
    return count;
  }

  /**
   * The user paused or cancelled a running job: basic-ftp cannot abort a transfer, closing its
   * connection can; a local copy is aborted. A pause keeps the partial data, a cancel discards it.
   */
  stop(jobId: string, discard = false): void {
    const running = this.running.get(jobId);
    if (!running) return;
    running.stoppedByUser = true;
    running.discard ||= discard;
    running.client?.close();
    running.abort.abort();
  }

  async run(job: TransferJob, preferences: TransferPreferences): Promise<void> {
    const running: Running = { site: job.site, big: isBigFile(job), abort: new AbortController() };
    this.running.set(job.id, running);
    this.options.update(job, { status: "running", message: undefined, phase: job.direction === "copy" ? "checking" : "connecting" });
    try {
      // A copy between local folders needs no connection.
      const pool = job.direction === "copy" ? undefined : this.options.poolOf(job.site);
      for (;;) {
        let client: Client | undefined;
        try {
          await this.claimTarget(job, running);
          client = await pool?.acquire(running.abort.signal);
          running.client = client;
          if (client) this.options.update(job, { phase: "checking" });
          if (running.stoppedByUser) throw new UserFacingError("cancelled", "Stopped.");
          await this.runOnce(client, job, running, preferences);
          running.client = undefined;
          if (client) pool?.release(client, true);
          return;
        } catch (error) {
          // Given back: a Pause while the job waits must not close a connection another job has by then.
          running.client = undefined;
          if (client) pool?.release(client, error instanceof TargetTaken);
          if (running.stoppedByUser) return;
          if (error instanceof TargetTaken) continue;
          // Copies that differ get one more try from the start, whatever the retry count says; then the job fails.
          if (error instanceof ChecksumMismatch && !this.retriedAfterMismatch.has(job)) {
            this.retriedAfterMismatch.add(job);
            this.options.update(job, { transferred: 0, message: `${error.message} Trying again from the start…` });
            continue;
          }
          const failure = toUserError(error);
          if (!retryable.has(failure.code) || job.attempts >= preferences.retries) throw error;
          // What reached the server is no beginning of the file as it is now: the next try sends it whole.
          if (error instanceof ChangedWhileSent)
            this.options.update(job, {
              attempts: job.attempts + 1,
              transferred: 0,
              message: `${failure.message} Trying again from the start…`,
            });
          else this.options.update(job, { attempts: job.attempts + 1, message: `${failure.message} Trying again…` });
          // Not decided here: a job that failed before its question (a connection refused) is asked on its next try.
          // Pause or Cancel ends the wait at once: the job leaves its site's slot to others, and Resume can start it.
          await sleep(this.options.retryDelayMs(job.attempts - 1), undefined, { signal: running.abort.signal }).catch(() => undefined);
          if (running.stoppedByUser) return;
        }
      }
    } catch (error) {
      if (!running.stoppedByUser)
        this.options.update(job, {
          status: "failed",
          message: toUserError(error).message + (await partialKept(job)),
          speed: undefined,
          phase: undefined,
        });
    } finally {
      // Only now: a write still under way when the user cancelled could otherwise make the file again.
      // Only its own: the partial file of a target another job writes is that job's.
      if (running.discard && job.direction !== "upload" && job.kind === "file" && this.options.claims.holds(job))
        await this.options.existingTargets.discardPartial(job).catch(() => undefined);
      // Once its partial file is gone: a job waiting for the target may write it next.
      this.options.claims.release(job.id);
      this.running.delete(job.id);
      this.speeds.forget(job.id);
      if (job.phase !== undefined) this.options.update(job, { phase: undefined });
      // A job that is done or skipped never runs again: what was decided for it can go.
      if (job.status === "done" || job.status === "skipped") {
        this.decided.delete(job);
        this.restored.delete(job);
        this.sentFrom.delete(job);
      }
      this.options.onEnded(job);
    }
  }

  private async runOnce(client: Client | undefined, job: TransferJob, running: Running, preferences: TransferPreferences): Promise<void> {
    if (job.kind === "remove-source-folder") {
      await this.removeSourceFolder(client, job);
      return;
    }
    if (job.kind !== "file") {
      await this.actOnTarget(client, job, preferences);
      return;
    }
    if (this.restored.delete(job) && job.direction !== "upload" && (await landedWhole(job.localPath, job.size))) {
      this.options.update(job, {
        status: "done",
        speed: undefined,
        transferred: job.size ?? 0,
        message: "Found complete: it was put in place just before Ferry ended.",
      });
      return;
    }
    // Resume answered just now: it continues the target as it is, whatever this job sent before.
    let resumeChosen = false;
    if (running.recheck || (!plannedInNewFolder(job) && !this.decided.has(job))) {
      const action = await this.options.existingTargets.decide(client, job, textOf(job, preferences));
      // Stopped before it had an answer: its next run is asked (or takes the standing answer), never sent over the target unasked.
      if (action === "stopped") return;
      this.decided.add(job);
      running.recheck = false;
      if (action === "skip") return;
      // A renamed target is claimed too.
      if (this.options.claims.claim(job)) throw new TargetTaken();
      resumeChosen = job.transferred > 0;
    }
    this.options.update(job, { phase: "transferring" });
    const { direction } = job;
    const limitOf = this.options.limitOf;
    const sentFrom = direction === "upload" && !resumeChosen ? this.sentFrom.get(job) : undefined;
    const copy = {
      localPath: job.localPath,
      remotePath: job.remotePath,
      // An upload appends only to what it sent from its file in this run, or where the user chose Resume.
      resume: job.transferred > 0 && (direction !== "upload" || resumeChosen || sentFrom !== undefined),
      sentFrom,
      onSending: (stamp: LocalFileStamp) => this.sentFrom.set(job, stamp),
      modified: job.modified,
      timePrecision: listedTimePrecision(job),
      size: job.size,
      onProgress: (bytes: number) => this.progress(job, bytes),
      signal: running.abort.signal,
      // Asked for each piece: an edit of the site moves its transfers to a limit of their own, or back to the queue's.
      limit: direction === "copy" || !limitOf ? undefined : () => limitOf(job.site, direction),
      keepTime: preferences.preserveTimestamps,
      mode: preferences.uploadFileMode || undefined,
      checksums: preferences.verifyChecksums,
      text: textOf(job, preferences) ? localLineEndings : undefined,
      compress: preferences.compression,
      ignorePermissionErrors: preferences.ignorePermissionErrors,
    };
    // The checksum that matched, and what the server refused besides the copy (permissions): the job is done, and says so.
    let outcome: TransferOutcome = {};
    if (job.direction === "copy") await copyLocalFile(jobEnds(job).source, copy);
    else if (job.direction === "download") outcome = await downloadFile(connected(client), copy);
    else outcome = await uploadFile(connected(client), copy);
    // A move deletes its source only now, after the copy was verified complete; a copy nothing checked keeps it.
    const kept = job.move && outcome.unchecked === true;
    if (job.move && !kept && job.keepsSource !== true) {
      this.options.update(job, { phase: "removing-source" });
      if (job.direction === "download") await connected(client).remove(job.remotePath);
      else await unlink(jobEnds(job).source);
    }
    this.options.update(job, {
      status: "done",
      speed: undefined,
      transferred: job.size ?? job.transferred,
      message: kept ? `${outcome.note ?? ""} So its source is kept: a move deletes it only once the copy is checked.`.trim() : outcome.note,
      verified: outcome.verified,
    });
  }

  /**
   * Claims the job's target before anything looks at it. While another job writes it, this one
   * waits for that job to end; then what it decided or wrote before no longer holds, so it goes on
   * as a new job would, asked about the target even where its walk found nothing in the way.
   */
  private async claimTarget(job: TransferJob, running: Running): Promise<void> {
    if (job.kind !== "file") return;
    for (let busy = this.options.claims.claim(job); busy; busy = this.options.claims.claim(job)) {
      if (running.stoppedByUser) throw new UserFacingError("cancelled", "Stopped.");
      running.recheck = true;
      this.decided.delete(job);
      this.restored.delete(job);
      this.options.update(job, { phase: "waiting", transferred: 0 });
      await releasedOrStopped(busy, running.abort.signal);
    }
    if (running.stoppedByUser) throw new UserFacingError("cancelled", "Stopped.");
    if (job.phase === "waiting") this.options.update(job, { phase: job.direction === "copy" ? "checking" : "connecting" });
  }

  /** A synchronization's deletion or new time, on the job's target: the server's side for an upload, this computer's for a download. */
  private async actOnTarget(client: Client | undefined, job: TransferJob, preferences: TransferPreferences): Promise<void> {
    const target = jobEnds(job).target;
    const onServer = job.direction === "upload";
    if (job.kind === "set-time") {
      const time = job.modified ?? Date.now();
      if (!onServer) await utimes(target, new Date(), new Date(time));
      else if (!(await connected(client).features()).has("MFMT")) {
        this.options.update(job, { status: "skipped", message: "The server cannot set a file's time (it has no MFMT command)." });
        return;
      } else {
        const refusal = await setModified(connected(client), target, time);
        if (refusal) throw new UserFacingError("permission-denied", refusal);
      }
    } else if (onServer) {
      if (job.kind === "delete-folder") await deleteServerFolder(connected(client), target, preferences.maxFolderDepth);
      else await connected(client).remove(target);
    } else if (this.options.trash) await this.options.trash(target);
    else if (job.kind === "delete-folder") await rm(target, { recursive: true });
    else await unlink(target);
    this.options.update(job, { status: "done" });
  }

  private async removeSourceFolder(client: Client | undefined, job: TransferJob): Promise<void> {
    if (this.options.filesNotDoneIn(job.batchId) > 0) {
      this.options.update(job, { status: "skipped", message: "Kept the source folder: not everything in it was moved." });
      return;
    }
    const source = jobEnds(job).source;
    // A link to a folder moves as a link: the files of its target were copied and stay where they are.
    const link = job.direction !== "download" && (await lstat(source)).isSymbolicLink();
    if (job.direction === "download") await connected(client).removeEmptyDir(job.remotePath);
    else if (link) await unlink(source);
    else await rmdir(source);
    this.options.update(job, {
      status: "done",
      message: link ? "Removed the link; the folder it leads to keeps its files (copied, not moved)." : undefined,
    });
  }

  private progress(job: TransferJob, bytes: number): void {
    const speed = this.speeds.sample(job.id, bytes);
    this.options.update(job, speed === undefined ? { transferred: bytes } : { transferred: bytes, speed });
  }
}
