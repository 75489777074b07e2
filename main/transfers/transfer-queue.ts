import type { Client } from "basic-ftp";
import type { EventMessage, PromptAnswer, PromptRequest } from "../../shared/contract";
import type { FileEntry } from "../../shared/domain";
import {
  defaultTransferPreferences,
  withOverrides,
  finishedStatuses,
  isUnsettled,
  localSite,
  type BatchSettings,
  type QueueSummary,
  type QueueView,
  type TransferDirection,
  type TransferJob,
} from "../../shared/transfer";
import type { FileMask } from "../../shared/file-mask";
import { UserFacingError } from "../errors";
import type { Trash } from "../files/local-operations";
import type { PreferencesStore } from "../settings/preferences-store";
import type { Notify } from "../storage/json-store";
import { BatchIntake } from "./batch-intake";
import { BatchJobMaker } from "./batch-jobs";
import type { BatchFacts } from "./queued-job";
import { ChangeFeed } from "./change-feed";
import { ConnectionPool, type SiteConnector } from "./connection-pool";
import { ExistingTargets } from "./existing-targets";
import { FolderWalks, walkCutShort } from "./folder-walks";
import { JobRunner } from "./job-runner";
import { JobScheduler, type Capacity } from "./job-scheduler";
import { planDownload, planLocalCopy, planUpload, type PlanSink } from "./plan-batch";
import { plainJob } from "./queued-job";
import { SavedQueue } from "./saved-queue";
import { SpeedLimits } from "./speed-limit";
import { TargetClaims } from "./target-claims";
import { atOnceLimits } from "./transfers-at-once";

export interface TransferQueueOptions {
  /** Where the queue is kept between runs. */
  path: string;
  /** Where a queue file that could not be read, or a save that failed, is told. */
  notify?: Notify | undefined;
  preferences: PreferencesStore;
  emit(message: EventMessage): void;
  ask(request: PromptRequest<"transfers.overwrite">): Promise<PromptAnswer<"transfers.overwrite">>;
  /** Overall progress 0…1 while anything runs, undefined when idle; `finished` once a busy queue empties. */
  onProgress?(fraction: number | undefined, finished: boolean): void;
  /** How long to wait before retry n (0-based); growing pauses by default. */
  retryDelayMs?(attempt: number): number;
  /** How often progress reaches the renderer. */
  batchMs?: number;
  /** A job's run ended or finished jobs were removed (given the jobs left): temporary sources nobody needs any more can go. */
  onJobsEnded?(jobs: readonly TransferJob[]): void;
  /** The queue has nothing left to run (given the totals and the sites it transferred with), for the "when done" preference. */
  onDone?(summary: QueueSummary, sites: readonly string[]): void;
  /** Where a synchronization's local deletions go: the OS trash in Electron; none deletes for good. */
  trash?: Trash | undefined;
}

export interface AddRequest {
  connector: SiteConnector;
  direction: TransferDirection;
  move: boolean;
  sourceFolder: string;
  names: string[];
  /** A download's names as the remote pane listed them (their folder is not listed again where it gave all of them). */
  listed?: readonly FileEntry[] | undefined;
  targetFolder: string;
  settings?: BatchSettings | undefined;
  /** What of the names and the folders below them to take; everything without one. */
  mask?: FileMask | undefined;
}

/** A batch its caller plans on a transfer connection of the site. */
export interface PlannedRequest {
  connector: SiteConnector;
  direction: TransferDirection;
  move?: boolean | undefined;
  /** Where the batch's walk starts, for its progress line and notices. */
  sourceFolder: string;
  settings?: BatchSettings | undefined;
  plan(client: Client, sink: PlanSink, signal: AbortSignal): Promise<void>;
}

/** What an add put in the queue: how many jobs, under which batch. */
export interface QueuedBatch {
  added: number;
  batchId: string;
}

