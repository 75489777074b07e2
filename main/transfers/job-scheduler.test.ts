import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TransferJob } from "../../shared/transfer";
import { tree } from "../../test-support/test-helpers";
import { transferQueueHarness } from "../../test-support/transfer-queue-harness";
import { jobsOfPlan } from "./batch-jobs";
import { JobScheduler, type Capacity } from "./job-scheduler";
import type { BatchPlan } from "./plan-batch";

const { server, ferry, localFolder, remoteFolder } = await transferQueueHarness();

/** A plan of `count` files (source /srv/name-i, target /home/name-i), as a folder walk makes it. */
function planOf(count: number, name = "file", extra: Partial<BatchPlan> = {}): BatchPlan {
  const files = Array.from({ length: count }, (_, i) => ({ source: `/srv/${name}-${i}`, target: `/home/${name}-${i}`, size: 100 }));
  return { files, sourceFolders: [], skipped: [], ...extra };
}

function recorder() {
  const changed: string[] = [];
  const reorders = { count: 0 };
  return {
    changed,
    reorders,
    listener: {
      added: (jobs: readonly TransferJob[]) => jobs.forEach((job) => changed.push(job.id)),
      changed: (job: TransferJob) => changed.push(job.id),
      reordered: () => reorders.count++,
    },
  };
}

const noneRunning = () => ({ all: 0, big: 0 });
/** Room for `slots` jobs per site, none running. */
const room = (slots: number): Capacity => ({ limits: () => ({ all: slots, big: slots }), running: noneRunning, isRunning: () => false });

const names = (jobs: readonly TransferJob[]) => jobs.map((job) => job.remotePath.split("/").pop());

