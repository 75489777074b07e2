import { execFileSync } from "node:child_process";
import { lstatSync, rmSync } from "node:fs";
import { mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { tree } from "../../test-support/test-helpers";
import { transferQueueHarness } from "../../test-support/transfer-queue-harness";
import { LocalTree, type LooksOnThisThread } from "./local-entry-kind";

const { fast, ferry, localFolder, remoteFolder, cleanups } = await transferQueueHarness();

/** A project folder with everything odd a disk can hold, and a secret beside it. */
async function oddProject() {
  const home = await localFolder();
  await writeFile(join(home, "id_rsa"), "secret key");
  const project = join(home, "project");
  await mkdir(join(project, "src"), { recursive: true });
  await writeFile(join(project, "src", "main.c"), "int main;");
  await symlink(join(project, "src", "main.c"), join(project, "main-link.c"));
  await symlink(join(home, "id_rsa"), join(project, "key"));
  await symlink(join(project, "missing"), join(project, "dangling"));
  await symlink(join(project, "self"), join(project, "self"));
  await symlink("/dev/zero", join(project, "zero"));
  await symlink(project, join(project, "src", "up"));
  execFileSync("mkfifo", [join(project, "pipe")]);
  const socket = createServer();
  await new Promise<void>((resolve) => socket.listen(join(project, "socket"), resolve));
  cleanups.push(() => new Promise((resolve) => socket.close(resolve)));
  return { home, project };
}

describe("uploading a tree with links, devices, FIFOs and sockets", () => {
  it("uploads the files and folders, follows links inside the tree, and skips the rest visibly, each with its reason", async () => {
    const app = await ferry(fast);
    const { home, project } = await oddProject();
    const remote = await remoteFolder("odd");

    await app.add("upload", home, ["project"], remote.path);
    const jobs = await app.drained(10_000);

    expect(await tree(join(remote.disk, "project"))).toEqual({
      src: "folder",
      "src/main.c": expect.any(String),
      "main-link.c": expect.any(String),
    });
    const skipped = Object.fromEntries(
      jobs.filter((job) => job.status === "skipped").map((job) => [job.localPath.slice(project.length + 1), job.message]),
    );
    expect(skipped).toEqual({
      dangling: expect.stringContaining("a link to something that does not exist"),
      self: expect.stringContaining("leads back to itself"),
      key: expect.stringContaining(`a link to ${join(home, "id_rsa")}, outside the folders chosen`),
      zero: expect.stringContaining("outside the folders chosen"),
      pipe: expect.stringContaining("a named pipe (FIFO)"),
      socket: expect.stringContaining("a socket"),
      "src/up": expect.stringContaining("which this transfer already takes"),
    });
    expect(jobs.filter((job) => job.status !== "skipped").map((job) => job.status)).toEqual(["done", "done"]);
  });

  it("takes a folder that a link walked first as well: the tree keeps its shape", async () => {
    const app = await ferry(fast);
    const home = await localFolder();
    await mkdir(join(home, "site", "releases", "r2"), { recursive: true });
    await writeFile(join(home, "site", "releases", "r2", "index.html"), "r2");
    // "current" comes first in the walk.
    await symlink(join(home, "site", "releases", "r2"), join(home, "site", "current"));
    const remote = await remoteFolder("deploy");

    await app.add("upload", home, ["site"], remote.path);
    const jobs = await app.drained(10_000);

    expect(jobs.filter((job) => job.status !== "done")).toEqual([]);
    expect(await tree(join(remote.disk, "site"))).toEqual({
      current: "folder",
      "current/index.html": expect.any(String),
      releases: "folder",
      "releases/r2": "folder",
      "releases/r2/index.html": expect.any(String),
    });
  });

  it("follows links out of the tree when the preference says so, and still never reads a device", async () => {
    const app = await ferry(fast, { preferences: { followLinksOutOfTree: true } });
    const { home } = await oddProject();
    const remote = await remoteFolder("odd-follow");

    await app.add("upload", home, ["project"], remote.path);
    const jobs = await app.drained(10_000);

    expect((await tree(join(remote.disk, "project")))["key"]).toEqual(expect.any(String));
    const zero = jobs.find((job) => job.localPath.endsWith("zero"));
    expect(zero).toMatchObject({ status: "skipped", message: expect.stringContaining("is a device, not a file or folder") });
  });

  it("fails a job whose file became a FIFO after it was queued, instead of waiting for ever", async () => {
    const local = await localFolder();
    const remote = await remoteFolder("swapped");
    await writeFile(join(local, "data.bin"), "x");
    await writeFile(join(remote.disk, "data.bin"), "old");
    // The swap happens while the job asks about the existing target, just before it reads.
    const app = await ferry(fast, {
      ask: () => {
        rmSync(join(local, "data.bin"));
        execFileSync("mkfifo", [join(local, "data.bin")]);
        return { action: "overwrite", applyToAll: false };
      },
    });
    await app.add("upload", local, ["data.bin"], remote.path);

    const [job] = await app.drained(10_000);
    expect(job).toMatchObject({
      status: "failed",
      message: `${join(local, "data.bin")} is a named pipe (FIFO) now, not a file, so Ferry did not read it.`,
    });
    expect(await readFile(join(remote.disk, "data.bin"), "utf8")).toBe("old");
  });
});

describe("looking at a folder's files for a comparison", () => {
  /** Looks on the test's thread that count themselves, on a clock that moves only as the test says: `slow` looks take 6 ms. */
  function countedLooks(slow: (path: string) => boolean = () => false) {
    let clock = 0;
    const looked: string[] = [];
    const looks: LooksOnThisThread = {
      lstat(path) {
        looked.push(basename(path));
        if (slow(path)) clock += 6;
        return lstatSync(path, { throwIfNoEntry: false });
      },
      now: () => clock,
    };
    return { looks, looked };
  }

  it("gives each file's size and time, and for a name that changed since the listing what it is now", async () => {
    const { project } = await oddProject();
    await writeFile(join(project, "first.txt"), "first");
    await writeFile(join(project, "big.bin"), "x".repeat(3000));
    const modified = (await stat(join(project, "big.bin"))).mtimeMs;
    // Names the listing called files: one is gone since, one is a folder, one a FIFO, one a link out of the tree.
    const names = ["first.txt", "big.bin", "vanished.txt", "src", "pipe", "key", "main-link.c"];
    const { looks, looked } = countedLooks();
    const tree = await LocalTree.of([project], false, looks);

    expect(Object.fromEntries(await tree.filesIn(project, names))).toEqual({
      "first.txt": { kind: "file", size: 5, modified: expect.any(Number) },
      "big.bin": { kind: "file", size: 3000, modified },
      "vanished.txt": { kind: "skip", reason: `Skipped ${join(project, "vanished.txt")}: it is no longer there.` },
      src: { kind: "folder" },
      pipe: { kind: "skip", reason: expect.stringContaining("a named pipe (FIFO)") },
      key: { kind: "skip", reason: expect.stringContaining("outside the folders chosen") },
      "main-link.c": { kind: "file", size: 9, modified: expect.any(Number) },
    });
    // The disk answered at once: every name was looked at on this thread, and the odd ones again through the thread pool.
    expect(looked).toEqual(names);
  });

  it("looks through the thread pool from a slow look to the folder's end, and on this thread again in the next folder", async () => {
    const { project } = await oddProject();
    for (const name of ["a", "b", "c", "d"]) await writeFile(join(project, `${name}.txt`), name);
    await mkdir(join(project, "more"));
    for (const name of ["x", "y"]) await writeFile(join(project, "more", `${name}.txt`), name);
    const { looks, looked } = countedLooks((path) => path.endsWith("b.txt"));
    const tree = await LocalTree.of([project], false, looks);

    const kinds = await tree.filesIn(project, ["a.txt", "b.txt", "c.txt", "d.txt"]);
    expect([...kinds.values()].map((entry) => [entry.kind, "size" in entry ? entry.size : 0])).toEqual([
      ["file", 1],
      ["file", 1],
      ["file", 1],
      ["file", 1],
    ]);
    expect(looked).toEqual(["a.txt", "b.txt"]);
    expect((await tree.filesIn(join(project, "more"), ["x.txt", "y.txt"])).get("y.txt")).toMatchObject({ kind: "file", size: 1 });
    expect(looked).toEqual(["a.txt", "b.txt", "x.txt", "y.txt"]);
  });
});
