import type { Client } from "basic-ftp";
import { randomUUID } from "node:crypto";
import { rm, rmdir, unlink } from "node:fs/promises";
import { sep } from "node:path";
import { z } from "zod";
import type { EventMessage, PromptAnswer, PromptRequest } from "../../shared/contract";
import {
  finishedStatuses,
  jobEnds,
  localSite,
  TransferJobSchema,
  type JobDirection,
  type QueueSummary,
  type TransferDirection,
  type TransferJob,
  type TransferPreferences,
} from "../../shared/transfer";
import { toUserError, UserFacingError } from "../errors";
import type { PreferencesStore } from "../settings/preferences-store";
import { readJsonFile, writeFileAtomic } from "../storage/json-file";
import { ConnectionPool, type SiteConnector } from "./connection-pool";
import { ExistingTargets } from "./existing-targets";
import { JobTally } from "./job-tally";
import { copyLocalFile, downloadFile, uploadFile } from "./file-transfer";
import { partialPathOf } from "./local-target";
import { planDownload, planLocalCopy, planUpload, type BatchPlan, type PlannedFile } from "./plan-batch";

export interface TransferQueueOptions {
  /** Where the queue is kept between runs. */
  path: string;
  preferences: PreferencesStore;
  emit(message: EventMessage): void;
  ask(request: PromptRequest<"transfers.overwrite">): Promise<PromptAnswer<"transfers.overwrite">>;
  /** Overall progress 0…1 while anything runs, undefined when idle; `finished` once a busy queue empties. */
  onProgress?(fraction: number | undefined, finished: boolean): void;
  /** How long to wait before retry n (0-based); growing pauses by default. */
  retryDelayMs?(attempt: number): number;
  /** How often progress reaches the renderer. */
  batchMs?: number;
  /** Jobs finished or were removed: temporary sources nobody needs any more can go. */
  onSettled?(jobs: readonly TransferJob[]): void;
}

export interface AddRequest {
  connector: SiteConnector;
  direction: TransferDirection;
  move: boolean;
  sourceFolder: string;
  names: string[];
  targetFolder: string;
}

/** What an add put in the queue: how many jobs, under which batch. */
export interface QueuedBatch {
  added: number;
  batchId: string;
}

const QueueFileSchema = z.object({ version: z.literal(1), jobs: z.array(TransferJobSchema) });

/** Speed is a live figure: it is neither saved nor restored. */
function withoutSpeed(job: TransferJob): TransferJob {
  const copy = { ...job };
  delete copy.speed;
  return copy;
}

/** Transfers to and from a server run on a connection; only a local copy runs without one. */
function connected(client: Client | undefined): Client {
  if (!client) throw new UserFacingError("internal", "A server transfer ran without a connection.");
  return client;
}

/** Connection failures worth another try; everything else (permissions, missing files, security) is not. */
const retryable = new Set(["connection-lost", "timeout", "connection-refused", "tls-failed"]);

interface Running {
  site: string;
  client?: Client | undefined;
  /** Set when the user paused or cancelled: the failure that follows is theirs, not the network's. */
  stoppedByUser?: boolean;
}

/**
 * The transfer queue: jobs run in order, a few at a time per server on connections of their
 * own, with progress batched to the renderer, retries that resume, and the queue kept on disk.
 */
export class TransferQueue {
  private jobs: TransferJob[] = [];
  private readonly pools = new Map<string, ConnectionPool>();
  private readonly running = new Map<string, Running>();
  /** Jobs whose "target exists" question is settled (or whose partial data is theirs to resume). */
  private readonly decided = new Set<string>();
  private readonly changed = new Map<string, TransferJob>();
  private readonly removed = new Set<string>();
  private readonly speeds = new Map<string, { at: number; bytes: number; speed: number }>();
  private flushTimer: NodeJS.Timeout | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly existingTargets: ExistingTargets;
  private wasBusy = false;
  private readonly settledWaiters = new Set<() => void>();
  private readonly tally = new JobTally();
  /** No job before this index is queued: where the search for the next job to start begins. */
  private queuedFrom = 0;

