import { mkdir, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { keepHarness, patient, settle } from "../../test-support/keep-up-to-date-harness";
import { transferQueueHarness } from "../../test-support/transfer-queue-harness";

const harness = await transferQueueHarness();
const keeping = keepHarness(harness);

const cannotWatch = (local: string) => `Stopped: the local folder ${local} can no longer be watched (was it moved or deleted?).`;

describe("keep remote directory up to date deletes on the server only what was deleted here", () => {
  it("stops, deleting nothing, when the watched folder is deleted and made again (rm -rf dist && build)", async () => {
    const { local, start, onServer, stopped, log } = await keeping("remade");
    await mkdir(join(local, "assets"));
    await writeFile(join(local, "assets", "app.js"), "app");
    await writeFile(join(local, "index.html"), "index");
    await start({ deleteOnServer: true, initialSync: true });
    await expect.poll(() => onServer("assets/app.js"), patient).toBe("app");
    await expect.poll(() => onServer("index.html"), patient).toBe("index");

    await rm(local, { recursive: true });
    await mkdir(local);
    await expect.poll(stopped, patient).toEqual([cannotWatch(local)]);
    await settle();
    expect(await onServer("index.html")).toBe("index");
    expect(await onServer("assets/app.js")).toBe("app");
    expect(log().filter((line) => line.startsWith("Deleted"))).toEqual([]);
  });

  it("without subfolders, stops when the watched folder is renamed, and a save in it after deletes nothing on the server", async () => {
    const { local, server, start, onServer, stopped, log } = await keeping("renamed");
    const moved = `${local}-moved`;
    harness.cleanups.push(() => rm(moved, { recursive: true, force: true }));
    await writeFile(join(local, "a.txt"), "a");
    // A server file that bears the watched folder's own name.
    await writeFile(join(server.disk, basename(local)), "same name as the folder");
    await start({ deleteOnServer: true, initialSync: true, subfolders: false });
    await expect.poll(() => onServer("a.txt"), patient).toBe("a");

    await rename(local, moved);
    await writeFile(join(moved, "a.txt"), "a, saved again");
    await expect.poll(stopped, patient).toEqual([cannotWatch(local)]);
    await settle();
    expect(await onServer("a.txt")).toBe("a");
    expect(await onServer(basename(local))).toBe("same name as the folder");
    expect(log().filter((line) => line.startsWith("Deleted"))).toEqual([]);
  });

  it("deletes nothing on the server for a path the disk will not show, and says so", async () => {
    const { local, start, onServer, log } = await keeping("unreadable");
    await mkdir(join(local, "docs"));
    await writeFile(join(local, "docs", "guide.txt"), "guide");
    await start({ deleteOnServer: true, initialSync: true });
    await expect.poll(() => onServer("docs/guide.txt"), patient).toBe("guide");

    // docs/ becomes a link to itself: the disk answers "too many links" for docs/guide.txt, not "no such file".
    await rm(join(local, "docs"), { recursive: true });
    await symlink("docs", join(local, "docs"));
    await expect
      .poll(log, patient)
      .toContain("Ferry could not look at docs/guide.txt here, so it is left as it is on the server until it changes again.");
    await settle();
    expect(await onServer("docs/guide.txt")).toBe("guide");
    expect(log().filter((line) => line.startsWith("Deleted"))).toEqual([]);
  });

  it("with a mask, a folder deleted here takes from the server only what the mask takes, and the folder only once it is empty", async () => {
    const { local, server, start, onServer, log } = await keeping("masked-folder");
    await mkdir(join(local, "app"));
    await writeFile(join(local, "app", "index.js"), "index");
    await mkdir(join(local, "old", "sub"), { recursive: true });
    await writeFile(join(local, "old", "a.txt"), "a");
    await writeFile(join(local, "old", "sub", "b.txt"), "b");
    await start({ deleteOnServer: true, initialSync: true, mask: "| *.log; cache/" });
    await expect.poll(() => onServer("app/index.js"), patient).toBe("index");
    await expect.poll(() => onServer("old/sub/b.txt"), patient).toBe("b");
    // What the mask leaves out, on the server only.
    await writeFile(join(server.disk, "app", "server.log"), "log");
    await mkdir(join(server.disk, "app", "cache"));
    await writeFile(join(server.disk, "app", "cache", "page.html"), "cached");

    await rm(join(local, "app"), { recursive: true });
    await rm(join(local, "old"), { recursive: true });
    await expect.poll(log, patient).toContain("Deleted app/index.js on the server.");
    expect(await onServer("app/index.js")).toBeUndefined();
    expect(await onServer("app/server.log")).toBe("log");
    expect(await onServer("app/cache/page.html")).toBe("cached");
    expect(log()).toContain("Kept app on the server: it holds what the mask leaves out.");
    await expect.poll(log, patient).toContain("Deleted old on the server.");
    await expect(stat(join(server.disk, "old"))).rejects.toThrow();
  });

  it("with a size in the mask, a file deleted here is deleted on the server only when the server's copy is one the mask takes", async () => {
    const { local, server, start, onServer, log } = await keeping("masked-size");
    await writeFile(join(local, "notes.txt"), "small");
    await writeFile(join(local, "video.mp4"), "x".repeat(2000));
    await writeFile(join(server.disk, "video.mp4"), "the server's own big video".padEnd(2000, "."));
    await start({ deleteOnServer: true, initialSync: true, mask: "| *>1K" });
    await expect.poll(() => onServer("notes.txt"), patient).toBe("small");

    await rm(join(local, "video.mp4"));
    await rm(join(local, "notes.txt"));
    await expect.poll(() => onServer("notes.txt"), patient).toBeUndefined();
    await settle();
    expect(await onServer("video.mp4")).toBe("the server's own big video".padEnd(2000, "."));
    expect(log()).not.toContain("Deleted video.mp4 on the server.");
  });
});
