import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { EventMessage, PromptAnswer, PromptRequest } from "../../shared/contract";
import type { TransferJob, TransferPreferences } from "../../shared/transfer";
import { startTestServer, type RunningTestServer, type TestServerOptions } from "../../test-support/ftp-test-server";
import { trustedRequest } from "../../test-support/connect-requests";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { createTestCertificates } from "../../test-support/test-certificates";
import { sha256, tree } from "../../test-support/test-helpers";
import { PreferencesStore } from "../settings/preferences-store";
import { TransferQueue } from "./transfer-queue";

const certificates = await createTestCertificates();
const serverRoot = await mkdtemp(join(tmpdir(), "ferry-queue-server-"));
const servers: RunningTestServer[] = [];
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(serverRoot, { recursive: true, force: true });
});

async function server(extra: Partial<TestServerOptions> = {}) {
  const started = await startTestServer({ root: serverRoot, tls: "explicit", certificate: certificates.server, ...extra });
  servers.push(started);
  return started;
}

const fast = await server();

type Ask = (request: PromptRequest<"transfers.overwrite">) => PromptAnswer<"transfers.overwrite">;

/** Ferry's main side as far as transfers go: a session to the server and a queue with its own data folder. */
async function ferry(
  s: RunningTestServer,
  options: { preferences?: Partial<TransferPreferences>; ask?: Ask; dataDir?: string; encryption?: "plain" | "explicit-required" } = {},
) {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "ferry-queue-data-")));
  const { sessions } = sessionManagerForTests();
  const info = await sessions.open(trustedRequest(s, certificates.ca.certPem, { encryption: options.encryption ?? "explicit-required", timeoutMs: 10_000 }));
  const preferences = new PreferencesStore(join(dataDir, "preferences.json"));
  await preferences.set({ retries: 3, ...options.preferences });
  const events: EventMessage[] = [];
  const asked: PromptRequest<"transfers.overwrite">[] = [];
  const queue = await TransferQueue.open({
    path: join(dataDir, "transfer-queue.json"),
    preferences,
    emit: (message) => events.push(message),
    ask: async (request) => {
      asked.push(request);
      return options.ask?.(request) ?? { action: "skip", applyToAll: false };
    },
    retryDelayMs: () => 100,
    batchMs: 20,
  });
  const connector = sessions.connector(info.id);
  queue.registerSite(connector);
  cleanups.push(async () => {
    await queue.close();
    sessions.closeAll();
  });
  return { queue, connector, events, asked, dataDir, preferences };
}

type Ferry = Awaited<ReturnType<typeof ferry>>;

