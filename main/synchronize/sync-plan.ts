/**
 * What a synchronization does, worked out from the listings of both trees: WinSCP's rules for
 * each direction and mode, as rows of the checklist. Pure, so that every rule is unit-tested
 * without a server; the walks that gather the listings and the queue that carries out the rows
 * are elsewhere.
 */
import { compareEntries, type CompareOptions, type Difference } from "../../shared/compare-folders";
import type { FileEntry } from "../../shared/domain";
import type { SyncAction, SyncActionKind, SyncOptions, SyncProblem, SyncSide } from "../../shared/synchronize";
import { childPath } from "./tree-paths";

/** One side's tree: the entries of each folder walked, by its path from the compared folder ("" for itself, "css/img" below). */
export type FolderListings = Map<string, readonly FileEntry[]>;

/**
 * How a pair of files stands against the record of the last synchronization that made them equal:
 * both as recorded (the same, whatever their times say), one side changed since (that side is
 * newer, even within a LIST time's minute), or no record to go by (both changed, or never synchronized).
 */
export type SinceLastSync = "unchanged" | "local-changed" | "remote-changed" | undefined;
export type RecordOfPair = (path: string, local: FileEntry, remote: FileEntry) => SinceLastSync;

/** What the checksums of a pair of the same size said, where they were compared. */
export type ContentOf = (path: string) => "same" | "differs" | undefined;

export type PlanOptions = Pick<SyncOptions, "direction" | "mode" | "criteria" | "toleranceMs" | "deleteMissing"> & {
  contentOf?: ContentOf | undefined;
  /** Paths either walk saw and did not take (masked, skipped, not safe): left alone on both sides. */
  leftOut?: ((path: string) => boolean) | undefined;
  /** Local paths reached through a link to a folder: deleting one would delete in the folder the link leads to. */
  throughLink?: ((path: string) => boolean) | undefined;
  sinceLastSync?: RecordOfPair | undefined;
};

export interface SyncPlanRows {
  actions: SyncAction[];
  problems: SyncProblem[];
}

/**
 * A name as a disk that ignores case and how letters are encoded sees it: macOS keeps "ä" as "a" and
 * a combining mark (NFD) where a server may have the one letter (NFC), Windows and macOS ignore case.
 */
const folded = (name: string) => name.normalize("NFC").toLowerCase();

/** How many names of a folder fold to each folded name. */
function foldedCounts(names: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(folded(name), (counts.get(folded(name)) ?? 0) + 1);
  return counts;
}

/** Whether every folder under this one was listed: a folder with one that could not be is not deleted whole. */
function fullyListed(listings: FolderListings, folder: string): boolean {
  const pending = [folder];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    const entries = listings.get(path);
    if (!entries) return false;
    for (const entry of entries) if (entry.kind === "folder") pending.push(childPath(path, entry.name));
  }
  return true;
}

/** Files and bytes under a folder of one tree, as far as it was walked. */
export function folderTotals(listings: FolderListings, folder: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const pending = [folder];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    for (const entry of listings.get(path) ?? []) {
      if (entry.kind === "folder") pending.push(childPath(path, entry.name));
      else {
        files++;
        bytes += entry.size ?? 0;
      }
    }
  }
  return { files, bytes };
}

/** Files of one path on both sides with the same known size: those whose checksums can tell more. */
export function sameSizePairs(local: FolderListings, remote: FolderListings): { path: string; local: FileEntry; remote: FileEntry }[] {
  const pairs: { path: string; local: FileEntry; remote: FileEntry }[] = [];
  for (const [folder, entries] of local) {
    const there = new Map((remote.get(folder) ?? []).map((entry) => [entry.name, entry]));
    for (const entry of entries) {
      const other = there.get(entry.name);
      if (entry.kind === "file" && other?.kind === "file" && entry.size !== undefined && entry.size === other.size)
        pairs.push({ path: childPath(folder, entry.name), local: entry, remote: other });
    }
  }
  return pairs;
}

function sideOf(entry: FileEntry, listings: FolderListings, path: string): SyncSide {
  if (entry.kind === "folder") return { kind: "folder", files: folderTotals(listings, path).files };
  return { kind: entry.kind, size: entry.size, modified: entry.modified, timePrecision: entry.timePrecision };
}

/** What the newer, the older and the different-size file of a pair mean in each mode, for the side that receives. */
function transferFor(difference: Difference, toServer: boolean, mode: SyncOptions["mode"], byContent: boolean): string | undefined {
  const newer = toServer ? "local-newer" : "remote-newer";
  const older = toServer ? "remote-newer" : "local-newer";
  if (difference === newer) return "newer";
  if (difference === "size-differs") return byContent ? "content differs" : "size differs";
  if (difference === older && mode === "mirror") return "older";
  return undefined;
}

/**
 * Plans a synchronization: walks the two trees' listings from the compared folders down, and
 * gives the checklist's rows in path order. A folder missing on one side is one row (its files
 * counted in it), as in WinSCP; a file and a folder of one name are a problem, left alone.
 */