  private constructor(private readonly options: TransferQueueOptions) {
    this.existingTargets = new ExistingTargets(options.preferences, options.ask, (job, change) => this.update(job, change));
  }

  /** Loads the saved queue: finished jobs stay as history, unfinished ones come back paused. */
  static async open(options: TransferQueueOptions): Promise<TransferQueue> {
    const queue = new TransferQueue(options);
    const read = await readJsonFile(options.path, QueueFileSchema);
    if (read.state === "ok") {
      queue.jobs = read.value.jobs.map((job) => {
        if (job.status !== "queued" && job.status !== "running") return job;
        return { ...withoutSpeed(job), status: "paused" };
      });
      for (const job of queue.jobs) if (job.transferred > 0) queue.decided.add(job.id);
      for (const job of queue.jobs) queue.tally.add(job);
    }
    return queue;
  }

  /** A session to a server was opened: its credentials serve that server's transfers from now on. */
  registerSite(connector: SiteConnector): void {
    const pool = this.pools.get(connector.site);
    if (pool) pool.replaceConnector(connector);
    else this.pools.set(connector.site, new ConnectionPool(connector));
  }

  list(): { jobs: TransferJob[]; summary: QueueSummary } {
    return { jobs: this.jobs.map((job) => ({ ...job })), summary: this.summary() };
  }

  /** Expands the selection into jobs (walking folders on a transfer connection) and starts them. */
  async add(request: AddRequest): Promise<QueuedBatch> {
    this.registerSite(request.connector);
    const pool = this.pool(request.connector.site);
    const client = await pool.acquire();
    let plan: BatchPlan;
    try {
      const walk = request.direction === "upload" ? planUpload : planDownload;
      const { maxFolderDepth } = await this.options.preferences.get();
      plan = await walk(client, request.sourceFolder, request.names, request.targetFolder, { maxDepth: maxFolderDepth, signal: request.connector.closed });
      pool.release(client, true);
    } catch (error) {
      pool.release(client, false);
      throw error;
    }
    return this.enqueue(plan, request.direction, request.move, request.connector.site);
  }

  /** Copies local files and folders into another local folder: a desktop drop onto the Local pane. */
  async addLocalCopy(sourceFolder: string, names: string[], targetFolder: string): Promise<QueuedBatch> {
    return this.enqueue(await planLocalCopy(sourceFolder, names, targetFolder), "copy", false, localSite);
  }

  /** Jobs of a batch, once none of them is queued or running any more. */
  async whenSettled(batchId: string): Promise<TransferJob[]> {
    while (this.tally.unsettledIn(batchId) > 0) await new Promise<void>((resolve) => this.settledWaiters.add(resolve));
    return this.jobs.filter((job) => job.batchId === batchId).map((job) => ({ ...job }));
  }

  private enqueue(plan: BatchPlan, direction: JobDirection, move: boolean, site: string): QueuedBatch {
    const batchId = randomUUID();
    const base = { batchId, direction, move, site, transferred: 0, attempts: 0 };
    const ends = (item: Pick<PlannedFile, "source" | "target">) => {
      if (direction === "upload") return { localPath: item.source, remotePath: item.target };
      if (direction === "download") return { localPath: item.target, remotePath: item.source };
      return { localPath: item.target, remotePath: "", sourcePath: item.source };
    };
    const added: TransferJob[] = [
      ...plan.skipped.map((s): TransferJob => ({ ...base, id: randomUUID(), kind: "file", ...ends(s), status: "skipped", message: s.message })),
      ...plan.files.map(
        (f): TransferJob => ({
          ...base,
          id: randomUUID(),
          kind: "file",
          ...ends(f),
          ...(f.size !== undefined ? { size: f.size } : {}),
          ...(f.modified !== undefined ? { modified: f.modified } : {}),
          status: "queued",
        }),
      ),
      ...(move ? plan.sourceFolders.map((f): TransferJob => ({ ...base, id: randomUUID(), kind: "remove-source-folder", ...ends(f), status: "queued" })) : []),
    ];
    // Files whose folder the plan just made cannot meet an existing target: no need to look.
    const fresh = new Set(plan.files.filter((f) => f.fresh).map((f) => f.target));
    for (const job of added) if (job.status === "queued" && fresh.has(jobEnds(job).target)) this.decided.add(job.id);
    this.jobs.push(...added);
    for (const job of added) {
      this.tally.add(job);
      this.touch(job);
    }
    this.save();
    this.pump();
    return { added: added.length, batchId };
  }

