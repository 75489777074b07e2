import { Client } from "basic-ftp";
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EventMessage } from "../../shared/contract";
import type { TransferJob } from "../../shared/transfer";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { sha256 } from "../../test-support/test-helpers";
import { PreferencesStore } from "../settings/preferences-store";
import { UserFacingError } from "../errors";
import type { NoticeText } from "../storage/json-store";
import { downloadFile } from "./file-transfer";
import { TransferQueue } from "./transfer-queue";
import { scriptedRequest } from "../../test-support/connect-requests";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function folder(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), "ferry-lying-"));
  cleanups.push(() => rm(path, { recursive: true, force: true }));
  return path;
}

const megabyte = Buffer.alloc(1024 * 1024, 0x61);
const line = (name: string, size: number) => `-rw-r--r-- 1 u g ${size} Nov 23  2025 ${name}`;

/** A queue and a session to a scripted server that lies as told; what the user would see of the jobs. */
async function ferryAgainst(script: ScriptedContent) {
  const server = await startScriptedServer(script);
  cleanups.push(() => server.close());
  const { sessions } = sessionManagerForTests();
  const info = await sessions.open(scriptedRequest(server));
  cleanups.push(() => sessions.closeAll());
  const dataDir = await folder();
  const preferences = new PreferencesStore(join(dataDir, "preferences.json"));
  await preferences.set({ retries: 3 });
  const events: EventMessage[] = [];
  const notices: NoticeText[] = [];
  const queue = await TransferQueue.open({
    path: join(dataDir, "queue.json"),
    notify: (notice) => notices.push(notice),
    preferences,
    emit: (message) => events.push(message),
    ask: async () => ({ action: "overwrite", applyToAll: true }),
    retryDelayMs: () => 50,
    batchMs: 20,
  });
  cleanups.push(() => queue.close());
  const run = async (
    direction: "download" | "upload",
    sourceFolder: string,
    names: string[],
    targetFolder: string,
  ): Promise<TransferJob[]> => {
    await queue.add({ connector: sessions.connector(info.id), direction, move: false, sourceFolder, names, targetFolder });
    await expect.poll(() => queue.list().summary.active, { timeout: 15_000 }).toBe(0);
    return queue.list().jobs;
  };
  const log = () =>
    sessions
      .log(info.id)
      .all()
      .map((entry) => entry.text);
  return { server, sessions, info, queue, events, notices, preferences, run, log };
}

describe("a server without SIZE", () => {
  const noSize = { SIZE: "502 Command not implemented." };

  it("downloads with the listing's size, which it does not ask the server for", async () => {
    const ferry = await ferryAgainst({
      listings: { "/": line("data.bin", megabyte.length) },
      files: { "/data.bin": megabyte },
      replies: noSize,
    });
    const local = await folder();
    const [job] = await ferry.run("download", "/", ["data.bin"], local);
    expect(job).toMatchObject({ status: "done", transferred: megabyte.length });
    expect(sha256(await readFile(join(local, "data.bin")))).toBe(sha256(megabyte));
    expect(ferry.server.commands.filter((command) => command.startsWith("RETR"))).toHaveLength(1);
    expect(ferry.server.commands.filter((command) => command.startsWith("SIZE"))).toEqual([]);
  });

  it("uploads once, checked against the folder's listing", async () => {
    const ferry = await ferryAgainst({ listings: {}, files: { "/up/old.txt": "old" }, replies: noSize });
    const local = await folder();
    await writeFile(join(local, "new.txt"), "fresh content");
    const [job] = await ferry.run("upload", local, ["new.txt"], "/up");
    expect(job?.status).toBe("done");
    expect(ferry.server.commands.filter((command) => command.startsWith("STOR"))).toHaveLength(1);
  });
});

