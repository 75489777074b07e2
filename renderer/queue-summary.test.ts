import { describe, expect, it } from "vitest";
import type { QueueSummary } from "../shared/transfer";
import { speedLimitText, summaryText } from "./queue-summary";

const none = { queued: 0, running: 0, paused: 0, done: 0, failed: 0, skipped: 0, cancelled: 0 };
const MB = 1_000_000;

function summary(
  counts: Partial<QueueSummary["counts"]>,
  bytes: Partial<Pick<QueueSummary, "bytesTotal" | "bytesDone" | "speed">> = {},
): QueueSummary {
  const all = { ...none, ...counts };
  const total = Object.values(all).reduce((sum, count) => sum + count, 0);
  return {
    total,
    active: all.queued + all.running,
    counts: all,
    bytesTotal: 0,
    bytesDone: 0,
    speed: 0,
    unsettledBySite: {},
    ...bytes,
  };
}

describe("the queue summary", () => {
  it("says what runs, waits, is paused and failed, with the bytes of the whole batch, the speed and the time left", () => {
    const text = summaryText(
      summary({ running: 2, queued: 40, paused: 1, failed: 3, done: 10 }, { bytesTotal: 3000 * MB, bytesDone: 829 * MB, speed: 168 * MB }),
    );
    expect(text).toBe("2 running, 40 waiting, 1 paused, 3 failed — 829 MB of 3.0 GB (27 %), 168 MB/s, 0:13 left");
  });

  it("never rounds a batch up to 100 % before it is done, and leaves out the speed while nothing flows", () => {
    expect(summaryText(summary({ running: 1, done: 999 }, { bytesTotal: 1000, bytesDone: 999 }))).toBe(
      "1 running — 999 B of 1.0 KB (99 %)",
    );
  });

  it("says Finished with each outcome once nothing is left to run", () => {
    expect(summaryText(summary({ done: 57, failed: 3 }))).toBe("Finished: 57 done, 3 failed");
    expect(summaryText(summary({ done: 4, cancelled: 1, skipped: 2 }))).toBe("Finished: 4 done, 1 cancelled, 2 skipped");
  });

  it("never calls a queue with paused jobs finished", () => {
    expect(summaryText(summary({ paused: 2, done: 5 }))).toBe("Nothing running: 2 paused, 5 done");
    expect(summaryText(summary({ paused: 1 }))).toBe("Nothing running: 1 paused");
  });

  it("says there are no transfers in an empty queue", () => {
    expect(summaryText(summary({}))).toBe("No transfers");
  });
});

describe("speedLimitText", () => {
  it("names the limits that are on, in the sizes the panes use", () => {
    expect(speedLimitText({ downloadLimit: 0, uploadLimit: 0 })).toBe("");
    expect(speedLimitText({ downloadLimit: 400, uploadLimit: 0 })).toBe("Speed limit: 400 KB/s down");
    expect(speedLimitText({ downloadLimit: 0, uploadLimit: 1500 })).toBe("Speed limit: 1.5 MB/s up");
    expect(speedLimitText({ downloadLimit: 50, uploadLimit: 2000 })).toBe("Speed limit: 50 KB/s down, 2.0 MB/s up");
  });
});