  pause(ids?: string[]): void {
    for (const job of this.select(ids)) {
      if (job.status !== "queued" && job.status !== "running") continue;
      this.stop(job, "paused");
    }
    this.save();
  }

  resume(ids?: string[]): void {
    for (const job of this.select(ids)) if (job.status === "paused") this.update(job, { status: "queued", attempts: 0 });
    this.save();
    this.pump();
  }

  cancel(ids?: string[]): void {
    for (const job of this.select(ids)) {
      if (finishedStatuses.includes(job.status)) continue;
      this.stop(job, "cancelled");
      // The partial download goes; the target it would have replaced was never touched.
      if (job.direction !== "upload" && job.kind === "file") void rm(partialPathOf(job.localPath), { force: true });
    }
    this.save();
  }

  retry(ids?: string[]): void {
    for (const job of this.select(ids)) {
      if (job.status === "failed" || job.status === "cancelled") this.update(job, { status: "queued", attempts: 0, message: undefined });
    }
    this.save();
    this.pump();
  }

  /** Moves jobs one place up or down among the others, which changes what starts next. */
  move(ids: string[], offset: -1 | 1): void {
    const order = offset < 0 ? ids : [...ids].reverse();
    for (const id of order) {
      const index = this.jobs.findIndex((job) => job.id === id);
      const other = index + offset;
      if (index < 0 || other < 0 || other >= this.jobs.length) continue;
      const [job] = this.jobs.splice(index, 1);
      if (job) this.jobs.splice(other, 0, job);
      for (const moved of this.jobs.slice(Math.min(index, other), Math.max(index, other) + 1)) this.touch(moved);
    }
    this.queuedFrom = 0;
    this.save();
  }

  removeFinished(): void {
    const keep: TransferJob[] = [];
    for (const job of this.jobs) {
      if (finishedStatuses.includes(job.status)) this.removed.add(job.id);
      else keep.push(job);
    }
    this.jobs = keep;
    this.queuedFrom = 0;
    this.scheduleFlush();
    this.save();
    this.options.onSettled?.(this.jobs);
  }

  /** Stops everything and closes the transfer connections (the app is quitting). */
  async close(): Promise<void> {
    for (const job of this.jobs) if (job.status === "running") this.stop(job, "paused");
    for (const pool of this.pools.values()) pool.closeAll();
    clearTimeout(this.flushTimer);
    clearTimeout(this.saveTimer);
    this.writeNow();
    await this.saving;
  }

  private select(ids: string[] | undefined): TransferJob[] {
    if (!ids) return this.jobs;
    const wanted = new Set(ids);
    return this.jobs.filter((job) => wanted.has(job.id));
  }

  private stop(job: TransferJob, status: "paused" | "cancelled"): void {
    const running = this.running.get(job.id);
    if (running) {
      running.stoppedByUser = true;
      // basic-ftp cannot abort a transfer; closing its connection can, and keeps the partial data.
      running.client?.close();
    }
    this.update(job, { status, speed: undefined });
  }

  private pool(site: string): ConnectionPool {
    const pool = this.pools.get(site);
    if (!pool) throw new UserFacingError("connection-lost", `Connect to ${site} to run its transfers.`);
    return pool;
  }

