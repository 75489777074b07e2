import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TransferJob } from "../../shared/transfer";
import { sha256 } from "../../test-support/test-helpers";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";
import { toUserError } from "../errors";

const { fast, ferry, localFolder, remoteFolder, cleanups } = await transferQueueHarness();

/** A small tmpfs (tests run as root in CI): a disk that fills up, or one that is read-only. */
async function smallDisk(options: string) {
  const folder = await localFolder();
  execFileSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", folder]);
  cleanups.unshift(() => execFileSync("umount", ["-l", folder]));
  return folder;
}

describe("a server file where a local folder of that name is", () => {
  it("asks its own question (skip or rename), never resumes into or moves the folder, whatever the answer", async () => {
    const remote = await remoteFolder("clash");
    await writeFile(join(remote.disk, "report"), "server report");
    const local = await localFolder();
    await mkdir(join(local, "report"));
    await writeFile(join(local, "report", "notes.txt"), "mine");
    const app = await ferry(fast, { ask: () => ({ action: "resume", applyToAll: false }) });

    await app.add("download", remote.path, ["report"], local);
    const [job] = await app.drained(10_000);

    expect(app.asked).toEqual([expect.objectContaining({ targetIsFolder: true, canResume: false })]);
    expect(job).toMatchObject({ status: "skipped", message: "Skipped: a folder named report is in the way." });
    expect((await readdir(local)).sort()).toEqual(["report"]);
    expect(await readFile(join(local, "report", "notes.txt"), "utf8")).toBe("mine");
  });

  it("skips under a standing 'overwrite' answer, and lands beside the folder when renamed", async () => {
    const remote = await remoteFolder("clash-standing");
    await writeFile(join(remote.disk, "report"), "server report");
    const local = await localFolder();
    await mkdir(join(local, "report"));
    const overwriting = await ferry(fast, { preferences: { whenTargetExists: "overwrite" } });
    await overwriting.add("download", remote.path, ["report"], local);
    expect(statusOf(await overwriting.drained(10_000))).toEqual(["skipped"]);

    const renaming = await ferry(fast, { ask: () => ({ action: "rename", applyToAll: false }) });
    await renaming.add("download", remote.path, ["report"], local);
    expect(statusOf(await renaming.drained(10_000))).toEqual(["done"]);
    expect((await readdir(local)).sort()).toEqual(["report", "report (1)"]);
    expect(await readFile(join(local, "report (1)"), "utf8")).toBe("server report");
  });
});

describe("a server folder where a local file of that name is, and the other way round", () => {
  const inTheWay = "Skipped: a file named report is in the way, so this folder could not be made there and nothing in it was transferred.";

  it("downloads the rest of the batch and shows the folder as skipped; the file stays as it was", async () => {
    const remote = await remoteFolder("reverse-clash");
    await mkdir(join(remote.disk, "report"));
    await writeFile(join(remote.disk, "report", "page.txt"), "server page");
    await writeFile(join(remote.disk, "other.txt"), "other");
    const local = await localFolder();
    await writeFile(join(local, "report"), "mine");
    const app = await ferry(fast);

    await app.add("download", remote.path, ["report", "other.txt"], local);
    const jobs = await app.drained(10_000);

    expect(jobs.map((job) => [job.status, job.message])).toEqual([
      ["skipped", inTheWay],
      ["done", undefined],
    ]);
    expect(app.asked).toEqual([]);
    expect((await readdir(local)).sort()).toEqual(["other.txt", "report"]);
    expect(await readFile(join(local, "report"), "utf8")).toBe("mine");
  });

  it("uploads the rest of the batch and shows the folder as skipped; the server's file stays as it was", async () => {
    const remote = await remoteFolder("reverse-clash-up");
    await writeFile(join(remote.disk, "report"), "server report");
    const local = await localFolder();
    await mkdir(join(local, "report"));
    await writeFile(join(local, "report", "page.txt"), "my page");
    await writeFile(join(local, "other.txt"), "other");
    const app = await ferry(fast);

    await app.add("upload", local, ["report", "other.txt"], remote.path);
    const jobs = await app.drained(10_000);

    expect(jobs.map((job) => [job.status, job.message])).toEqual([
      ["skipped", inTheWay],
      ["done", undefined],
    ]);
    expect((await readdir(remote.disk)).sort()).toEqual(["other.txt", "report"]);
    expect(await readFile(join(remote.disk, "report"), "utf8")).toBe("server report");
  });

  it("copies the rest of a desktop drop and shows the folder as skipped", async () => {
    const source = await localFolder();
    await mkdir(join(source, "report"));
    await writeFile(join(source, "report", "page.txt"), "my page");
    await writeFile(join(source, "other.txt"), "other");
    const target = await localFolder();
    await writeFile(join(target, "report"), "mine");
    const app = await ferry(fast);

    await app.queue.addLocalCopy(source, ["report", "other.txt"], target);
    const jobs = await app.drained(10_000);

    expect(jobs.map((job) => [job.status, job.message])).toEqual([
      ["skipped", inTheWay],
      ["done", undefined],
    ]);
    expect(await readFile(join(target, "report"), "utf8")).toBe("mine");
    expect(await readFile(join(target, "other.txt"), "utf8")).toBe("other");
  });
});

