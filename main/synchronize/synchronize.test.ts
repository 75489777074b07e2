import { mkdir, readFile, readdir, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TransferPreferences } from "../../shared/transfer";
import type { EventMessage } from "../../shared/contract";
import type { SyncOptions } from "../../shared/synchronize";
import { toUserError } from "../errors";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";
import { SyncRecords } from "./sync-records";
import { SynchronizeService } from "./synchronize-service";

const { fast, ferry, localFolder, remoteFolder } = await transferQueueHarness();

let ids = 0;
const nextId = () => `sync-${++ids}`;

/** Ferry's main side with a Synchronize service beside the queue, and the folders of one test. */
async function synchronizing(preferences: Partial<TransferPreferences> = {}) {
  const app = await ferry(fast, { preferences });
  const events: EventMessage[] = [];
  const service = new SynchronizeService({
    connector: () => app.connector,
    queue: app.queue,
    preferences: () => app.preferences.get(),
    records: new SyncRecords(join(app.dataDir, "sync-records.json")),
    emit: (message) => events.push(message),
    progressMs: 0,
  });
  const local = await localFolder();
  const remote = await remoteFolder("sync");
  const options = (extra: Partial<SyncOptions> = {}): SyncOptions => ({
    sessionId: "s1",
    localFolder: local,
    remoteFolder: remote.path,
    direction: "remote",
    mode: "files",
    criteria: "time",
    toleranceMs: 1000,
    deleteMissing: false,
    subfolders: true,
    ...extra,
  });
  /** Compares, starts every row (or those `keep` keeps), waits for the queue, and gives the rows and the jobs. */
  const synchronize = async (extra: Partial<SyncOptions> = {}, keep: (path: string) => boolean = () => true) => {
    const id = nextId();
    const plan = await service.compare(id, options(extra));
    await service.start(
      id,
      plan.actions.filter((action) => keep(action.path)).map((action) => action.id),
    );
    return { rows: plan.actions.map((action) => `${action.kind} ${action.path}`), problems: plan.problems, jobs: await app.drained() };
  };
  const rowsOf = async (extra: Partial<SyncOptions> = {}) =>
    (await service.compare(nextId(), options(extra))).actions.map((action) => `${action.kind} ${action.path}`);
  return { app, service, events, local, remote, options, synchronize, rowsOf };
}

const old = new Date("2024-01-02T03:04:05Z");
const older = new Date("2023-01-02T03:04:05Z");