  private pump(): void {
    void this.options.preferences.get().then((preferences) => {
      const runningPerSite = new Map<string, number>();
      for (const { site } of this.running.values()) runningPerSite.set(site, (runningPerSite.get(site) ?? 0) + 1);
      const hasRoom = (site: string) => (runningPerSite.get(site) ?? 0) < (this.pools.get(site)?.parallel ?? preferences.parallel);
      while (this.queuedFrom < this.jobs.length && this.jobs[this.queuedFrom]?.status !== "queued") this.queuedFrom++;
      // The walk stops as soon as no site with queued jobs has room: a few steps, not the whole queue.
      for (let i = this.queuedFrom; i < this.jobs.length && [...this.tally.waitingSites()].some(hasRoom); i++) {
        const job = this.jobs[i];
        if (!job || job.status !== "queued" || this.running.has(job.id) || !hasRoom(job.site)) continue;
        if (job.kind === "remove-source-folder" && this.batchHasWork(job)) continue;
        runningPerSite.set(job.site, (runningPerSite.get(job.site) ?? 0) + 1);
        void this.run(job, preferences);
      }
    });
  }

  /** A folder is removed after a move only once nothing inside it is left to do: files, or folders within it (removed first). */
  private batchHasWork(folderJob: TransferJob): boolean {
    return this.jobs.some(
      (job) =>
        job !== folderJob &&
        job.batchId === folderJob.batchId &&
        (job.status === "queued" || job.status === "running") &&
        (job.localPath.startsWith(`${folderJob.localPath}${sep}`) || job.remotePath.startsWith(`${folderJob.remotePath}/`)),
    );
  }

  private async run(job: TransferJob, preferences: TransferPreferences): Promise<void> {
    const running: Running = { site: job.site };
    this.running.set(job.id, running);
    this.update(job, { status: "running", message: undefined });
    try {
      // A copy between local folders needs no connection.
      const pool = job.direction === "copy" ? undefined : this.pool(job.site);
      for (;;) {
        let client: Client | undefined;
        try {
          client = await pool?.acquire();
          running.client = client;
          if (running.stoppedByUser) throw new UserFacingError("cancelled", "Stopped.");
          await this.runOnce(client, job);
          if (client) pool?.release(client, true);
          return;
        } catch (error) {
          if (client) pool?.release(client, false);
          if (running.stoppedByUser) return;
          const failure = toUserError(error);
          if (!retryable.has(failure.code) || job.attempts >= preferences.retries) throw error;
          this.update(job, { attempts: job.attempts + 1, message: `${failure.message} Trying again…` });
          this.decided.add(job.id);
          await new Promise((resolve) => setTimeout(resolve, this.retryDelay(job.attempts - 1)));
          if (running.stoppedByUser) return;
        }
      }
    } catch (error) {
      if (!running.stoppedByUser) this.update(job, { status: "failed", message: toUserError(error).message, speed: undefined });
    } finally {
      this.running.delete(job.id);
      this.speeds.delete(job.id);
      this.save();
      this.pump();
      for (const wake of this.settledWaiters) wake();
      this.settledWaiters.clear();
      this.options.onSettled?.(this.jobs);
    }
  }

  private retryDelay(attempt: number): number {
    return this.options.retryDelayMs?.(attempt) ?? Math.min(30_000, 1000 * 2 ** attempt);
  }

  private async runOnce(client: Client | undefined, job: TransferJob): Promise<void> {
    if (job.kind === "remove-source-folder") {
      await this.removeSourceFolder(client, job);
      return;
    }
    if (!this.decided.has(job.id)) {
      const action = await this.existingTargets.settle(client, job);
      this.decided.add(job.id);
      if (action === "skip") return;
    }
    const copy = {
      localPath: job.localPath,
      remotePath: job.remotePath,
      resume: job.transferred > 0,
      modified: job.modified,
      size: job.size,
      onProgress: (bytes: number) => this.progress(job, bytes),
    };
    if (job.direction === "copy") await copyLocalFile(jobEnds(job).source, copy);
    else if (job.direction === "download") await downloadFile(connected(client), copy);
    else await uploadFile(connected(client), copy);
    // A move deletes its source only now, after the copy was verified complete.
    if (job.move) {
      if (job.direction === "download") await connected(client).remove(job.remotePath);
      else await unlink(jobEnds(job).source);
    }
    this.update(job, { status: "done", speed: undefined, transferred: job.size ?? job.transferred, message: undefined });
  }

