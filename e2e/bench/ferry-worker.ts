/**
 * One timed measurement through Ferry's own main-side services (session, queue, pool, sinks,
 * listing parser, Synchronize), in a process of its own so that its peak RSS is Ferry's alone. Prints one
 * JSON line. The bench bundles it first, as the app's main process is bundled:
 *
 *   node .cache/bench/ferry-worker.mjs '<FerryMeasurement as JSON>'
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConnectRequest } from "../../shared/domain";
import type { SyncDirection } from "../../shared/synchronize";
import type { TransferDirection, TransferPreferences } from "../../shared/transfer";
import { PreferencesStore } from "../../main/settings/preferences-store";
import { SyncRecords } from "../../main/synchronize/sync-records";
import { SynchronizeService } from "../../main/synchronize/synchronize-service";
import { TransferQueue } from "../../main/transfers/transfer-queue";
import { sessionManagerForTests } from "../../test-support/session-manager";

export interface FerryTransfer {
  kind: "transfer";
  connect: ConnectRequest;
  direction: TransferDirection;
  sourceFolder: string;
  names: string[];
  targetFolder: string;
  /** Transfers at once; undefined keeps Ferry's default. */
  parallel?: number | undefined;
  /** Other preferences than the defaults (a speed limit, compression). */
  preferences?: Partial<TransferPreferences> | undefined;
}

/** A folder listed fresh from the server, as the Remote pane asks for it. */
export interface FerryListing {
  kind: "listing";
  connect: ConnectRequest;
  path: string;
}

/**
 * A synchronization as the Synchronize dialog runs it (new and newer files, by time and size, no
 * deletion): the comparison, then, with `start`, every row of its checklist through the queue.
 */
export interface FerrySynchronize {
  kind: "synchronize";
  connect: ConnectRequest;
  localFolder: string;
  remoteFolder: string;
  direction: Exclude<SyncDirection, "both">;
  start: boolean;
  /** The preferences and the record of synchronized pairs: the same folder for a run and the run right after it. */
  dataDir: string;
  /** Transfers (and so the walk's connections) at once; undefined keeps Ferry's default. */
  parallel?: number | undefined;
  /** The site's server time zone, minutes east of UTC: a wrong one makes a whole tree differ (LIST times only). */
  serverTimeOffsetMinutes?: number | undefined;
}

export type FerryMeasurement = FerryTransfer | FerryListing | FerrySynchronize;

export interface FerryResult {
  seconds: number;
  peakRssBytes: number;
  /** Jobs that did not finish, or entries listed. */
  count: number;
  /** A transfer's CPU time in this process (user and system), over the same span as `seconds`. */
  cpuSeconds?: number;
  /** A synchronization's comparison: how long it took, its rows, what it walked, and the heap right after it. */
  plan?: { seconds: number; actions: number; folders: number; files: number; heapUsedBytes: number };
}

async function list(request: FerryListing): Promise<FerryResult> {
  const { sessions } = sessionManagerForTests();
  const info = await sessions.open(request.connect);
  const started = performance.now();
  const listing = await sessions.list(info.id, request.path, false, true);
  const seconds = (performance.now() - started) / 1000;
  sessions.closeAll();
  return { seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024, count: listing.entries.length };
}

/** The main side's preferences and queue, kept in `dataDir`. */
async function queueIn(dataDir: string, settings: Partial<TransferPreferences>) {
  const preferences = new PreferencesStore(join(dataDir, "preferences.json"));
  await preferences.set(settings);
  const queue = await TransferQueue.open({
    path: join(dataDir, "transfer-queue.json"),
    preferences,
    emit: () => undefined,
    ask: async () => ({ action: "overwrite", applyToAll: true }),
  });
  return { preferences, queue };
}

/** "Ferry ×N": N connections for every job, small files too; without N, the preferences' defaults. */
function connectionsAtOnce(parallel: number | undefined): Partial<TransferPreferences> {
  return parallel ? { parallel, smallFilesParallel: parallel } : {};
}

async function transfer(request: FerryTransfer): Promise<FerryResult> {
  const dataDir = await mkdtemp(join(tmpdir(), "ferry-bench-data-"));
  const { sessions } = sessionManagerForTests();
  const { queue } = await queueIn(dataDir, { ...request.preferences, ...connectionsAtOnce(request.parallel) });
  const info = await sessions.open(request.connect);
  const connector = sessions.connector(info.id);
  // A download starts from the remote pane, which has listed the folder already: F5 sends its entries along.
  const listed = request.direction === "download" ? (await sessions.list(info.id, request.sourceFolder)).entries : undefined;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const { batchId } = await queue.add({
    connector,
    direction: request.direction,
    move: false,
    sourceFolder: request.sourceFolder,
    names: request.names,
    listed,
    targetFolder: request.targetFolder,
  });
  const jobs = await queue.whenCompleted(batchId);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  await queue.close();
  sessions.closeAll();
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    count: jobs.filter((job) => job.status !== "done").length,
  };
}

async function synchronize(request: FerrySynchronize): Promise<FerryResult> {
  const { sessions } = sessionManagerForTests();
  const { preferences, queue } = await queueIn(request.dataDir, connectionsAtOnce(request.parallel));
  const service = new SynchronizeService({
    connector: (sessionId) => sessions.connector(sessionId),
    queue,
    preferences: () => preferences.get(),
    records: new SyncRecords(join(request.dataDir, "sync-records.json")),
    emit: () => undefined,
  });
  const info = await sessions.open(
    request.serverTimeOffsetMinutes === undefined
      ? request.connect
      : { ...request.connect, serverTimeOffsetMinutes: request.serverTimeOffsetMinutes },
  );
  const started = performance.now();
  const plan = await service.compare("bench", {
    sessionId: info.id,
    localFolder: request.localFolder,
    remoteFolder: request.remoteFolder,
    direction: request.direction,
    mode: "files",
    criteria: "both",
    toleranceMs: 1000,
    deleteMissing: false,
    subfolders: true,
  });
  const planSeconds = (performance.now() - started) / 1000;
  const heapUsedBytes = process.memoryUsage().heapUsed;
  if (request.start) {
    await service.start(
      "bench",
      plan.actions.map((action) => action.id),
    );
    // start only queues: every batch's jobs end, then the pairs they made equal are recorded.
    for (const batchId of new Set(queue.list().jobs.map((job) => job.batchId))) await queue.whenCompleted(batchId);
    await service.settled();
  }
  const seconds = (performance.now() - started) / 1000;
  const unfinished = queue.list().jobs.filter((job) => job.status !== "done").length;
  await queue.close();
  sessions.closeAll();
  return {
    seconds,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    count: unfinished,
    plan: { seconds: planSeconds, actions: plan.actions.length, folders: plan.folders, files: plan.files, heapUsedBytes },
  };
}

const request = JSON.parse(process.argv[2] ?? "{}") as FerryMeasurement;
(request.kind === "listing" ? list(request) : request.kind === "transfer" ? transfer(request) : synchronize(request)).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