/**
 * The transfer queue as the rest of main/ sees it: it wires the parts together. The scheduler
 * keeps the order and picks what starts next, the runner runs a job with retries, the change
 * feed tells the renderer, and the saved queue keeps it all on disk. A job "settles" when it is
 * no longer queued or running (`isUnsettled`); a batch whose jobs all settled is complete.
 */
export class TransferQueue {
  private readonly pools = new Map<string, ConnectionPool>();
  private readonly existingTargets: ExistingTargets;
  private readonly feed: ChangeFeed;
  private readonly scheduler: JobScheduler;
  private readonly runner: JobRunner;
  private readonly saved: SavedQueue;
  /** Sites whose jobs ran since the queue was last done. */
  private readonly usedSites = new Set<string>();
  private readonly walks: FolderWalks;
  /** Batches the user cancelled with "Cancel all" while their walk still adds jobs. */
  private readonly cancelledBatches = new Set<string>();
  /** The download and upload limits the queue's transfers share, but for those of a site with limits of its own. */
  private readonly speedLimits = new SpeedLimits();
  /** The targets running jobs write, one job per target. */
  private readonly claims = new TargetClaims();

  private constructor(private readonly options: TransferQueueOptions) {
    this.feed = new ChangeFeed({
      emit: options.emit,
      summary: () => this.scheduler.summary(),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      // The queue went idle: the next batch is asked again.
      onIdle: () => this.existingTargets.forgetAnswerForAll(),
      onDone: () => this.done(),
      ...(options.batchMs !== undefined ? { batchMs: options.batchMs } : {}),
    });
    this.scheduler = new JobScheduler(this.feed);
    this.saved = new SavedQueue(options.path, () => this.scheduler.all(), options.notify);
    this.walks = new FolderWalks((walks) => options.emit({ kind: "event", channel: "transfers.walks", payload: { walks } }));
    this.existingTargets = new ExistingTargets(options.preferences, options.ask, {
      update: (job, change) => this.scheduler.update(job, change),
      cancelBatch: (batchId) => this.cancelBatch(batchId),
      toDecideIn: (batchId, limit) => this.toDecideIn(batchId, limit),
      heldByAnother: (job, target) => this.claims.heldByAnother(job, target),
    });
    this.runner = new JobRunner({
      poolOf: (site) => this.pool(site),
      existingTargets: this.existingTargets,
      claims: this.claims,
      update: (job, change) => this.scheduler.update(job, change),
      filesNotDoneIn: (batchId) => this.scheduler.filesNotDoneIn(batchId),
      retryDelayMs: (attempt) => options.retryDelayMs?.(attempt) ?? Math.min(30_000, 1000 * 2 ** attempt),
      onEnded: () => this.jobEnded(),
      limitOf: (site, direction) => this.pool(site).limitOf(direction, this.speedLimits),
      trash: options.trash,
    });
  }

  /** Loads the saved queue: finished jobs stay as history, unfinished ones come back paused. */
  static async open(options: TransferQueueOptions): Promise<TransferQueue> {
    const queue = new TransferQueue(options);
    queue.speedLimits.apply(await options.preferences.get());
    options.preferences.onChange((preferences) => queue.speedLimits.apply(preferences));
    const jobs = await queue.saved.load();
    for (const job of jobs) {
      if (job.transferred > 0) queue.runner.markDecided(job);
      if (job.kind === "file" && queue.saved.wasRunning(job)) queue.runner.markRestored(job);
    }
    queue.scheduler.restore(jobs);
    return queue;
  }

  /** A session to a server was opened: its credentials serve that server's transfers from now on. */
  registerSite(connector: SiteConnector): void {
    const pool = this.pools.get(connector.site);
    if (pool) pool.replaceConnector(connector);
    else this.pools.set(connector.site, new ConnectionPool(connector));
  }

  /** Every job, for main's own use (tests, the temporary folders): the renderer asks for windows. */
  list(): { jobs: TransferJob[]; summary: QueueSummary } {
    return { jobs: this.scheduler.all().map((job) => plainJob(job)), summary: this.scheduler.summary() };
  }

