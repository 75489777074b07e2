/**
 * WinSCP's "Compare directories": which entries of two folders differ, by time, size or both.
 * Pure, so that the panes mark with it now and a synchronize service can plan with it later.
 */
import { z } from "zod";
import type { FileEntry, TimePrecision } from "./domain";

/** What makes two files with the same name differ: WinSCP's comparison criteria. */
export const compareCriteria = ["time", "size", "both"] as const;
export const CompareCriteriaSchema = z.enum(compareCriteria);
export type CompareCriteria = z.infer<typeof CompareCriteriaSchema>;

export const compareCriteriaLabels: Record<CompareCriteria, string> = {
  time: "Modification time",
  size: "File size",
  both: "Time, then size",
};

/** Times this close count as equal, as WinSCP's default: file systems and servers round differently. */
export const defaultToleranceMs = 1000;
export const maxToleranceMs = 24 * 3_600_000;
export const ToleranceMsSchema = z.number().int().min(0).max(maxToleranceMs);

export interface CompareOptions {
  criteria: CompareCriteria;
  /** Times at most this far apart are the same time. */
  toleranceMs: number;
  /**
   * Added to the remote times before comparing, for remote entries read with their LIST times
   * as listed (Synchronize's walks): minus the session's server time offset. The panes' entries
   * come from main with the offset already taken off: they pass 0.
   */
  remoteOffsetMs: number;
}

/**
 * How a name compares: on one side only; newer on one side; the same time but another size
 * (or, by size alone, another size); a file on one side and a folder on the other; or the same.
 */
export type Difference = "only-local" | "only-remote" | "local-newer" | "remote-newer" | "size-differs" | "kind-differs" | "same";

/** Where a difference is marked: in the pane whose entry a copy would take, or in both when neither is plainly newer. */
export function differsOn(difference: Difference, side: "local" | "remote"): boolean {
  switch (difference) {
    case "only-local":
    case "local-newer":
      return side === "local";
    case "only-remote":
    case "remote-newer":
      return side === "remote";
    case "size-differs":
    case "kind-differs":
      return true;
    case "same":
      return false;
  }
}

/** An entry as compared: its name is matched before. */
type Compared = Omit<FileEntry, "name">;

const precisionMs: Record<TimePrecision, number> = { second: 1000, minute: 60_000, day: 86_400_000 };

/** The span a listed time stands for: "14:02" is any moment from 14:02:00 to 14:03:00. */
function span(time: number, precision: TimePrecision | undefined): [number, number] {
  return [time, time + (precision ? precisionMs[precision] : 0)];
}

/** Which side is newer by time, or "same" when the spans come within the tolerance (or a time is not known). */
function byTime(local: Compared, remote: Compared, options: CompareOptions): Difference {
  if (local.modified === undefined || remote.modified === undefined) return "same";
  const [localFrom, localTo] = span(local.modified, local.timePrecision);
  const [remoteFrom, remoteTo] = span(remote.modified + options.remoteOffsetMs, remote.timePrecision);
  if (localFrom - remoteTo > options.toleranceMs) return "local-newer";
  if (remoteFrom - localTo > options.toleranceMs) return "remote-newer";
  return "same";
}

function bySize(local: Compared, remote: Compared): Difference {
  return local.size !== undefined && remote.size !== undefined && local.size !== remote.size ? "size-differs" : "same";
}

/** A link counts as a file, as it does for masks and transfers: what it points to is not listed. */
const isFolder = (entry: Compared) => entry.kind === "folder";

/** How one local entry compares with the server's entry of the same name. */
export function compareEntries(local: Compared, remote: Compared, options: CompareOptions): Difference {
  if (isFolder(local) !== isFolder(remote)) return "kind-differs";
  // Folders are not compared by what they hold, as in WinSCP's Compare directories.
  if (isFolder(local)) return "same";
  if (options.criteria === "size") return bySize(local, remote);
  const time = byTime(local, remote, options);
  // By both, time decides and size only tells files of the same time apart (WinSCP's rule).
  return options.criteria === "both" && time === "same" ? bySize(local, remote) : time;
}

/**
 * How each name in either folder compares. Names match exactly, case and all: a server's names are
 * case-sensitive, so "Read.me" and "READ.ME" are two files there, and each is missing on the other side.
 */
export function compareFolders(
  local: readonly FileEntry[],
  remote: readonly FileEntry[],
  options: CompareOptions,
): Map<string, Difference> {
  const remoteByName = new Map(remote.map((entry) => [entry.name, entry]));
  const result = new Map<string, Difference>();
  for (const entry of local) {
    const counterpart = remoteByName.get(entry.name);
    result.set(entry.name, counterpart ? compareEntries(entry, counterpart, options) : "only-local");
  }
  for (const entry of remote) if (!result.has(entry.name)) result.set(entry.name, "only-remote");
  return result;
}
