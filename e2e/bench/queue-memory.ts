/**
 * The main side's memory with a million jobs in the queue: the queue's own parts (the batch
 * intake, the scheduler with its tally, the change feed, the saved queue) take a walk's worth
 * of planned files in chunks, as `TransferQueue.add` does, and the saved queue writes them
 * out. Prints RSS and heap after a full collection, and the longest event-loop delay while
 * planning and while saving, and how long the queue panel's windows take to answer. Run with
 * `node --expose-gc` (the bench does); `count` is argv[2].
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { z } from "zod";
import { queueViews, type QueueSummary } from "../../shared/transfer";
import { BatchIntake } from "../../main/transfers/batch-intake";
import { BatchJobMaker } from "../../main/transfers/batch-jobs";
import { ChangeFeed } from "../../main/transfers/change-feed";
import { JobScheduler } from "../../main/transfers/job-scheduler";
import { SavedQueue } from "../../main/transfers/saved-queue";

export const QueueMemorySchema = z.object({
  jobs: z.number(),
  rssBytes: z.number(),
  heapBytes: z.number(),
  savedFileBytes: z.number(),
  longestPlanningTaskMs: z.number(),
  longestSavingTaskMs: z.number(),
  /** The slowest of a few windows of 100 rows the queue panel asks for (the ends of each view), with jobs of every status spread over the queue. */
  slowestWindowMs: z.number(),
});
export type QueueMemory = z.infer<typeof QueueMemorySchema>;

const collect = () => (globalThis as { gc?: () => void }).gc?.();

async function measure(count: number): Promise<QueueMemory> {
  const folder = await mkdtemp(join(tmpdir(), "ferry-queue-memory-"));
  try {
    let sent = 0;
    const feed = new ChangeFeed({ emit: () => sent++, summary: (): QueueSummary => scheduler.summary(), batchMs: 200 });
    const scheduler = new JobScheduler(feed);
    const saved = new SavedQueue(join(folder, "transfer-queue.json"), () => scheduler.all());
    const maker = new BatchJobMaker({ direction: "upload", move: false, site: "user@127.0.0.1:21" });
    const intake = new BatchIntake(maker, (jobs) => {
      scheduler.append(jobs);
      saved.save();
    });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const perFolder = 1000;
    for (let f = 0; f < count / perFolder; f++) {
      const source = `/home/user/projects/website/assets/folder-${f}`;
      const target = `/var/www/html/assets/folder-${f}`;
      for (let i = 0; i < perFolder; i++) {
        const name = `image-${i}.png`;
        await intake.sink({
          kind: "file",
          source: `${source}/${name}`,
          target: `${target}/${name}`,
          size: 20_000 + i,
          modified: 1.7e12 + i * 1000.5,
          fresh: true,
        });
      }
    }
    intake.flush();
    const longestPlanningTaskMs = delay.max / 1e6;
    delay.reset();
    await saved.close();
    const longestSavingTaskMs = delay.max / 1e6;
    delay.disable();
    // Every 7th job done, every 11th failed, a few running: then the ends of each view.
    const jobs = scheduler.all();
    jobs.forEach((job, i) => {
      if (i % 7 === 0) scheduler.update(job, { status: "done" });
      else if (i % 11 === 3) scheduler.update(job, { status: "failed" });
      else if (i % 100_000 === 1) scheduler.update(job, { status: "running" });
    });
    let slowestWindowMs = 0;
    for (const view of queueViews) {
      const total = scheduler.window(view, 0, 0).total;
      for (const from of [0, Math.floor(total / 2), total - 100]) {
        const started = performance.now();
        scheduler.window(view, from, 100);
        slowestWindowMs = Math.max(slowestWindowMs, performance.now() - started);
      }
    }
    feed.close();
    collect();
    const memory = process.memoryUsage();
    const savedFileBytes = (await stat(join(folder, "transfer-queue.json"))).size;
    return {
      jobs: scheduler.all().length,
      rssBytes: memory.rss,
      heapBytes: memory.heapUsed,
      savedFileBytes,
      longestPlanningTaskMs,
      longestSavingTaskMs,
      slowestWindowMs,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

if (process.argv[1]?.includes("queue-memory")) {
  const result = await measure(Number(process.argv[2] ?? 1_000_000));
  console.log(JSON.stringify(result));
}
