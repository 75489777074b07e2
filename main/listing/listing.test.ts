import { FileInfo, FileType } from "basic-ftp";
import { describe, expect, it } from "vitest";
import { toEntry, toUtcEntry } from "./file-entry";
import { parseListDate } from "./parse-list-date";
import { isSafeName } from "../../shared/files";

describe("isSafeName", () => {
  it("accepts ordinary names, spaces, unicode and leading dots", () => {
    for (const name of ["index.html", "notes 2024.md", "Über ñ.txt", ".htaccess", "...", "a b"]) expect(isSafeName(name), name).toBe(true);
  });
  it("rejects names that climb out, contain separators, NUL or line breaks", () => {
    for (const name of ["", ".", "..", "../etc", "a/b", "/", "a\\b", "nul\0", "evil\r\nDELE x", "line\nbreak"])
      expect(isSafeName(name), JSON.stringify(name)).toBe(false);
  });
});

describe("parseListDate", () => {
  const now = new Date(Date.UTC(2026, 10, 23, 12, 0));
  it("reads dates with a year", () => {
    expect(parseListDate("Nov 23  2025", now)).toEqual({ time: Date.UTC(2025, 10, 23), precision: "day" });
  });
  it("puts dates without a year in the last twelve months", () => {
    expect(parseListDate("Nov 23 09:15", now)).toEqual({ time: Date.UTC(2026, 10, 23, 9, 15), precision: "minute" });
    expect(parseListDate("Dec 24 18:00", now)).toEqual({ time: Date.UTC(2025, 11, 24, 18, 0), precision: "minute" });
  });
  it("gives up on text it does not know", () => {
    expect(parseListDate("yesterday", now)).toBeUndefined();
    expect(parseListDate("Foo 12 2020", now)).toBeUndefined();
  });
});

describe("toEntry", () => {
  const info = (set: Partial<FileInfo>) => Object.assign(new FileInfo("a.txt"), { type: FileType.File, size: 3 }, set);
  it("says a time from MLSD is known to the second", () => {
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(toEntry(info({ modifiedAt: at }))).toMatchObject({ modified: at.getTime(), timePrecision: "second" });
  });
  it("says a time from a Unix LIST line is known to the minute, or to the day for an old file", () => {
    expect(toEntry(info({ rawModifiedAt: "Nov 23 09:15" })).timePrecision).toBe("minute");
    expect(toEntry(info({ rawModifiedAt: "Nov 23  2020" })).timePrecision).toBe("day");
  });
  it("takes the server's time zone off a LIST time, and leaves an MLSD time (UTC already) as it is", () => {
    const tokyo = 9 * 3_600_000;
    const listed = parseListDate("Nov 23  2020")?.time ?? Number.NaN;
    expect(toUtcEntry(info({ rawModifiedAt: "Nov 23  2020" }), tokyo)).toMatchObject({ modified: listed - tokyo, timePrecision: "day" });
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(toUtcEntry(info({ modifiedAt: at, rawModifiedAt: at.toISOString() }), tokyo).modified).toBe(at.getTime());
  });
  it("has neither time nor precision where the listing gives no date it can read", () => {
    expect(toEntry(info({ rawModifiedAt: "yesterday" }))).toEqual({ name: "a.txt", kind: "file", size: 3 });
  });
});
