import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TransferJob } from "../../shared/transfer";
import { sha256 } from "../../test-support/test-helpers";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";
import type { NoticeText } from "../storage/json-store";
import { jobsOfPlan } from "./batch-jobs";
import { plainJob } from "./queued-job";
import { SavedQueue } from "./saved-queue";

const { server, ferry, localFolder, remoteFolder } = await transferQueueHarness();

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function dataFolder() {
  const folder = await mkdtemp(join(tmpdir(), "ferry-saved-queue-"));
  folders.push(folder);
  return folder;
}

function jobs(count: number): TransferJob[] {
  const files = Array.from({ length: count }, (_, i) => ({ source: `/srv/${i}`, target: `/home/${i}`, size: 100 }));
  return jobsOfPlan({ files, sourceFolders: [], skipped: [] }, "download", false, "one").jobs;
}

describe("the saved queue", () => {
  it("brings finished jobs back as history and unfinished ones paused, without their live speed", async () => {
    const path = join(await dataFolder(), "transfer-queue.json");
    const list = jobs(4);
    const statuses = ["queued", "running", "done", "failed"] as const;
    list.forEach((job, i) => (job.status = statuses[i] ?? "queued"));
    if (list[1]) list[1].speed = 5000;
    await new SavedQueue(path, () => list).close();
    const back = await new SavedQueue(path, () => []).load();
    expect(back.map((job) => job.status)).toEqual(["paused", "paused", "done", "failed"]);
    expect(back.map((job) => job.id)).toEqual(list.map((job) => job.id));
    expect(back.map((job) => job.speed)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("starts empty when there is no file yet", async () => {
    expect(await new SavedQueue(join(await dataFolder(), "transfer-queue.json"), () => []).load()).toEqual([]);
  });

  it("keeps a damaged file aside instead of overwriting it, and says so", async () => {
    const folder = await dataFolder();
    const path = join(folder, "transfer-queue.json");
    await writeFile(path, '{"version": 1, "jobs": [{"id": tru');
    const notices: NoticeText[] = [];
    const saved = new SavedQueue(
      path,
      () => jobs(1),
      (notice) => notices.push(notice),
    );
    expect(await saved.load()).toEqual([]);
    await saved.close();
    const names = await readdir(folder);
    const backup = names.find((name) => name.startsWith("transfer-queue.json.corrupt-"));
    expect(backup).toBeDefined();
    expect(await readFile(join(folder, backup ?? ""), "utf8")).toBe('{"version": 1, "jobs": [{"id": tru');
    expect(notices).toEqual([
      {
        text: "Your transfer queue could not be read (it is not valid JSON), so the queue starts empty.",
        detail: `The file was kept as ${join(folder, backup ?? "")}.`,
      },
    ]);
  });

  it("says once that it cannot save, however often it tries", async () => {
    const folder = await dataFolder();
    const path = join(folder, "transfer-queue.json");
    const notices: NoticeText[] = [];
    const saved = new SavedQueue(
      path,
      () => jobs(2),
      (notice) => notices.push(notice),
    );
    await saved.load();
    // Something put a folder in the file's place after Ferry started.
    await mkdir(path);
    await writeFile(join(path, "mine.txt"), "keep me");
    await saved.close();
    await saved.close();
    expect(notices).toEqual([{ text: "Your transfer queue could not be saved (a folder is in its place)." }]);
    expect(await readFile(join(path, "mine.txt"), "utf8")).toBe("keep me");
  });

  it("writes nothing once closed, so a change that comes late cannot race the removal of its folder", async () => {
    const folder = await dataFolder();
    const path = join(folder, "transfer-queue.json");
    let list = jobs(2);
    const saved = new SavedQueue(path, () => list);
    await saved.close();
    const closedWith = await readFile(path, "utf8");
    list = jobs(3);
    saved.save();
    // Longer than the pause before a save.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await readdir(folder)).toEqual(["transfer-queue.json"]);
    expect(await readFile(path, "utf8")).toBe(closedWith);
  });

  it("that it can neither read nor move aside is reported once, and never replaced", async () => {
    const folder = await dataFolder();
    // A file where the data folder should be.
    await writeFile(join(folder, "data"), "not a folder");
    const notices: NoticeText[] = [];
    const saved = new SavedQueue(
      join(folder, "data", "transfer-queue.json"),
      () => jobs(2),
      (notice) => notices.push(notice),
    );
    expect(await saved.load()).toEqual([]);
    await saved.close();
    expect(notices.map((notice) => notice.text)).toEqual([
      "Your transfer queue could not be read (a file is where its folder should be), so the queue starts empty and will not save changes to it.",
    ]);
    expect(await readFile(join(folder, "data"), "utf8")).toBe("not a folder");
  });

  it("turns a burst of saves into one write of the queue as it is then, leaving no temporary file", async () => {
    const folder = await dataFolder();
    const path = join(folder, "transfer-queue.json");
    let current = jobs(1);
    let reads = 0;
    const saved = new SavedQueue(path, () => {
      reads++;
      return current;
    });
    for (let i = 0; i < 100; i++) saved.save();
    current = jobs(3);
    await expect.poll(() => readdir(folder), { timeout: 5_000 }).toEqual(["transfer-queue.json"]);
    expect(reads).toBe(1);
    expect(await new SavedQueue(path, () => []).load()).toHaveLength(3);
  });

  it("saves and loads 1 500 000 jobs, more than one string of JSON could hold", { timeout: 300_000 }, async () => {
    const path = join(await dataFolder(), "transfer-queue.json");
    let list = jobs(1_500_000);
    await new SavedQueue(path, () => list).close();
    // Ferry starts with the file alone: the list it was saved from is not held while it is read.
    list = [];
    const back = await new SavedQueue(path, () => []).load();
    expect(back).toHaveLength(1_500_000);
    expect(back.every((job) => job.status === "paused")).toBe(true);
    expect(back.at(-1)?.remotePath).toBe("/srv/1499999");
    expect(back.at(-1)?.localPath).toBe("/home/1499999");
  });

  it("skips a damaged line, says so once, keeps the file as it was, and loads the rest", async () => {
    const folder = await dataFolder();
    const path = join(folder, "transfer-queue.json");
    const list = jobs(5);
    await new SavedQueue(path, () => list).close();
    const lines = (await readFile(path, "utf8")).split("\n");
    // A torn line, a line of binary garbage, a job with a field of the wrong kind, and a line far too long.
    lines[2] = (lines[2] ?? "").slice(0, 30);
    lines.splice(
      3,
      0,
      "\u0000\u00ff garbage",
      JSON.stringify({ ...JSON.parse(lines[3] ?? "{}"), transferred: "lots" }),
      "x".repeat(3_000_000),
    );
    const damaged = lines.join("\n");
    await writeFile(path, damaged);
    const notices: NoticeText[] = [];
    const back = await new SavedQueue(
      path,
      () => [],
      (notice) => notices.push(notice),
    ).load();
    expect(back.map((job) => job.id)).toEqual([list[0], list[2], list[3], list[4]].map((job) => job?.id));
    const backup = (await readdir(folder)).find((name) => name.startsWith("transfer-queue.json.damaged-"));
    expect(notices).toEqual([
      {
        text: "Your transfer queue had 4 damaged lines, which were skipped; the other 4 jobs are back.",
        detail: `The file as it was is kept as ${join(folder, backup ?? "")}.`,
      },
    ]);
    expect(await readFile(join(folder, backup ?? ""), "utf8")).toBe(damaged);
  });

  it("keeps aside a file with nothing readable in it, and starts empty", async () => {
    const folder = await dataFolder();
    const path = join(folder, "transfer-queue.json");
    await writeFile(path, randomBytes(200_000));
    const notices: NoticeText[] = [];
    expect(
      await new SavedQueue(
        path,
        () => [],
        (notice) => notices.push(notice),
      ).load(),
    ).toEqual([]);
    expect(notices.map((notice) => notice.text)).toEqual([
      "Your transfer queue could not be read (it is not valid JSON), so the queue starts empty.",
    ]);
    expect((await readdir(folder)).filter((name) => name.startsWith("transfer-queue.json.corrupt-"))).toHaveLength(1);
  });

  it("reads a queue saved by an earlier Ferry as one JSON object, and saves it as lines", async () => {
    const path = join(await dataFolder(), "transfer-queue.json");
    const list = jobs(3).map((job) => plainJob(job));
    list.forEach((job, i) => (job.status = i === 0 ? "done" : "queued"));
    await writeFile(path, JSON.stringify({ version: 1, jobs: list }, null, 2));
    let back: readonly TransferJob[] = [];
    const saved = new SavedQueue(path, () => back);
    back = await saved.load();
    expect(back.map((job) => [job.id, job.status, job.localPath])).toEqual(
      list.map((job, i) => [job.id, i === 0 ? "done" : "paused", job.localPath]),
    );
    await saved.close();
    expect((await readFile(path, "utf8")).split("\n")[0]).toBe('{"version":2}');
    expect((await new SavedQueue(path, () => []).load()).map((job) => job.id)).toEqual(list.map((job) => job.id));
  });
});

describe("the saved queue across a restart", () => {
  it("comes back after a restart: history kept, unfinished jobs paused, and they finish when resumed", async () => {
    const slow = await server({ bytesPerSecond: 2_000_000 });
    const first = await ferry(slow);
    const remote = await remoteFolder("restart");
    await writeFile(join(remote.disk, "small.txt"), "small");
    const content = randomBytes(3_000_000);
    await writeFile(join(remote.disk, "big.bin"), content);
    const local = await localFolder();
    await first.add("download", remote.path, ["small.txt"], local);
    await first.drained();
    await first.add("download", remote.path, ["big.bin"], local);
    await expect.poll(() => first.queue.list().jobs[1]?.transferred ?? 0, { timeout: 10_000 }).toBeGreaterThan(300_000);
    await first.queue.close();

    const second = await ferry(slow, { dataDir: first.dataDir });
    expect(statusOf(second.queue.list().jobs)).toEqual(["done", "paused"]);
    second.queue.resume();
    expect(statusOf(await second.drained())).toEqual(["done", "done"]);
    expect(sha256(await readFile(join(local, "big.bin")))).toBe(sha256(content));
  });
});
