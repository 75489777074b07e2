import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { statusOf, transferQueueHarness, type Ask } from "../../test-support/transfer-queue-harness";

const { fast, ferry, localFolder, remoteFolder } = await transferQueueHarness();

describe("a target that exists", () => {
  async function scene(ask: Ask, sourceContent = "new content from the server", targetContent = "old local") {
    const app = await ferry(fast, { ask });
    const remote = await remoteFolder("exists");
    await writeFile(join(remote.disk, "notes.txt"), sourceContent);
    const local = await localFolder();
    await writeFile(join(local, "notes.txt"), targetContent);
    await app.add("download", remote.path, ["notes.txt"], local);
    const jobs = await app.drained();
    return { app, local, jobs };
  }

  it("asks with both sizes and times, and Overwrite replaces it", async () => {
    const { app, local } = await scene(() => ({ action: "overwrite", applyToAll: false }));
    expect(app.asked).toHaveLength(1);
    expect(app.asked[0]).toMatchObject({
      direction: "download",
      source: { size: 27 },
      target: { size: 9 },
      canResume: true,
      suggestedName: "notes (1).txt",
    });
    expect(app.asked[0]?.target.modified).toEqual(expect.any(Number));
    expect(await readFile(join(local, "notes.txt"), "utf8")).toBe("new content from the server");
  });

  it("Skip leaves it alone", async () => {
    const { local, jobs } = await scene(() => ({ action: "skip", applyToAll: false }));
    expect(jobs[0]).toMatchObject({ status: "skipped", message: "Skipped: the target exists." });
    expect(await readFile(join(local, "notes.txt"), "utf8")).toBe("old local");
  });

  it("Rename writes beside it under the suggested name", async () => {
    const { local } = await scene(() => ({ action: "rename", applyToAll: false }));
    expect((await readdir(local)).sort()).toEqual(["notes (1).txt", "notes.txt"]);
    expect(await readFile(join(local, "notes (1).txt"), "utf8")).toBe("new content from the server");
  });

  it("Resume continues a smaller target", async () => {
    const { local } = await scene(() => ({ action: "resume", applyToAll: false }), "0123456789abcdef", "01234567");
    expect(await readFile(join(local, "notes.txt"), "utf8")).toBe("0123456789abcdef");
  });

  it("Resume then Cancel gives the target back as it was", async () => {
    const server = randomBytes(1_000_000);
    const mine = server.subarray(0, 200_000);
    const remote = await remoteFolder("resume-cancel");
    await writeFile(join(remote.disk, "video.bin"), server);
    const local = await localFolder();
    await writeFile(join(local, "video.bin"), mine);
    // Slow enough to be cancelled half way.
    const app = await ferry(fast, { ask: () => ({ action: "resume", applyToAll: false }), preferences: { downloadLimit: 200 } });

    await app.add("download", remote.path, ["video.bin"], local);
    await expect.poll(() => app.queue.list().jobs[0]?.transferred ?? 0, { timeout: 10_000 }).toBeGreaterThan(300_000);
    app.queue.cancel();
    await app.drained();

    await expect.poll(() => readdir(local)).toEqual(["video.bin"]);
    expect((await readFile(join(local, "video.bin"))).equals(mine)).toBe(true);
  });

  it("Overwrite if newer keeps a newer target", async () => {
    const { jobs } = await scene(() => ({ action: "overwrite-if-newer", applyToAll: false }));
    // The target was written after the source, so it is the newer one.
    expect(jobs[0]).toMatchObject({ status: "skipped", message: "Skipped: the target is as new or newer." });
  });

  it("'Apply to all' answers the rest of the queue, and a preference answers without asking", async () => {
    const app = await ferry(fast, { ask: () => ({ action: "overwrite", applyToAll: true }) });
    const remote = await remoteFolder("all");
    const local = await localFolder();
    for (const name of ["a.txt", "b.txt", "c.txt"]) {
      await writeFile(join(remote.disk, name), `server ${name}`);
      await writeFile(join(local, name), "old");
    }
    await app.add("download", remote.path, ["a.txt", "b.txt", "c.txt"], local);
    await app.drained();
    expect(app.asked).toHaveLength(1);
    expect(await readFile(join(local, "c.txt"), "utf8")).toBe("server c.txt");

    await app.preferences.set({ whenTargetExists: "skip" });
    await writeFile(join(remote.disk, "a.txt"), "changed again");
    await app.add("download", remote.path, ["a.txt"], local);
    await app.drained();
    expect(app.asked).toHaveLength(1);
    expect(await readFile(join(local, "a.txt"), "utf8")).toBe("server a.txt");
  });

  it("'Overwrite if size differs' skips a target of the same size and replaces one of another size", async () => {
    const app = await ferry(fast, { ask: () => ({ action: "overwrite-if-size-differs", applyToAll: false }) });
    const remote = await remoteFolder("size-differs");
    const local = await localFolder();
    await writeFile(join(remote.disk, "same.txt"), "server");
    await writeFile(join(local, "same.txt"), "mine!!");
    await writeFile(join(remote.disk, "other.txt"), "server, longer");
    await writeFile(join(local, "other.txt"), "mine");
    await app.add("download", remote.path, ["same.txt", "other.txt"], local);
    const jobs = await app.drained();
    expect(jobs.map((job) => [job.status, job.message])).toEqual([
      ["skipped", "Skipped: the target has the same size."],
      ["done", undefined],
    ]);
    expect(await readFile(join(local, "same.txt"), "utf8")).toBe("mine!!");
    expect(await readFile(join(local, "other.txt"), "utf8")).toBe("server, longer");
  });

  it("'Overwrite if size differs or newer' also replaces a same-size target that is older than the source", async () => {
    const app = await ferry(fast, { ask: () => ({ action: "overwrite-if-size-differs-or-newer", applyToAll: false }) });
    const remote = await remoteFolder("size-or-newer");
    const local = await localFolder();
    await writeFile(join(remote.disk, "old.txt"), "server");
    await writeFile(join(local, "old.txt"), "mine!!");
    await utimes(join(local, "old.txt"), new Date("2001-01-01"), new Date("2001-01-01"));
    await writeFile(join(remote.disk, "new.txt"), "server");
    await writeFile(join(local, "new.txt"), "mine!!");
    await utimes(join(local, "new.txt"), new Date("2100-01-01"), new Date("2100-01-01"));
    await app.add("download", remote.path, ["new.txt", "old.txt"], local);
    const jobs = await app.drained();
    expect(jobs.map((job) => [job.status, job.message])).toEqual([
      ["skipped", "Skipped: the target has the same size and is as new or newer."],
      ["done", undefined],
    ]);
    expect(await readFile(join(local, "old.txt"), "utf8")).toBe("server");
  });

  it("says how many more targets of the batch exist, counting down as they are answered, however many run at once", async () => {
    const app = await ferry(fast, { preferences: { parallel: 3 }, ask: () => ({ action: "skip", applyToAll: false }) });
    const remote = await remoteFolder("count");
    const local = await localFolder();
    for (const name of ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]) await writeFile(join(remote.disk, name), "server");
    for (const name of ["a.txt", "b.txt", "d.txt", "e.txt"]) await writeFile(join(local, name), "mine");
    await app.add("download", remote.path, ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"], local);
    await app.drained();
    expect(app.asked.map((asked) => asked.moreInBatch)).toEqual([3, 2, 1, 0].map((count) => ({ count, orMore: false })));
    expect(app.asked.map((asked) => asked.target.path).sort()).toEqual(
      ["a.txt", "b.txt", "d.txt", "e.txt"].map((name) => join(local, name)),
    );
  });

  it("counts an upload's conflicts ahead from the server's folder", async () => {
    const app = await ferry(fast, { preferences: { parallel: 1 }, ask: () => ({ action: "overwrite", applyToAll: false }) });
    const remote = await remoteFolder("count-up");
    const local = await localFolder();
    for (const name of ["a.txt", "b.txt", "c.txt"]) await writeFile(join(local, name), `new ${name}`);
    for (const name of ["a.txt", "c.txt"]) await writeFile(join(remote.disk, name), "old");
    await app.add("upload", local, ["a.txt", "b.txt", "c.txt"], remote.path);
    expect(statusOf(await app.drained())).toEqual(["done", "done", "done"]);
    expect(app.asked.map((asked) => asked.moreInBatch.count)).toEqual([1, 0]);
    expect(await readFile(join(remote.disk, "c.txt"), "utf8")).toBe("new c.txt");
  });

  it("'Cancel all' cancels the rest of the batch and leaves every target as it was", async () => {
    const app = await ferry(fast, { preferences: { parallel: 2 }, ask: () => ({ action: "cancel-batch", applyToAll: false }) });
    const remote = await remoteFolder("cancel-all");
    const local = await localFolder();
    const names = ["a.txt", "b.txt", "c.txt", "d.txt"];
    for (const name of names) await writeFile(join(remote.disk, name), "server");
    for (const name of ["a.txt", "b.txt", "c.txt"]) await writeFile(join(local, name), "mine");
    await app.add("download", remote.path, names, local);
    expect(statusOf(await app.drained())).toEqual(["cancelled", "cancelled", "cancelled", "cancelled"]);
    expect(app.asked).toHaveLength(1);
    expect((await readdir(local)).sort()).toEqual(["a.txt", "b.txt", "c.txt"]);
    for (const name of ["a.txt", "b.txt", "c.txt"]) expect(await readFile(join(local, name), "utf8")).toBe("mine");
  });
});

