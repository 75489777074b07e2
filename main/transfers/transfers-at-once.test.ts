import { describe, expect, it } from "vitest";
import { atOnceLimits, hasRoomFor, isBigFile, smallFileBytes } from "./transfers-at-once";

const preferences = { parallel: 2, smallFilesParallel: 8 };
const small = { kind: "file", size: smallFileBytes - 1 } as const;
const big = { kind: "file", size: smallFileBytes } as const;

describe("how many of a server's jobs run at once", () => {
  it("counts files of 1 MB or more, and files of unknown size, as big; deletions and times as quick", () => {
    expect(isBigFile(small)).toBe(false);
    expect(isBigFile(big)).toBe(true);
    expect(isBigFile({ kind: "file" })).toBe(true);
    expect(isBigFile({ kind: "delete-file" })).toBe(false);
    expect(isBigFile({ kind: "set-time" })).toBe(false);
  });

  it("runs up to the small-file number in all, of them up to the other number of big files", () => {
    const limits = atOnceLimits(preferences, undefined);
    expect(limits).toEqual({ all: 8, big: 2 });
    expect(hasRoomFor(limits, { all: 7, big: 1 }, small)).toBe(true);
    expect(hasRoomFor(limits, { all: 8, big: 0 }, small)).toBe(false);
    // Seven small files running leave a big one its turn: it waits only for big files.
    expect(hasRoomFor(limits, { all: 7, big: 0 }, big)).toBe(true);
    expect(hasRoomFor(limits, { all: 5, big: 2 }, big)).toBe(false);
    expect(hasRoomFor(limits, { all: 5, big: 2 })).toBe(true);
  });

  it("never gives small files fewer than big ones, and lets a saved site's own number hold for every job", () => {
    expect(atOnceLimits({ parallel: 6, smallFilesParallel: 3 }, undefined)).toEqual({ all: 6, big: 6 });
    expect(atOnceLimits(preferences, 3)).toEqual({ all: 3, big: 3 });
  });
});