describe("Synchronize", () => {
  it("uploads new and newer files and new folders, and a second run right after has nothing to do (the server cannot set times)", async () => {
    const { local, remote, synchronize, rowsOf } = await synchronizing();
    await mkdir(join(local, "css", "img"), { recursive: true });
    await writeFile(join(local, "index.html"), "<h1>new</h1>");
    await writeFile(join(local, "css", "site.css"), "h1{}");
    await writeFile(join(local, "css", "img", "logo.svg"), "<svg/>");
    for (const path of ["index.html", "css/site.css", "css/img/logo.svg"]) await utimes(join(local, path), old, old);
    await writeFile(join(remote.disk, "index.html"), "<h1>old</h1>!");
    await utimes(join(remote.disk, "index.html"), older, older);

    const first = await synchronize();
    expect(first.rows).toEqual(["upload css", "upload index.html"]);
    expect(statusOf(first.jobs)).toEqual(["done", "done", "done"]);
    expect(await readFile(join(remote.disk, "index.html"), "utf8")).toBe("<h1>new</h1>");
    expect(await readFile(join(remote.disk, "css", "img", "logo.svg"), "utf8")).toBe("<svg/>");

    // The uploads have the server's time of upload, newer than the local files: by times, a mirror would send them all again.
    expect(await rowsOf({ mode: "mirror" })).toEqual([]);
    expect(await rowsOf({ direction: "both" })).toEqual([]);
    expect(await rowsOf()).toEqual([]);
  });

  it("takes a server clock moved by an hour (daylight saving time) for no change: nothing is sent again, and an edit here wins", async () => {
    const { local, remote, service, synchronize, rowsOf } = await synchronizing();
    for (const name of ["edited.txt", "kept.txt"]) {
      await writeFile(join(local, name), `${name} as it was`);
      await utimes(join(local, name), old, old);
    }
    expect((await synchronize()).rows).toEqual(["upload edited.txt", "upload kept.txt"]);
    // The pairs are recorded from a listing read once the jobs ended: the clock moves after that.
    await service.settled();
    // The server's LIST shows every time an hour later, as a server listing in its local time does once summer time starts.
    for (const name of ["edited.txt", "kept.txt"]) {
      const listed = (await stat(join(remote.disk, name))).mtime;
      const later = new Date(listed.getTime() + 3_600_000);
      await utimes(join(remote.disk, name), later, later);
    }
    // Edited here since, within the hour: by the shifted times alone the server's copy would look newer.
    await writeFile(join(local, "edited.txt"), "edited.txt, my edit");

    expect(await rowsOf({ mode: "mirror" })).toEqual(["upload edited.txt"]);
    const run = await synchronize({ direction: "both" });
    expect(run.rows).toEqual(["upload edited.txt"]);
    expect(await readFile(join(local, "edited.txt"), "utf8")).toBe("edited.txt, my edit");
    expect(await readFile(join(remote.disk, "edited.txt"), "utf8")).toBe("edited.txt, my edit");
  });

  it("mirrors to this computer with deletion, and a row left unchecked keeps its file untouched", async () => {
    const { local, remote, synchronize } = await synchronizing();
    await writeFile(join(remote.disk, "wanted.txt"), "from the server");
    await writeFile(join(local, "wanted.txt"), "mine, newer");
    await writeFile(join(remote.disk, "kept.txt"), "server copy");
    await writeFile(join(local, "kept.txt"), "local copy, newer");
    await utimes(join(remote.disk, "wanted.txt"), old, old);
    await utimes(join(remote.disk, "kept.txt"), old, old);
    await mkdir(join(local, "stray", "deep"), { recursive: true });
    await writeFile(join(local, "stray", "deep", "x"), "x");
    await writeFile(join(local, "extra.tmp"), "tmp");

    const run = await synchronize({ direction: "local", mode: "mirror", deleteMissing: true }, (path) => path !== "kept.txt");
    expect(run.rows).toEqual(["delete-local extra.tmp", "download kept.txt", "delete-local stray", "download wanted.txt"]);
    expect(statusOf(run.jobs)).toEqual(["done", "done", "done"]);
    expect(await readFile(join(local, "wanted.txt"), "utf8")).toBe("from the server");
    expect(await readFile(join(local, "kept.txt"), "utf8")).toBe("local copy, newer");
    expect((await readdir(local)).sort()).toEqual(["kept.txt", "wanted.txt"]);
  });

  it("deletes on the server what is missing here, files and folders, only when asked to", async () => {
    const { local, remote, synchronize, rowsOf } = await synchronizing();
    await writeFile(join(local, "keep.txt"), "k");
    await writeFile(join(remote.disk, "keep.txt"), "k");
    await utimes(join(local, "keep.txt"), old, old);
    await utimes(join(remote.disk, "keep.txt"), old, old);
    await mkdir(join(remote.disk, "old-folder", "inner"), { recursive: true });
    await writeFile(join(remote.disk, "old-folder", "inner", "a"), "a");
    await writeFile(join(remote.disk, "old.txt"), "o");

    expect(await rowsOf()).toEqual([]);
    const run = await synchronize({ deleteMissing: true });
    expect(run.rows).toEqual(["delete-remote old-folder", "delete-remote old.txt"]);
    expect(statusOf(run.jobs)).toEqual(["done", "done"]);
    expect(await readdir(remote.disk)).toEqual(["keep.txt"]);
  });

  it("takes each file from where it is newer with Both, and leaves out what the mask excludes", async () => {
    const { local, remote, synchronize, rowsOf } = await synchronizing();
    await writeFile(join(local, "mine.txt"), "mine");
    await writeFile(join(remote.disk, "theirs.txt"), "theirs");
    await mkdir(join(local, ".git"));
    await writeFile(join(local, ".git", "HEAD"), "ref");
    await writeFile(join(local, "build.tmp"), "tmp");
    await mkdir(join(remote.disk, "node_modules"));
    await writeFile(join(remote.disk, "node_modules", "x.js"), "x");

    const mask = ".git/; node_modules/; *.tmp";
    const run = await synchronize({ direction: "both", mask: `| ${mask}` });
    expect(run.rows).toEqual(["upload mine.txt", "download theirs.txt"]);
    expect(statusOf(run.jobs)).toEqual(["done", "done"]);
    expect(await readFile(join(local, "theirs.txt"), "utf8")).toBe("theirs");
    expect(await readFile(join(remote.disk, "mine.txt"), "utf8")).toBe("mine");
    expect(await rowsOf({ direction: "both", mask: `| ${mask}` })).toEqual([]);
  });

  it("says when the server has no checksums, and compares by time alone then", async () => {
    const { local, remote, service, options } = await synchronizing();
    await writeFile(join(local, "a.txt"), "one");
    await writeFile(join(remote.disk, "a.txt"), "two");
    for (const path of [join(local, "a.txt"), join(remote.disk, "a.txt")]) await utimes(path, old, old);
    const plan = await service.compare(nextId(), options({ checksum: true }));
    expect(plan.actions).toEqual([]);
    expect(plan.problems.map((problem) => problem.message)).toEqual([
      "This server cannot compute checksums (its FEAT lists no HASH, XSHA512, XSHA256, XSHA1 or XMD5). Files of the same size were compared by time alone.",
    ]);
  });

  it("never deletes on the server what a link here leaves out, what the mask leaves out, or a name that differs only in case", async () => {
    const { local, remote, rowsOf, synchronize } = await synchronizing();
    const elsewhere = await localFolder();
    await writeFile(join(elsewhere, "photo.jpg"), "not in the tree");
    // A link out of the compared folder is not followed: the server's "uploads" is not missing, it is left alone.
    await symlink(elsewhere, join(local, "uploads"));
    await mkdir(join(remote.disk, "uploads"));
    await writeFile(join(remote.disk, "uploads", "user-photo.jpg"), "theirs");
    // By size, data.csv is taken here (small) and not there (large): left alone on both sides.
    await writeFile(join(local, "data.csv"), "1,2");
    await writeFile(join(remote.disk, "data.csv"), "x".repeat(3000));
    // Only in case: on a disk that ignores case these are one file.
    await writeFile(join(local, "README.md"), "mine");
    await writeFile(join(remote.disk, "Readme.md"), "theirs");
    expect(await rowsOf({ mode: "mirror", deleteMissing: true, mask: "*<1K" })).toEqual([]);

    // A folder deleted under a mask loses only the files the mask takes.
    await mkdir(join(remote.disk, "proj"));
    await writeFile(join(remote.disk, "proj", "notes.txt"), "n");
    await writeFile(join(remote.disk, "proj", "secret.keep"), "k");
    const run = await synchronize({ deleteMissing: true, mask: "| *.keep; *.md; uploads/; data.csv" });
    expect(run.rows).toEqual(["delete-remote proj"]);
    expect(await readdir(join(remote.disk, "proj"))).toEqual(["secret.keep"]);
    expect(await readFile(join(remote.disk, "uploads", "user-photo.jpg"), "utf8")).toBe("theirs");
  });

  it("never deletes here through a link it followed: the files where the link leads stay", async () => {
    const { local, remote, synchronize } = await synchronizing({ followLinksOutOfTree: true });
    const elsewhere = await localFolder();
    await writeFile(join(elsewhere, "thesis.txt"), "years of work");
    await symlink(elsewhere, join(local, "shared"));
    await writeFile(join(local, "old.txt"), "old");
    // The server has the folder, empty: by the listings alone, thesis.txt is missing on the source.
    await mkdir(join(remote.disk, "shared"));

    const run = await synchronize({ direction: "local", mode: "mirror", deleteMissing: true });

    expect(run.rows).toEqual(["delete-local old.txt"]);
    expect(run.problems.map((problem) => problem.message)).toEqual([
      "shared/thesis.txt is not deleted here: it is reached through a link, and deleting it would delete where the link leads.",
    ]);
    expect(await readFile(join(elsewhere, "thesis.txt"), "utf8")).toBe("years of work");
  });

  it("compares only the folders' own files without subfolders", async () => {
    const { local, rowsOf } = await synchronizing();
    await mkdir(join(local, "sub"));
    await writeFile(join(local, "sub", "a"), "a");
    await writeFile(join(local, "top"), "t");
    expect(await rowsOf({ subfolders: false })).toEqual(["upload top"]);
  });

  it("lists the server's folders on several connections at once, tells its progress, and can be stopped", async () => {
    const { service, events, remote, options } = await synchronizing({ parallel: 4 });
    for (let i = 0; i < 40; i++) await mkdir(join(remote.disk, `f${i}`, "inner"), { recursive: true });
    const heard = fast.received().length;
    const plan = await service.compare(nextId(), options({ direction: "local" }));
    expect(plan.actions).toHaveLength(40);
    expect(plan.folders).toBe(1 + 40 * 2 + 1);
    const progress = events.filter((event) => event.channel === "synchronize.progress");
    expect(progress.at(-1)?.payload).toMatchObject({ foldersListed: 82, foldersFound: 82 });
    // Four connections logged in for the walk (the session's own is not among them).
    expect(
      fast
        .received()
        .slice(heard)
        .filter((command) => command === "USER").length,
    ).toBeGreaterThanOrEqual(2);

    const id = nextId();
    const comparing = service.compare(id, options({ direction: "local" }));
    service.cancel(id);
    const failure = await comparing.then(
      () => undefined,
      (error: unknown) => toUserError(error),
    );
    expect(failure?.message).toBe("The comparison was stopped, as you asked.");
  });

  it("reports a local folder that cannot be read and compares the rest", async () => {
    const { local, rowsOf, service, options } = await synchronizing();
    await writeFile(join(local, "fine.txt"), "f");
    // A link that leads nowhere cannot be looked into.
    await symlink(join(local, "missing"), join(local, "dangling"));
    expect(await rowsOf()).toEqual(["upload fine.txt"]);
    const plan = await service.compare(nextId(), options());
    expect(plan.problems.map((problem) => problem.path)).toEqual(["dangling"]);
  });
});
