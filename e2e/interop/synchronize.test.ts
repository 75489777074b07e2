import { mkdir, readFile, rm, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { PreferencesStore } from "../../main/settings/preferences-store";
import { SyncRecords } from "../../main/synchronize/sync-records";
import { SynchronizeService } from "../../main/synchronize/synchronize-service";
import { TransferQueue } from "../../main/transfers/transfer-queue";
import { interopSession } from "./interop-session";
import type { SyncOptions } from "../../shared/synchronize";
import type { ServersFile } from "../servers/interop-servers";
import { cleanups, temporary } from "./test-cleanups";

const { servers: file } = inject("interop");
let ids = 0;

/** A session to the server, a queue and a Synchronize service, with the folders of one test. */
async function synchronizing(server: Pick<ServersFile["servers"][number], "port" | "encryption">, serverTimeOffsetMinutes?: number) {
  const { sessions, info } = await interopSession(server, serverTimeOffsetMinutes !== undefined ? { serverTimeOffsetMinutes } : {});
  // The remote pane's first listing, where Ferry works out the server's time zone when the site does not say.
  await sessions.list(info.id, file.startPath, false, true);
  const data = await temporary("ferry-interop-sync-data-");
  const preferences = new PreferencesStore(join(data, "preferences.json"));
  const queue = await TransferQueue.open({
    path: join(data, "queue.json"),
    preferences,
    emit: () => undefined,
    ask: async () => ({ action: "skip", applyToAll: true }),
    retryDelayMs: () => 200,
  });
  cleanups.push(async () => {
    await queue.close();
    sessions.closeAll();
  });
  const service = new SynchronizeService({
    connector: (sessionId) => sessions.connector(sessionId),
    queue,
    preferences: () => preferences.get(),
    records: new SyncRecords(join(data, "sync-records.json")),
    emit: () => undefined,
  });
  cleanups.push(() => service.settled());
  const name = `sync-${server.port}-${Date.now()}`;
  const remoteFolder = `${file.startPath}/${name}`;
  // Both folders of a synchronization exist, as in WinSCP.
  await sessions.session(info.id).mkdir(file.startPath, name);
  const options = (localFolder: string, extra: Partial<SyncOptions> = {}): SyncOptions => ({
    sessionId: info.id,
    localFolder,
    remoteFolder,
    direction: "remote",
    mode: "files",
    criteria: "time",
    toleranceMs: 1000,
    deleteMissing: false,
    subfolders: true,
    ...extra,
  });
  const rows = async (localFolder: string, extra: Partial<SyncOptions> = {}) =>
    (await service.compare(`i${++ids}`, options(localFolder, extra))).actions.map((action) => `${action.kind} ${action.path}`);
  /** Compares and starts every row; gives the rows and how the jobs ended. */
  const synchronize = async (localFolder: string, extra: Partial<SyncOptions> = {}) => {
    const id = `i${++ids}`;
    const plan = await service.compare(id, options(localFolder, extra));
    await service.start(
      id,
      plan.actions.map((action) => action.id),
    );
    await expect.poll(() => queue.list().summary.active, { timeout: 60_000, interval: 50 }).toBe(0);
    const jobs = queue.list().jobs;
    queue.removeFinished();
    return { rows: plan.actions.map((action) => `${action.kind} ${action.path}`), statuses: jobs.map((job) => job.status) };
  };
  /** The remote pane's time of a file in the synchronized folder (LIST times corrected for the server's zone). */
  const listedTime = async (name: string) =>
    (await sessions.list(info.id, remoteFolder, false, true)).entries.find((entry) => entry.name === name)?.modified;
  return { rows, synchronize, offsetMs: () => sessions.timeOffsetMs(info.id), listedTime };
}

const old = new Date("2025-03-04T05:06:07Z");

/** A small site: files in the folder and two levels below it, all dated in the past. */
async function site(folder: string): Promise<void> {
  await mkdir(join(folder, "css", "img"), { recursive: true });
  const files = { "index.html": "<h1>hi</h1>", "css/site.css": "h1{}", "css/img/logo.svg": "<svg/>", "robots.txt": "User-agent: *" };
  for (const [path, text] of Object.entries(files)) {
    await writeFile(join(folder, path), text);
    await utimes(join(folder, path), old, old);
  }
}

describe.each(file.servers)("synchronize with $name", (server) => {
  it("a synchronization right after a synchronization has nothing to do, in every direction and mode", { timeout: 120_000 }, async () => {
    const { rows, synchronize } = await synchronizing(server);
    const local = await temporary("ferry-interop-sync-");
    await site(local);

    const up = await synchronize(local);
    expect(up.rows).toEqual(["upload css", "upload index.html", "upload robots.txt"]);
    expect(up.statuses.every((status) => status === "done")).toBe(true);
    for (const mode of ["files", "mirror"] as const) expect(await rows(local, { mode })).toEqual([]);
    expect(await rows(local, { direction: "both" })).toEqual([]);

    // Down into an empty folder, then the same: nothing more to do either way.
    const copy = await temporary("ferry-interop-sync-down-");
    const down = await synchronize(copy, { direction: "local", mode: "mirror" });
    expect(down.rows).toEqual(["download css", "download index.html", "download robots.txt"]);
    expect(await readFile(join(copy, "css", "img", "logo.svg"), "utf8")).toBe("<svg/>");
    expect(await rows(copy, { direction: "local", mode: "mirror", deleteMissing: true })).toEqual([]);
    expect(await rows(copy, { direction: "both" })).toEqual([]);
  });

  it("deletes on the server what was deleted here, and uploads a changed file, only those", { timeout: 120_000 }, async () => {
    const { rows, synchronize } = await synchronizing(server);
    const local = await temporary("ferry-interop-sync-");
    await site(local);
    await synchronize(local);

    await unlink(join(local, "robots.txt"));
    await rm(join(local, "css", "img"), { recursive: true });
    await writeFile(join(local, "index.html"), "<h1>changed</h1>");
    expect(await rows(local)).toEqual(["upload index.html"]);
    const run = await synchronize(local, { deleteMissing: true });
    expect(run.rows).toEqual(["delete-remote css/img", "upload index.html", "delete-remote robots.txt"]);
    expect(run.statuses.every((status) => status === "done")).toBe(true);
    expect(await rows(local, { mode: "mirror", deleteMissing: true })).toEqual([]);
  });
});

describe.each(file.servers.filter((server) => server.checksums))("synchronize by checksum with $name", (server) => {
  it("finds a file of the same size and time but other content, and only with checksums", { timeout: 60_000 }, async () => {
    const { rows, synchronize } = await synchronizing(server);
    const local = await temporary("ferry-interop-sync-sum-");
    await site(local);
    await synchronize(local);
    // Same size, same time, other bytes: by time and size the two are the same file.
    await writeFile(join(local, "index.html"), "<h1>ho</h1>");
    await utimes(join(local, "index.html"), old, old);
    expect(await rows(local, { mode: "mirror" })).toEqual([]);
    expect(await rows(local, { mode: "mirror", checksum: true })).toEqual(["upload index.html"]);
    await synchronize(local, { mode: "mirror", checksum: true });
    expect(await rows(local, { mode: "mirror", checksum: true })).toEqual([]);
  });
});

describe.each(file.localTime)("synchronize with $name, whose LIST prints Tokyo time", (server) => {
  // vsftpd's use_localtime also answers MDTM in local time, so its zone is set by hand; proftpd's is detected.
  const byHand = server.name.startsWith("vsftpd") ? server.utcOffsetMinutes : undefined;

  it("keeps true times both ways, and a second run has nothing to do", { timeout: 120_000 }, async () => {
    const { rows, synchronize, offsetMs, listedTime } = await synchronizing(server, byHand);
    expect(offsetMs()).toBe(server.utcOffsetMinutes * 60_000);
    const local = await temporary("ferry-interop-sync-tz-");
    await site(local);
    await synchronize(local);
    expect(await rows(local, { mode: "mirror" })).toEqual([]);

    const copy = await temporary("ferry-interop-sync-tz-down-");
    await synchronize(copy, { direction: "local", mode: "mirror" });
    // The download has the server file's true time (as the pane lists it, in UTC), not one nine hours off.
    const listed = await listedTime("robots.txt");
    const { mtimeMs } = await stat(join(copy, "robots.txt"));
    expect(listed).toBeDefined();
    expect(Math.abs(mtimeMs - (listed ?? 0))).toBeLessThan(60_000);
    expect(await rows(copy, { direction: "both" })).toEqual([]);
  });
});