describe("a server that refuses SIZE with 550, as a write-only drop folder does", () => {
  const refused = { SIZE: "550 Permission denied." };
  const body = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
  const stores = (commands: string[]) => commands.filter((command) => /^(STOR|APPE) /.test(command));

  it("checks a complete upload against the folder's listing: done after one STOR", async () => {
    const ferry = await ferryAgainst({ listings: {}, replies: refused });
    const local = await folder();
    await writeFile(join(local, "data.bin"), body);
    const [job] = await ferry.run("upload", local, ["data.bin"], "/drop");
    expect(job).toMatchObject({ status: "done", attempts: 0, message: undefined });
    expect(stores(ferry.server.commands)).toEqual(["STOR /drop/data.bin"]);
  });

  it("sends a short copy the listing shows again, whole", async () => {
    const files: Record<string, Buffer> = {};
    const ferry = await ferryAgainst({ listings: {}, files, replies: refused, shortStores: 1 });
    const local = await folder();
    await writeFile(join(local, "data.bin"), body);
    const [job] = await ferry.run("upload", local, ["data.bin"], "/drop");
    expect(job).toMatchObject({ status: "done", attempts: 1, message: undefined });
    expect(stores(ferry.server.commands)).toEqual(["STOR /drop/data.bin", "STOR /drop/data.bin"]);
    expect(files["/drop/data.bin"]?.equals(body)).toBe(true);
  });

  it.each([
    ["refused too", { listings: {}, replies: { ...refused, LIST: "550 Permission denied." } }],
    [
      "not read (vsftpd's 226 for a folder it cannot open)",
      { listings: { "/drop": "" }, replies: refused, listDone: "226 Transfer done (but failed to open directory)." },
    ],
    ["without the file (a server that hides what a user cannot read)", { listings: { "/drop": "" }, replies: refused }],
  ])("is done after one STOR when the listing is %s, and says that its size could not be checked", async (_, script) => {
    const ferry = await ferryAgainst(script);
    const local = await folder();
    await writeFile(join(local, "data.bin"), body);
    const [job] = await ferry.run("upload", local, ["data.bin"], "/drop");
    expect(job).toMatchObject({
      status: "done",
      attempts: 0,
      message: "The server did not tell the size of /drop/data.bin, so Ferry could not check that its upload is complete.",
    });
    expect(stores(ferry.server.commands)).toEqual(["STOR /drop/data.bin"]);
  });
});

describe("a server that refuses SIZE and lists the folder without the file it said it stored", () => {
  const refused = { SIZE: "550 Permission denied." };

  it("fails the upload, as a copy that is not there", async () => {
    const ferry = await ferryAgainst({ listings: { "/drop": line("other.txt", 5) }, replies: refused });
    const local = await folder();
    await writeFile(join(local, "data.bin"), "12345");
    const [job] = await ferry.run("upload", local, ["data.bin"], "/drop");
    expect(job).toMatchObject({ status: "failed", message: `The upload of ${join(local, "data.bin")} stopped after 0 of 5 bytes.` });
  });

  it("keeps a move's source when nothing could check the copy", async () => {
    const ferry = await ferryAgainst({ listings: { "/drop": "" }, replies: refused });
    const local = await folder();
    await writeFile(join(local, "data.bin"), "12345");
    await ferry.queue.add({
      connector: ferry.sessions.connector(ferry.info.id),
      direction: "upload",
      move: true,
      sourceFolder: local,
      names: ["data.bin"],
      targetFolder: "/drop",
    });
    await expect.poll(() => ferry.queue.list().summary.active, { timeout: 15_000 }).toBe(0);
    expect(ferry.queue.list().jobs).toEqual([
      expect.objectContaining({
        status: "done",
        message:
          "The server did not tell the size of /drop/data.bin, so Ferry could not check that its upload is complete. So its source is kept: a move deletes it only once the copy is checked.",
      }),
    ]);
    expect(await readFile(join(local, "data.bin"), "utf8")).toBe("12345");
  });
});

