/**
 * One timed measurement through Ferry's own main-side services (session, queue, pool, sinks,
 * listing parser), in a process of its own so that its peak RSS is Ferry's alone. Prints one
 * JSON line. The bench bundles it first, as the app's main process is bundled:
 *
 *   node .cache/bench/ferry-worker.mjs '<FerryMeasurement as JSON>'
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConnectRequest } from "../../shared/domain";
import type { TransferDirection, TransferPreferences } from "../../shared/transfer";
import { PreferencesStore } from "../../main/settings/preferences-store";
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

export type FerryMeasurement = FerryTransfer | FerryListing;

export interface FerryResult {
  seconds: number;
  peakRssBytes: number;
  /** Jobs that did not finish, or entries listed. */
  count: number;
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

async function transfer(request: FerryTransfer): Promise<FerryResult> {
  const dataDir = await mkdtemp(join(tmpdir(), "ferry-bench-data-"));
  const { sessions } = sessionManagerForTests();
  const preferences = new PreferencesStore(join(dataDir, "preferences.json"));
  await preferences.set({ ...request.preferences, ...(request.parallel ? { parallel: request.parallel } : {}) });
  const queue = await TransferQueue.open({
    path: join(dataDir, "transfer-queue.json"),
    preferences,
    emit: () => undefined,
    ask: async () => ({ action: "overwrite", applyToAll: true }),
  });
  const info = await sessions.open(request.connect);
  const connector = sessions.connector(info.id);
  const started = performance.now();
  const { batchId } = await queue.add({
    connector,
    direction: request.direction,
    move: false,
    sourceFolder: request.sourceFolder,
    names: request.names,
    targetFolder: request.targetFolder,
  });
  const jobs = await queue.whenCompleted(batchId);
  const seconds = (performance.now() - started) / 1000;
  await queue.close();
  sessions.closeAll();
  return { seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024, count: jobs.filter((job) => job.status !== "done").length };
}

const request = JSON.parse(process.argv[2] ?? "{}") as FerryMeasurement;
(request.kind === "listing" ? list(request) : transfer(request)).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
