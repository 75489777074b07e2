import { mkdir, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultTransferPreferences, withOverrides } from "../../shared/transfer";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";

const { fast, ferry, localFolder, remoteFolder } = await transferQueueHarness();
const modeOf = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);

describe("permissions set on upload", () => {
  it("gives uploaded files and the folders an upload makes the permissions asked for, as WinSCP's 'Set permissions'", async () => {
    const app = await ferry(fast, { preferences: { uploadFileMode: "640", uploadFolderMode: "750" } });
    const local = await localFolder();
    await mkdir(join(local, "site", "css"), { recursive: true });
    await writeFile(join(local, "site", "index.html"), "<h1>hi</h1>");
    await writeFile(join(local, "site", "css", "main.css"), "h1{}");
    const remote = await remoteFolder("modes");

    await app.add("upload", local, ["site"], remote.path);
    const jobs = await app.drained();
    expect(statusOf(jobs)).toEqual(["done", "done"]);
    expect(jobs.map((job) => job.message)).toEqual([undefined, undefined]);
    expect(await modeOf(join(remote.disk, "site", "index.html"))).toBe("640");
    expect(await modeOf(join(remote.disk, "site", "css", "main.css"))).toBe("640");
    expect(await modeOf(join(remote.disk, "site"))).toBe("750");
    expect(await modeOf(join(remote.disk, "site", "css"))).toBe("750");
  });

  it("leaves the server's own permissions alone by default", async () => {
    const app = await ferry(fast);
    const local = await localFolder();
    await writeFile(join(local, "plain.txt"), "x");
    const remote = await remoteFolder("default-modes");
    const heardBefore = fast.received().length;
    await app.add("upload", local, ["plain.txt"], remote.path);
    expect(statusOf(await app.drained())).toEqual(["done"]);
    expect(fast.received().slice(heardBefore)).toContain("STOR");
    expect(fast.received().slice(heardBefore)).not.toContain("SITE");
  });
});

describe("modification times", () => {
  it("keeps the server's time on a download by default, and the time of writing when the preference is off", async () => {
    const remote = await remoteFolder("times");
    await writeFile(join(remote.disk, "old.txt"), "from 2020");
    const then = new Date("2020-02-03T04:05:06Z");
    await utimes(join(remote.disk, "old.txt"), then, then);

    const keeping = await ferry(fast);
    const kept = await localFolder();
    await keeping.add("download", remote.path, ["old.txt"], kept);
    expect(statusOf(await keeping.drained())).toEqual(["done"]);
    expect((await stat(join(kept, "old.txt"))).mtime.toISOString()).toBe(then.toISOString());

    const notKeeping = await ferry(fast, { preferences: { preserveTimestamps: false } });
    const fresh = await localFolder();
    const before = Date.now();
    await notKeeping.add("download", remote.path, ["old.txt"], fresh);
    expect(statusOf(await notKeeping.drained())).toEqual(["done"]);
    expect((await stat(join(fresh, "old.txt"))).mtimeMs).toBeGreaterThanOrEqual(before - 1000);
  });
});

describe("a saved site's own transfer settings", () => {
  it("win over the queue's settings for that site's transfers, and leave the rest to them", async () => {
    const app = await ferry(fast, { preferences: { uploadFileMode: "644", preserveTimestamps: true } });
    const local = await localFolder();
    await mkdir(join(local, "private"));
    await writeFile(join(local, "private", "secret.txt"), "only for me");
    const remote = await remoteFolder("site-modes");
    // What a site saved with "Permissions of uploaded files: 600" and "of new folders: 700" brings along.
    const connector = { ...app.connector, overrides: { uploadFileMode: "600", uploadFolderMode: "700" } };
    await app.queue.add({
      connector,
      direction: "upload",
      move: false,
      sourceFolder: local,
      names: ["private"],
      targetFolder: remote.path,
    });
    expect(statusOf(await app.drained())).toEqual(["done"]);
    expect(await modeOf(join(remote.disk, "private", "secret.txt"))).toBe("600");
    expect(await modeOf(join(remote.disk, "private"))).toBe("700");
  });

  it("are taken from the preferences where the site sets nothing", () => {
    const preferences = { ...defaultTransferPreferences, uploadFileMode: "644", verifyChecksums: true };
    expect(withOverrides(preferences, undefined)).toEqual(preferences);
    expect(withOverrides(preferences, { verifyChecksums: false })).toEqual({ ...preferences, verifyChecksums: false });
    expect(withOverrides(preferences, { uploadFolderMode: "750" })).toMatchObject({ uploadFileMode: "644", uploadFolderMode: "750" });
  });
});
