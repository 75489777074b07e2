import { describe, expect, it } from "vitest";
import { compareFolders, differsOn, type CompareOptions, type Difference } from "./compare-folders";
import type { FileEntry } from "./domain";

const at = (time: string) => Date.parse(`2026-03-04T${time}Z`);
const file = (name: string, set: Partial<FileEntry> = {}): FileEntry => ({
  name,
  kind: "file",
  size: 10,
  modified: at("14:02:37"),
  ...set,
});
const folder = (name: string): FileEntry => ({ name, kind: "folder", modified: at("09:00:00") });
const byTime: CompareOptions = { criteria: "time", toleranceMs: 1000, remoteOffsetMs: 0 };

function one(local: FileEntry, remote: FileEntry, options: Partial<CompareOptions> = {}): Difference | undefined {
  return compareFolders([local], [remote], { ...byTime, ...options }).get(local.name);
}

describe("compareFolders", () => {
  it("says which names are on one side only, folders too", () => {
    const result = compareFolders([file("a"), folder("docs")], [file("b"), folder("img")], byTime);
    expect(Object.fromEntries(result)).toEqual({ a: "only-local", docs: "only-local", b: "only-remote", img: "only-remote" });
  });

  it.each<[string, Partial<FileEntry>, Partial<FileEntry>, Partial<CompareOptions>, Difference]>([
    ["equal exact times", {}, {}, {}, "same"],
    ["times within the tolerance", { modified: at("14:02:37.900") }, { modified: at("14:02:37") }, {}, "same"],
    ["a local time past the tolerance", { modified: at("14:02:39") }, { modified: at("14:02:37") }, {}, "local-newer"],
    ["a remote time past the tolerance", {}, { modified: at("14:02:39") }, {}, "remote-newer"],
    ["a wider tolerance", {}, { modified: at("14:02:39") }, { toleranceMs: 5000 }, "same"],
    ["no tolerance", { modified: at("14:02:37.500") }, { modified: at("14:02:37") }, { toleranceMs: 0 }, "local-newer"],
    ["a LIST minute holding the local second", {}, { modified: at("14:02:00"), timePrecision: "minute" }, {}, "same"],
    ["a LIST minute before the local time", {}, { modified: at("14:01:00"), timePrecision: "minute" }, {}, "local-newer"],
    ["a LIST minute after the local time", {}, { modified: at("14:03:00"), timePrecision: "minute" }, {}, "remote-newer"],
    [
      "a minute's end within the tolerance",
      { modified: at("14:03:00.800") },
      { modified: at("14:02:00"), timePrecision: "minute" },
      {},
      "same",
    ],
    [
      "an MLSD second holding the local milliseconds",
      { modified: at("14:02:37.999") },
      { timePrecision: "second" },
      { toleranceMs: 0 },
      "same",
    ],
    ["an old file's LIST day", {}, { modified: at("00:00:00"), timePrecision: "day" }, {}, "same"],
    ["the LIST day before", {}, { modified: at("00:00:00") - 86_400_000, timePrecision: "day" }, {}, "local-newer"],
    ["a server two hours ahead, set off", {}, { modified: at("16:02:37") }, { remoteOffsetMs: -7_200_000 }, "same"],
    ["a server two hours ahead, not set off", {}, { modified: at("16:02:37") }, {}, "remote-newer"],
    ["the offset with a LIST minute", {}, { modified: at("16:02:00"), timePrecision: "minute" }, { remoteOffsetMs: -7_200_000 }, "same"],
    ["an unknown time", { modified: undefined }, { modified: at("18:00:00") }, {}, "same"],
  ])("by time: %s", (_, local, remote, options, expected) => {
    expect(one(file("a", local), file("a", remote), options)).toBe(expected);
  });

  it.each<[string, Partial<FileEntry>, Partial<FileEntry>, CompareOptions["criteria"], Difference]>([
    ["by size: another size", {}, { size: 11, modified: at("18:00:00") }, "size", "size-differs"],
    ["by size: the same size at another time", {}, { modified: at("18:00:00") }, "size", "same"],
    ["by size: an unknown size", { size: undefined }, { size: 11 }, "size", "same"],
    ["by time: the same time, another size", {}, { size: 11 }, "time", "same"],
    ["by both: the same time, another size", {}, { size: 11 }, "both", "size-differs"],
    ["by both: a newer time wins over the size", {}, { size: 11, modified: at("18:00:00") }, "both", "remote-newer"],
    ["by both: the same time and size", {}, {}, "both", "same"],
  ])("%s", (_, local, remote, criteria, expected) => {
    expect(one(file("a", local), file("a", remote), { criteria })).toBe(expected);
  });

  it("does not compare folders by what they hold, nor by their times", () => {
    expect(one(folder("docs"), { ...folder("docs"), modified: at("18:00:00") })).toBe("same");
  });

  it("tells a file from a folder of the same name, either way round", () => {
    expect(one(file("x"), folder("x"))).toBe("kind-differs");
    expect(one(folder("x"), file("x"))).toBe("kind-differs");
  });

  it("counts a link as a file", () => {
    expect(one({ name: "l", kind: "link", modified: at("14:02:37") }, file("l"))).toBe("same");
    expect(one({ name: "l", kind: "link" }, folder("l"))).toBe("kind-differs");
  });

  it("matches names case and all, as a server does", () => {
    const result = compareFolders([file("Read.me")], [file("READ.ME")], byTime);
    expect(Object.fromEntries(result)).toEqual({ "Read.me": "only-local", "READ.ME": "only-remote" });
  });
});

describe("differsOn", () => {
  it.each<[Difference, boolean, boolean]>([
    ["only-local", true, false],
    ["local-newer", true, false],
    ["only-remote", false, true],
    ["remote-newer", false, true],
    ["size-differs", true, true],
    ["kind-differs", true, true],
    ["same", false, false],
  ])("marks %s: local %s, remote %s", (difference, local, remote) => {
    expect([differsOn(difference, "local"), differsOn(difference, "remote")]).toEqual([local, remote]);
  });
});
