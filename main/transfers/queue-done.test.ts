import { describe, expect, it } from "vitest";
import { defaultTransferPreferences, type QueueSummary, type TransferPreferences } from "../../shared/transfer";
import type { NoticeText } from "../storage/json-store";
import { queueDoneHandler } from "./queue-done";

const summary: QueueSummary = {
  total: 60,
  active: 0,
  counts: { queued: 0, running: 0, paused: 0, done: 57, failed: 3, skipped: 0, cancelled: 0 },
  bytesTotal: 600,
  bytesDone: 570,
  speed: 0,
  unsettledBySite: {},
};

function handlerWith(whenQueueDone: TransferPreferences["whenQueueDone"]) {
  const notices: NoticeText[] = [];
  const disconnected: string[][] = [];
  const handle = queueDoneHandler({
    preferences: async () => ({ ...defaultTransferPreferences, whenQueueDone }),
    notify: (notice) => notices.push(notice),
    disconnect: (sites) => disconnected.push([...sites]),
  });
  return { handle, notices, disconnected };
}

describe("when the queue is done", () => {
  it("does nothing by default", async () => {
    const { handle, notices, disconnected } = handlerWith(defaultTransferPreferences.whenQueueDone);
    await handle(summary, ["ann@127.0.0.1:21"]);
    expect([notices, disconnected]).toEqual([[], []]);
  });

  it("notifies with how the queue ended", async () => {
    const { handle, notices, disconnected } = handlerWith("notify");
    await handle(summary, ["ann@127.0.0.1:21"]);
    expect(notices).toEqual([{ text: "The transfer queue has nothing left to run: 57 done, 3 failed." }]);
    expect(disconnected).toEqual([]);
  });

  it("disconnects the sites it used", async () => {
    const { handle, notices, disconnected } = handlerWith("disconnect");
    await handle(summary, ["ann@127.0.0.1:21", "bob@127.0.0.1:2121"]);
    expect(disconnected).toEqual([["ann@127.0.0.1:21", "bob@127.0.0.1:2121"]]);
    expect(notices).toEqual([]);
  });
});
