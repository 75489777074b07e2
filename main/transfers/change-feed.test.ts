import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EventMessage } from "../../shared/contract";
import type { QueueSummary } from "../../shared/transfer";
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
  const totals = { current: summary };
  const feed = new ChangeFeed({
    emit: (message) => messages.push(message),
    summary: () => totals.current,
    onProgress: (fraction, finished) => progress.push([fraction, finished]),
    onIdle: () => idle++,
    batchMs: 100,
  });
  return { feed, messages, progress, totals, idle: () => idle };
}

const busy: QueueSummary = { total: 2, active: 1, bytesTotal: 200, bytesDone: 50, speed: 10 };
const idle: QueueSummary = { total: 2, active: 0, bytesTotal: 0, bytesDone: 0, speed: 0 };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the change feed", () => {
  it("sends a burst of changes as one message, each job once as it is at the moment of sending", () => {
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
      payload: { jobs: [{ id: first.id, transferred: 50 }, { id: second.id }], removed: [], summary: busy },
    });
    // What was sent is a copy: later changes do not reach into it.
    first.transferred = 99;
    expect(messages[0]).toMatchObject({ payload: { jobs: [{ transferred: 50 }, {}] } });
    vi.advanceTimersByTime(1000);
    expect(messages).toHaveLength(1);
  });

  it("sends a walk's twelve thousand new jobs in pages, each job once and in order", () => {
    const { feed, messages } = feedOf(busy);
    const { jobs } = jobsOfPlan(files(12_000), "download", false, "one");
    for (const job of jobs) feed.changed(job);
    vi.advanceTimersByTime(100);
    expect(messages).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(messages).toHaveLength(3);
    const sent = messages.flatMap((message) => (message.channel === "transfers.changed" ? message.payload.jobs.map((job) => job.id) : []));
    expect(messages.map((message) => (message.channel === "transfers.changed" ? message.payload.jobs.length : 0))).toEqual([
      5000, 5000, 2000,
    ]);
    expect(sent).toEqual(jobs.map((job) => job.id));
  });

  it("sends a walk's added jobs in pages and in order, each once, and never one removed before it was sent", () => {
    const { feed, messages } = feedOf(busy);
    const { jobs } = jobsOfPlan(files(12_000), "download", false, "one");
    feed.added(jobs.slice(0, 7000));
    feed.added(jobs.slice(7000));
    const [first] = jobs;
    const gone = jobs[9000];
    if (!first || !gone) throw new Error("no jobs");
    feed.changed(first);
    feed.removed(gone.id);
    vi.advanceTimersByTime(1100);
    const payloads = messages.flatMap((message) => (message.channel === "transfers.changed" ? [message.payload] : []));
    expect(payloads.map((payload) => payload.jobs.length)).toEqual([5000, 5000, 1999]);
    expect(payloads.flatMap((payload) => payload.jobs.map((job) => job.id))).toEqual(
      jobs.filter((job) => job !== gone).map((job) => job.id),
    );
    expect(payloads[0]?.removed).toEqual([gone.id]);
  });

  it("names a removed job among the removed only, even when it changed just before", () => {
    const { feed, messages } = feedOf(idle);
    const [job] = jobsOfPlan(files(1), "download", false, "one").jobs;
    if (!job) throw new Error("no job");
    feed.changed(job);
    feed.removed(job.id);
    vi.advanceTimersByTime(100);
    expect(messages[0]).toMatchObject({ payload: { jobs: [], removed: [job.id] } });
  });

  it("gives the taskbar the share of bytes done while busy, and says once when a busy queue finished", () => {
    const { feed, progress, totals, idle: idleCalls } = feedOf(busy);
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
