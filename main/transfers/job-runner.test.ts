import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TransferJob } from "../../shared/transfer";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";
import { sha256, tree } from "../../test-support/test-helpers";

const { fast, server, ferry, localFolder, remoteFolder } = await transferQueueHarness();

describe("running a job", () => {
  it("uploads and downloads a file, keeping its content and modification time", async () => {
    const app = await ferry(fast);
    const local = await localFolder();
    const remote = await remoteFolder("single");
    const content = randomBytes(300_000);
    await writeFile(join(local, "photo.jpg"), content);
    const when = new Date("2024-05-06T07:08:09Z");
    await utimes(join(local, "photo.jpg"), when, when);

    await app.add("upload", local, ["photo.jpg"], remote.path);
    expect(statusOf(await app.drained())).toEqual(["done"]);
    expect(sha256(await readFile(join(remote.disk, "photo.jpg")))).toBe(sha256(content));

    await utimes(join(remote.disk, "photo.jpg"), when, when);
    const back = await localFolder();
    await app.add("download", remote.path, ["photo.jpg"], back);
    expect(statusOf(await app.drained())).toEqual(["done", "done"]);
    expect(sha256(await readFile(join(back, "photo.jpg")))).toBe(sha256(content));
    expect((await stat(join(back, "photo.jpg"))).mtime.toISOString()).toBe(when.toISOString());
    expect(await readdir(back)).toEqual(["photo.jpg"]);
  });

  it("copies nested folders both ways, empty folders included", async () => {
    const app = await ferry(fast);
    const local = await localFolder();
    await mkdir(join(local, "site", "css"), { recursive: true });
    await mkdir(join(local, "site", "empty"), { recursive: true });
    await writeFile(join(local, "site", "index.html"), "<h1>hi</h1>");
    await writeFile(join(local, "site", "css", "main.css"), "h1{}");
    await writeFile(join(local, "site", "css", "zero.css"), "");
    const remote = await remoteFolder("nested");

    await app.add("upload", local, ["site"], remote.path);
    await app.drained();
    expect(await tree(join(remote.disk, "site"))).toEqual(await tree(join(local, "site")));
    // Into folders it made, nothing was in the way; the same upload again finds every file there.
    expect(app.asked).toEqual([]);
    await app.add("upload", local, ["site"], remote.path);
    await app.drained();
    expect(app.asked.map((question) => question.target.path).sort()).toEqual(
      ["css/main.css", "css/zero.css", "index.html"].map((path) => `${remote.path}/site/${path}`),
    );

    const back = await localFolder();
    await app.add("download", remote.path, ["site"], back);
    const jobs = await app.drained();
    expect(jobs.filter((job) => job.direction === "download" && job.status !== "done")).toEqual([]);
    expect(await tree(join(back, "site"))).toEqual(await tree(join(local, "site")));
  });

  it("moves: the source goes only after the copy is complete, folders included", async () => {
    const app = await ferry(fast);
    const local = await localFolder();
    await mkdir(join(local, "outbox", "inner"), { recursive: true });
    await writeFile(join(local, "outbox", "a.txt"), "a");
    await writeFile(join(local, "outbox", "inner", "b.txt"), "b");
    const remote = await remoteFolder("move");
    await app.add("upload", local, ["outbox"], remote.path, true);
    await app.drained();
    expect(await readdir(local)).toEqual([]);
    expect(await tree(join(remote.disk, "outbox"))).toMatchObject({ "a.txt": sha256("a"), "inner/b.txt": sha256("b") });
  });

  it("copies between local folders (a desktop drop onto the Local pane), asking about a target that exists", async () => {
    const app = await ferry(fast, {
      ask: (request) => ({ action: request.target.path.endsWith("same.txt") ? "rename" : "skip", applyToAll: false }),
    });
    const source = await localFolder();
    await mkdir(join(source, "album", "empty"), { recursive: true });
    const photo = randomBytes(150_000);
    await writeFile(join(source, "album", "photo.jpg"), photo);
    await writeFile(join(source, "same.txt"), "dropped");
    await utimes(join(source, "same.txt"), new Date(), new Date("2020-01-02T03:04:05Z"));
    const target = await localFolder();
    await writeFile(join(target, "same.txt"), "already here");
    await app.queue.addLocalCopy(source, ["album", "same.txt"], target);
    const jobs = await app.drained();
    expect(statusOf(jobs)).toEqual(["done", "done"]);
    expect(jobs.map((job) => job.direction)).toEqual(["copy", "copy"]);
    expect(app.asked).toMatchObject([
      { direction: "copy", source: { path: join(source, "same.txt"), size: 7 }, target: { path: join(target, "same.txt"), size: 12 } },
    ]);
    expect(await tree(target)).toEqual({
      album: "folder",
      "album/empty": "folder",
      "album/photo.jpg": sha256(photo),
      "same.txt": sha256("already here"),
      "same (1).txt": sha256("dropped"),
    });
    expect((await stat(join(target, "same (1).txt"))).mtime.toISOString()).toBe("2020-01-02T03:04:05.000Z");
    // A copy keeps its source.
    expect(await tree(source)).toMatchObject({ "same.txt": sha256("dropped"), "album/photo.jpg": sha256(photo) });
  });
});

