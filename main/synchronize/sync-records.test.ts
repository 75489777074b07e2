import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FileEntry } from "../../shared/domain";
import { SyncRecords } from "./sync-records";

const file = (modified: number, extra: Partial<FileEntry> = {}): FileEntry => ({
  name: "page.html",
  kind: "file",
  size: 7,
  modified,
  ...extra,
});

describe("the record of a synchronized pair", () => {
  it("still knows the server's file once its listing gives the day alone (LIST, after six months)", async () => {
    const records = new SyncRecords(join(await mkdtemp(join(tmpdir(), "ferry-records-")), "records.json"));
    const local = file(Date.parse("2026-01-10T12:34:56Z"));
    const listedThen = file(Date.parse("2026-01-10T12:34:00Z"), { timePrecision: "minute" });
    await records.record([{ key: "pair", local, remote: listedThen }]);
    const stands = await records.reader();

    expect(stands("pair", local, listedThen)).toBe("unchanged");
    expect(stands("pair", local, file(Date.parse("2026-01-10T00:00:00Z"), { timePrecision: "day" }))).toBe("unchanged");
    // Another day, or another size, is a change on the server.
    expect(stands("pair", local, file(Date.parse("2026-01-11T00:00:00Z"), { timePrecision: "day" }))).toBe("remote-changed");
    expect(stands("pair", local, file(Date.parse("2026-01-10T00:00:00Z"), { timePrecision: "day", size: 8 }))).toBe("remote-changed");
    // A time of day that is not the recorded one is a change too.
    expect(stands("pair", local, file(Date.parse("2026-01-10T12:35:00Z"), { timePrecision: "minute" }))).toBe("remote-changed");
  });

  it("takes a time moved by exactly one hour, size unchanged, for daylight saving time, on either side, and anything else for a change", async () => {
    const records = new SyncRecords(join(await mkdtemp(join(tmpdir(), "ferry-records-")), "records.json"));
    const hour = 3_600_000;
    const local = file(Date.parse("2026-03-20T12:34:56.789Z"));
    const listed = file(Date.parse("2026-03-20T12:40:00Z"), { timePrecision: "minute" });
    await records.record([{ key: "pair", local, remote: listed }]);
    const stands = await records.reader();
    const moved = (entry: FileEntry, by: number, extra: Partial<FileEntry> = {}) => ({
      ...entry,
      modified: (entry.modified ?? 0) + by,
      ...extra,
    });

    // A server listing in its local time once summer time starts, a FAT disk once it ends, or both at once.
    expect(stands("pair", local, moved(listed, hour))).toBe("unchanged");
    expect(stands("pair", moved(local, -hour), listed)).toBe("unchanged");
    expect(stands("pair", moved(local, hour), moved(listed, -hour))).toBe("unchanged");
    // Edited here meanwhile: the server's hour is no change, so this side is the newer one.
    expect(stands("pair", moved(local, 600_000, { size: 9 }), moved(listed, hour))).toBe("local-changed");
    // An hour and a minute, or an hour with another size, is an edit.
    expect(stands("pair", local, moved(listed, hour + 60_000))).toBe("remote-changed");
    expect(stands("pair", local, moved(listed, hour, { size: 8 }))).toBe("remote-changed");
    expect(stands("pair", moved(local, hour, { size: 8 }), listed)).toBe("local-changed");
    // Once the file is old, LIST gives its day alone, and that day's start moves by the hour too.
    const late = file(Date.parse("2026-03-20T23:30:00Z"), { timePrecision: "minute" });
    await records.record([{ key: "late", local, remote: late }]);
    const day = file(Date.parse("2026-03-19T23:00:00Z"), { timePrecision: "day" });
    expect((await records.reader())("late", local, day)).toBe("unchanged");
  });
});
