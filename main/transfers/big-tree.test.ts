import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { transferQueueHarness } from "../../test-support/transfer-queue-harness";

// Removing 40 000 files after the test takes a while on a busy machine.
vi.setConfig({ hookTimeout: 120_000 });

const { fast, ferry, localFolder, remoteFolder } = await transferQueueHarness();

/**
 * 40 folders of 1 000 files: enough for the walk to outlast many chunks of the intake. The
 * 126 000 files that once overflowed the stack are covered without a server, with 200 000 jobs,
 * by the scheduler's and the saved queue's tests.
 */
const folders = 40;
const perFolder = 1000;

describe("queueing a big tree", () => {
  it("queues every file of a 40 000-file tree while the app keeps answering", { timeout: 300_000 }, async () => {
    const local = await localFolder();
    for (let f = 0; f < folders; f++) {
      const folder = join(local, "tree", `folder-${f}`);
      await mkdir(folder, { recursive: true });
      await Promise.all(Array.from({ length: perFolder }, (_, i) => writeFile(join(folder, `file-${i}.txt`), "x")));
    }
    const remote = await remoteFolder("big-tree");
    const { queue, add } = await ferry(fast, { encryption: "plain" });
    // The queue is held paused as jobs arrive, and a timer stands for the app answering: its longest wait is measured.
    let longestGapMs = 0;
    let last = Date.now();
    const ticker = setInterval(() => {
      const now = Date.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
      queue.pause();
    }, 20);
    let firstJobsWhileWalking = 0;
    const adding = add("upload", local, ["tree"], remote.path);
    await expect.poll(() => queue.list().summary.total, { timeout: 120_000, interval: 100 }).toBeGreaterThan(0);
    firstJobsWhileWalking = queue.list().summary.total;
    const { added } = await adding;
    clearInterval(ticker);
    queue.pause();
    expect(firstJobsWhileWalking).toBeLessThan(folders * perFolder);
    expect(added).toBe(folders * perFolder);
    const jobs = queue.list().jobs;
    expect(jobs).toHaveLength(folders * perFolder);
    expect(jobs.filter((job) => job.status === "failed")).toEqual([]);
    expect(new Set(jobs.map((job) => job.id)).size).toBe(jobs.length);
    expect(longestGapMs).toBeLessThan(1000);
  });
});