  private async removeSourceFolder(client: Client | undefined, job: TransferJob): Promise<void> {
    const leftBehind = this.jobs.some((other) => other.batchId === job.batchId && other.kind === "file" && other.status !== "done");
    if (leftBehind) {
      this.update(job, { status: "skipped", message: "Kept the source folder: not everything in it was moved." });
      return;
    }
    if (job.direction === "download") await connected(client).removeEmptyDir(job.remotePath);
    else await rmdir(jobEnds(job).source);
    this.update(job, { status: "done" });
  }

  private progress(job: TransferJob, bytes: number): void {
    const now = Date.now();
    const last = this.speeds.get(job.id);
    if (!last) this.speeds.set(job.id, { at: now, bytes, speed: 0 });
    else if (now - last.at >= 250) {
      const instant = ((bytes - last.bytes) * 1000) / (now - last.at);
      const speed = last.speed === 0 ? instant : last.speed * 0.7 + instant * 0.3;
      this.speeds.set(job.id, { at: now, bytes, speed: Math.max(0, speed) });
      job.speed = Math.round(Math.max(0, speed));
    }
    job.transferred = bytes;
    this.touch(job);
  }

  private update(job: TransferJob, change: Partial<{ [K in keyof TransferJob]: TransferJob[K] | undefined }>): void {
    const newStatus = change.status !== undefined && change.status !== job.status;
    if (newStatus) this.tally.remove(job);
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) delete (job as Record<string, unknown>)[key];
      else (job as Record<string, unknown>)[key] = value;
    }
    if (newStatus) {
      this.tally.add(job);
      if (job.status === "queued") this.queuedFrom = 0;
    }
    this.touch(job);
  }

  private touch(job: TransferJob): void {
    this.changed.set(job.id, job);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), this.options.batchMs ?? 200);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const jobs = [...this.changed.values()].filter((job) => !this.removed.has(job.id)).map((job) => ({ ...job }));
    const removed = [...this.removed];
    this.changed.clear();
    this.removed.clear();
    const summary = this.summary();
    this.options.emit({ kind: "event", channel: "transfers.changed", payload: { jobs, removed, summary } });
    this.reportProgress(summary);
  }

  private reportProgress(summary: QueueSummary): void {
    const busy = summary.active > 0;
    if (!busy) this.existingTargets.forgetAnswerForAll();
    this.options.onProgress?.(busy ? (summary.bytesTotal > 0 ? summary.bytesDone / summary.bytesTotal : 0) : undefined, this.wasBusy && !busy);
    this.wasBusy = busy;
  }

  private summary(): QueueSummary {
    let active = 0;
    let bytesTotal = 0;
    let bytesDone = 0;
    let speed = 0;
    for (const job of this.jobs) {
      if (job.status === "queued" || job.status === "running") active++;
      if (job.status === "queued" || job.status === "running" || job.status === "paused") {
        bytesTotal += job.size ?? 0;
        bytesDone += Math.min(job.transferred, job.size ?? job.transferred);
      }
      speed += job.status === "running" ? (job.speed ?? 0) : 0;
    }
    return { total: this.jobs.length, active, bytesTotal, bytesDone, speed };
  }

  /** Saves soon: a burst of changes (a thousand small files finishing) becomes one write. */
  private save(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.writeNow();
    }, 300);
  }

  private writeNow(): void {
    const content = JSON.stringify({ version: 1, jobs: this.jobs.map(withoutSpeed) });
    this.saving = this.saving.catch(() => undefined).then(() => writeFileAtomic(this.options.path, content));
  }
}