  /** A window of one of the queue panel's views. */
  window(view: QueueView, from: number, count: number): { jobs: TransferJob[]; total: number; summary: QueueSummary; revision: number } {
    const { jobs, total } = this.scheduler.window(view, from, count);
    return { jobs: jobs.map((job) => plainJob(job)), total, summary: this.scheduler.summary(), revision: this.feed.current };
  }

  /** Expands the selection into jobs (walking folders on a transfer connection) and starts them as they come. */
  async add(request: AddRequest): Promise<QueuedBatch> {
    const pool = this.connectionsOf(request.connector);
    const { maxFolderDepth, followLinksOutOfTree, uploadFolderMode } = withOverrides(
      withOverrides(await this.options.preferences.get(), pool.overrides),
      request.settings,
    );
    const { sourceFolder, names, targetFolder } = request;
    return this.addPlanned({
      ...request,
      plan: (client, sink, signal) => {
        const limits = {
          maxDepth: maxFolderDepth,
          signal,
          followLinksOutOfTree,
          folderMode: uploadFolderMode || undefined,
          mask: request.mask,
        };
        return request.direction === "upload"
          ? planUpload(client, sourceFolder, names, targetFolder, sink, limits)
          : planDownload(client, sourceFolder, names, targetFolder, sink, { ...limits, move: request.move }, request.listed);
      },
    });
  }

  /**
   * Queues, as one batch, what `plan` finds on a transfer connection of the site: a walk of the
   * selection (`add`), or the rows of a synchronization's checklist with the folders they need.
   */
  async addPlanned(request: PlannedRequest): Promise<QueuedBatch> {
    const pool = this.connectionsOf(request.connector);
    return this.enqueue(
      { direction: request.direction, move: request.move ?? false, site: request.connector.site, settings: request.settings },
      request.sourceFolder,
      request.connector.closed,
      async (sink, signal) => {
        // Taken as part of the walk: one waiting for a connection shows, and its stop (or the session's close) ends the wait.
        const client = await pool.acquire(signal);
        try {
          await request.plan(client, sink, signal);
          pool.release(client, true);
        } catch (error) {
          pool.release(client, false);
          throw error;
        }
      },
    );
  }

  /** The transfer connections of a session's server (registered with its credentials): walks that compare use them too. */
  connectionsOf(connector: SiteConnector): ConnectionPool {
    this.registerSite(connector);
    return this.pool(connector.site);
  }

  /** Copies local files and folders into another local folder: a desktop drop onto the Local pane. */
  async addLocalCopy(sourceFolder: string, names: string[], targetFolder: string): Promise<QueuedBatch> {
    const { maxFolderDepth, followLinksOutOfTree } = await this.options.preferences.get();
    return this.enqueue({ direction: "copy", move: false, site: localSite }, sourceFolder, undefined, (sink, signal) =>
      planLocalCopy(sourceFolder, names, targetFolder, sink, { maxDepth: maxFolderDepth, signal, followLinksOutOfTree }),
    );
  }

  /** Stops the walk of folders that is adding a batch; what it queued so far stays. */
  cancelWalk(batchId: string): void {
    this.walks.cancel(batchId);
  }

  /** Jobs of a batch, once none of them is queued or running any more. */
  whenCompleted(batchId: string): Promise<TransferJob[]> {
    return this.scheduler.whenCompleted(batchId);
  }

  pause(ids?: string[]): void {
    for (const job of this.scheduler.select(ids)) if (isUnsettled(job.status)) this.stop(job, "paused");
    this.saved.save();
  }

  resume(ids?: string[]): void {
    for (const job of this.scheduler.select(ids))
      if (job.status === "paused") this.scheduler.update(job, { status: "queued", attempts: 0 });
    this.saved.save();
    this.startWhatFits();
  }