describe("a server that gives file times no one can use", () => {
  for (const [what, reply, pattern] of [
    ["garbage", "213 yesterday-ish", /not a date/],
    ["a year far ahead", "213 24460101000000", /in the future \(2446/],
    ["a year before 1970", "213 19011213204552", /before 1970/],
  ] as const) {
    it(`lands the download when MDTM says ${what}, with the listing's time and a log line`, async () => {
      const ferry = await ferryAgainst({
        listings: { "/": line("notes.txt", 5) },
        files: { "/notes.txt": "hello" },
        replies: { MDTM: reply },
      });
      const local = await folder();
      const [job] = await ferry.run("download", "/", ["notes.txt"], local);
      expect(job?.status).toBe("done");
      expect(await readdir(local)).toEqual(["notes.txt"]);
      expect((await stat(join(local, "notes.txt"))).mtime.getUTCFullYear()).toBe(2025);
      expect(ferry.log()).toContainEqual(expect.stringMatching(pattern));
    });
  }
});

describe("a server that sends more than it announced", () => {
  it("is cut off: the job fails with a sentence, nothing is left on the disk, progress stays within the size", async () => {
    const ferry = await ferryAgainst({
      listings: { "/": line("endless.bin", megabyte.length) },
      files: { "/endless.bin": megabyte },
      extraBytes: Number.POSITIVE_INFINITY,
    });
    const local = await folder();
    const [job] = await ferry.run("download", "/", ["endless.bin"], local);
    expect(job?.status).toBe("failed");
    expect(job?.message).toBe(
      `The download of /endless.bin brought more than the ${megabyte.length} bytes announced for it, so Ferry stopped and did not keep it.`,
    );
    expect(await readdir(local)).toEqual([]);
    // Once against the listing's size (the file may have grown since), once more against SIZE's, which it overran too.
    expect(ferry.server.commands.filter((command) => command.startsWith("RETR"))).toHaveLength(2);
    expect(ferry.server.commands.filter((command) => command.startsWith("SIZE"))).toHaveLength(1);
    const reported = ferry.events.flatMap((event) => (event.channel === "transfers.changed" ? (event.payload.jobs ?? []) : []));
    expect(Math.max(...reported.map((reportedJob) => reportedJob.transferred))).toBeLessThanOrEqual(megabyte.length);
  });
});

describe("a server that sends a file of unknown size without end", () => {
  it("is stopped before the disk fills: the download fails with a sentence and leaves nothing behind", { timeout: 60_000 }, async () => {
    // Neither SIZE nor a listing says how big it is: SIZE answers without a number, and the download is asked for without a size.
    const server = await startScriptedServer({
      listings: {},
      files: { "/endless.bin": "" },
      replies: { SIZE: "213 File status" },
      extraBytes: Infinity,
    });
    cleanups.push(() => server.close());
    const disk = await folder();
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=48m", "tmpfs", disk]);
    cleanups.push(() => execFileSync("umount", ["-l", disk]));
    const client = new Client(5_000);
    cleanups.push(() => client.close());
    await client.access({ host: "127.0.0.1", port: server.port, user: "u", password: "p" });
    const copy = { localPath: join(disk, "endless.bin"), remotePath: "/endless.bin", resume: false, onProgress: () => undefined };
    const failure = await downloadFile(client, copy).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UserFacingError);
    expect((failure as Error).message).toMatch(
      /^The download of \/endless\.bin has no known size and the server kept sending: Ferry stopped it after \d+ bytes, before it filled the disk, and did not keep it\.$/,
    );
    expect(await readdir(disk)).toEqual([]);
    // It got well into the disk before it stopped: a real file of unknown size is not cut short early.
    expect(Number(/after (\d+) bytes/.exec((failure as Error).message)?.[1])).toBeGreaterThan(24 * 1024 * 1024);
  });
});

