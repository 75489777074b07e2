import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { PreferencesStore } from "../../main/settings/preferences-store";
import { noChecksumsMessage } from "../../main/transfers/checksums";
import { TransferQueue } from "../../main/transfers/transfer-queue";
import { startRecordingProxy } from "../../test-support/recording-proxy";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { sha256, tree } from "../../test-support/test-helpers";
import type { TransferPreferences } from "../../shared/transfer";
import type { ServersFile } from "../servers/interop-servers";

const { servers: file, caPem } = inject("interop");
const tlsServers = file.servers.filter((server) => server.encryption !== "plain");
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function temporary(prefix: string) {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** A session to the server (through `port`, a proxy perhaps) and a transfer queue of its own. */
async function ferry(server: ServersFile["servers"][number], port = server.port, preferences: Partial<TransferPreferences> = {}) {
  const { sessions } = sessionManagerForTests();
  const info = await sessions.open({
    host: "127.0.0.1",
    port,
    user: file.user,
    password: file.password,
    encryption: server.encryption,
    tls: { trustedCaPem: caPem },
    timeoutMs: 10_000,
  });
  const data = await temporary("ferry-interop-queue-");
  const store = new PreferencesStore(join(data, "preferences.json"));
  await store.set(preferences);
  const queue = await TransferQueue.open({
    path: join(data, "queue.json"),
    preferences: store,
    emit: () => undefined,
    ask: async () => ({ action: "overwrite", applyToAll: true }),
    retryDelayMs: () => 200,
  });
  cleanups.push(async () => {
    await queue.close();
    sessions.closeAll();
  });
  const connector = sessions.connector(info.id);
  return {
    queue,
    log: () => sessions.log(info.id).all(),
    copy: (direction: "upload" | "download", sourceFolder: string, names: string[], targetFolder: string) =>
      queue.add({ connector, direction, move: false, sourceFolder, names, targetFolder }),
    drained: async () => {
      await expect.poll(() => queue.list().summary.active, { timeout: 60_000, interval: 50 }).toBe(0);
      return queue.list().jobs;
    },
    /** Properties' Checksum, on the session. */
    checksum: (folder: string, name: string) => sessions.session(info.id).checksum(folder, name),
  };
}

describe.each(tlsServers)("transfers with $name", (server) => {
  it("verifies an upload and a download against the server's own checksum where it offers HASH", { timeout: 60_000 }, async () => {
    const local = await temporary("ferry-interop-sum-");
    const content = randomBytes(500_000);
    await mkdir(join(local, "sums"));
    await writeFile(join(local, "sums", "sum.bin"), content);
    const app = await ferry(server);
    // A folder of its own, made by the upload (the test user may write only below its home).
    const remoteFolder = `${file.startPath}/sum-${server.port}-${Date.now()}`;
    await app.copy("upload", local, ["sums"], remoteFolder);
    await app.drained();
    const back = await temporary("ferry-interop-sum-back-");
    await app.copy("download", `${remoteFolder}/sums`, ["sum.bin"], back);
    const jobs = await app.drained();
    // proftpd's mod_digest offers SHA-512 as its strongest; vsftpd and pure-ftpd offer none.
    const verified = server.checksums ? "SHA-512" : undefined;
    expect(jobs.map((job) => [job.direction, job.status, job.verified])).toEqual([
      ["upload", "done", verified],
      ["download", "done", verified],
    ]);
    expect(sha256(await readFile(join(back, "sum.bin")))).toBe(sha256(content));
    // What Properties shows: the server's own checksum, or why there is none.
    const shown = app.checksum(`${remoteFolder}/sums`, "sum.bin");
    if (server.checksums)
      await expect(shown).resolves.toEqual({ algorithm: "SHA-512", checksum: createHash("sha512").update(content).digest("hex") });
    else await expect(shown).rejects.toMatchObject({ message: noChecksumsMessage });
  });

  it(
    "sends text files as text: CRLF on the wire, the server's line ends on its disk, the same bytes back",
    { timeout: 60_000 },
    async () => {
      const local = await temporary("ferry-interop-text-");
      const page = "<?php\necho 'hi';\n\n?>\n";
      const picture = randomBytes(20_000);
      await mkdir(join(local, "text"));
      await writeFile(join(local, "text", "index.php"), page);
      await writeFile(join(local, "text", "logo.png"), picture);
      const app = await ferry(server, server.port, { transferMode: "auto" });
      const remoteFolder = `${file.startPath}/text-${server.port}-${Date.now()}`;
      await app.copy("upload", local, ["text"], remoteFolder);
      expect((await app.drained()).map((job) => job.status)).toEqual(["done", "done"]);
      // proftpd stores text with its own LF; vsftpd and pure-ftpd keep what the wire carried.
      const stored = await readFile(join(remoteFolder, "text", "index.php"), "latin1");
      expect([page, page.replaceAll("\n", "\r\n")]).toContain(stored);
      expect(sha256(await readFile(join(remoteFolder, "text", "logo.png")))).toBe(sha256(picture));
      const back = await temporary("ferry-interop-text-back-");
      await app.copy("download", `${remoteFolder}/text`, ["index.php", "logo.png"], back);
      expect((await app.drained()).map((job) => job.status)).toEqual(["done", "done", "done", "done"]);
      expect(await readFile(join(back, "index.php"), "latin1")).toBe(page);
      expect(sha256(await readFile(join(back, "logo.png")))).toBe(sha256(picture));
    },
  );

  it("uploads a tree (empty folders included) and downloads it back, identical", { timeout: 90_000 }, async () => {
    const local = await temporary("ferry-interop-tree-");
    await mkdir(join(local, "site", "assets", "img"), { recursive: true });
    await mkdir(join(local, "site", "empty"), { recursive: true });
    await writeFile(join(local, "site", "index.html"), "<h1>Ferry</h1>");
    const written = new Date("2023-03-04T05:06:07Z");
    await utimes(join(local, "site", "index.html"), written, written);
    await writeFile(join(local, "site", "assets", "app.js"), randomBytes(300_000));
    await writeFile(join(local, "site", "assets", "img", "logo.png"), randomBytes(50_000));
    const app = await ferry(server);
    const remoteFolder = `${file.startPath}/tree-${server.port}-${Date.now()}`;

    await app.copy("upload", local, ["site"], remoteFolder);
    expect((await app.drained()).filter((job) => job.status !== "done")).toEqual([]);
    // Servers with MFMT keep the file's time (vsftpd has no MFMT).
    if (!server.name.startsWith("vsftpd"))
      expect((await stat(join(remoteFolder, "site", "index.html"))).mtime.toISOString()).toBe(written.toISOString());
    const back = await temporary("ferry-interop-back-");
    await app.copy("download", remoteFolder, ["site"], back);
    expect((await app.drained()).filter((job) => job.status !== "done")).toEqual([]);
    expect(await tree(join(back, "site"))).toEqual(await tree(join(local, "site")));
  });

  it("uploads into a folder that has files: one MLST looks at each target where the server has it, a folder in the way is skipped", async () => {
    const first = await temporary("ferry-interop-again-");
    await mkdir(join(first, "site", "sub"), { recursive: true });
    await writeFile(join(first, "site", "a.txt"), "first a");
    await writeFile(join(first, "site", "sub", "x.txt"), "in sub");
    const app = await ferry(server);
    const remoteFolder = `${file.startPath}/again-${server.port}-${Date.now()}`;
    await app.copy("upload", first, ["site"], remoteFolder);
    expect((await app.drained()).filter((job) => job.status !== "done")).toEqual([]);

    const second = await temporary("ferry-interop-again-");
    await writeFile(join(second, "a.txt"), "second a");
    await writeFile(join(second, "c.txt"), "new c");
    await writeFile(join(second, "sub"), "a file named as the folder");
    await app.copy("upload", second, ["a.txt", "c.txt", "sub"], `${remoteFolder}/site`);
    const jobs = (await app.drained()).slice(-3);
    expect(jobs.map((job) => [job.status, job.message])).toEqual([
      ["done", undefined],
      ["done", undefined],
      ["skipped", "Skipped: a folder named sub is in the way."],
    ]);
    expect(await readFile(join(remoteFolder, "site", "a.txt"), "utf8")).toBe("second a");
    expect(await readFile(join(remoteFolder, "site", "sub", "x.txt"), "utf8")).toBe("in sub");
    // What the transfer connections asked about the new file before sending it, by the session log.
    const path = `${remoteFolder}/site/c.txt`;
    const commands = app.log().flatMap((entry) => (entry.kind === "command" ? [entry.text.replace(/^\[transfer \d+\] /, "")] : []));
    const asked = commands.slice(0, commands.indexOf(`STOR ${path}`)).filter((command) => command.endsWith(` ${path}`));
    expect(asked).toEqual(server.name.startsWith("vsftpd") ? [`CWD ${path}`, `SIZE ${path}`] : [`MLST ${path}`]);
  });

  if (server.name.startsWith("vsftpd") || server.name.startsWith("proftpd")) {
    it.each(["download", "upload"] as const)("resumes a %s after the connection drops", { timeout: 90_000 }, async (direction) => {
      const proxy = await startRecordingProxy(server.port);
      cleanups.push(() => proxy.close());
      const app = await ferry(server, proxy.port);
      const content = randomBytes(10_000_000);
      const name = `resume-${direction}-${server.port}-${Date.now()}.bin`;
      const local = await temporary("ferry-interop-resume-");
      if (direction === "download") await writeFile(join(file.startPath, name), content);
      else await writeFile(join(local, name), content);
      if (direction === "download") await app.copy("download", file.startPath, [name], local);
      else await app.copy("upload", local, [name], file.startPath);
      await expect.poll(() => app.queue.list().jobs[0]?.transferred ?? 0, { timeout: 20_000, interval: 20 }).toBeGreaterThan(2_000_000);
      proxy.drop();
      const [job] = await app.drained();
      expect(job).toMatchObject({ status: "done" });
      expect(job?.attempts).toBeGreaterThanOrEqual(1);
      const written = direction === "download" ? join(local, name) : join(file.startPath, name);
      expect(sha256(await readFile(written))).toBe(sha256(content));
      await rm(join(file.startPath, name), { force: true });
    });
  }
});

// Only the servers that offer MODE Z (proftpd with mod_deflate).
describe.each(tlsServers.filter((server) => server.compression))("compression with $name", (server) => {
  it("compresses the data (MODE Z) when asked, and the files arrive whole both ways", { timeout: 60_000 }, async () => {
    const local = await temporary("ferry-interop-z-");
    const text = Array.from({ length: 40_000 }, (_, line) => `line ${line}: the quick brown fox\n`).join("");
    const noise = randomBytes(300_000);
    await mkdir(join(local, "z"));
    await writeFile(join(local, "z", "big.txt"), text);
    await writeFile(join(local, "z", "noise.bin"), noise);
    await writeFile(join(local, "z", "empty.txt"), "");
    const app = await ferry(server, server.port, { compression: true });
    const remoteFolder = `${file.startPath}/z-${server.port}-${Date.now()}`;
    await app.copy("upload", local, ["z"], remoteFolder);
    expect((await app.drained()).map((job) => [job.status, job.message])).toEqual([
      ["done", undefined],
      ["done", undefined],
      ["done", undefined],
    ]);
    expect(await readFile(join(remoteFolder, "z", "big.txt"), "utf8")).toBe(text);
    expect(sha256(await readFile(join(remoteFolder, "z", "noise.bin")))).toBe(sha256(noise));
    const back = await temporary("ferry-interop-z-back-");
    await app.copy("download", `${remoteFolder}/z`, ["big.txt", "noise.bin", "empty.txt"], back);
    expect((await app.drained()).map((job) => job.status)).toEqual(["done", "done", "done", "done", "done", "done"]);
    expect(await readFile(join(back, "empty.txt"), "utf8")).toBe("");
    expect(await readFile(join(back, "big.txt"), "utf8")).toBe(text);
    expect(sha256(await readFile(join(back, "noise.bin")))).toBe(sha256(noise));
    // Said by the transfer connections, whose lines in the session log are tagged with them.
    expect(app.log().map((entry) => entry.text)).toContainEqual(
      expect.stringMatching(/^\[transfer \d+\] Transfers on this connection are compressed \(MODE Z\)\.$/),
    );
  });
});
