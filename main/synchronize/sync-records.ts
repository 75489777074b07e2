/**
 * What each synchronized pair of files looked like when a synchronization left them equal. A
 * server that cannot set a file's time (vsftpd has no MFMT) gives every upload the time of the
 * upload, so by times alone the next run would find every file changed; a pair that is still
 * exactly as recorded on both sides is the same, and a synchronization right after a
 * synchronization has nothing to do.
 */
import { z } from "zod";
import type { FileEntry } from "../../shared/domain";
import { JsonStore, type Notify } from "../storage/json-store";
import type { SinceLastSync } from "./sync-plan";

/** Local size and time, server size and time, as listed right after the pair was made equal. */
const RecordSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
type PairRecord = z.infer<typeof RecordSchema>;

/** Pairs kept at most: the oldest go first, and a pair not recorded is only compared by time and size again. */
const maxRecords = 200_000;

const RecordsSchema = z.record(z.string(), RecordSchema).transform((records) => new Map(Object.entries(records)));

/** One pair: the server (user@host:port), the server path and the local path; NUL cannot be in any of them. */
export const pairKey = (site: string, remotePath: string, localPath: string) => `${site}\0${remotePath}\0${localPath}`;

export interface RecordedPair {
  key: string;
  local: Pick<FileEntry, "size" | "modified">;
  remote: Pick<FileEntry, "size" | "modified">;
}

const dayMs = 86_400_000;

/**
 * Whether the server's time of a file is still the one recorded. A LIST line gives a file older
 * than six months its day alone, where it gave the time of day when the pair was recorded: the
 * recorded time within that day is the same time.
 */
function sameServerTime(recorded: number, remote: FileEntry): boolean {
  if (remote.modified === undefined) return false;
  if (remote.timePrecision === "day") return recorded >= remote.modified && recorded < remote.modified + dayMs;
  return recorded === remote.modified;
}

export class SyncRecords {
  private readonly store: JsonStore<Map<string, PairRecord>>;

  constructor(path: string, notify?: Notify) {
    this.store = new JsonStore({
      path,
      schema: RecordsSchema,
      initial: new Map(),
      toJson: (records) => Object.fromEntries(records),
      text: (records) => JSON.stringify(Object.fromEntries(records)),
      label: "The record of synchronized files",
      afresh: "the next synchronization compares by time and size alone",
      notify,
    });
  }

  /** How pairs stand against their records, for one planning (the records are read once). */
  async reader(): Promise<(key: string, local: FileEntry, remote: FileEntry) => SinceLastSync> {
    const records = await this.store.read();
    return (key, local, remote) => {
      const record = records.get(key);
      if (!record) return undefined;
      const [localSame, remoteSame] = [
        record[0] === local.size && record[1] === local.modified,
        record[2] === remote.size && sameServerTime(record[3], remote),
      ];
      if (localSame && remoteSame) return "unchanged";
      if (remoteSame) return "local-changed";
      if (localSame) return "remote-changed";
      return undefined;
    };
  }

  /** Keeps how these pairs look now that they are equal. */
  async record(pairs: readonly RecordedPair[]): Promise<void> {
    const usable = pairs.filter(({ local, remote }) =>
      [local.size, local.modified, remote.size, remote.modified].every((n) => n !== undefined),
    );
    if (usable.length === 0) return;
    await this.store.update((records) => {
      const next = new Map(records);
      for (const { key, local, remote } of usable) {
        next.delete(key);
        next.set(key, [local.size ?? 0, local.modified ?? 0, remote.size ?? 0, remote.modified ?? 0]);
      }
      for (const key of next.keys()) {
        if (next.size <= maxRecords) break;
        next.delete(key);
      }
      return next;
    });
  }
}