describe("a server name that is not valid UTF-8", () => {
  it("is explained as an unreadable name, not as a missing file", async () => {
    const remote = await remoteFolder("undecodable");
    const local = await localFolder();
    const app = await ferry(fast);

    await app.add("download", remote.path, ["caf\uFFFD.txt"], local);
    const [job] = await app.drained(10_000);

    expect(job?.status).toBe("skipped");
    expect(job?.message).toMatch(/has a name that is not valid UTF-8 text/);
    expect(job?.message).not.toMatch(/no longer on the server/);
  });
});

describe("a full disk", () => {
  it("fails with a sentence that says where the partial file is; Retry resumes it once there is room, Cancel deletes it", async () => {
    const remote = await remoteFolder("full");
    const content = randomBytes(1_500_000);
    await writeFile(join(remote.disk, "big.bin"), content);
    await writeFile(join(remote.disk, "other.bin"), content);
    const disk = await smallDisk("size=1m");
    const app = await ferry(fast);

    await app.add("download", remote.path, ["big.bin"], disk);
    const [failed] = await app.drained(20_000);
    const partial = join(disk, "big.bin.filepart");
    expect(failed?.status).toBe("failed");
    expect(failed?.message).toMatch(/^The disk is full: Ferry could not write the file\. Free some space, then retry\./);
    expect(failed?.message).toContain(`is kept as ${partial}: Retry continues from it, Cancel deletes it.`);
    expect(failed?.message).not.toMatch(/ENOSPC/);

    execFileSync("mount", ["-o", "remount,size=4m", disk]);
    app.queue.retry([failed!.id]);
    expect(statusOf(await app.drained(20_000))).toEqual(["done"]);
    expect(sha256(await readFile(join(disk, "big.bin")))).toBe(sha256(content));

    execFileSync("mount", ["-o", "remount,size=2m", disk]);
    await app.add("download", remote.path, ["other.bin"], disk);
    const second = (await app.drained(20_000)).find((job) => job.remotePath.endsWith("other.bin"));
    expect(second?.status).toBe("failed");
    app.queue.cancel([second!.id]);
    await expect.poll(() => readdir(disk)).toEqual(["big.bin"]);
    expect(app.queue.list().jobs.find((job) => job.id === second!.id)).toMatchObject({ status: "cancelled", transferred: 0 });
  });
});

describe("a disk that fills up once the server has sent everything", () => {
  it("fails a text download whose last bytes could not be written, and the file it would have replaced stays as it was", async () => {
    const remote = await remoteFolder("full-text");
    // Small enough to be all in Ferry's hands before the disk refuses it, too big for the disk.
    const text = "a line of a text file that is downloaded in text mode\n".repeat(2_200);
    await writeFile(join(remote.disk, "notes.txt"), text);
    const disk = await smallDisk("size=64k");
    await writeFile(join(disk, "notes.txt"), "the user's own notes\n");
    const app = await ferry(fast, { preferences: { transferMode: "text", whenTargetExists: "overwrite" } });

    await app.add("download", remote.path, ["notes.txt"], disk);
    const [job] = await app.drained(20_000);

    expect(job?.status).toBe("failed");
    expect(job?.message).toMatch(/^The disk is full: Ferry could not write the file\./);
    expect(await readFile(join(disk, "notes.txt"), "utf8")).toBe("the user's own notes\n");
  });
});

describe("a read-only disk", () => {
  it("says so in a sentence, for a file and for a folder", async () => {
    const remote = await remoteFolder("readonly");
    await mkdir(join(remote.disk, "docs"));
    await writeFile(join(remote.disk, "docs", "a.txt"), "a");
    await writeFile(join(remote.disk, "b.txt"), "b");
    const disk = await smallDisk("size=1m,ro");
    const app = await ferry(fast);

    await app.add("download", remote.path, ["b.txt"], disk);
    const [job] = await app.drained(10_000);
    expect(job).toMatchObject({ status: "failed", message: `The disk is read-only: Ferry could not use ${join(disk, "b.txt.filepart")}.` });

    const folder = await app.add("download", remote.path, ["docs"], disk).catch((error: unknown) => toUserError(error).message);
    expect(folder).toBe(`Ferry could not create the folder ${join(disk, "docs")}: the folder it goes in is missing or read-only.`);
  });
});