  cancel(ids?: string[]): void {
    for (const job of this.scheduler.select(ids)) {
      // A failed job can be cancelled too: that discards the partial file it kept for a retry.
      if (job.status !== "failed" && finishedStatuses.includes(job.status)) continue;
      this.stop(job, "cancelled");
      // The partial download goes; the target it would have replaced was never touched.
      if (job.direction !== "upload" && job.kind === "file") {
        this.scheduler.update(job, { transferred: 0, message: undefined });
        // Not the partial file of another job that writes the same target, nor one a running job still writes (its
        // runner discards it once it stopped).
        if (!this.claims.heldByAnother(job) && !this.runner.isRunning(job.id))
          void this.existingTargets.discardPartial(job).catch(() => undefined);
      }
    }
    this.saved.save();
  }

  retry(ids?: string[]): void {
    for (const job of this.scheduler.select(ids)) {
      if (job.status === "failed" || job.status === "cancelled")
        this.scheduler.update(job, { status: "queued", attempts: 0, message: undefined });
    }
    this.saved.save();
    this.startWhatFits();
  }

  /** Moves jobs one place up or down among the others, which changes what starts next. */
  move(ids: string[], offset: -1 | 1): void {
    this.scheduler.move(ids, offset);
    this.saved.save();
  }

  removeFinished(): void {
    this.scheduler.removeFinished();
    this.saved.save();
    this.options.onJobsEnded?.(this.scheduler.all());
  }

  /** The jobs of one site, or all of them (a closing tab cancels its server's jobs). */
  ofSite(site: string): string[] {
    return this.scheduler
      .all()
      .filter((job) => job.site === site)
      .map((job) => job.id);
  }

  /** Stops everything and closes the transfer connections (the app is quitting). */
  async close(): Promise<void> {
    for (const job of this.scheduler.all()) if (job.status === "running") this.stop(job, "paused");
    for (const pool of this.pools.values()) pool.closeAll();
    this.feed.close();
    this.walks.close();
    await this.saved.close();
  }

  /**
   * Runs a walk whose jobs join the queue chunk by chunk as it finds them, and start at once.
   * The batch stays open until the walk ends: it is not complete before, whatever has run. What
   * the walk found before it failed stays queued; the failure still reaches the caller. A walk the
   * user stopped keeps what it queued too, as FileZilla's queue does, and says so on the notice
   * board: some of those jobs may have run already, and the rest can be cancelled in the queue.
   */
  private async enqueue(
    batch: Omit<BatchFacts, "batchId">,
    sourceFolder: string,
    closed: AbortSignal | undefined,
    walk: (sink: PlanSink, signal: AbortSignal) => Promise<void>,
  ): Promise<QueuedBatch> {
    const maker = new BatchJobMaker(batch);
    const tracked = this.walks.begin({ batchId: maker.batchId, direction: batch.direction, folder: sourceFolder }, closed);
    /** The session closed before the walk ended: the batch is not whole, so what has not started of it fails, saying why. */
    let cutShort = false;
    const intake = new BatchIntake(
      maker,
      (jobs) => {
        this.scheduler.append(jobs);
        // "Cancel all" also covers what the walk found before it stopped.
        if (this.cancelledBatches.has(maker.batchId)) for (const job of jobs) if (isUnsettled(job.status)) this.stop(job, "cancelled");
        if (cutShort) this.failUnstarted(jobs);
        this.saved.save();
        this.startWhatFits();
      },
      (item) => tracked.found(item),
    );
    this.scheduler.open(maker.batchId);
    try {
      await walk(intake.sink, tracked.signal);
    } catch (error) {
      if (!tracked.stoppedByUser) {
        cutShort = closed?.aborted === true;
        if (cutShort) this.failUnstarted(this.scheduler.all().filter((job) => job.batchId === maker.batchId));
        throw error;
      }
    } finally {
      intake.flush();
      tracked.end();
      this.cancelledBatches.delete(maker.batchId);
      this.scheduler.close(maker.batchId);
      // A move's folders may start now.
      this.startWhatFits();
    }
    if (tracked.stoppedByUser) {
      const jobs = intake.added === 1 ? "1 job" : `${intake.added} jobs`;
      this.options.notify?.({
        text: `Stopped looking through the folders of ${sourceFolder}, as you asked: the ${jobs} found until then stay in the queue, where you can cancel them.`,
      });
    }
    return { added: intake.added, batchId: maker.batchId };
  }