describe("a job stopped before its target question was answered", () => {
  /** Two files whose targets exist, two at once; the first question stays showing until `answer` is called. */
  async function sceneWithQuestionShowing(later: Ask) {
    let answer: (reply: Awaited<ReturnType<Ask>>) => void = () => undefined;
    const showing = new Promise<Awaited<ReturnType<Ask>>>((resolve) => (answer = resolve));
    const app = await ferry(fast, {
      preferences: { parallel: 2 },
      ask: (request) => (app.asked.length === 1 ? showing : later(request)),
    });
    const remote = await remoteFolder("stopped-waiting");
    const local = await localFolder();
    for (const name of ["a.txt", "b.txt"]) {
      await writeFile(join(remote.disk, name), "server");
      await writeFile(join(local, name), "mine");
    }
    await app.add("download", remote.path, ["a.txt", "b.txt"], local);
    // Both are connected and look at their targets: one question shows, the other job waits its turn.
    await expect.poll(() => app.asked.length).toBe(1);
    await expect.poll(() => app.queue.list().jobs.map((job) => job.phase)).toEqual(["checking", "checking"]);
    const asked = app.asked[0]?.target.path;
    const waiting = app.queue.list().jobs.find((job) => job.localPath !== asked);
    if (!waiting) throw new Error("no job waits for its question");
    return { app, local, answer, waiting };
  }

  it("Pause while it waits its turn, then Resume: it is asked, and the file the user had stays theirs", async () => {
    const { app, local, answer, waiting } = await sceneWithQuestionShowing(() => ({ action: "skip", applyToAll: false }));
    app.queue.pause([waiting.id]);
    answer({ action: "skip", applyToAll: false });
    await app.drained();
    app.queue.resume([waiting.id]);
    const jobs = await app.drained();

    expect(statusOf(jobs)).toEqual(["skipped", "skipped"]);
    expect(app.asked.map((asked) => asked.target.path).sort()).toEqual([join(local, "a.txt"), join(local, "b.txt")]);
    for (const name of ["a.txt", "b.txt"]) expect(await readFile(join(local, name), "utf8")).toBe("mine");
  });

  it("'Cancel all', then Retry: each job is asked again, and the files the user had stay theirs", async () => {
    const { app, local, answer } = await sceneWithQuestionShowing(() => ({ action: "skip", applyToAll: false }));
    answer({ action: "cancel-batch", applyToAll: false });
    expect(statusOf(await app.drained())).toEqual(["cancelled", "cancelled"]);
    app.queue.retry();
    const jobs = await app.drained();

    expect(statusOf(jobs)).toEqual(["skipped", "skipped"]);
    expect(app.asked).toHaveLength(3);
    for (const name of ["a.txt", "b.txt"]) expect(await readFile(join(local, name), "utf8")).toBe("mine");
  });
});

