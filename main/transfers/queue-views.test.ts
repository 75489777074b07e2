import { describe, expect, it } from "vitest";
import { transferStatuses, viewOf, type QueueView, type TransferJob, type TransferStatus } from "../../shared/transfer";
import { jobsOfPlan } from "./batch-jobs";
import { JobScheduler } from "./job-scheduler";

const quiet = { added: () => undefined, changed: () => undefined, reordered: () => undefined };

function schedulerWith(count: number): JobScheduler {
  const scheduler = new JobScheduler(quiet);
  const files = Array.from({ length: count }, (_, i) => ({ source: `/srv/f-${i}`, target: `/home/f-${i}`, size: 10 }));
  scheduler.append(jobsOfPlan({ files, sourceFolders: [], skipped: [] }, "download", false, "one").jobs);
  return scheduler;
}

/** The view as the user expects it, worked out the slow way: running first, then the rest of the view, in queue order. */
function expected(jobs: readonly TransferJob[], view: QueueView): string[] {
  const inView = jobs.filter((job) => viewOf(job.status) === view);
  return [...inView.filter((job) => job.status === "running"), ...inView.filter((job) => job.status !== "running")].map((job) => job.id);
}

const ids = (jobs: readonly TransferJob[]) => jobs.map((job) => job.id);

/** A small, repeatable stream of numbers. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state;
  };
}

describe("the queue views", () => {
  it("show Queued (running first, then waiting and paused), Failed (failed, cancelled, skipped) and Done, in queue order", () => {
    const scheduler = schedulerWith(6);
    const [a, b, c, d, e, f] = scheduler.all();
    if (!a || !b || !c || !d || !e || !f) throw new Error("no jobs");
    scheduler.update(a, { status: "done" });
    scheduler.update(b, { status: "failed", message: "The server refused it." });
    scheduler.update(c, { status: "paused" });
    scheduler.update(e, { status: "running" });
    scheduler.update(f, { status: "cancelled" });
    expect(scheduler.window("queued", 0, 10)).toEqual({ jobs: [e, c, d], total: 3 });
    expect(scheduler.window("failed", 0, 10)).toEqual({ jobs: [b, f], total: 2 });
    expect(scheduler.window("done", 0, 10)).toEqual({ jobs: [a], total: 1 });
    expect(scheduler.window("queued", 1, 1).jobs).toEqual([c]);
  });

  it("give any window of any view as the slow way does, through status changes, moves and Remove finished over several thousand jobs", () => {
    const scheduler = schedulerWith(5000);
    const next = numbers(7);
    const check = () => {
      for (const view of ["queued", "failed", "done"] as const) {
        const all = expected(scheduler.all(), view);
        expect(scheduler.window(view, 0, 0).total).toBe(all.length);
        for (let round = 0; round < 5; round++) {
          const from = next() % (all.length + 3);
          const count = 1 + (next() % 600);
          expect(ids(scheduler.window(view, from, count).jobs)).toEqual(all.slice(from, from + count));
        }
      }
    };
    for (let step = 0; step < 3000; step++) {
      const job = scheduler.all()[next() % scheduler.all().length];
      const status: TransferStatus = transferStatuses[next() % transferStatuses.length] ?? "queued";
      if (job) scheduler.update(job, { status });
    }
    check();
    const some = scheduler.all().filter((_, i) => i % 97 === 0);
    scheduler.move(ids(some), 1);
    scheduler.move(ids(some.slice(0, 10)), -1);
    check();
    scheduler.removeFinished();
    expect(scheduler.window("done", 0, 10)).toEqual({ jobs: [], total: 0 });
    check();
  });
});
