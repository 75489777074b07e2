import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { PreferencesStore } from "../../main/settings/preferences-store";
import { TransferQueue } from "../../main/transfers/transfer-queue";
import { interopSession } from "./interop-session";
import type { ServersFile } from "../servers/interop-servers";

const { servers: file } = inject("interop");
const byName = (start: string) => {
  const server = file.localTime.find((candidate) => candidate.name.startsWith(start));
  if (!server) throw new Error(`servers.json has no ${start} server in Tokyo`);
  return server;
};
const proftpd = byName("proftpd");
const vsftpd = byName("vsftpd");
const tokyoMs = proftpd.utcOffsetMinutes * 60_000;

/** A folder of the test's own below the test user's home, with a file written at a known moment two days ago. */
const folder = join(file.startPath, `time-zone-${Date.now()}`);
// Within the last six months, so that LIST prints its time of day; seconds that LIST leaves out.
const written = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 2 * 86_400_000 + 37_000);
const listedAs = written.getTime() - 37_000;

beforeAll(async () => {
  await mkdir(join(folder, "sub"), { recursive: true });
  await writeFile(join(folder, "dated.txt"), "written in Tokyo\n");
  await utimes(join(folder, "dated.txt"), written, written);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

const cleanups: (() => unknown)[] = [];
// Last in, first out: a queue closes before its folder goes.
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A session to the server; the site's time zone when given, Automatic otherwise. */
async function connect(server: ServersFile["localTime"][number], serverTimeOffsetMinutes?: number) {
  const { sessions, info } = await interopSession(server, serverTimeOffsetMinutes !== undefined ? { serverTimeOffsetMinutes } : {});
  cleanups.push(() => sessions.closeAll());
  return {
    dated: async (path = folder, fresh = false) =>
      (await sessions.list(info.id, path, true, fresh)).entries.find((entry) => entry.name === "dated.txt"),
    offsetMs: () => sessions.timeOffsetMs(info.id),
    log: () =>
      sessions
        .log(info.id)
        .all()
        .map((entry) => entry.text),
    list: (path: string) => sessions.list(info.id, path),
    /** Downloads from `from` into a new local folder, on the transfer connections of a queue of its own; the finished jobs. */
    download: async (from: string, names: string[]) => {
      const data = await mkdtemp(join(tmpdir(), "ferry-interop-zone-"));
      cleanups.push(() => rm(data, { recursive: true, force: true }));
      const queue = await TransferQueue.open({
        path: join(data, "queue.json"),
        preferences: new PreferencesStore(join(data, "preferences.json")),
        emit: () => undefined,
        ask: async () => ({ action: "overwrite", applyToAll: true }),
      });
      cleanups.push(() => queue.close());
      const target = join(data, "down");
      await mkdir(target);
      await queue.add({
        connector: sessions.connector(info.id),
        direction: "download",
        move: false,
        sourceFolder: from,
        names,
        targetFolder: target,
      });
      await expect.poll(() => queue.list().summary.active, { timeout: 30_000, interval: 50 }).toBe(0);
      return { jobs: queue.list().jobs, target };
    },
  };
}
describe("a server whose clock is in Tokyo (UTC+9)", () => {
  it(`${proftpd.name}: the offset is detected from MDTM on the first listing, and the file lists at its true time`, async () => {
    const ferry = await connect(proftpd);
    expect(await ferry.dated()).toMatchObject({ modified: listedAs, timePrecision: "minute" });
    expect(ferry.offsetMs()).toBe(tokyoMs);
    expect(ferry.log()).toContain("Server time zone: UTC+09:00, detected from MDTM.");
    expect(ferry.log().filter((text) => text.startsWith("MDTM "))).toEqual([`MDTM ${folder}/dated.txt`]);
    // Once per session: later listings ask no MDTM, and keep the offset.
    await ferry.list(join(folder, "sub"));
    expect(await ferry.dated(folder, true)).toMatchObject({ modified: listedAs });
    expect(ferry.log().filter((text) => text.startsWith("MDTM "))).toHaveLength(1);
  });

  it(
    `${proftpd.name}: a folder's download walks it with the detected offset, and the file keeps its true time, to the minute`,
    { timeout: 60_000 },
    async () => {
      const ferry = await connect(proftpd);
      await ferry.list(folder);
      const { jobs, target } = await ferry.download(file.startPath, [folder.slice(file.startPath.length + 1)]);
      const job = jobs.find((candidate) => candidate.remotePath.endsWith("/dated.txt"));
      // The time "overwrite if newer" compares: the listing's, corrected.
      expect(job).toMatchObject({ status: "done", modified: listedAs });
      // The file gets that time too: a LIST time to the minute is taken as it is, without an MDTM per file (as lftp does).
      expect((await stat(join(target, folder.slice(file.startPath.length + 1), "dated.txt"))).mtime).toEqual(new Date(listedAs));
    },
  );

  it.each([proftpd, vsftpd])("$name: the site's own offset wins over detection, and no MDTM is asked", async (server) => {
    const ferry = await connect(server, server.utcOffsetMinutes);
    expect(await ferry.dated()).toMatchObject({ modified: listedAs, timePrecision: "minute" });
    expect(ferry.offsetMs()).toBe(tokyoMs);
    expect(ferry.log()).toContain("Server time zone: UTC+09:00, as the site's settings say.");
    expect(ferry.log().filter((text) => text.startsWith("MDTM "))).toEqual([]);
  });
});