describe("a server folder tree that never ends, walked for a download", () => {
  it("shows how far the walk has come, and stops when the user says so, keeping what it queued", { timeout: 60_000 }, async () => {
    const files = Array.from({ length: 20 }, (_, i) => line(`f${i}.txt`, 10)).join("\r\n");
    const ferry = await ferryAgainst({ listings: () => `${files}\r\ndrwxr-xr-x 2 u g 4096 Nov 23  2025 d\r\n` });
    await ferry.preferences.set({ maxFolderDepth: 10_000 });
    const local = await folder();
    const added = ferry.queue.add({
      connector: ferry.sessions.connector(ferry.info.id),
      direction: "download",
      move: false,
      sourceFolder: "/",
      names: ["d"],
      targetFolder: local,
    });
    const walks = () => ferry.events.flatMap((event) => (event.channel === "transfers.walks" ? [event.payload.walks] : []));
    await expect.poll(() => walks().at(-1)?.[0]?.folders ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
    const [walk] = walks().at(-1) ?? [];
    expect(walk).toMatchObject({ direction: "download", folder: "/", stopping: false });
    expect(walk?.files).toBeGreaterThanOrEqual(((walk?.folders ?? 0) - 1) * 20);
    ferry.queue.cancelWalk(walk?.batchId ?? "");
    const batch = await added;
    expect(batch.added).toBeGreaterThanOrEqual(walk?.files ?? 0);
    expect(ferry.queue.list().jobs).toHaveLength(batch.added);
    expect(ferry.notices).toEqual([
      {
        text: `Stopped looking through the folders of /, as you asked: the ${batch.added} jobs found until then stay in the queue, where you can cancel them.`,
      },
    ]);
    // The list empties once the walk has ended.
    await expect.poll(() => walks().at(-1), { timeout: 5_000 }).toEqual([]);
    // The session is still there for the next command.
    expect((await ferry.sessions.list(ferry.info.id, "/")).entries.length).toBeGreaterThan(0);
    // The jobs it queued (files the server lists but does not have) run out before their folders are removed.
    await expect.poll(() => ferry.queue.list().summary.active, { timeout: 30_000 }).toBe(0);
  });
});

describe("a server that shows links back up as folders (MLSD with the unique fact)", () => {
  it("goes into each link once and skips what leads back up again, saying why, instead of walking round them", async () => {
    const fact = (type: string, unique: string, size = 0) => `type=${type};size=${size};modify=20251123000000;unique=${unique}; `;
    // Every folder lists two links back to /site (its identity, 801g1), as proftpd does with ShowSymlinks off.
    const links = `${fact("dir", "801g1")}self\r\n${fact("dir", "801g1")}again\r\n`;
    const ferry = await ferryAgainst({
      features: [" MLST type*;size*;modify*;unique*;"],
      listings: (path) => (path === "/" ? `${fact("dir", "801g1")}site\r\n` : `${fact("file", "801g2", 5)}page.html\r\n${links}`),
      // The links' own page.html: a folder listed as a link is the folder it leads to, one level down.
      files: { "/site/page.html": "hello", "/site/self/page.html": "hello", "/site/again/page.html": "hello" },
    });
    const local = await folder();
    const jobs = await ferry.run("download", "/", ["site"], local);
    expect(jobs.map((job) => `${job.status} ${job.remotePath}`).sort()).toEqual(
      [
        "done /site/page.html",
        "done /site/self/page.html",
        "done /site/again/page.html",
        "skipped /site/again/again",
        "skipped /site/again/self",
        "skipped /site/self/again",
        "skipped /site/self/self",
      ].sort(),
    );
    expect(jobs.find((job) => job.remotePath === "/site/self/self")?.message).toBe(
      "Skipped: /site/self/self is a folder it is already in (a link back up, as the server tells): Ferry did not go round it again.",
    );
  });
});

describe("a data connection that breaks off with 426", () => {
  it("is retried and resumed like a dropped connection", async () => {
    const ferry = await ferryAgainst({
      listings: { "/": line("flaky.bin", megabyte.length) },
      files: { "/flaky.bin": megabyte },
      failRetrs: 1,
    });
    const local = await folder();
    const [job] = await ferry.run("download", "/", ["flaky.bin"], local);
    expect(job).toMatchObject({ status: "done", attempts: 1 });
    expect(sha256(await readFile(join(local, "flaky.bin")))).toBe(sha256(megabyte));
    expect(ferry.server.commands).toContainEqual(expect.stringMatching(/^REST [1-9]\d*$/));
  });
});

describe("a server without REST", () => {
  // Bytes that differ along the file: a piece appended in the wrong place would show.
  const body = Buffer.from(Array.from({ length: megabyte.length }, (_, i) => i % 251));

  it("downloads a file whose data connection broke off again from the start, byte for byte, and does not ask REST again", async () => {
    // Twice: the download from the start after the refused REST breaks off too, and is retried on a new connection.
    const ferry = await ferryAgainst({
      listings: { "/": line("data.bin", body.length) },
      files: { "/data.bin": body },
      failRetrs: 2,
      replies: { REST: "502 Command not implemented." },
    });
    const local = await folder();

    const [job] = await ferry.run("download", "/", ["data.bin"], local);

    expect(job).toMatchObject({ status: "done", attempts: 2 });
    expect(sha256(await readFile(join(local, "data.bin")))).toBe(sha256(body));
    expect(await readdir(local)).toEqual(["data.bin"]);
    expect(ferry.log()).toContainEqual(
      expect.stringMatching(/^\[transfer \d+\] The server cannot resume downloads \(it answered REST with 502\)/),
    );
    // The session remembers: the second retry, on another connection, asks for the whole file at once.
    expect(ferry.server.commands.filter((command) => /^(REST|RETR) /.test(command))).toEqual([
      "RETR /data.bin",
      `REST ${body.length / 2}`,
      "RETR /data.bin",
      "RETR /data.bin",
    ]);
  });

  it("nor SIZE: resumes against the listing's size, and downloads the file again from the start, byte for byte", async () => {
    const ferry = await ferryAgainst({
      listings: { "/": line("data.bin", body.length) },
      files: { "/data.bin": body },
      failRetrs: 1,
      replies: { REST: "502 Command not implemented.", SIZE: "502 Command not implemented." },
    });
    const local = await folder();

    const [job] = await ferry.run("download", "/", ["data.bin"], local);

    expect(job).toMatchObject({ status: "done", attempts: 1 });
    expect(sha256(await readFile(join(local, "data.bin")))).toBe(sha256(body));
    expect(ferry.server.commands.filter((command) => /^(REST|RETR) /.test(command))).toEqual([
      "RETR /data.bin",
      `REST ${body.length / 2}`,
      "RETR /data.bin",
    ]);
  });
});

describe("a server that keeps only half of an upload and answers 226 all the same", () => {
  const body = Buffer.from("every byte counts\n".repeat(500));
  /** From the data connection of the first STOR on (before it, the target was asked about: is a file there?). */
  const sent = (commands: string[]) =>
    commands
      .slice(commands.findIndex((command) => command.startsWith("STOR")) - 1)
      .filter((command) => /^(EPSV|STOR|APPE|SIZE|HASH)/.test(command.split(" ")[0] ?? ""));

  it("is caught by SIZE where the server offers no checksum, and the rest is sent on the retry", async () => {
    const ferry = await ferryAgainst({ listings: {}, shortStores: 1 });
    const local = await folder();
    await writeFile(join(local, "data.txt"), body);
    const [job] = await ferry.run("upload", local, ["data.txt"], "/up");
    expect(job).toMatchObject({ status: "done", attempts: 1 });
    expect(sent(ferry.server.commands)).toEqual([
      "EPSV",
      "STOR /up/data.txt",
      "SIZE /up/data.txt",
      "SIZE /up/data.txt",
      "EPSV",
      "APPE /up/data.txt",
      "SIZE /up/data.txt",
    ]);
  });

  it("is caught by the server's checksum, asked in place of SIZE, and sent again whole", async () => {
    const ferry = await ferryAgainst({ listings: {}, shortStores: 1, checksums: {} });
    const local = await folder();
    await writeFile(join(local, "data.txt"), body);
    const [job] = await ferry.run("upload", local, ["data.txt"], "/up");
    expect(job).toMatchObject({ status: "done", verified: "SHA-256" });
    expect(sent(ferry.server.commands)).toEqual([
      "EPSV",
      "STOR /up/data.txt",
      "HASH /up/data.txt",
      "EPSV",
      "STOR /up/data.txt",
      "HASH /up/data.txt",
    ]);
  });
});

describe("a text upload whose size is off by fewer bytes than it has line ends", () => {
  const lines = "line\r\n".repeat(1000);

  it("is caught after an upload the server kept a little short, and sent again whole", async () => {
    const files: Record<string, Buffer> = {};
    const ferry = await ferryAgainst({ listings: {}, files, clippedStores: { times: 1, bytes: 10 } });
    await ferry.preferences.set({ transferMode: "text" });
    const local = await folder();
    await writeFile(join(local, "notes.txt"), lines);
    const [job] = await ferry.run("upload", local, ["notes.txt"], "/up");
    expect(job).toMatchObject({ status: "done", attempts: 1 });
    expect(ferry.server.commands.filter((command) => command.startsWith("STOR"))).toHaveLength(2);
    // The scripted server converts nothing: it keeps the wire's CRLF.
    expect(files["/up/notes.txt"]?.toString("latin1")).toBe(lines);
  });
});

describe("a server that refuses SITE CHMOD", () => {
  it("finishes the upload and says on the job that the server kept its own permissions", async () => {
    const ferry = await ferryAgainst({ listings: { "/": "" }, replies: { SITE: "500 'SITE CHMOD': command not understood." } });
    await ferry.preferences.set({ uploadFileMode: "644" });
    const local = await folder();
    await writeFile(join(local, "page.html"), "<p>hello</p>");
    const [job] = await ferry.run("upload", local, ["page.html"], "/");
    expect(job).toMatchObject({
      status: "done",
      message: "The server kept its own permissions for /page.html: it refused to set 644 (500).",
    });
    // Said by the transfer connection that uploaded it: its lines in the session log are tagged with it.
    expect(ferry.log()).toContainEqual(
      expect.stringMatching(/^\[transfer \d+\] The server kept its own permissions for \/page\.html: it refused to set 644 \(500\)\.$/),
    );
  });
});

describe("a server that offers checksums (HASH, XSHA256)", () => {
  const body = Buffer.from("the one true content\n".repeat(1000));

  it("verifies downloads and uploads against the server's SHA-256, and the jobs say so", async () => {
    const ferry = await ferryAgainst({ listings: { "/": line("data.txt", body.length) }, files: { "/data.txt": body }, checksums: {} });
    const local = await folder();
    const [download] = await ferry.run("download", "/", ["data.txt"], local);
    expect(download).toMatchObject({ status: "done", verified: "SHA-256" });
    const [, upload] = await ferry.run("upload", local, ["data.txt"], "/copy");
    expect(upload).toMatchObject({ status: "done", verified: "SHA-256" });
    expect(ferry.server.commands.filter((command) => command.startsWith("HASH"))).toEqual(["HASH /data.txt", "HASH /copy/data.txt"]);
  });

  it("transfers a file again from the start when the checksums differ once, and then verifies it", async () => {
    const ferry = await ferryAgainst({
      listings: { "/": line("data.txt", body.length) },
      files: { "/data.txt": body },
      checksums: { lies: 1 },
    });
    const local = await folder();
    const [job] = await ferry.run("download", "/", ["data.txt"], local);
    expect(job).toMatchObject({ status: "done", verified: "SHA-256" });
    expect(ferry.server.commands.filter((command) => command.startsWith("RETR"))).toHaveLength(2);
    expect(sha256(await readFile(join(local, "data.txt")))).toBe(sha256(body));
  });

  it("fails a download whose checksum differs twice, says so, and leaves neither the target nor a partial file", async () => {
    const ferry = await ferryAgainst({
      listings: { "/": line("data.txt", body.length) },
      files: { "/data.txt": body },
      checksums: { lies: 2 },
    });
    const local = await folder();
    const [job] = await ferry.run("download", "/", ["data.txt"], local);
    expect(job?.status).toBe("failed");
    expect(job?.message).toMatch(
      /^The server's copy of \/data\.txt differs from yours \(SHA-256 [0-9a-f]{16}… on the server, [0-9a-f]{16}… here\)\.$/,
    );
    expect(await readdir(local)).toEqual([]);
  });

  it("verifies with XSHA256 where the server has no HASH, whatever the reply's code and case", async () => {
    const ferry = await ferryAgainst({
      listings: { "/": line("data.txt", body.length) },
      files: { "/data.txt": body },
      checksums: { onlyX: true },
    });
    const [job] = await ferry.run("download", "/", ["data.txt"], await folder());
    expect(job).toMatchObject({ status: "done", verified: "SHA-256" });
    expect(ferry.server.commands.filter((command) => /^(XSHA|HASH)/.test(command))).toEqual(["XSHA256 /data.txt"]);
  });

  it("does not ask when checksums are turned off", async () => {
    const ferry = await ferryAgainst({ listings: { "/": line("data.txt", body.length) }, files: { "/data.txt": body }, checksums: {} });
    await ferry.preferences.set({ verifyChecksums: false });
    const [job] = await ferry.run("download", "/", ["data.txt"], await folder());
    expect(job).toMatchObject({ status: "done", verified: undefined });
    expect(ferry.server.commands.some((command) => command.startsWith("HASH"))).toBe(false);
  });
});