async function localFolder() {
  const folder = await mkdtemp(join(tmpdir(), "ferry-queue-local-"));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** A fresh folder on the server, as the server sees it ("/name") and on disk. */
async function remoteFolder(name: string) {
  const unique = `${name}-${randomBytes(4).toString("hex")}`;
  await mkdir(join(serverRoot, unique));
  return { path: `/${unique}`, disk: join(serverRoot, unique) };
}

async function settled(app: Ferry, timeout = 60_000) {
  await expect.poll(() => app.queue.list().summary.active, { timeout, interval: 50 }).toBe(0);
  return app.queue.list().jobs;
}

function add(app: Ferry, direction: "upload" | "download", sourceFolder: string, names: string[], targetFolder: string, move = false) {
  return app.queue.add({ connector: app.connector, direction, move, sourceFolder, names, targetFolder });
}


function statusOf(jobs: TransferJob[]) {
  return jobs.map((job) => job.status);
}

describe("copying files", () => {
  it("uploads and downloads a file, keeping its content and modification time", async () => {
    const app = await ferry(fast);
    const local = await localFolder();
    const remote = await remoteFolder("single");
    const content = randomBytes(300_000);
    await writeFile(join(local, "photo.jpg"), content);
    const when = new Date("2024-05-06T07:08:09Z");
    await utimes(join(local, "photo.jpg"), when, when);

    await add(app, "upload", local, ["photo.jpg"], remote.path);
    expect(statusOf(await settled(app))).toEqual(["done"]);
    expect(sha256(await readFile(join(remote.disk, "photo.jpg")))).toBe(sha256(content));

    await utimes(join(remote.disk, "photo.jpg"), when, when);
    const back = await localFolder();
    await add(app, "download", remote.path, ["photo.jpg"], back);
    expect(statusOf(await settled(app))).toEqual(["done", "done"]);
    expect(sha256(await readFile(join(back, "photo.jpg")))).toBe(sha256(content));
    expect((await stat(join(back, "photo.jpg"))).mtime.toISOString()).toBe(when.toISOString());
    expect(await readdir(back)).toEqual(["photo.jpg"]);
  });

  it("copies nested folders both ways, empty folders included", async () => {
    const app = await ferry(fast);
    const local = await localFolder();
    await mkdir(join(local, "site", "css"), { recursive: true });
    await mkdir(join(local, "site", "empty"), { recursive: true });
    await writeFile(join(local, "site", "index.html"), "<h1>hi</h1>");
    await writeFile(join(local, "site", "css", "main.css"), "h1{}");
    await writeFile(join(local, "site", "css", "zero.css"), "");
    const remote = await remoteFolder("nested");

    await add(app, "upload", local, ["site"], remote.path);
    await settled(app);
    expect(await tree(join(remote.disk, "site"))).toEqual(await tree(join(local, "site")));
    // Into folders it made, nothing was in the way; the same upload again finds every file there.
    expect(app.asked).toEqual([]);
    await add(app, "upload", local, ["site"], remote.path);
    await settled(app);
    expect(app.asked.map((question) => question.target.path).sort()).toEqual(
      ["css/main.css", "css/zero.css", "index.html"].map((path) => `${remote.path}/site/${path}`),
    );

    const back = await localFolder();
    await add(app, "download", remote.path, ["site"], back);
    const jobs = await settled(app);
    expect(jobs.filter((job) => job.direction === "download" && job.status !== "done")).toEqual([]);
    expect(await tree(join(back, "site"))).toEqual(await tree(join(local, "site")));
  });

  it("moves: the source goes only after the copy is complete, folders included", async () => {
    const app = await ferry(fast);
    const local = await localFolder();
    await mkdir(join(local, "outbox", "inner"), { recursive: true });
    await writeFile(join(local, "outbox", "a.txt"), "a");
    await writeFile(join(local, "outbox", "inner", "b.txt"), "b");
    const remote = await remoteFolder("move");
    await add(app, "upload", local, ["outbox"], remote.path, true);
    await settled(app);
    expect(await readdir(local)).toEqual([]);
    expect(await tree(join(remote.disk, "outbox"))).toMatchObject({ "a.txt": sha256("a"), "inner/b.txt": sha256("b") });
  });

  it("copies between local folders (a desktop drop onto the Local pane), asking about a target that exists", async () => {
    const app = await ferry(fast, { ask: (request) => ({ action: request.target.path.endsWith("same.txt") ? "rename" : "skip", applyToAll: false }) });
    const source = await localFolder();
    await mkdir(join(source, "album", "empty"), { recursive: true });
    const photo = randomBytes(150_000);
    await writeFile(join(source, "album", "photo.jpg"), photo);
    await writeFile(join(source, "same.txt"), "dropped");
    await utimes(join(source, "same.txt"), new Date(), new Date("2020-01-02T03:04:05Z"));
    const target = await localFolder();
    await writeFile(join(target, "same.txt"), "already here");
    await app.queue.addLocalCopy(source, ["album", "same.txt"], target);
    const jobs = await settled(app);
    expect(statusOf(jobs)).toEqual(["done", "done"]);
    expect(jobs.map((job) => job.direction)).toEqual(["copy", "copy"]);
    expect(app.asked).toMatchObject([{ direction: "copy", source: { path: join(source, "same.txt"), size: 7 }, target: { path: join(target, "same.txt"), size: 12 } }]);
    expect(await tree(target)).toEqual({
      album: "folder",
      "album/empty": "folder",
      "album/photo.jpg": sha256(photo),
      "same.txt": sha256("already here"),
      "same (1).txt": sha256("dropped"),
    });
    expect((await stat(join(target, "same (1).txt"))).mtime.toISOString()).toBe("2020-01-02T03:04:05.000Z");
    // A copy keeps its source.
    expect(await tree(source)).toMatchObject({ "same.txt": sha256("dropped"), "album/photo.jpg": sha256(photo) });
  });

  // Plain FTP: ftp-srv, in this same process, is the slow side of TLS data connections.
  it("copies 1 000 small files over 4 connections with every checksum equal", { timeout: 240_000 }, async () => {
    const app = await ferry(await server({ tls: "none" }), { preferences: { parallel: 4 }, encryption: "plain" });
    const local = await localFolder();
    await mkdir(join(local, "many"));
    for (let i = 0; i < 1000; i++) await writeFile(join(local, "many", `file-${i}.txt`), randomBytes(64 + (i % 200)));
    const remote = await remoteFolder("many");
    let mostAtOnce = 0;
    const watch = setInterval(() => {
      mostAtOnce = Math.max(mostAtOnce, app.queue.list().jobs.filter((job) => job.status === "running").length);
    }, 5);
    await add(app, "upload", local, ["many"], remote.path);
    const uploaded = await settled(app, 200_000);
    clearInterval(watch);
    expect(uploaded.filter((job) => job.status !== "done")).toEqual([]);
    expect(mostAtOnce).toBe(4);
    expect(await tree(join(remote.disk, "many"))).toEqual(await tree(join(local, "many")));
    const back = await localFolder();
    await add(app, "download", remote.path, ["many"], back);
    await settled(app, 200_000);
    expect(await tree(join(back, "many"))).toEqual(await tree(join(local, "many")));
  });
});

describe("controlling the queue", () => {
  it("pauses a download keeping its partial data, and resumes it to an identical file", async () => {
    const slow = await server({ bytesPerSecond: 2_000_000 });
    const app = await ferry(slow);
    const remote = await remoteFolder("pause");
    const content = randomBytes(3_000_000);
    await writeFile(join(remote.disk, "big.bin"), content);
    const local = await localFolder();
    await add(app, "download", remote.path, ["big.bin"], local);
    const job = () => app.queue.list().jobs[0] as TransferJob;
    await expect.poll(() => job().transferred, { timeout: 10_000 }).toBeGreaterThan(500_000);
    app.queue.pause();
    expect(job().status).toBe("paused");
    const kept = (await stat(join(local, "big.bin.filepart"))).size;
    expect(kept).toBeGreaterThan(0);
    expect(await readdir(local)).toEqual(["big.bin.filepart"]);
    app.queue.resume();
    expect(statusOf(await settled(app))).toEqual(["done"]);
    expect(sha256(await readFile(join(local, "big.bin")))).toBe(sha256(content));
    expect(await readdir(local)).toEqual(["big.bin"]);
  });

  it("cancels a download: the partial file goes and the existing target is untouched", async () => {
    const slow = await server({ bytesPerSecond: 2_000_000 });
    const app = await ferry(slow, { ask: () => ({ action: "overwrite", applyToAll: false }) });
    const remote = await remoteFolder("cancel");
    await writeFile(join(remote.disk, "big.bin"), randomBytes(3_000_000));
    const local = await localFolder();
    await writeFile(join(local, "big.bin"), "the user's own file");
    await add(app, "download", remote.path, ["big.bin"], local);
    await expect.poll(() => app.queue.list().jobs[0]?.transferred ?? 0, { timeout: 10_000 }).toBeGreaterThan(100_000);
    app.queue.cancel();
    await expect.poll(() => readdir(local)).toEqual(["big.bin"]);
    expect(await readFile(join(local, "big.bin"), "utf8")).toBe("the user's own file");
    expect(statusOf(app.queue.list().jobs)).toEqual(["cancelled"]);
  });

  it("runs jobs in the order the user arranges", async () => {
    const slow = await server({ bytesPerSecond: 1_000_000 });
    const app = await ferry(slow, { preferences: { parallel: 1 } });
    const remote = await remoteFolder("order");
    await writeFile(join(remote.disk, "first.bin"), randomBytes(600_000));
    for (const name of ["b.txt", "c.txt"]) await writeFile(join(remote.disk, name), name);
    const local = await localFolder();
    await add(app, "download", remote.path, ["first.bin"], local);
    await add(app, "download", remote.path, ["b.txt"], local);
    await add(app, "download", remote.path, ["c.txt"], local);
    const c = app.queue.list().jobs.find((job) => job.remotePath.endsWith("c.txt")) as TransferJob;
    app.queue.move([c.id], -1);
    expect(app.queue.list().jobs.map((job) => job.remotePath.split("/").pop())).toEqual(["first.bin", "c.txt", "b.txt"]);
    const finishedOrder: string[] = [];
    const look = () => {
      for (const job of app.queue.list().jobs) {
        const name = job.remotePath.split("/").pop() as string;
        if (job.status === "done" && !finishedOrder.includes(name)) finishedOrder.push(name);
      }
    };
    const seen = setInterval(look, 5);
    await settled(app);
    clearInterval(seen);
    // The last job may end between two looks.
    look();
    expect(finishedOrder).toEqual(["first.bin", "c.txt", "b.txt"]);
  });

  it("comes back after a restart: history kept, unfinished jobs paused, and they finish when resumed", async () => {
    const slow = await server({ bytesPerSecond: 2_000_000 });
    const first = await ferry(slow);
    const remote = await remoteFolder("restart");
    await writeFile(join(remote.disk, "small.txt"), "small");
    const content = randomBytes(3_000_000);
    await writeFile(join(remote.disk, "big.bin"), content);
    const local = await localFolder();
    await add(first, "download", remote.path, ["small.txt"], local);
    await settled(first);
    await add(first, "download", remote.path, ["big.bin"], local);
    await expect.poll(() => first.queue.list().jobs[1]?.transferred ?? 0, { timeout: 10_000 }).toBeGreaterThan(300_000);
    await first.queue.close();

    const second = await ferry(slow, { dataDir: first.dataDir });
    expect(statusOf(second.queue.list().jobs)).toEqual(["done", "paused"]);
    second.queue.resume();
    expect(statusOf(await settled(second))).toEqual(["done", "done"]);
    expect(sha256(await readFile(join(local, "big.bin")))).toBe(sha256(content));
  });
});

describe("a target that exists", () => {
  async function scene(ask: Ask, sourceContent = "new content from the server", targetContent = "old local") {
    const app = await ferry(fast, { ask });
    const remote = await remoteFolder("exists");
    await writeFile(join(remote.disk, "notes.txt"), sourceContent);
    const local = await localFolder();
    await writeFile(join(local, "notes.txt"), targetContent);
    await add(app, "download", remote.path, ["notes.txt"], local);
    const jobs = await settled(app);
    return { app, local, jobs };
  }

  it("asks with both sizes and times, and Overwrite replaces it", async () => {
    const { app, local } = await scene(() => ({ action: "overwrite", applyToAll: false }));
    expect(app.asked).toHaveLength(1);
    expect(app.asked[0]).toMatchObject({ direction: "download", source: { size: 27 }, target: { size: 9 }, canResume: true, suggestedName: "notes (1).txt" });
    expect(app.asked[0]?.target.modified).toEqual(expect.any(Number));
    expect(await readFile(join(local, "notes.txt"), "utf8")).toBe("new content from the server");
  });

  it("Skip leaves it alone", async () => {
    const { local, jobs } = await scene(() => ({ action: "skip", applyToAll: false }));
    expect(jobs[0]).toMatchObject({ status: "skipped", message: "Skipped: the target exists." });
    expect(await readFile(join(local, "notes.txt"), "utf8")).toBe("old local");
  });

  it("Rename writes beside it under the suggested name", async () => {
    const { local } = await scene(() => ({ action: "rename", applyToAll: false }));
    expect((await readdir(local)).sort()).toEqual(["notes (1).txt", "notes.txt"]);
    expect(await readFile(join(local, "notes (1).txt"), "utf8")).toBe("new content from the server");
  });

  it("Resume continues a smaller target", async () => {
    const { local } = await scene(() => ({ action: "resume", applyToAll: false }), "0123456789abcdef", "01234567");
    expect(await readFile(join(local, "notes.txt"), "utf8")).toBe("0123456789abcdef");
  });

  it("Overwrite if newer keeps a newer target", async () => {
    const { jobs } = await scene(() => ({ action: "overwrite-if-newer", applyToAll: false }));
    // The target was written after the source, so it is the newer one.
    expect(jobs[0]).toMatchObject({ status: "skipped", message: "Skipped: the target is as new or newer." });
  });

  it("'Apply to all' answers the rest of the queue, and a preference answers without asking", async () => {
    const app = await ferry(fast, { ask: () => ({ action: "overwrite", applyToAll: true }) });
    const remote = await remoteFolder("all");
    const local = await localFolder();
    for (const name of ["a.txt", "b.txt", "c.txt"]) {
      await writeFile(join(remote.disk, name), `server ${name}`);
      await writeFile(join(local, name), "old");
    }
    await add(app, "download", remote.path, ["a.txt", "b.txt", "c.txt"], local);
    await settled(app);
    expect(app.asked).toHaveLength(1);
    expect(await readFile(join(local, "c.txt"), "utf8")).toBe("server c.txt");

    await app.preferences.set({ whenTargetExists: "skip" });
    await writeFile(join(remote.disk, "a.txt"), "changed again");
    await add(app, "download", remote.path, ["a.txt"], local);
    await settled(app);
    expect(app.asked).toHaveLength(1);
    expect(await readFile(join(local, "a.txt"), "utf8")).toBe("server a.txt");
  });
});

describe("failures", () => {
  it.each(["download", "upload"] as const)("%s: a dropped connection is resumed and the file ends up identical", async (direction) => {
    const slow = await server({ bytesPerSecond: 3_000_000 });
    const app = await ferry(slow);
    const content = randomBytes(4_000_000);
    const remote = await remoteFolder(`drop-${direction}`);
    const local = await localFolder();
    if (direction === "download") await writeFile(join(remote.disk, "big.bin"), content);
    else await writeFile(join(local, "big.bin"), content);
    await add(app, direction, direction === "download" ? remote.path : local, ["big.bin"], direction === "download" ? local : remote.path);
    await expect.poll(() => app.queue.list().jobs[0]?.transferred ?? 0, { timeout: 10_000 }).toBeGreaterThan(1_000_000);
    slow.dropConnections();
    const [job] = await settled(app);
    expect(job).toMatchObject({ status: "done" });
    expect(job?.attempts).toBeGreaterThanOrEqual(1);
    const written = direction === "download" ? join(local, "big.bin") : join(remote.disk, "big.bin");
    expect(sha256(await readFile(written))).toBe(sha256(content));
    // Resumed, not started over: REST before RETR, or APPE instead of STOR.
    expect(slow.received()).toContain(direction === "download" ? "REST" : "APPE");
  });

  it("an abandoned download leaves the existing local file intact, and says why", async () => {
    const slow = await server({ bytesPerSecond: 2_000_000 });
    const app = await ferry(slow, { preferences: { retries: 0 }, ask: () => ({ action: "overwrite", applyToAll: false }) });
    const remote = await remoteFolder("abandon");
    await writeFile(join(remote.disk, "big.bin"), randomBytes(3_000_000));
    const local = await localFolder();
    await writeFile(join(local, "big.bin"), "precious");
    await add(app, "download", remote.path, ["big.bin"], local);
    await expect.poll(() => app.queue.list().jobs[0]?.transferred ?? 0, { timeout: 10_000 }).toBeGreaterThan(200_000);
    slow.dropConnections();
    const [job] = await settled(app);
    expect(job?.status).toBe("failed");
    expect(job?.message).toMatch(/lost|closed/);
    expect(await readFile(join(local, "big.bin"), "utf8")).toBe("precious");
  });

  it("never writes outside the target folder, whatever names the server lists", async () => {
    const line = (name: string, size = 5) => `-rw-r--r-- 1 u g ${size} Nov 23  2025 ${name}`;
    const scripted = await startScriptedServer({
      listings: {
        "/": [line("../escape.txt"), line("ok.txt"), line("a/b.txt"), line("ctrl\x1bname.txt"), "drwxr-xr-x 2 u g 4096 Nov 23  2025 inner"].join("\r\n"),
        "/inner": [line("..\\..\\up.txt"), line("fine.txt")].join("\r\n"),
      },
      files: { "/ok.txt": "hello", "/inner/fine.txt": "hello", "/../escape.txt": "evil!" },
    });
    cleanups.push(() => scripted.close());
    const { sessions } = sessionManagerForTests();
    const info = await sessions.open({ host: "127.0.0.1", port: scripted.port, user: "u", password: "p", encryption: "plain", timeoutMs: 5_000 });
    cleanups.push(() => sessions.closeAll());
    const dataDir = await localFolder();
    const queue = await TransferQueue.open({
      path: join(dataDir, "queue.json"),
      preferences: new PreferencesStore(join(dataDir, "preferences.json")),
      emit: () => undefined,
      ask: async () => ({ action: "skip", applyToAll: false }),
      batchMs: 20,
    });
    cleanups.push(() => queue.close());
    const outer = await localFolder();
    const target = join(outer, "target");
    await mkdir(target);
    await queue.add({
      connector: sessions.connector(info.id),
      direction: "download",
      move: false,
      sourceFolder: "/",
      names: ["../escape.txt", "ok.txt", "inner"],
      targetFolder: target,
    });
    await expect.poll(() => queue.list().summary.active, { timeout: 10_000 }).toBe(0);
    expect(await readdir(outer)).toEqual(["target"]);
    expect(await tree(target)).toEqual({ "ok.txt": sha256("hello"), inner: "folder", "inner/fine.txt": sha256("hello") });
    const skipped = queue.list().jobs.filter((job) => job.status === "skipped");
    expect(skipped.map((job) => job.message)).toEqual([
      'Skipped "../escape.txt": the name is not safe to use as a file name.',
      'Skipped "..\\\\..\\\\up.txt": the name is not safe to use as a file name.',
    ]);
  });
});
