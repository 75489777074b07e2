import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PreferencesStore } from "../../main/settings/preferences-store";
import { TransferQueue } from "../../main/transfers/transfer-queue";
import { interopSession } from "./interop-session";

const { servers: file } = inject("interop");
const limited = file.connectionLimited[0];
if (!limited) throw new Error("servers.json has no server limited to a few connections");

/** A folder of the test's own below the test user's home, with many small files: where more connections would be tried. */
const folder = join(file.startPath, `connection-limit-${Date.now()}`);
const names = Array.from({ length: 30 }, (_, i) => `small-${String(i + 1).padStart(2, "0")}.txt`);
const data = await mkdtemp(join(tmpdir(), "ferry-interop-limit-"));

beforeAll(async () => {
  await mkdir(folder, { recursive: true });
  for (const name of names) await writeFile(join(folder, name), `${name}: a few bytes\n`);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await rm(data, { recursive: true, force: true });
});

describe(`${limited.name}, a server that allows ${limited.maxConnections} connections from one address`, () => {
  it("runs 30 small files down and back up with 4 transfers asked for: no job fails, and the log says the count was lowered", async () => {
    const { sessions, info } = await interopSession(limited);
    const preferences = new PreferencesStore(join(data, "preferences.json"));
    // No retries: a job that met the refusal would fail at once, instead of waiting for a connection that works.
    await preferences.set({ parallel: 4, smallFilesParallel: 4, retries: 0 });
    const queue = await TransferQueue.open({
      path: join(data, "queue.json"),
      preferences,
      emit: () => undefined,
      ask: async () => ({ action: "overwrite", applyToAll: true }),
    });
    try {
      const connector = sessions.connector(info.id);
      const local = join(data, "down");
      await mkdir(local);
      await queue.add({ connector, direction: "download", move: false, sourceFolder: folder, names, targetFolder: local });
      await expect.poll(() => queue.list().summary.active, { timeout: 60_000, interval: 50 }).toBe(0);
      expect(queue.list().jobs.filter((job) => job.status !== "done")).toEqual([]);
      expect((await readdir(local)).sort()).toEqual(names);
      expect(await readFile(join(local, "small-30.txt"), "utf8")).toBe("small-30.txt: a few bytes\n");

      const log = () =>
        sessions
          .log(info.id)
          .all()
          .map((entry) => entry.text);
      const lowered = log().filter((line) => line.startsWith("The server refused one more connection"));
      // Once, or again when the server still counted a connection that had just closed (a loaded machine).
      expect(lowered.length).toBeGreaterThanOrEqual(1);
      for (const line of lowered)
        expect(line).toMatch(
          /^The server refused one more connection \("421 There are too many connections from your internet address\."\): Ferry keeps to [12] connections? at once/,
        );
      // The transfer connections' commands are in the session log, each tagged with its connection.
      expect(log().filter((line) => /^\[transfer \d+\] RETR /.test(line))).toHaveLength(names.length);
      const refusals = log().filter((line) => line.includes("too many connections")).length;

      // The count is remembered for the session: the upload back does not try a third connection.
      // Made by the test (root): the test user may write in it.
      await mkdir(join(folder, "back"), { mode: 0o777 });
      await chmod(join(folder, "back"), 0o777);
      await queue.add({ connector, direction: "upload", move: false, sourceFolder: local, names, targetFolder: join(folder, "back") });
      await expect.poll(() => queue.list().summary.active, { timeout: 60_000, interval: 50 }).toBe(0);
      expect(queue.list().jobs.filter((job) => job.status !== "done")).toEqual([]);
      expect((await readdir(join(folder, "back"))).sort()).toEqual(names);
      expect(log().filter((line) => line.includes("too many connections")).length).toBe(refusals);
    } finally {
      await queue.close();
      sessions.closeAll();
    }
  });

  it("with the site's limit of 1, runs the transfers on the browsing connection: no refusal, and browsing works after", async () => {
    const { sessions, info } = await interopSession(limited);
    const queue = await TransferQueue.open({
      path: join(data, "queue-one.json"),
      preferences: new PreferencesStore(join(data, "preferences-one.json")),
      emit: () => undefined,
      ask: async () => ({ action: "overwrite", applyToAll: true }),
    });
    try {
      const connector = sessions.useSiteSettings(info.id, { maxConnections: 1, parallel: 4 });
      const local = join(data, "one");
      await mkdir(local);
      await queue.add({
        connector,
        direction: "download",
        move: false,
        sourceFolder: folder,
        names: names.slice(0, 10),
        targetFolder: local,
      });
      await expect.poll(() => queue.list().summary.active, { timeout: 60_000, interval: 50 }).toBe(0);
      expect(queue.list().jobs.filter((job) => job.status !== "done")).toEqual([]);
      expect((await readdir(local)).sort()).toEqual(names.slice(0, 10));
      const log = sessions
        .log(info.id)
        .all()
        .map((entry) => entry.text);
      expect(log.filter((line) => line.startsWith("[transfer"))).toEqual([]);
      expect(log).toContain(`RETR ${folder}/${names[9]}`);
      expect((await sessions.list(info.id, folder, true, true)).entries.map((entry) => entry.name)).toContain(names[0]);
    } finally {
      await queue.close();
      sessions.closeAll();
    }
  });
});
