import { describe, expect, it } from "vitest";
import * as mlsd from "basic-ftp/dist/parseListMLSD.js";
import * as unix from "basic-ftp/dist/parseListUnix.js";
import { detectionCandidate, offsetFromMdtm } from "./list-time-zone";
import { parseListDate } from "./parse-list-date";

const hour = 3_600_000;
const minute = 60_000;
const at = (time: string) => Date.parse(`2026-11-30T${time}Z`);

/** Lines as a server sends them, through basic-ftp's own parsers. */
const listed = (...lines: string[]) => lines.map((line) => unix.parseLine(line)).filter((info) => info !== undefined);

describe("detectionCandidate", () => {
  it("picks the first file whose LIST time has hours and minutes, past folders and old files", () => {
    const infos = listed(
      "drwxr-xr-x    2 1001     1001         4096 Nov 30 21:40 docs",
      "-rw-r--r--    1 1001     1001            3 Jan 15  2024 old.txt",
      "-rw-r--r--    1 1001     1001            3 Nov 30 21:40 new.txt",
      "-rw-r--r--    1 1001     1001            3 Nov 29 08:00 later.txt",
    );
    expect(detectionCandidate(infos)).toEqual({ name: "new.txt", listTime: parseListDate("Nov 30 21:40")?.time });
  });

  it("has nothing to detect on an MLSD listing: its times are UTC already", () => {
    const infos = [
      mlsd.parseLine("type=dir;modify=20261130124000; docs"),
      mlsd.parseLine("type=file;size=3;modify=20261130124045; new.txt"),
    ].filter((info) => info !== undefined);
    expect(detectionCandidate(infos)).toBe("utc");
  });

  it("waits for another listing where this one has no file with a time of day", () => {
    expect(detectionCandidate([])).toBeUndefined();
    expect(
      detectionCandidate(listed("drwxr-xr-x 2 1001 1001 4096 Nov 30 21:40 docs", "-rw-r--r-- 1 1001 1001 3 Jan 15  2024 old.txt")),
    ).toBeUndefined();
  });
});

describe("offsetFromMdtm", () => {
  it("is the LIST time less the MDTM time: a server in Tokyo lists 9 hours ahead", () => {
    // LIST leaves the seconds out: 21:40 for a file written at 12:40:45 UTC.
    expect(offsetFromMdtm(at("21:40:00"), at("12:40:45"))).toBe(9 * hour);
  });

  it("rounds to the nearest quarter hour, west of UTC and at half hours too", () => {
    expect(offsetFromMdtm(at("09:00:00"), at("12:30:59"))).toBe(-3.5 * hour);
    expect(offsetFromMdtm(at("18:25:00"), at("12:40:10"))).toBe(5.75 * hour);
    expect(offsetFromMdtm(at("12:47:00"), at("12:40:00"))).toBe(0);
    expect(offsetFromMdtm(at("12:48:00"), at("12:40:00"))).toBe(15 * minute);
  });

  it("is 0 for a server that lists in UTC", () => {
    expect(offsetFromMdtm(at("12:40:00"), at("12:40:45"))).toBe(0);
  });

  it("detects nothing without MDTM, from an MDTM that is no date, or for a difference no time zone has", () => {
    expect(offsetFromMdtm(at("21:40:00"), undefined)).toBeUndefined();
    expect(offsetFromMdtm(at("21:40:00"), Number.NaN)).toBeUndefined();
    expect(offsetFromMdtm(at("21:40:00"), at("21:40:00") - 15 * hour)).toBeUndefined();
    expect(offsetFromMdtm(at("21:40:00"), at("21:40:00") + 14 * hour)).toBe(-14 * hour);
  });
});
