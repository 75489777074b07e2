import type { FileInfo } from "basic-ftp";
import { parseListDate } from "./parse-list-date";

/** Detected offsets are rounded to this: every time zone of the world is a whole number of quarter hours from UTC. */
const quarterHourMs = 15 * 60_000;
/** No time zone is further from UTC (Kiribati, UTC+14); a larger difference means the file changed between LIST and MDTM. */
const furthestZoneMs = 14 * 3_600_000;

/** The file of a listing whose MDTM tells the server's time zone, and the time LIST gave it (read as UTC). */
export interface DetectionCandidate {
  name: string;
  listTime: number;
}

/**
 * The first file of a LIST listing whose time has hours and minutes (a date with a year is too
 * coarse to tell a zone by), as FileZilla picks one; "utc" for an MLSD listing, whose times are
 * UTC already, so that there is nothing to detect; undefined when the listing has no such file.
 */
export function detectionCandidate(infos: readonly FileInfo[]): DetectionCandidate | "utc" | undefined {
  for (const info of infos) {
    if (info.modifiedAt) return "utc";
    if (!info.isFile) continue;
    const listed = parseListDate(info.rawModifiedAt);
    if (listed?.precision === "minute") return { name: info.name, listTime: listed.time };
  }
  return undefined;
}

/**
 * How far the server's LIST times run ahead of UTC, in milliseconds: the file's LIST time (its
 * digits read as UTC) less its MDTM (UTC by RFC 3659), rounded to the nearest quarter hour, so
 * that the seconds LIST leaves out do not count. Undefined when the server gave no MDTM, or for
 * a difference no time zone has.
 */
export function offsetFromMdtm(listTime: number, mdtmTime: number | undefined): number | undefined {
  if (mdtmTime === undefined || !Number.isFinite(mdtmTime)) return undefined;
  // + 0 turns a rounded −0 into 0.
  const offset = Math.round((listTime - mdtmTime) / quarterHourMs) * quarterHourMs + 0;
  return Math.abs(offset) <= furthestZoneMs ? offset : undefined;
}
