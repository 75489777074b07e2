/**
 * WinSCP's Synchronize, with no Electron: compares a local and a server tree (both walked several
 * folders at once, the server's on the transfer connections), plans the checklist's rows, and
 * queues exactly the rows the user kept, through the transfer queue, as visible jobs. Once they
 * ran, it records how each pair looks (pair-recording.ts), so that the next run on the same files has nothing to do.
 */
import type { EventMessage } from "../../shared/contract";
import type { FileEntry, SessionId } from "../../shared/domain";
import { parseFileMask } from "../../shared/file-mask";
import type { SyncAction, SyncOptions, SyncPlan, SyncProblem } from "../../shared/synchronize";
import type { TransferPreferences } from "../../shared/transfer";
import { withOverrides } from "../../shared/transfer";
import { UserFacingError } from "../errors";
import type { SiteConnector } from "../transfers/connection-pool";
import type { TransferQueue } from "../transfers/transfer-queue";
import { atOnceLimits } from "../transfers/transfers-at-once";
import { compareProgress } from "./compare-progress";
import { compareContents } from "./content-checks";
import { recordPairs } from "./pair-recording";
import { pooledListing } from "./pooled-listing";
import { foldersToListAgain } from "./server-listings";
import { batchOf, sinkActions } from "./sync-jobs";
import { planSync, sameSizePairs, type ContentOf, type FolderListings } from "./sync-plan";
import { pairKey, type SyncRecords } from "./sync-records";
import { isBelow, localPathOf, remotePathOf } from "./tree-paths";
import { localLister, stopReason, walkTree } from "./tree-walks";

export interface SynchronizeServiceOptions {
  connector(sessionId: SessionId): SiteConnector;
  queue: TransferQueue;
  preferences(): Promise<TransferPreferences>;
  records: SyncRecords;
  emit(message: EventMessage): void;
  /** How often the progress line is told; tests make it 0. */
  progressMs?: number;
}

/** A comparison's result, kept until Start or until the checklist is closed. */
interface StoredPlan {
  options: SyncOptions;
  connector: SiteConnector;
  local: FolderListings;
  remote: FolderListings;
  actions: SyncAction[];
}

/** Plans kept waiting for Start at once: an abandoned checklist does not hold its trees for ever. */
const plansKept = 4;

export class SynchronizeService {
  private readonly comparing = new Map<string, AbortController>();
  private readonly plans = new Map<string, StoredPlan>();
  /** Records being written for a synchronization whose jobs all ended: a comparison waits for them, so that it sees what that run made equal. */
  private readonly recording = new Set<Promise<void>>();

  constructor(private readonly options: SynchronizeServiceOptions) {}

  /** Walks both trees and plans the checklist; `syncId` names the comparison (to stop it) and the plan (to start it). */
  async compare(syncId: string, options: SyncOptions): Promise<SyncPlan> {
    if (this.comparing.has(syncId) || this.plans.has(syncId))
      throw new UserFacingError("invalid-request", "This comparison is already under way.");
    // Registered before the first await: a Cancel that follows at once still stops it.
    const abort = new AbortController();
    this.comparing.set(syncId, abort);
    const connector = this.options.connector(options.sessionId);
    const onClosed = () => abort.abort(new UserFacingError("cancelled", "The comparison stopped: the session was closed."));
    connector.closed?.addEventListener("abort", onClosed, { once: true });
    try {
      return await this.walkAndPlan(syncId, options, connector, abort);
    } finally {
      connector.closed?.removeEventListener("abort", onClosed);
      this.comparing.delete(syncId);
    }
  }