describe("the scheduler", () => {
  it("starts jobs in queue order, as many per site as it has room for", () => {
    const scheduler = new JobScheduler(recorder().listener);
    scheduler.append(jobsOfPlan(planOf(3, "a"), "download", false, "one").jobs);
    scheduler.append(jobsOfPlan(planOf(3, "b"), "download", false, "two").jobs);
    const perSite: Capacity = {
      limits: (site) => (site === "one" ? { all: 2, big: 2 } : { all: 1, big: 1 }),
      running: noneRunning,
      isRunning: () => false,
    };
    expect(names(scheduler.next(perSite))).toEqual(["a-0", "a-1", "b-0"]);
  });

  it("starts a big file in its turn beside the small ones running, up to the big files' own number", () => {
    const scheduler = new JobScheduler(recorder().listener);
    const files = [
      { source: "/srv/big-0", target: "/home/big-0", size: 5_000_000 },
      { source: "/srv/big-1", target: "/home/big-1" },
      { source: "/srv/small-0", target: "/home/small-0", size: 100 },
      { source: "/srv/small-1", target: "/home/small-1", size: 100 },
    ];
    scheduler.append(jobsOfPlan({ files, sourceFolders: [], skipped: [] }, "download", false, "one").jobs);
    const limits = () => ({ all: 8, big: 2 });
    const start = (picked: readonly TransferJob[]) => picked.forEach((job) => scheduler.update(job, { status: "running" }));
    // Seven small files running: the first big file is next in order, and has its turn.
    const first = scheduler.next({ limits, running: () => ({ all: 7, big: 0 }), isRunning: () => false });
    expect(names(first)).toEqual(["big-0"]);
    start(first);
    // One big file running leaves room for one more (of unknown size, so big) before the small ones.
    const second = scheduler.next({ limits, running: () => ({ all: 5, big: 1 }), isRunning: () => false });
    expect(names(second)).toEqual(["big-1", "small-0", "small-1"]);
    start(second.slice(0, 1));
    // Two big files running: another big one waits, the small ones go.
    scheduler.append(
      jobsOfPlan(
        { files: [{ source: "/srv/big-2", target: "/home/big-2", size: 5_000_000 }], sourceFolders: [], skipped: [] },
        "download",
        false,
        "one",
      ).jobs,
    );
    expect(names(scheduler.next({ limits, running: () => ({ all: 2, big: 2 }), isRunning: () => false }))).toEqual(["small-0", "small-1"]);
  });

  it("with only big files queued and their room full, looks at none of them", () => {
    const scheduler = new JobScheduler(recorder().listener);
    const files = Array.from({ length: 50 }, (_, i) => ({ source: `/srv/big-${i}`, target: `/home/big-${i}`, size: 5_000_000 }));
    scheduler.append(jobsOfPlan({ files, sourceFolders: [], skipped: [] }, "download", false, "one").jobs);
    let looked = 0;
    const isRunning = () => {
      looked++;
      return false;
    };
    const limits = () => ({ all: 8, big: 2 });
    expect(scheduler.next({ limits, running: () => ({ all: 2, big: 2 }), isRunning })).toEqual([]);
    expect(looked).toBe(0);
    expect(names(scheduler.next({ limits, running: () => ({ all: 1, big: 1 }), isRunning }))).toEqual(["big-0"]);
  });

  it("moves jobs up and down, which changes what starts next, and tells the feed the order changed", () => {
    const feed = recorder();
    const scheduler = new JobScheduler(feed.listener);
    scheduler.append(jobsOfPlan(planOf(4), "download", false, "one").jobs);
    const [first, second, third] = scheduler.all();
    feed.changed.length = 0;
    scheduler.move([third?.id ?? ""], -1);
    expect(names(scheduler.all())).toEqual(["file-0", "file-2", "file-1", "file-3"]);
    expect(feed.reorders.count).toBe(1);
    expect(scheduler.window("queued", 1, 2).jobs).toEqual([third, second]);
    scheduler.move([first?.id ?? ""], 1);
    expect(names(scheduler.next(room(1)))).toEqual(["file-2"]);
    // The first job cannot go further up, nor the last further down.
    scheduler.move([third?.id ?? ""], -1);
    expect(names(scheduler.all())).toEqual(["file-2", "file-0", "file-1", "file-3"]);
  });

  it("skips jobs that are not queued, and a job whose earlier run is still ending", () => {
    const scheduler = new JobScheduler(recorder().listener);
    scheduler.append(jobsOfPlan(planOf(3), "download", false, "one").jobs);
    const [first, second] = scheduler.all();
    if (!first || !second) throw new Error("no jobs");
    scheduler.update(first, { status: "paused" });
    expect(names(scheduler.next({ ...room(5), isRunning: (id) => id === second.id }))).toEqual(["file-2"]);
  });

  it("removes a moved folder only once nothing inside it is left to do, deepest folder first", () => {
    const plan = planOf(0, "file", {
      files: [
        { source: "/srv/top/a.txt", target: "/home/top/a.txt" },
        { source: "/srv/top/inner/b.txt", target: "/home/top/inner/b.txt" },
      ],
      sourceFolders: [
        { source: "/srv/top/inner", target: "/home/top/inner" },
        { source: "/srv/top", target: "/home/top" },
      ],
    });
    const scheduler = new JobScheduler(recorder().listener);
    scheduler.append(jobsOfPlan(plan, "download", true, "one").jobs);
    const [a, b, inner] = scheduler.all();
    if (!a || !b || !inner) throw new Error("no jobs");
    expect(names(scheduler.next(room(10)))).toEqual(["a.txt", "b.txt"]);
    scheduler.update(b, { status: "running" });
    scheduler.update(b, { status: "done" });
    expect(names(scheduler.next(room(10)))).toEqual(["a.txt", "inner"]);
    scheduler.update(inner, { status: "done" });
    scheduler.update(a, { status: "failed" });
    expect(names(scheduler.next(room(10)))).toEqual(["top"]);
    expect(scheduler.filesNotDoneIn(a.batchId)).toBe(1);
  });

  it("keeps the totals as jobs change, and takes finished jobs off the list", () => {
    const feed = recorder();
    const scheduler = new JobScheduler(feed.listener);
    scheduler.append(jobsOfPlan(planOf(3), "download", false, "one").jobs);
    const [first, second] = scheduler.all();
    if (!first || !second) throw new Error("no jobs");
    scheduler.update(first, { status: "running", transferred: 40, speed: 1000 });
    scheduler.update(second, { status: "done", transferred: 100 });
    expect(scheduler.summary()).toEqual({
      total: 3,
      active: 2,
      counts: { queued: 1, running: 1, paused: 0, done: 1, failed: 0, skipped: 0, cancelled: 0 },
      // The finished job still counts: the batch's bytes do not shrink as jobs finish.
      bytesTotal: 300,
      bytesDone: 140,
      speed: 1000,
      unsettledBySite: { one: 2 },
    });
    scheduler.removeFinished();
    expect(feed.reorders.count).toBe(1);
    expect(names(scheduler.all())).toEqual(["file-0", "file-2"]);
    expect(scheduler.summary().total).toBe(2);
  });

  it("says when a batch is complete: every job of it paused, finished or failed", async () => {
    const scheduler = new JobScheduler(recorder().listener);
    const { batchId } = jobsOfPlan(planOf(0), "download", false, "one");
    expect(await scheduler.whenCompleted(batchId)).toEqual([]);
    const batch = jobsOfPlan(planOf(2), "download", false, "one");
    scheduler.append(batch.jobs);
    let completed: TransferJob[] | undefined;
    void scheduler.whenCompleted(batch.batchId).then((jobs) => (completed = jobs));
    const [first, second] = scheduler.all();
    if (!first || !second) throw new Error("no jobs");
    scheduler.update(first, { status: "done" });
    await Promise.resolve();
    expect(completed).toBeUndefined();
    scheduler.update(second, { status: "paused" });
    await expect.poll(() => completed?.map((job) => job.status)).toEqual(["done", "paused"]);
  });

  // 200 000 jobs overflowed the stack before (push(...jobs)); the machine is shared, so the time limit is generous.
  it("takes 200 000 jobs in one batch: queued, moved, started, counted and cleared", { timeout: 120_000 }, () => {
    const feed = recorder();
    const scheduler = new JobScheduler(feed.listener);
    const batch = jobsOfPlan(planOf(200_000, "file", { sourceFolders: [{ source: "/srv", target: "/home" }] }), "download", true, "one");
    expect(batch.jobs).toHaveLength(200_001);
    scheduler.append(batch.jobs);
    expect(feed.changed).toHaveLength(200_001);
    expect(scheduler.summary()).toMatchObject({ total: 200_001, active: 200_001, bytesTotal: 20_000_000 });
    const last = scheduler.all()[199_999];
    scheduler.move([last?.id ?? ""], -1);
    expect(scheduler.all()[199_998]).toBe(last);
    const picked = scheduler.next(room(4));
    expect(names(picked)).toEqual(["file-0", "file-1", "file-2", "file-3"]);
    // Each job ending is a constant step: a job ends while 200 000 wait, again and again.
    for (const job of picked) scheduler.update(job, { status: "done", transferred: 100 });
    expect(scheduler.next(room(1))).toHaveLength(1);
    for (const job of scheduler.all()) if (job.status === "queued") scheduler.update(job, { status: "done", transferred: 100 });
    expect(scheduler.summary()).toMatchObject({ total: 200_001, active: 0, bytesTotal: 20_000_000, bytesDone: 20_000_000 });
    scheduler.removeFinished();
    expect(scheduler.all()).toEqual([]);
  });
});

