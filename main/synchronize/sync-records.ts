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
const hourMs = 3_600_000;

/**
 * Whether a listed time is the recorded one. A LIST line gives a file older than six months its
 * day alone, where it gave the time of day when the pair was recorded: the recorded time within
 * that day is the same time.
 */
function sameTime(recorded: number, entry: FileEntry): boolean {
  if (entry.modified === undefined) return false;
  if (entry.timePrecision === "day") return recorded >= entry.modified && recorded < entry.modified + dayMs;
  return recorded === entry.modified;
}

/**
 * Whether one side of a pair is as recorded: its size, and its time or that time moved by exactly
 * one hour. Daylight saving time moves every time a side shows by an hour (a server listing in its
 * local time, an offset detected in summer and again in winter, a FAT disk): taken for an edit, it
 * would send every file again, and where the other side was edited meanwhile the hour could make
 * the old copy look newer. Each side is held to its own record, so an edit at any other time, or
 * of another size, is still a change; only one landing exactly an hour on, size unchanged, is not.
 */
function asRecorded(size: number, time: number, entry: FileEntry): boolean {
  return entry.size === size && [0, hourMs, -hourMs].some((shift) => sameTime(time + shift, entry));
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
      const [localSame, remoteSame] = [asRecorded(record[0], record[1], local), asRecorded(record[2], record[3], remote)];
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