  private async walkAndPlan(syncId: string, options: SyncOptions, connector: SiteConnector, abort: AbortController): Promise<SyncPlan> {
    const pool = this.options.queue.connectionsOf(connector);
    const preferences = withOverrides(await this.options.preferences(), pool.overrides);
    const mask = options.mask === undefined ? undefined : parseFileMask(options.mask);
    if (mask && !mask.ok) throw new UserFacingError("invalid-request", mask.error);
    const progress = compareProgress(syncId, this.options.emit, this.options.progressMs ?? 200);
    const problems: SyncProblem[] = [];
    const localLeftOut = new Set<string>();
    const throughLinks = new Set<string>();
    const walkOptions = {
      mask: mask?.mask,
      subfolders: options.subfolders,
      maxDepth: preferences.maxFolderDepth,
      signal: abort.signal,
      onListed: progress.listed,
      onFound: progress.found,
    };
    try {
      const listLocal = await localLister(options.localFolder, preferences.followLinksOutOfTree, problems, localLeftOut, throughLinks);
      // Listings are small work: as many workers as small files get, within what the site's connection limit leaves
      // transfers (one on a borrowed browsing connection when it leaves none).
      const remoteWorkers = pool.capacity(atOnceLimits(preferences, pool.parallel).all);
      const pooled = pooledListing(pool, options.remoteFolder, abort.signal);
      const { lister: listRemote, byStatus } = pooled;
      const remoteWalk = { ...walkOptions, rootName: `The server folder ${options.remoteFolder}` };
      const [local, remote] = await Promise.all([
        walkTree([listLocal, listLocal, listLocal, listLocal], { ...walkOptions, rootName: `The local folder ${options.localFolder}` }),
        walkTree(
          Array.from({ length: remoteWorkers }, () => listRemote(false)),
          remoteWalk,
        ),
      ]);
      pooled.settle(remote.listings);
      // Only now: a synchronization that just ended may still be recording the pairs it made equal.
      await Promise.all(this.recording);
      const recordOf = await this.options.records.reader();
      const pathsOf = (path: string) => ({
        remotePath: remotePathOf(options.remoteFolder, path),
        localPath: localPathOf(options.localFolder, path),
      });
      const sinceLastSync = (path: string, l: FileEntry, r: FileEntry) => {
        const { remotePath, localPath } = pathsOf(path);
        return recordOf(pairKey(connector.site, remotePath, localPath), l, r);
      };
      const leftOut = (path: string) => localLeftOut.has(path) || local.leftOut.has(path) || remote.leftOut.has(path);
      const plan = (contentOf?: ContentOf) =>
        planSync(local.listings, remote.listings, {
          ...options,
          sinceLastSync,
          contentOf,
          leftOut,
          throughLink: (path) => [...throughLinks].some((link) => path === link || isBelow(path, link)),
        });
      // The plan is made once unless folders read by STAT are listed again or checksums are asked for.
      let planned = byStatus.size > 0 ? plan() : undefined;
      const again = planned ? foldersToListAgain(planned.actions, byStatus) : [];
      if (again.length > 0) {
        planned = undefined;
        const listed = await walkTree(
          Array.from({ length: remoteWorkers }, () => listRemote(true)),
          { ...remoteWalk, again: { from: again, listed: remote.listings } },
        );
        for (const [path, entries] of listed.listings) remote.listings.set(path, entries);
        // A folder that does not list again is left alone (its problem says why), not planned from what STAT's reply lacked.
        for (const path of again) if (!listed.listings.has(path)) remote.listings.delete(path);
        pooled.settle(remote.listings);
        remote.problems.push(...listed.problems);
        for (const path of listed.leftOut) remote.leftOut.add(path);
      }
      if (options.checksum) {
        // Every pair of one size, recorded or not: checksums are asked for because times and records may not tell.
        const candidates = sameSizePairs(local.listings, remote.listings).map((pair) => ({
          path: pair.path,
          size: pair.local.size ?? 0,
          ...pathsOf(pair.path),
        }));
        const checks = await compareContents(candidates, {
          connect: () => pool.acquire(),
          release: (client, reusable) => pool.release(client, reusable),
          workers: remoteWorkers,
          signal: abort.signal,
          onChecked: progress.checked,
        });
        problems.push(...checks.problems);
        const contentOf: ContentOf = (path) => checks.contents.get(path);
        planned = plan(contentOf);
      }
      planned ??= plan();
      this.keep(syncId, { options, connector, local: local.listings, remote: remote.listings, actions: planned.actions });
      const folders = local.listings.size + remote.listings.size;
      let files = 0;
      for (const listing of [...local.listings.values(), ...remote.listings.values()])
        files += listing.filter((entry) => entry.kind !== "folder").length;
      return {
        planId: syncId,
        actions: planned.actions,
        problems: [...problems, ...local.problems, ...remote.problems, ...planned.problems],
        folders,
        files,
      };
    } catch (error) {
      if (abort.signal.aborted) throw stopReason(abort.signal);
      // One side failed: the other side's walk stops too, rather than list on for a comparison nobody waits for.
      abort.abort(error);
      throw error;
    } finally {
      progress.end();
    }
  }

  /** Resolves once the pairs of every synchronization that ended are recorded. */
  async settled(): Promise<void> {
    await Promise.all(this.recording);
  }

  cancel(syncId: string): void {
    this.comparing.get(syncId)?.abort(new UserFacingError("cancelled", "The comparison was stopped, as you asked."));
  }

  discard(planId: string): void {
    this.plans.delete(planId);
  }

  /**
   * Queues the chosen rows: one batch for what goes to the server (uploads, new folders, times
   * and deletions there) and one for what comes to this computer, transfers first and deletions
   * last. Files are replaced without asking: the checklist was the question.
   */
  async start(planId: string, actionIds: readonly number[]): Promise<number> {
    const plan = this.plans.get(planId);
    if (!plan) throw new UserFacingError("not-found", "This comparison is no longer at hand: compare again.");
    this.plans.delete(planId);
    if (plan.connector.closed?.aborted)
      throw new UserFacingError("connection-lost", "The tab this comparison was made in was closed: connect and compare again.");
    const chosen = new Set(actionIds);
    const actions = plan.actions.filter((action) => chosen.has(action.id));
    let queued = 0;
    for (const direction of ["upload", "download"] as const) {
      const mine = actions.filter((action) => batchOf(action) === direction);
      if (mine.length === 0) continue;
      const batch = await this.options.queue.addPlanned({
        connector: plan.connector,
        direction,
        sourceFolder: direction === "upload" ? plan.options.localFolder : plan.options.remoteFolder,
        plan: (client, sink, signal) => sinkActions(client, plan, direction, mine, sink, signal),
      });
      queued += batch.added;
      // Only the writing of the records is waited for by a comparison: a batch paused in the queue must not hold one up.
      void this.options.queue.whenCompleted(batch.batchId).then(
        (jobs) => {
          const recorded = recordPairs(this.options, plan.connector, jobs)
            .catch(() => undefined)
            .finally(() => this.recording.delete(recorded));
          this.recording.add(recorded);
        },
        () => undefined,
      );
    }
    return queued;
  }

  private keep(planId: string, plan: StoredPlan): void {
    this.plans.set(planId, plan);
    for (const oldest of this.plans.keys()) {
      if (this.plans.size <= plansKept) break;
      this.plans.delete(oldest);
    }
  }
}
