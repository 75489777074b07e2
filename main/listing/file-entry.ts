import { FileType, type FileInfo } from "basic-ftp";
import type { FileEntry } from "../../shared/domain";
import { parseListDate } from "./parse-list-date";

const kinds: Partial<Record<FileType, FileEntry["kind"]>> = {
  [FileType.Directory]: "folder",
  [FileType.SymbolicLink]: "link",
};

/**
 * A basic-ftp listing entry as Ferry's panes and transfers use it, a LIST time taken as listed
 * (as if the server printed UTC). One argument, so that `infos.map(toEntry)` is safe.
 */
export function toEntry(info: FileInfo): FileEntry {
  return toUtcEntry(info, 0);
}

/**
 * The entry with the server's time zone taken off a LIST time: `listOffsetMs` is how far the
 * server's LIST times run ahead of UTC (its session's offset), so that the entry holds the true
 * time. MLSD's times are UTC already and keep theirs.
 */
export function toUtcEntry(info: FileInfo, listOffsetMs: number): FileEntry {
  // MLSD's facts are read into a Date (seconds, UTC); a LIST line's date is left as text.
  const listed = info.modifiedAt ? undefined : parseListDate(info.rawModifiedAt);
  const time = info.modifiedAt
    ? { time: info.modifiedAt.getTime(), precision: "second" as const }
    : listed && { time: listed.time - listOffsetMs, precision: listed.precision };
  const kind = kinds[info.type] ?? "file";
  return {
    name: info.name,
    kind,
    ...(kind === "file" ? { size: info.size } : {}),
    ...(time ? { modified: time.time, timePrecision: time.precision } : {}),
    ...(info.permissions ? { permissions: permissionString(info.permissions) } : {}),
    ...(info.user ? { owner: info.user } : {}),
    ...(info.group ? { group: info.group } : {}),
  };
}

function permissionString(p: NonNullable<FileInfo["permissions"]>): string {
  const triple = (bits: number) => `${bits & 4 ? "r" : "-"}${bits & 2 ? "w" : "-"}${bits & 1 ? "x" : "-"}`;
  return triple(p.user) + triple(p.group) + triple(p.world);
}
