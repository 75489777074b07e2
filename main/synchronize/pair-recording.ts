/**
 * What a synchronization made equal, read back once its jobs ended and recorded, so that the
 * next run on the same files has nothing to do even where the server cannot set a file's time.
 */
import { FTPError } from "basic-ftp";
import { stat } from "node:fs/promises";
import { posix } from "node:path";
import type { FileEntry } from "../../shared/domain";
import { withOverrides, type TransferJob, type TransferPreferences } from "../../shared/transfer";
import { UserFacingError } from "../errors";
import type { SiteConnector } from "../transfers/connection-pool";
import { listedTimePrecision } from "../transfers/queued-job";
import type { TransferQueue } from "../transfers/transfer-queue";
import { listUtc } from "./server-listings";
import { pairKey, type RecordedPair, type SyncRecords } from "./sync-records";

/** What recording needs of the synchronization service. */
export interface RecordingServices {
  queue: TransferQueue;
  preferences(): Promise<TransferPreferences>;
  records: SyncRecords;
}

/** Records how each pair that a job made equal looks now: the local file's stat, the server's listing of its folder. */
export async function recordPairs(services: RecordingServices, connector: SiteConnector, jobs: readonly TransferJob[]): Promise<void> {
  const done = jobs.filter((job) => job.status === "done" && (job.kind === "file" || job.kind === "set-time"));
  if (done.length === 0) return;
  const pool = services.queue.connectionsOf(connector);
  const keptTime = withOverrides(await services.preferences(), pool.overrides).preserveTimestamps;
  const client = await pool.acquire();
  const pairs: RecordedPair[] = [];
  let reusable = true;
  const byFolder = new Map<string, TransferJob[]>();
  for (const job of done) {
    const folder = posix.dirname(job.remotePath);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), job]);
  }
  try {
    for (const [folder, folderJobs] of byFolder) {
      // A folder that cannot be listed now (its rights changed, say) is not recorded: its pairs go by time and size next
      // time. The other folders still are.
      const listing = await listUtc(client, folder).catch((error: unknown) => {
        if (error instanceof FTPError || (error instanceof UserFacingError && error.code === "permission-denied")) return undefined;
        throw error;
      });
      if (!listing) continue;
      const listed = new Map(listing.entries.map((entry) => [entry.name, entry]));
      for (const job of folderJobs) {
        const facts = await pairFacts(job, listed.get(posix.basename(job.remotePath)), keptTime);
        if (facts) pairs.push({ key: pairKey(connector.site, job.remotePath, job.localPath), ...facts });
      }
    }
  } catch {
    // A broken connection: what was not recorded goes by time and size next time.
    reusable = false;
  } finally {
    pool.release(client, reusable);
  }
  await services.records.record(pairs).catch(() => undefined);
}

/**
 * How a pair looks now that a job made it equal. The record is written once the whole batch ended,
 * so a file may have been edited meanwhile: the side the job read is recorded as the job read it
 * (an edit since then shows next time as a change on that side), the side it wrote as it is now,
 * if it still is what the job wrote; otherwise nothing is recorded and times decide next time.
 */
async function pairFacts(
  job: TransferJob,
  remote: FileEntry | undefined,
  keptTime: boolean,
): Promise<Omit<RecordedPair, "key"> | undefined> {
  const info = await stat(job.localPath).catch(() => undefined);
  if (!info?.isFile() || remote?.size === undefined || remote.modified === undefined) return undefined;
  const local = { size: info.size, modified: info.mtimeMs };
  const listed = { size: remote.size, modified: remote.modified };
  if (job.kind !== "file") return { local, remote: listed };
  if (job.size === undefined || job.modified === undefined) return undefined;
  const taken = { size: job.size, modified: job.modified };
  if (job.direction === "upload") return listed.size === taken.size ? { local: taken, remote: listed } : undefined;
  // A download's copy has the server's time when times are kept: the listed one, or MDTM's when the listing knew only the
  // day (then the disk tells it, unless the file has since been changed to a time outside that day); else its own.
  const precise = listedTimePrecision(job) === "second" || listedTimePrecision(job) === "minute";
  if (keptTime && precise) return { local: taken, remote: taken };
  const sameDay = Math.abs(local.modified - taken.modified) < 86_400_000 + 2000;
  return local.size === taken.size && (!keptTime || sameDay) ? { local, remote: taken } : undefined;
}
