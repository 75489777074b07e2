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
});
