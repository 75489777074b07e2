import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EventMessage } from "../../shared/contract";
import { maxChangedJobs, type QueueSummary } from "../../shared/transfer";
import { jobsOfPlan } from "./batch-jobs";
import { ChangeFeed } from "./change-feed";

const files = (count: number) => ({
  files: Array.from({ length: count }, (_, i) => ({ source: `/srv/${i}`, target: `/home/${i}`, size: 100 })),
  sourceFolders: [],
  skipped: [],
});

function feedOf(summary: QueueSummary) {
  const messages: EventMessage[] = [];
  const progress: [number | undefined, boolean][] = [];
  let idle = 0;
  let done = 0;
  const totals = { current: summary };
  const feed = new ChangeFeed({
    emit: (message) => messages.push(message),
    summary: () => totals.current,
    onProgress: (fraction, finished) => progress.push([fraction, finished]),
    onIdle: () => idle++,
    onDone: () => done++,
    batchMs: 100,
  });
  const payloads = () => messages.flatMap((message) => (message.channel === "transfers.changed" ? [message.payload] : []));
  return { feed, messages, payloads, progress, totals, idle: () => idle, done: () => done };
}

const counts = { queued: 0, running: 1, paused: 0, done: 1, failed: 0, skipped: 0, cancelled: 0 };
const busy: QueueSummary = { total: 2, active: 1, counts, bytesTotal: 200, bytesDone: 50, speed: 10, unsettledBySite: { one: 1 } };
const idle: QueueSummary = {
  ...busy,
  active: 0,
  counts: { ...counts, running: 0, done: 2 },
  bytesDone: 200,
  speed: 0,
  unsettledBySite: {},
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the change feed", () => {
  it("sends a burst of changes as one message, each job once as it is at the moment of sending, with a revision", () => {
    const { feed, messages } = feedOf(busy);
    const [first, second] = jobsOfPlan(files(2), "download", false, "one").jobs;
    if (!first || !second) throw new Error("no jobs");
    for (let bytes = 1; bytes <= 50; bytes++) {
      first.transferred = bytes;
      feed.changed(first);
    }
    feed.changed(second);
    expect(messages).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      channel: "transfers.changed",
      payload: { revision: 1, jobs: [{ id: first.id, transferred: 50 }, { id: second.id }], summary: busy },
    });
    // What was sent is a copy: later changes do not reach into it.
    first.transferred = 99;
    expect(messages[0]).toMatchObject({ payload: { jobs: [{ transferred: 50 }, {}] } });
    vi.advanceTimersByTime(1000);
    expect(messages).toHaveLength(1);
  });

  it("sends no jobs, only the totals, when a walk adds twelve thousand: the renderer fetches the rows it shows", () => {
    const { feed, payloads } = feedOf(busy);
    const { jobs } = jobsOfPlan(files(12_000), "download", false, "one");
    const [first] = jobs;
    if (!first) throw new Error("no jobs");
    feed.changed(first);
    feed.added(jobs);
    feed.changed(first);
    vi.advanceTimersByTime(1000);
    expect(payloads()).toEqual([{ revision: 1, summary: busy }]);
  });

  it("sends no jobs when more than a message's worth changed, nor after jobs were removed or moved", () => {
    const { feed, payloads } = feedOf(busy);
    const { jobs } = jobsOfPlan(files(maxChangedJobs + 1), "download", false, "one");
    for (const job of jobs) feed.changed(job);
    vi.advanceTimersByTime(100);
    const [job] = jobs;
    if (!job) throw new Error("no jobs");
    feed.changed(job);
    feed.reordered();
    vi.advanceTimersByTime(100);
    feed.changed(job);
    vi.advanceTimersByTime(100);
    expect(payloads().map((payload) => payload.jobs?.length)).toEqual([undefined, undefined, 1]);
    expect(payloads().map((payload) => payload.revision)).toEqual([1, 2, 3]);
  });

  it("gives the taskbar the share of bytes done while busy, and says once when a busy queue finished", () => {
    const { feed, progress, totals, idle: idleCalls, done } = feedOf(busy);
    const [job] = jobsOfPlan(files(1), "download", false, "one").jobs;
    if (!job) throw new Error("no job");
    feed.changed(job);
    vi.advanceTimersByTime(100);
    totals.current = idle;
    feed.changed(job);
    vi.advanceTimersByTime(100);
    feed.changed(job);
    vi.advanceTimersByTime(100);
    expect(progress).toEqual([
      [0.25, false],
      [undefined, true],
      [undefined, false],
    ]);
    expect(idleCalls()).toBe(2);
    expect(done()).toBe(1);
  });

  it("sends nothing after it is closed", () => {
    const { feed, messages } = feedOf(busy);
    const [job] = jobsOfPlan(files(1), "download", false, "one").jobs;
    if (!job) throw new Error("no job");
    feed.changed(job);
    feed.close();
    vi.advanceTimersByTime(1000);
    expect(messages).toEqual([]);
  });
});