describe("cancelling", () => {
  it("never removes a folder named like the partial file, and the queue lives on", async () => {
    const remote = await remoteFolder("cancel");
    await writeFile(join(remote.disk, "slow.bin"), randomBytes(3_000_000));
    const local = await localFolder();
    await mkdir(join(local, "slow.bin.filepart"));
    const app = await ferry(fast);

    await app.add("download", remote.path, ["slow.bin"], local);
    app.queue.cancel();
    await app.drained(10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await stat(join(local, "slow.bin.filepart"))).isDirectory()).toBe(true);
    expect(app.queue.list().jobs.map((job) => job.status)).toEqual(["cancelled"]);
  });
});

describe("cancelling a local copy", () => {
  it("stops the copy under way and removes its partial file", async () => {
    const source = await localFolder();
    await writeFile(join(source, "big.bin"), randomBytes(64 * 1024 * 1024));
    const target = await localFolder();
    const app = await ferry(fast);

    await app.queue.addLocalCopy(source, ["big.bin"], target);
    await expect.poll(() => statusOf(app.queue.list().jobs), { interval: 5 }).toEqual(["running"]);
    app.queue.cancel();
    await app.drained(10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));

    // A copy that went on would still report progress, and land the file or leave its part behind.
    expect(app.queue.list().jobs).toEqual([expect.objectContaining({ status: "cancelled", transferred: 0 })]);
    expect(await readdir(target)).toEqual([]);
  });
});

describe("after kill -9 during the rename of a .filepart", () => {
  /** Ferry's saved queue with one download of `remote`/landed.txt into `local`, as it was when Ferry ended. */
  async function savedDownload(local: string, remote: { path: string }, status: TransferJob["status"], phase?: TransferJob["phase"]) {
    const dataDir = await localFolder();
    const first = await ferry(fast, { dataDir });
    const job: TransferJob = {
      id: randomUUID(),
      batchId: randomUUID(),
      direction: "download",
      move: false,
      kind: "file",
      site: first.connector.site,
      localPath: join(local, "landed.txt"),
      remotePath: `${remote.path}/landed.txt`,
      size: 16,
      transferred: 0,
      status,
      ...(phase ? { phase } : {}),
      attempts: 0,
    };
    await first.queue.close();
    await writeFile(join(dataDir, "transfer-queue.json"), JSON.stringify({ version: 1, jobs: [job] }));
    return dataDir;
  }

  it("recognizes a job whose target is in place whole as done, without asking", async () => {
    const remote = await remoteFolder("killed");
    await writeFile(join(remote.disk, "landed.txt"), "complete content");
    const local = await localFolder();
    await writeFile(join(local, "landed.txt"), "complete content");
    const dataDir = await savedDownload(local, remote, "running", "transferring");

    const restarted = await ferry(fast, { dataDir, ask: () => ({ action: "overwrite", applyToAll: false }) });
    restarted.queue.resume();
    const [after] = await restarted.drained(10_000);
    expect(after).toMatchObject({ status: "done", transferred: 16 });
    expect(restarted.asked).toEqual([]);
    await rm(join(local, "landed.txt"));
  });

  it.each([
    ["still waiting", "queued", undefined],
    ["asking about its target", "running", "checking"],
  ] as const)("asks about a file of the same size that a job %s found, and downloads it when told to", async (_, status, phase) => {
    const remote = await remoteFolder("waited");
    await writeFile(join(remote.disk, "landed.txt"), "server's content");
    const local = await localFolder();
    await writeFile(join(local, "landed.txt"), "the user's file!");
    const dataDir = await savedDownload(local, remote, status, phase);

    const restarted = await ferry(fast, { dataDir, ask: () => ({ action: "overwrite", applyToAll: false }) });
    restarted.queue.resume();
    const [after] = await restarted.drained(10_000);
    expect(after).toMatchObject({ status: "done", transferred: 16 });
    expect(restarted.asked).toEqual([
      expect.objectContaining({ target: expect.objectContaining({ path: join(local, "landed.txt"), size: 16 }) }),
    ]);
    expect(await readFile(join(local, "landed.txt"), "utf8")).toBe("server's content");
  });
});
