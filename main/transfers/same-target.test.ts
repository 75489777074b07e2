import { randomBytes } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jobEnds, type TransferJob, type TransferPreferences } from "../../shared/transfer";
import { transferQueueHarness, type Ask } from "../../test-support/transfer-queue-harness";
import { sha256 } from "../../test-support/test-helpers";

const { server, ferry, localFolder, remoteFolder } = await transferQueueHarness();

/** Slow enough that the second job starts long before the first has written its file. */
const slow = await server({ bytesPerSecond: 300_000 });
const fileBytes = 300_000;

/**
 * f.bin in each folder, of one size but other bytes (a mix of the two would go unseen by its
 * size): the hash of each by the path a job names as its source (`as`: that path from the folder).
 */
async function sources(folders: readonly { disk: string; as: string }[]): Promise<Map<string, string>> {
  const shas = new Map<string, string>();
  for (const { disk, as } of folders) {
    const content = randomBytes(fileBytes);
    await writeFile(join(disk, "f.bin"), content);
    shas.set(as, sha256(content));
  }
  return shas;
}

/** The jobs by how they ended, each with the hash of its source. */
function byStatus(jobs: readonly TransferJob[], shas: ReadonlyMap<string, string>) {
  return Object.fromEntries(jobs.map((job) => [job.status, { job, sha: shas.get(jobEnds(job).source) }]));
}

/** Waits for the queue to drain, noting every phase its jobs showed on the way. */
async function drainedSeeing(app: Awaited<ReturnType<typeof ferry>>) {
  const phases = new Set<string>();
  const look = setInterval(() => {
    for (const job of app.queue.list().jobs) if (job.phase) phases.add(job.phase);
  }, 10);
  try {
    return { jobs: await app.drained(), phases };
  } finally {
    clearInterval(look);
  }
}

describe("two jobs with one target", () => {
  async function downloads(preferences: Partial<TransferPreferences>, ask?: Ask, folders = ["same-a", "same-b"]) {
    const app = await ferry(slow, { preferences: { parallel: folders.length, ...preferences }, ...(ask ? { ask } : {}) });
    const remote = await Promise.all(folders.map((name) => remoteFolder(name)));
    const shas = await sources(remote.map(({ disk, path }) => ({ disk, as: `${path}/f.bin` })));
    const local = await localFolder();
    for (const { path } of remote) await app.add("download", path, ["f.bin"], local);
    return { app, local, shas, ...(await drainedSeeing(app)) };
  }

  it("the second download waits for the first, then is skipped as the preference says: the file is the first's, whole", async () => {
    const { local, shas, jobs, phases } = await downloads({ whenTargetExists: "skip" });
    const { done, skipped } = byStatus(jobs, shas);
    expect(skipped?.job.message).toBe("Skipped: the target exists.");
    expect(await readdir(local)).toEqual(["f.bin"]);
    expect(sha256(await readFile(join(local, "f.bin")))).toBe(done?.sha);
    expect(phases).toContain("waiting");
  });

  it("the second download asks about the file the first put there, and Overwrite gives the second's, whole", async () => {
    const { app, local, shas, jobs } = await downloads({ whenTargetExists: "ask" }, () => ({ action: "overwrite", applyToAll: false }));
    expect(jobs.map((job) => job.status)).toEqual(["done", "done"]);
    expect(app.asked).toHaveLength(1);
    expect(app.asked[0]).toMatchObject({ target: { path: join(local, "f.bin"), size: fileBytes } });
    expect(await readdir(local)).toEqual(["f.bin"]);
    expect(sha256(await readFile(join(local, "f.bin")))).toBe(shas.get(app.asked[0]?.source.path ?? ""));
  });

  it("with Rename as the preference, each download lands whole under a name of its own, not one another is writing", async () => {
    const { local, shas, jobs } = await downloads({ whenTargetExists: "rename" }, undefined, ["same-a", "same-b", "same-c"]);
    expect(jobs.map((job) => job.status)).toEqual(["done", "done", "done"]);
    const names = ["f (1).bin", "f (2).bin", "f.bin"];
    expect((await readdir(local)).sort()).toEqual(names);
    const landed = await Promise.all(names.map(async (name) => sha256(await readFile(join(local, name)))));
    expect(landed.sort()).toEqual([...shas.values()].sort());
  });

  it("a download renamed onto a file another is writing waits for it, then is asked about that file", async () => {
    const app = await ferry(slow, {
      preferences: { parallel: 2 },
      ask: ({ target }) =>
        target.path.endsWith("f.bin")
          ? { action: "rename", newName: "g.bin", applyToAll: false }
          : { action: "overwrite", applyToAll: false },
    });
    const remote = await remoteFolder("renamed-onto");
    const shas = await sources([{ disk: remote.disk, as: `${remote.path}/f.bin` }]);
    await writeFile(join(remote.disk, "g.bin"), randomBytes(fileBytes));
    const local = await localFolder();
    await writeFile(join(local, "f.bin"), "mine");
    await app.add("download", remote.path, ["g.bin"], local);
    await app.add("download", remote.path, ["f.bin"], local);
    const { jobs, phases } = await drainedSeeing(app);
    expect(jobs.map((job) => job.status)).toEqual(["done", "done"]);
    expect(app.asked.map(({ target }) => target.path)).toEqual([join(local, "f.bin"), join(local, "g.bin")]);
    expect((await readdir(local)).sort()).toEqual(["f.bin", "g.bin"]);
    expect(await readFile(join(local, "f.bin"), "utf8")).toBe("mine");
    expect(sha256(await readFile(join(local, "g.bin")))).toBe(shas.get(`${remote.path}/f.bin`));
    expect(phases).toContain("waiting");
  });

  it("two uploads to one server file: the second waits, then is skipped as the preference says", async () => {
    const app = await ferry(slow, { preferences: { parallel: 2, whenTargetExists: "skip" } });
    const local = [await localFolder(), await localFolder()];
    const shas = await sources(local.map((disk) => ({ disk, as: join(disk, "f.bin") })));
    const remote = await remoteFolder("same-up");
    for (const folder of local) await app.add("upload", folder, ["f.bin"], remote.path);
    const { jobs, phases } = await drainedSeeing(app);
    const { done, skipped } = byStatus(jobs, shas);
    expect(skipped?.job.message).toBe("Skipped: the target exists.");
    expect(sha256(await readFile(join(remote.disk, "f.bin")))).toBe(done?.sha);
    expect(phases).toContain("waiting");
  });

  it("cancelling the job that waits leaves the other's partial file alone: it lands whole, without a retry", async () => {
    const app = await ferry(slow, { preferences: { parallel: 2 } });
    const remote = await remoteFolder("same-twice");
    const shas = await sources([{ disk: remote.disk, as: `${remote.path}/f.bin` }]);
    const local = await localFolder();
    // The same file queued twice.
    await app.add("download", remote.path, ["f.bin"], local);
    await app.add("download", remote.path, ["f.bin"], local);
    await expect.poll(() => app.queue.list().jobs.find((job) => job.phase === "waiting"), { timeout: 10_000, interval: 20 }).toBeDefined();
    const waiting = app.queue.list().jobs.find((job) => job.phase === "waiting");
    app.queue.cancel(waiting ? [waiting.id] : []);
    const jobs = await app.drained();
    expect(jobs.map((job) => [job.status, job.attempts])).toEqual(jobs.map((job) => [job.id === waiting?.id ? "cancelled" : "done", 0]));
    expect(await readdir(local)).toEqual(["f.bin"]);
    expect(sha256(await readFile(join(local, "f.bin")))).toBe(shas.get(`${remote.path}/f.bin`));
  });
});
