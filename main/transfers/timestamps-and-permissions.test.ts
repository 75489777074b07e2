import { mkdir, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultTransferPreferences, withOverrides, type TransferPreferences } from "../../shared/transfer";
import { scriptedRequest } from "../../test-support/connect-requests";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";
import { PreferencesStore } from "../settings/preferences-store";
import { TransferQueue } from "./transfer-queue";

const { fast, ferry, localFolder, remoteFolder, cleanups } = await transferQueueHarness();
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

describe("a server that refuses SITE CHMOD and MFMT", () => {
  /** Uploads `file.txt` to a scripted server that offers MFMT and refuses it, as it refuses SITE CHMOD; gives the job. */
  async function uploadRefused(preferences: Partial<TransferPreferences>, overrides?: Partial<TransferPreferences>) {
    const server = await startScriptedServer({ listings: { "/": "" }, replies: { FEAT: "211-Features:\r\n MFMT\r\n211 End" } });
    const { sessions } = sessionManagerForTests();
    const info = await sessions.open(scriptedRequest(server));
    const local = await localFolder();
    const preferencesStore = new PreferencesStore(join(local, "preferences.json"));
    await preferencesStore.set({ retries: 0, uploadFileMode: "640", ...preferences });
    const queue = await TransferQueue.open({
      path: join(local, "queue.json"),
      preferences: preferencesStore,
      emit: () => undefined,
      ask: async () => ({ action: "overwrite", applyToAll: true }),
      batchMs: 20,
    });
    cleanups.push(async () => {
      await queue.close();
      sessions.closeAll();
      await server.close();
    });
    await mkdir(join(local, "up"));
    await writeFile(join(local, "up", "file.txt"), "content");
    const connector = { ...sessions.connector(info.id), overrides };
    await queue.add({
      connector,
      direction: "upload",
      move: false,
      sourceFolder: join(local, "up"),
      names: ["file.txt"],
      targetFolder: "/",
    });
    await expect.poll(() => queue.list().summary.active, { timeout: 10_000 }).toBe(0);
    return { job: queue.list().jobs[0], heard: server.commands };
  }
  const refusals =
    "The server kept its own modification time: it refused MFMT (502). The server kept its own permissions for /file.txt: it refused to set 640 (502).";

  it("leaves the upload done with a note of both refusals by default (WinSCP's 'Ignore permission errors')", async () => {
    const { job, heard } = await uploadRefused({});
    expect(heard.some((command) => command.startsWith("MFMT "))).toBe(true);
    expect(job).toMatchObject({ status: "done", message: refusals });
  });

  it("fails the upload with that sentence when permission errors are not ignored, in the preferences or for the site", async () => {
    expect((await uploadRefused({ ignorePermissionErrors: false })).job).toMatchObject({ status: "failed", message: refusals });
    const site = await uploadRefused({ ignorePermissionErrors: true }, { ignorePermissionErrors: false });
    expect(site.job).toMatchObject({ status: "failed", message: refusals });
  });

  it("asks for no time when preserving timestamps is off", async () => {
    const { job, heard } = await uploadRefused({ preserveTimestamps: false, uploadFileMode: "" });
    expect(heard.some((command) => command.startsWith("MFMT "))).toBe(false);
    expect(job).toMatchObject({ status: "done", message: undefined });
  });
});