describe("the scheduler against a server", () => {
  // Plain FTP: ftp-srv, in this same process, is the slow side of TLS data connections.
  it("copies 1 000 small files over 4 connections with every checksum equal", { timeout: 240_000 }, async () => {
    const app = await ferry(await server({ tls: "none" }), { preferences: { parallel: 4, smallFilesParallel: 4 }, encryption: "plain" });
    const local = await localFolder();
    await mkdir(join(local, "many"));
    for (let i = 0; i < 1000; i++) await writeFile(join(local, "many", `file-${i}.txt`), randomBytes(64 + (i % 200)));
    const remote = await remoteFolder("many");
    let mostAtOnce = 0;
    const watch = setInterval(() => {
      mostAtOnce = Math.max(mostAtOnce, app.queue.list().jobs.filter((job) => job.status === "running").length);
    }, 5);
    await app.add("upload", local, ["many"], remote.path);
    const uploaded = await app.drained(200_000);
    clearInterval(watch);
    expect(uploaded.filter((job) => job.status !== "done")).toEqual([]);
    expect(mostAtOnce).toBe(4);
    expect(await tree(join(remote.disk, "many"))).toEqual(await tree(join(local, "many")));
    const back = await localFolder();
    await app.add("download", remote.path, ["many"], back);
    await app.drained(200_000);
    expect(await tree(join(back, "many"))).toEqual(await tree(join(local, "many")));
  });

  it("runs many small files on more connections than big ones, as the two preferences say", { timeout: 60_000 }, async () => {
    // Slow enough that every job of the batch is still running when the next ones could start.
    const app = await ferry(await server({ tls: "none", bytesPerSecond: 400_000 }), {
      preferences: { parallel: 2, smallFilesParallel: 5 },
      encryption: "plain",
    });
    const local = await localFolder();
    await mkdir(join(local, "small"));
    for (let i = 0; i < 12; i++) await writeFile(join(local, "small", `s-${i}.txt`), randomBytes(100_000));
    await mkdir(join(local, "big"));
    for (let i = 0; i < 4; i++) await writeFile(join(local, "big", `b-${i}.bin`), randomBytes(1_200_000));
    const remote = await remoteFolder("sizes");
    const mostRunning = async (name: string) => {
      let most = 0;
      const watch = setInterval(() => {
        most = Math.max(most, app.queue.list().jobs.filter((job) => job.status === "running").length);
      }, 5);
      await app.add("upload", local, [name], remote.path);
      const jobs = await app.drained(50_000);
      clearInterval(watch);
      expect(jobs.filter((job) => job.status !== "done")).toEqual([]);
      return most;
    };
    expect(await mostRunning("small")).toBe(5);
    expect(await mostRunning("big")).toBe(2);
  });

  it("runs jobs in the order the user arranges", async () => {
    const slow = await server({ bytesPerSecond: 1_000_000 });
    const app = await ferry(slow, { preferences: { parallel: 1, smallFilesParallel: 1 } });
    const remote = await remoteFolder("order");
    await writeFile(join(remote.disk, "first.bin"), randomBytes(600_000));
    for (const name of ["b.txt", "c.txt"]) await writeFile(join(remote.disk, name), name);
    const local = await localFolder();
    await app.add("download", remote.path, ["first.bin"], local);
    await app.add("download", remote.path, ["b.txt"], local);
    await app.add("download", remote.path, ["c.txt"], local);
    const c = app.queue.list().jobs.find((job) => job.remotePath.endsWith("c.txt")) as TransferJob;
    app.queue.move([c.id], -1);
    expect(app.queue.list().jobs.map((job) => job.remotePath.split("/").pop())).toEqual(["first.bin", "c.txt", "b.txt"]);
    const finishedOrder: string[] = [];
    const look = () => {
      for (const job of app.queue.list().jobs) {
        const name = job.remotePath.split("/").pop() as string;
        if (job.status === "done" && !finishedOrder.includes(name)) finishedOrder.push(name);
      }
    };
    const seen = setInterval(look, 5);
    await app.drained();
    clearInterval(seen);
    // The last job may end between two looks.
    look();
    expect(finishedOrder).toEqual(["first.bin", "c.txt", "b.txt"]);
  });
});