  /** Jobs of a batch whose walk its session's close cut short: those not started fail, saying why (Retry sends them). */
  private failUnstarted(jobs: readonly TransferJob[]): void {
    for (const job of jobs) if (job.status === "queued") this.scheduler.update(job, { status: "failed", message: walkCutShort });
    this.saved.save();
  }

  /** "Cancel all" in the file-exists question: the rest of the batch is cancelled, and its walk stops. */
  private cancelBatch(batchId: string): void {
    if (this.walks.cancel(batchId)) this.cancelledBatches.add(batchId);
    this.cancel(this.scheduler.all().flatMap((job) => (job.batchId === batchId ? [job.id] : [])));
  }

  /** Jobs of a batch, queued or running, that have not decided about their target yet: at most `limit`, in queue order. */
  private toDecideIn(batchId: string, limit: number): TransferJob[] {
    const found: TransferJob[] = [];
    for (const job of this.scheduler.all()) {
      if (found.length >= limit) break;
      if (job.batchId === batchId && isUnsettled(job.status) && job.kind === "file" && !this.runner.isDecided(job)) found.push(job);
    }
    return found;
  }

  private stop(job: TransferJob, status: "paused" | "cancelled"): void {
    this.runner.stop(job.id, status === "cancelled");
    this.scheduler.update(job, { status, speed: undefined });
  }

  private pool(site: string): ConnectionPool {
    const pool = this.pools.get(site);
    if (!pool) throw new UserFacingError("connection-lost", `Connect to ${site} to run its transfers.`);
    return pool;
  }

  /** Nothing is left to run, and nothing paused waits to be resumed: the "when done" preference acts, given the sites used. */
  private done(): void {
    if (this.scheduler.summary().counts.paused > 0) return;
    this.usedSites.delete(localSite);
    const sites = [...this.usedSites];
    this.usedSites.clear();
    this.options.onDone?.(this.scheduler.summary(), sites);
  }

  /** Closes the transfer connections of these sites ("disconnect when the queue is done"). */
  disconnect(sites: readonly string[]): void {
    for (const site of sites) this.pools.get(site)?.closeAll();
  }

  private jobEnded(): void {
    this.saved.save();
    this.startWhatFits();
    this.options.onJobsEnded?.(this.scheduler.all());
  }

  /** Starts the queued jobs there is room for, each site within its number of parallel transfers. */
  private startWhatFits(): void {
    // Unreadable preferences never stop the queue: the defaults run it then.
    void this.options.preferences
      .get()
      .catch(() => defaultTransferPreferences)
      .then((preferences) => {
        const capacity: Capacity = {
          limits: (site) => {
            const pool = this.pools.get(site);
            const wanted = atOnceLimits(preferences, pool?.parallel);
            // The site's connection limit caps its transfers at once; a local copy has no pool and takes the preferences.
            return pool ? { all: pool.capacity(wanted.all), big: pool.capacity(wanted.big) } : wanted;
          },
          running: (site) => this.runner.runningFor(site),
          isRunning: (jobId) => this.runner.isRunning(jobId),
        };
        for (const job of this.scheduler.next(capacity)) {
          this.usedSites.add(job.site);
          // The batch's own settings (the Copy dialog's) win over the site's, which win over the preferences.
          void this.runner.run(job, withOverrides(withOverrides(preferences, this.pools.get(job.site)?.overrides), job.settings));
        }
      });
  }
}
