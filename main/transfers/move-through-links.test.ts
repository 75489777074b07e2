import { lstat, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";

const { fast, ferry, localFolder, remoteFolder } = await transferQueueHarness();

/** Whether something (a link too, even a dangling one) is at the path. */
const there = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

describe("moving (F6) a local folder that holds a link to a folder", () => {
  it("uploads what the link leads to, removes the link and never deletes the files it leads to", async () => {
    const local = await localFolder();
    await mkdir(join(local, "project"));
    await writeFile(join(local, "project", "main.c"), "int main;");
    await mkdir(join(local, "outside", "inner"), { recursive: true });
    await writeFile(join(local, "outside", "thesis.txt"), "years of work");
    await writeFile(join(local, "outside", "inner", "data.csv"), "1,2");
    await symlink(join(local, "outside"), join(local, "project", "shared"));
    const remote = await remoteFolder("move-link-out");
    const app = await ferry(fast, { preferences: { followLinksOutOfTree: true } });

    await app.add("upload", local, ["project"], remote.path, true);
    const jobs = await app.drained(20_000);

    expect(statusOf(jobs).filter((status) => status !== "done")).toEqual([]);
    expect(await readFile(join(remote.disk, "project", "shared", "inner", "data.csv"), "utf8")).toBe("1,2");
    expect(await readFile(join(local, "outside", "thesis.txt"), "utf8")).toBe("years of work");
    expect(await readFile(join(local, "outside", "inner", "data.csv"), "utf8")).toBe("1,2");
    expect(await readdir(local)).toEqual(["outside"]);
  });

  it("moves a marked link as a link: its target's files stay", async () => {
    const local = await localFolder();
    await mkdir(join(local, "releases", "r2"), { recursive: true });
    await writeFile(join(local, "releases", "r2", "app.js"), "v2");
    await symlink(join(local, "releases", "r2"), join(local, "current"));
    const remote = await remoteFolder("move-marked-link");
    const app = await ferry(fast);

    await app.add("upload", local, ["current"], remote.path, true);
    const jobs = await app.drained(20_000);

    expect(statusOf(jobs).filter((status) => status !== "done")).toEqual([]);
    expect(await readFile(join(remote.disk, "current", "app.js"), "utf8")).toBe("v2");
    expect(await readFile(join(local, "releases", "r2", "app.js"), "utf8")).toBe("v2");
    expect(await there(join(local, "current"))).toBe(false);
    expect(jobs.find((job) => job.kind === "remove-source-folder")?.message).toBe(
      "Removed the link; the folder it leads to keeps its files (copied, not moved).",
    );
  });
});