describe("pausing and cancelling a running job", () => {
  it("pauses a download keeping its partial data, and resumes it to an identical file", async () => {
    const slow = await server({ bytesPerSecond: 2_000_000 });
    const app = await ferry(slow);
    const remote = await remoteFolder("pause");
    const content = randomBytes(3_000_000);
    await writeFile(join(remote.disk, "big.bin"), content);
    const local = await localFolder();
    await app.add("download", remote.path, ["big.bin"], local);
    const job = () => app.queue.list().jobs[0] as TransferJob;
    await expect.poll(() => job().transferred, { timeout: 10_000 }).toBeGreaterThan(500_000);
    app.queue.pause();
    expect(job().status).toBe("paused");
    const kept = (await stat(join(local, "big.bin.filepart"))).size;
    expect(kept).toBeGreaterThan(0);
    expect(await readdir(local)).toEqual(["big.bin.filepart"]);
    app.queue.resume();
    expect(statusOf(await app.drained())).toEqual(["done"]);
    expect(sha256(await readFile(join(local, "big.bin")))).toBe(sha256(content));
    expect(await readdir(local)).toEqual(["big.bin"]);
  });

  it("cancels a download: the partial file goes and the existing target is untouched", async () => {
    const slow = await server({ bytesPerSecond: 2_000_000 });
    const app = await ferry(slow, { ask: () => ({ action: "overwrite", applyToAll: false }) });
    const remote = await remoteFolder("cancel");
    await writeFile(join(remote.disk, "big.bin"), randomBytes(3_000_000));
    const local = await localFolder();
    await writeFile(join(local, "big.bin"), "the user's own file");
    await app.add("download", remote.path, ["big.bin"], local);
    await expect.poll(() => app.queue.list().jobs[0]?.transferred ?? 0, { timeout: 10_000 }).toBeGreaterThan(100_000);
    app.queue.cancel();
    await expect.poll(() => readdir(local)).toEqual(["big.bin"]);
    expect(await readFile(join(local, "big.bin"), "utf8")).toBe("the user's own file");
    expect(statusOf(app.queue.list().jobs)).toEqual(["cancelled"]);
  });
});

describe("failures", () => {
  it.each(["download", "upload"] as const)("%s: a dropped connection is resumed and the file ends up identical", async (direction) => {
    const slow = await server({ bytesPerSecond: 3_000_000 });
    const app = await ferry(slow);
    const content = randomBytes(4_000_000);
    const remote = await remoteFolder(`drop-${direction}`);
    const local = await localFolder();
    if (direction === "download") await writeFile(join(remote.disk, "big.bin"), content);
    else await writeFile(join(local, "big.bin"), content);
    await app.add(direction, direction === "download" ? remote.path : local, ["big.bin"], direction === "download" ? local : remote.path);
    await expect.poll(() => app.queue.list().jobs[0]?.transferred ?? 0, { timeout: 10_000 }).toBeGreaterThan(1_000_000);
    slow.dropConnections();
    const [job] = await app.drained();
    expect(job).toMatchObject({ status: "done" });
    expect(job?.attempts).toBeGreaterThanOrEqual(1);
    const written = direction === "download" ? join(local, "big.bin") : join(remote.disk, "big.bin");
    expect(sha256(await readFile(written))).toBe(sha256(content));
    // Resumed, not started over: REST before RETR, or APPE instead of STOR.
    expect(slow.received()).toContain(direction === "download" ? "REST" : "APPE");
  });

  it("an abandoned download leaves the existing local file intact, and says why", async () => {
    const slow = await server({ bytesPerSecond: 2_000_000 });
    const app = await ferry(slow, { preferences: { retries: 0 }, ask: () => ({ action: "overwrite", applyToAll: false }) });
    const remote = await remoteFolder("abandon");
    await writeFile(join(remote.disk, "big.bin"), randomBytes(3_000_000));
    const local = await localFolder();
    await writeFile(join(local, "big.bin"), "precious");
    await app.add("download", remote.path, ["big.bin"], local);
    await expect.poll(() => app.queue.list().jobs[0]?.transferred ?? 0, { timeout: 10_000 }).toBeGreaterThan(200_000);
    slow.dropConnections();
    const [job] = await app.drained();
    expect(job?.status).toBe("failed");
    expect(job?.message).toMatch(/lost|closed/);
    expect(await readFile(join(local, "big.bin"), "utf8")).toBe("precious");
  });
});