export function planSync(local: FolderListings, remote: FolderListings, options: PlanOptions): SyncPlanRows {
  const actions: SyncAction[] = [];
  const problems: SyncProblem[] = [];
  // The server's times come corrected for its time zone from the listing (`toUtcEntry`).
  const compare: CompareOptions = { criteria: options.criteria, toleranceMs: options.toleranceMs, remoteOffsetMs: 0 };
  const toServer = options.direction !== "local";
  const toLocal = options.direction !== "remote";
  const add = (kind: SyncActionKind, path: string, reason: string, sides: { local?: SyncSide; remote?: SyncSide }, bytes = 0) =>
    actions.push({ id: actions.length, kind, path, reason, ...sides, bytes });

  const onlyOneSide = (side: "local" | "remote", entry: FileEntry, path: string) => {
    if (options.mode === "timestamps") return;
    const listings = side === "local" ? local : remote;
    const facts = sideOf(entry, listings, path);
    const bytes = entry.kind === "folder" ? folderTotals(listings, path).bytes : (entry.size ?? 0);
    const isSource = side === "local" ? toServer : toLocal;
    if (!isSource && options.deleteMissing && entry.kind === "folder" && !fullyListed(listings, path)) {
      problems.push({ path, message: `${path} is not deleted: not everything in it could be listed.` });
      return;
    }
    if (!isSource && options.deleteMissing && side === "local" && options.throughLink?.(path)) {
      problems.push({
        path,
        message: `${path} is not deleted here: it is reached through a link, and deleting it would delete where the link leads.`,
      });
      return;
    }
    if (isSource) add(side === "local" ? "upload" : "download", path, "new", { [side]: facts }, bytes);
    else if (options.deleteMissing)
      add(side === "local" ? "delete-local" : "delete-remote", path, "missing on the source", { [side]: facts });
  };

  const pair = (localEntry: FileEntry, remoteEntry: FileEntry, path: string) => {
    const compared = compareEntries(localEntry, remoteEntry, compare);
    if (compared === "kind-differs") {
      problems.push({ path, message: `${path} is a file on one side and a folder on the other: left alone.` });
      return;
    }
    const content = options.contentOf?.(path);
    // Equal checksums are the same file, whatever the times say; other checksums are another file, whatever the record says.
    if (content === "same") return;
    const record =
      content === "differs" || (compared === "same" && options.criteria === "size")
        ? undefined
        : options.sinceLastSync?.(path, localEntry, remoteEntry);
    if (record === "unchanged") return;
    // By time, a side that changed since the last synchronization is the newer one, whatever the clocks say.
    let difference: Difference =
      options.criteria === "size" || record === undefined ? compared : record === "local-changed" ? "local-newer" : "remote-newer";
    // Other contents at the same time and size differ as files of another size do.
    const byContent = content === "differs" && difference === "same";
    if (byContent) difference = "size-differs";
    if (difference === "same") return;
    const sides = { local: sideOf(localEntry, local, path), remote: sideOf(remoteEntry, remote, path) };
    if (options.mode === "timestamps") {
      // Only files that differ by time alone get a time: a different size is a different file.
      const sameSize = localEntry.size === undefined || remoteEntry.size === undefined || localEntry.size === remoteEntry.size;
      if (difference !== "size-differs" && sameSize) add(toServer ? "set-remote-time" : "set-local-time", path, "time differs", sides);
      return;
    }
    if (options.direction === "both" && difference === "size-differs") {
      problems.push({
        path,
        message: `${path} differs in ${byContent ? "content" : "size"} but not in time, so neither side is newer: left alone.`,
      });
      return;
    }
    const upload = toServer ? transferFor(difference, true, options.mode, byContent) : undefined;
    const download = toLocal ? transferFor(difference, false, options.mode, byContent) : undefined;
    if (upload) add("upload", path, upload, sides, localEntry.size ?? 0);
    else if (download) add("download", path, download, sides, remoteEntry.size ?? 0);
  };

  const walk = (folder: string) => {
    const remoteByName = new Map((remote.get(folder) ?? []).map((entry) => [entry.name, entry]));
    const names = new Set([...(local.get(folder) ?? []).map((entry) => entry.name), ...remoteByName.keys()]);
    const localByName = new Map((local.get(folder) ?? []).map((entry) => [entry.name, entry]));
    const counts = foldedCounts(names);
    for (const name of [...names].sort()) {
      const path = childPath(folder, name);
      if (options.leftOut?.(path)) continue;
      const [l, r] = [localByName.get(name), remoteByName.get(name)];
      // On a disk that ignores case, "README.md" here and "Readme.md" there are one file, and so are "Präsentation" spelled
      // with "ä" and with "a" and a combining mark: copying one and deleting the other would lose it.
      if ((counts.get(folded(name)) ?? 0) > 1 && !(l && r)) {
        problems.push({
          path,
          message: `${path} differs from another name here only in upper and lower case or in how its letters are encoded: left alone.`,
        });
        continue;
      }
      if (l && r) {
        pair(l, r, path);
        // A folder one side could not list is left alone (the walk reported it): its files are not missing.
        if (l.kind === "folder" && r.kind === "folder" && local.has(path) && remote.has(path)) walk(path);
      } else if (l) onlyOneSide("local", l, path);
      else if (r) onlyOneSide("remote", r, path);
    }
  };
  walk("");
  return { actions, problems };
}
