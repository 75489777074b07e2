import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { transferQueueHarness, type Ask } from "../../test-support/transfer-queue-harness";

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
});
