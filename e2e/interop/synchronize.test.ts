import { chmod, mkdir, readFile, rm, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { synchronizeBeside } from "../../test-support/synchronize-beside";
import { interopSession } from "./interop-session";
import type { SyncOptions } from "../../shared/synchronize";
import type { ServersFile } from "../servers/interop-servers";
import { cleanups, temporary } from "../../test-support/test-cleanups";

const { servers: file } = inject("interop");
let ids = 0;

/** A session to the server, a queue and a Synchronize service, with the folders of one test. */
async function synchronizing(server: Pick<ServersFile["servers"][number], "port" | "encryption">, serverTimeOffsetMinutes?: number) {
  const { sessions, info } = await interopSession(server, serverTimeOffsetMinutes !== undefined ? { serverTimeOffsetMinutes } : {});
  // The remote pane's first listing, where Ferry works out the server's time zone when the site does not say.
  await sessions.list(info.id, file.startPath, false, true);
  const { queue, service } = await synchronizeBeside(sessions, await temporary("ferry-interop-sync-data-"));
  cleanups.push(async () => {
    await queue.close();
    sessions.closeAll();
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
  const plan = (localFolder: string, extra: Partial<SyncOptions> = {}) => service.compare(`i${++ids}`, options(localFolder, extra));
  const rows = async (localFolder: string, extra: Partial<SyncOptions> = {}) =>
    (await plan(localFolder, extra)).actions.map((action) => `${action.kind} ${action.path}`);
  /** Compares and starts every row; gives the rows and how the jobs ended. */
  const synchronize = async (localFolder: string, extra: Partial<SyncOptions> = {}) => {
    const id = `i${++ids}`;
    const plan = await service.compare(id, options(localFolder, extra));
    await service.start(
      id,
      plan.actions.map((action) => action.id),
    );
    await expect.poll(() => queue.list().summary.active, { timeout: 60_000, interval: 50 }).toBe(0);
    // The record of what the jobs made equal is written after them: a test that changes the server next must not race it.
    await service.settled();
    const jobs = queue.list().jobs;
    queue.removeFinished();
    return { rows: plan.actions.map((action) => `${action.kind} ${action.path}`), statuses: jobs.map((job) => job.status) };
  };
  /** The remote pane's time of a file in the synchronized folder (LIST times corrected for the server's zone). */
  const listedTime = async (name: string) =>
    (await sessions.list(info.id, remoteFolder, false, true)).entries.find((entry) => entry.name === name)?.modified;
  /** The commands of the session and its transfer connections, as its log shows them. */
  const commandsLogged = () =>
    sessions
      .log(info.id)
      .all()
      .flatMap((entry) => (entry.kind === "command" ? [entry.text.replace(/^\[transfer \d+\] /, "")] : []));
  return { plan, rows, synchronize, offsetMs: () => sessions.timeOffsetMs(info.id), listedTime, commandsLogged, remoteFolder };
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

describe.each(file.servers.filter((server) => server.name.startsWith("vsftpd")))("synchronize with $name, which has no MLSD", (server) => {
  it("reads the server's folders from STAT on the control connection, with no data connection, and compares them as LIST would", async () => {
    const { rows, synchronize, commandsLogged } = await synchronizing(server);
    const local = await temporary("ferry-interop-sync-");
    await site(local);
    await synchronize(local);
    const before = commandsLogged().length;
    expect(await rows(local, { mode: "mirror", deleteMissing: true })).toEqual([]);
    await writeFile(join(local, "css", "img", "logo.svg"), "<svg>changed</svg>");
    expect(await rows(local)).toEqual(["upload css/img/logo.svg"]);
    const walks = commandsLogged().slice(before);
    // Each of the 3 folders, in both comparisons (the record of the synchronization before may add some of its own).
    const stats = walks.filter((command) => command.startsWith("STAT "));
    expect(stats.length).toBeGreaterThanOrEqual(6);
    expect(new Set(stats).size).toBe(3);
    expect(walks.filter((command) => /^(LIST|EPSV|PASV)/.test(command))).toEqual([]);
  });
});

describe.each(file.servers.filter((server) => server.name.startsWith("vsftpd")))(
  "synchronize with $name, which lists an unreadable folder empty",
  (server) => {
    it("a folder the server cannot open is reported and its files here are kept, not deleted as missing on the server", async () => {
      const { plan, synchronize, remoteFolder } = await synchronizing(server);
      const local = await temporary("ferry-interop-sync-");
      await site(local);
      await synchronize(local);
      // The server's folder is on this computer's disk; the server runs as the test user, who may not read it now.
      await chmod(join(remoteFolder, "css"), 0o000);
      cleanups.push(() => chmod(join(remoteFolder, "css"), 0o755));
      const mirror = await plan(local, { direction: "local", mode: "mirror", deleteMissing: true });
      expect(mirror.actions).toEqual([]);
      expect(mirror.problems).toEqual([
        {
          path: "css",
          message:
            "Could not list css: The server could not open the folder to list it: your user may not be allowed to read it. Nothing in it was compared.",
        },
      ]);
    });
  },
);

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