describe("a local file where a server folder of that name is", () => {
  async function scene(ask: Ask) {
    const app = await ferry(fast, { ask });
    const remote = await remoteFolder("up-clash");
    await mkdir(join(remote.disk, "report"));
    await writeFile(join(remote.disk, "report", "kept.txt"), "the server's");
    const local = await localFolder();
    await writeFile(join(local, "report"), "my report");
    await app.add("upload", local, ["report"], remote.path);
    return { app, remote, jobs: await app.drained(10_000) };
  }

  it("asks skip or rename, and an Overwrite answer still leaves the folder alone", async () => {
    const { app, remote, jobs } = await scene(() => ({ action: "overwrite", applyToAll: false }));
    expect(app.asked).toEqual([expect.objectContaining({ targetIsFolder: true, canResume: false, suggestedName: "report (1)" })]);
    expect(jobs[0]).toMatchObject({ status: "skipped", message: "Skipped: a folder named report is in the way." });
    expect((await readdir(remote.disk)).sort()).toEqual(["report"]);
    expect(await readFile(join(remote.disk, "report", "kept.txt"), "utf8")).toBe("the server's");
  });

  it("Rename with a name of the user's lands the file beside the folder", async () => {
    const { remote, jobs } = await scene(() => ({ action: "rename", newName: "report.txt", applyToAll: false }));
    expect(statusOf(jobs)).toEqual(["done"]);
    expect((await readdir(remote.disk)).sort()).toEqual(["report", "report.txt"]);
    expect(await readFile(join(remote.disk, "report.txt"), "utf8")).toBe("my report");
    expect(await readdir(join(remote.disk, "report"))).toEqual(["kept.txt"]);
  });
});
