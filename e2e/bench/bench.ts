/**
 * `npm run bench`: Ferry's transfer engine and Synchronize side by side with curl, lftp and rclone
 * against the same real servers on 127.0.0.1, medians of several runs in one process, every transfer checked
 * by checksum after its timed part. Prints a table and writes the figures as JSON.
 *
 * FERRY_BENCH_RUNS (default 3), FERRY_BENCH_SYNC_RUNS (the Synchronize section's, default 1: a run
 * of it takes minutes), FERRY_BENCH_BIG_MIB (default 1024), FERRY_BENCH_ONLY (some of
 * "large,active,small,compression,listing,queue,editor,synchronize,latency"; default all; latency-bench.ts
 * has the latency profile's own settings), FERRY_BENCH_OUT (the JSON file; default
 * .cache/bench/latest.json), FERRY_BENCH_PORT_BASE (the servers' ports; default 22100) and
 * FERRY_BENCH_CPU_PROFILES (a folder: each Ferry run writes a V8 CPU profile there, for Chrome's
 * DevTools) change what it does.
 */
import { execFile } from "node:child_process";
import { createHash, randomFillSync } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, open, readdir, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { build } from "esbuild";
import type { ConnectRequest } from "../../shared/domain";
import { tree } from "../../test-support/test-helpers";
import { startInteropServers, type ServersFile } from "../servers/interop-servers";
import type { FerryMeasurement, FerryResult } from "./ferry-worker";
import { curlDownload, curlList, curlUpload, lftp, type PeerCommand, type PeerServer } from "./peers";
import { QueueMemorySchema, type QueueMemory } from "./queue-memory";
import { measureEditor, measureListing, measureQueue, type EditorFigures } from "./renderer-bench";
import { formatLatencyTables, measureLatency, type LatencyFigures } from "./latency-bench";
import { formatSyncTable, formatTable, median, rowFor, type BenchRow } from "./report";
import { measureSynchronize, syncChanged, syncFiles, type SyncBenchFigures } from "./synchronize-bench";

const runs = Number(process.env.FERRY_BENCH_RUNS ?? 3);
const syncRuns = Number(process.env.FERRY_BENCH_SYNC_RUNS ?? 1);
const bigBytes = Number(process.env.FERRY_BENCH_BIG_MIB ?? 1024) * 1024 * 1024;
const smallFolders = 20;
const smallPerFolder = 100;
const listEntries = 100_000;
const out = resolve(process.env.FERRY_BENCH_OUT ?? ".cache/bench/latest.json");
// Ferry runs bundled, as the app runs it: no TypeScript loader or source-mapped stack traces in the figures.
const worker = resolve(".cache/bench/ferry-worker.mjs");
const cpuProfiles = process.env.FERRY_BENCH_CPU_PROFILES;
const sections = new Set(
  (process.env.FERRY_BENCH_ONLY ?? "large,active,small,compression,listing,queue,editor,synchronize,latency").split(","),
);
/** The compression scenario: a text file this big, over a link of this many bytes a second (Ferry's own download limit). */
const textBytes = 100 * 1000 * 1000;
const slowLink = 2_000_000;

type Server = ServersFile["servers"][number];
/** A server for the big file: one of `servers`, or one of `activeMode`'s, which Ferry, curl and lftp reach in active mode. */
type BigFileServer = Pick<Server, "name" | "port" | "encryption"> & { active?: boolean };

/**
 * The clients (Ferry, curl, lftp) run on the first half of the CPUs and the servers on the
 * other, as if on two machines: on loopback they would otherwise fight over the same cores,
 * and a client with a second thread (Ferry's file writes) would lose to the server it talks to.
 */
const cpuCount = cpus().length;
const clientCpus = cpuCount >= 2 ? `0-${Math.floor(cpuCount / 2) - 1}` : undefined;
const serverCpus = cpuCount >= 2 ? `${Math.floor(cpuCount / 2)}-${cpuCount - 1}` : undefined;

/** A client's command, on the clients' CPUs. */
function asClient(command: string, args: string[]): PeerCommand {
  return clientCpus ? { command: "taskset", args: ["-c", clientCpus, command, ...args] } : { command, args };
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile(command, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`${command} failed: ${stderr || error.message}`));
      else done(stdout);
    });
  });
}

async function timed(command: PeerCommand): Promise<number> {
  const started = performance.now();
  const client = asClient(command.command, command.args);
  await run(client.command, client.args);
  return (performance.now() - started) / 1000;
}

async function ferry(measurement: FerryMeasurement): Promise<FerryResult> {
  const profiling = cpuProfiles ? ["--cpu-prof", `--cpu-prof-dir=${resolve(cpuProfiles)}`] : [];
  const client = asClient(process.execPath, [...profiling, worker, JSON.stringify(measurement)]);
  const result = JSON.parse(await run(client.command, client.args)) as FerryResult;
  if (measurement.kind !== "listing" && result.count > 0) throw new Error(`Ferry left ${result.count} jobs unfinished`);
  return result;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }), hash);
  return hash.digest("hex");
}

async function expectSame(actual: Promise<unknown>, expected: unknown, what: string): Promise<void> {
  const value = JSON.stringify(await actual);
  if (value !== JSON.stringify(expected)) throw new Error(`${what}: the copy differs from the original`);
}

/** Writes the last tool left in memory go to disk first, so that they do not slow down the next one. */
async function flushDisk(): Promise<void> {
  await run("sync", []);
}

/** A folder the server's user may write into (the benchmark runs as root, the servers as that user). */
async function writableFolder(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
  await chmod(path, 0o777);
}

async function randomFile(path: string, bytes: number): Promise<void> {
  const file = await open(path, "w");
  const chunk = Buffer.alloc(16 * 1024 * 1024);
  for (let written = 0; written < bytes; written += chunk.length) {
    randomFillSync(chunk);
    await file.write(chunk, 0, Math.min(chunk.length, bytes - written));
  }
  await file.close();
}

/** The order of the tools turns every run, so that a slow moment of the machine hits each of them alike. */
function rotate<T>(items: T[], by: number): T[] {
  return items.map((_, i) => items[(i + by) % items.length] as T);
}

type Runs = Record<string, { rate: number[]; seconds: number[] }>;
function record(runsByTool: Runs, tool: string, seconds: number, amount: number): void {
  const entry = (runsByTool[tool] ??= { rate: [], seconds: [] });
  entry.seconds.push(Number(seconds.toFixed(3)));
  entry.rate.push(amount / seconds);
}

/** The 100 000-entry folder in main and in Chromium, and the renderer's heap with it and with a 100 000-job queue. */
async function listingFigures(connect: ConnectRequest, peerServer: PeerServer, listFolder: string, relativeListFolder: string) {
  const login = { port: peerServer.port, user: peerServer.user, password: peerServer.password };
  const listSeconds: number[] = [];
  for (let r = 0; r < runs; r++) {
    const result = await ferry({ kind: "listing", connect, path: listFolder });
    if (result.count !== listEntries) throw new Error(`listed ${result.count} of ${listEntries} entries`);
    listSeconds.push(result.seconds);
  }
  // The server's own share: curl asks for the same listing and does nothing with it.
  const serverSeconds: number[] = [];
  for (let r = 0; r < runs; r++) serverSeconds.push(await timed(curlList(peerServer, `${relativeListFolder}/`)));
  console.log("Listing and queue in Chromium…");
  const listing = await measureListing(login, listFolder, entryName(0), entryName(listEntries - 1));
  const queue = await measureQueue(100_000);
  return {
    listing: {
      parsedInMainMs: Math.round(median(listSeconds) * 1000),
      curlListMs: Math.round(median(serverSeconds) * 1000),
      firstRowsPaintedMs: Math.round(listing.firstRowsMs),
      scrollToEndMs: Math.round(listing.scrollMs),
      worstScrollFrameMs: Math.round(listing.worstScrollFrameMs),
    },
    heap: { listingBytes: listing.heapBytes, queueBytes: queue.heapBytes, queueShownMs: queue.shownMs },
  };
}

/** Main's memory with a million jobs queued, in a process of its own (it needs --expose-gc and a fresh heap). */
async function queueMemoryFigures(): Promise<QueueMemory> {
  console.log("A million jobs in the queue…");
  const output = await run(process.execPath, ["--expose-gc", "--import", "tsx", "e2e/bench/queue-memory.ts", "1000000"]);
  return QueueMemorySchema.parse(JSON.parse(output));
}

/** A file of code-like lines, `bytes` long, its first line `firstLine`: what the editor opens in the benchmark. */
async function codeFile(path: string, bytes: number, firstLine: string): Promise<void> {
  const lines = [firstLine];
  let size = firstLine.length + 1;
  for (let i = 0; size < bytes; i++) {
    const line = `export const value${i} = compute(${i}, "entry ${i % 97}", { retries: ${i % 5} }); // step ${i}`;
    lines.push(line);
    size += line.length + 1;
  }
  await writeFile(path, `${lines.join("\n")}\n`.slice(0, bytes));
}

/** Ferry's editor in Chromium against vsftpd: F4 on a 1 MB file, and typing in a 5 MB one. */
async function editorFigures(login: PeerServer, home: string): Promise<EditorFigures> {
  console.log("Ferry's editor in Chromium…");
  const firstLine = "// Ferry's benchmark: a 1 MB file for F4";
  await mkdir(join(home, "bench-edit"), { recursive: true });
  await codeFile(join(home, "bench-edit", "edit-1mb.js"), 1_000_000, firstLine);
  await codeFile(join(home, "bench-edit", "edit-5mb.js"), 5_000_000, "// Ferry's benchmark: a 5 MB file to type in");
  await codeFile(join(home, "bench-edit", "edit-2kb.js"), 2_000, "// Ferry's benchmark: a 2 KB file, the floor");
  return measureEditor(
    login,
    join(home, "bench-edit"),
    { smallName: "edit-1mb.js", largeName: "edit-5mb.js", tinyName: "edit-2kb.js", firstLine },
    Math.max(runs, 5),
  );
}

function entryName(i: number): string {
  return `entry-${String(i).padStart(6, "0")}.txt`;
}

async function main(): Promise<void> {
  console.log(
    `Ferry benchmark: ${runs} runs (Synchronize: ${syncRuns}), a ${bigBytes / 1024 / 1024} MiB file, ${smallFolders * smallPerFolder} small files, a ${listEntries}-entry folder, sections ${[...sections].join(", ")}`,
  );
  await build({
    entryPoints: [join(import.meta.dirname, "ferry-worker.ts")],
    outfile: worker,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    packages: "external",
    logLevel: "warning",
  });
  const servers = await startInteropServers({
    portBase: Number(process.env.FERRY_BENCH_PORT_BASE ?? 22100),
    unlimited: true,
    latency: sections.has("latency"),
    ...(serverCpus ? { cpus: serverCpus } : {}),
  });
  const work = await mkdtemp(join(tmpdir(), "ferry-bench-"));
  const peakRss: Record<string, number> = {};
  const rows: BenchRow[] = [];
  try {
    const { file, caPem } = servers;
    const home = file.startPath;
    const caFile = join(work, "ca.pem");
    await writeFile(caFile, caPem);
    const byName = (start: string) => {
      const server = file.servers.find((s) => s.name.startsWith(start));
      if (!server) throw new Error(`no server named ${start}`);
      return server;
    };
    const connect = (server: BigFileServer): ConnectRequest => ({
      host: "127.0.0.1",
      port: server.port,
      user: file.user,
      password: file.password,
      encryption: server.encryption,
      tls: { trustedCaPem: caPem },
      ...(server.active ? { dataConnectionMode: "active" } : {}),
    });
    const peer = (server: BigFileServer): PeerServer => ({
      port: server.port,
      implicit: server.encryption === "implicit",
      user: file.user,
      password: file.password,
      caFile,
      ...(server.active ? { active: true } : {}),
    });

    console.log("Making the test data…");
    const local = join(work, "source");
    await mkdir(join(local, "small"), { recursive: true });
    const bigFile = sections.has("large") || sections.has("active");
    if (bigFile) await randomFile(join(local, "big.bin"), bigBytes);
    const bigHash = bigFile ? await sha256(join(local, "big.bin")) : "";
    for (let f = 0; f < smallFolders; f++) {
      await mkdir(join(local, "small", `folder-${f}`));
      for (let i = 0; i < smallPerFolder; i++)
        await writeFile(join(local, "small", `folder-${f}`, `file-${i}.dat`), randomFillSync(Buffer.alloc(4096)));
    }
    const smallTree = await tree(join(local, "small"));
    await cp(local, join(home, "bench-source"), { recursive: true });
    const listFolder = join(home, "bench-list");
    await mkdir(listFolder);
    if (sections.has("listing")) for (let i = 0; i < listEntries; i++) await writeFile(join(listFolder, entryName(i)), "");

    // 1. One big file each way.
    const largeServers: BigFileServer[] = [
      ...(sections.has("large") ? [byName("vsftpd explicit"), byName("proftpd mod_tls explicit"), byName("proftpd mod_tls implicit")] : []),
      // The same file in active mode, where the server connects back for every transfer (issue 21).
      ...(sections.has("active")
        ? file.activeMode
            .filter((s) => s.refusesPassive && s.encryption !== "plain")
            .map((s) => ({ ...s, name: `active mode, ${s.name}`, active: true }))
        : []),
    ];
    for (const server of largeServers) {
      for (const direction of ["upload", "download"] as const) {
        const results: Runs = {};
        for (let r = 0; r < runs; r++) {
          // curl 7.88 fails in active mode here ("sa_addr inet_ntop() failed with errno 97"): lftp is the peer there.
          for (const tool of rotate(server.active ? ["ferry", "lftp"] : ["ferry", "curl", "lftp"], r)) {
            await flushDisk();
            const tag = `${tool}-${r}`;
            let seconds: number;
            if (direction === "upload") {
              const remoteFolder = join(home, `up-${tag}`);
              await writableFolder(remoteFolder);
              const remote = `up-${tag}/big.bin`;
              if (tool === "ferry") {
                const result = await ferry({
                  kind: "transfer",
                  connect: connect(server),
                  direction,
                  sourceFolder: local,
                  names: ["big.bin"],
                  targetFolder: remoteFolder,
                });
                seconds = result.seconds;
                peakRss.large = Math.max(peakRss.large ?? 0, result.peakRssBytes);
              } else {
                seconds = await timed(
                  tool === "curl"
                    ? curlUpload(peer(server), join(local, "big.bin"), remote)
                    : lftp(peer(server), [`put ${join(local, "big.bin")} -o ${remote}`]),
                );
              }
              await expectSame(sha256(join(home, remote)), bigHash, `${tool} upload to ${server.name}`);
              await rm(remoteFolder, { recursive: true, force: true });
            } else {
              const target = join(work, `down-${tag}`);
              await mkdir(target);
              if (tool === "ferry") {
                const result = await ferry({
                  kind: "transfer",
                  connect: connect(server),
                  direction,
                  sourceFolder: join(home, "bench-source"),
                  names: ["big.bin"],
                  targetFolder: target,
                });
                seconds = result.seconds;
                peakRss.large = Math.max(peakRss.large ?? 0, result.peakRssBytes);
              } else {
                const remote = "bench-source/big.bin";
                seconds = await timed(
                  tool === "curl"
                    ? curlDownload(peer(server), remote, join(target, "big.bin"))
                    : lftp(peer(server), [`get ${remote} -o ${join(target, "big.bin")}`]),
                );
              }
              await expectSame(sha256(join(target, "big.bin")), bigHash, `${tool} download from ${server.name}`);
              await rm(target, { recursive: true, force: true });
            }
            record(results, tool, seconds, bigBytes / 1e6);
            console.log(`  ${server.name}, ${direction}, ${tool}: ${(bigBytes / 1e6 / seconds).toFixed(0)} MB/s`);
          }
        }
        rows.push(rowFor(`${bigBytes / 1024 / 1024} MiB ${direction}, ${server.name}`, "MB/s", 1, results, "ferry"));
      }
    }

    // 2. Many small files each way, against lftp's mirror on 4 connections.
    const server = byName("vsftpd explicit");
    const count = smallFolders * smallPerFolder;
    for (const direction of sections.has("small") ? (["upload", "download"] as const) : []) {
      const results: Runs = {};
      for (let r = 0; r < runs; r++) {
        for (const tool of rotate(["ferry", "ferry ×4", "lftp"], r)) {
          await flushDisk();
          const tag = `${tool.replace(/\W+/g, "")}-${r}`;
          const parallel = tool === "ferry ×4" ? 4 : undefined;
          let seconds: number;
          const landed = direction === "upload" ? join(home, `small-${tag}`, "small") : join(work, `small-${tag}`, "small");
          await (direction === "upload" ? writableFolder(dirname(landed)) : mkdir(dirname(landed)));
          if (tool.startsWith("ferry")) {
            const transfer =
              direction === "upload"
                ? { sourceFolder: local, targetFolder: dirname(landed) }
                : { sourceFolder: join(home, "bench-source"), targetFolder: dirname(landed) };
            const result = await ferry({ kind: "transfer", connect: connect(server), direction, names: ["small"], parallel, ...transfer });
            seconds = result.seconds;
            peakRss.small = Math.max(peakRss.small ?? 0, result.peakRssBytes);
          } else {
            const mirror =
              direction === "upload"
                ? `mirror -R --parallel=4 ${join(local, "small")} small-${tag}/small`
                : `mirror --parallel=4 bench-source/small ${landed}`;
            seconds = await timed(lftp(peer(server), [mirror]));
          }
          await expectSame(tree(landed), smallTree, `${tool} ${direction} of the small files`);
          await rm(dirname(landed), { recursive: true, force: true });
          record(results, tool, seconds, count);
          console.log(`  ${count} small files, ${direction}, ${tool}: ${(count / seconds).toFixed(0)} files/s`);
        }
      }
      rows.push(rowFor(`${count} × 4 KiB ${direction}, Ferry at its default`, "files/s", 1.5, results, "ferry"));
      rows.push(rowFor(`${count} × 4 KiB ${direction}, Ferry ×4`, "files/s", 1.5, results, "ferry ×4"));
    }

    // 3. A big text file over a slow link, with and without MODE Z (proftpd's mod_deflate). The link is
    // Ferry's own download limit, which counts the bytes on the wire; lftp's net:limit-rate stands in for it.
    if (sections.has("compression")) {
      const zServer = byName("proftpd mod_tls explicit");
      const line = '2026-12-02 03:04:05 GET /index.php?page=42 HTTP/1.1 200 5120 "Mozilla/5.0 (X11; Linux x86_64)"\n';
      await writeFile(join(home, "bench-source", "log.txt"), line.repeat(Math.ceil(textBytes / line.length)).slice(0, textBytes));
      const textHash = await sha256(join(home, "bench-source", "log.txt"));
      // Each row has Ferry and lftp, both without or both with MODE Z.
      const byMode: Record<"plain" | "z", Runs> = { plain: {}, z: {} };
      for (let r = 0; r < runs; r++) {
        for (const [tool, mode] of rotate(
          [
            ["ferry", "plain"],
            ["ferry", "z"],
            ["lftp", "plain"],
            ["lftp", "z"],
          ] as const,
          r,
        )) {
          const target = join(work, `z-${tool}-${mode}-${r}`);
          await mkdir(target);
          let seconds: number;
          if (tool === "ferry") {
            const result = await ferry({
              kind: "transfer",
              connect: connect(zServer),
              direction: "download",
              sourceFolder: join(home, "bench-source"),
              names: ["log.txt"],
              targetFolder: target,
              preferences: { downloadLimit: slowLink / 1000, compression: mode === "z" },
            });
            seconds = result.seconds;
          } else {
            seconds = await timed(
              lftp(peer(zServer), [
                `set ftp:use-mode-z ${mode === "z"}`,
                `set net:limit-rate ${slowLink}`,
                `get bench-source/log.txt -o ${join(target, "log.txt")}`,
              ]),
            );
          }
          await expectSame(sha256(join(target, "log.txt")), textHash, `${tool} download of the text file`);
          await rm(target, { recursive: true, force: true });
          record(byMode[mode], tool, seconds, textBytes / 1e6);
          console.log(
            `  100 MB text, ${slowLink / 1e6} MB/s link, ${tool}${mode === "z" ? " MODE Z" : ""}: ${(textBytes / 1e6 / seconds).toFixed(1)} MB/s`,
          );
        }
      }
      rows.push(rowFor(`100 MB text download over ${slowLink / 1e6} MB/s, uncompressed`, "MB/s", 1, byMode.plain, "ferry"));
      // lftp's net:limit-rate counts the file's bytes, not the wire's: its MODE Z figure shows no link's gain.
      rows.push(
        rowFor(`100 MB text download over ${slowLink / 1e6} MB/s, MODE Z (lftp: limit on file bytes)`, "MB/s", 1, byMode.z, "ferry"),
      );
    }

    // 6. Synchronize: a tree of 20 000 files compared and synchronized, and main's memory comparing 100 000.
    const synchronize: SyncBenchFigures | undefined = sections.has("synchronize")
      ? await measureSynchronize({
          runs: syncRuns,
          home,
          owner: file.user,
          work,
          servers: [byName("vsftpd explicit"), byName("proftpd mod_tls explicit")].map((s) => ({
            name: s.name,
            connect: connect(s),
            peer: peer(s),
          })),
          ferry: (measurement) => ferry(measurement),
          asClient,
        })
      : undefined;

    // 7. Internet distances: the same transfers through a delaying proxy on 127.0.0.2.
    const latency: LatencyFigures | undefined = sections.has("latency")
      ? await measureLatency({
          home,
          work,
          servers: file.latency.map((s) => ({
            name: s.name,
            connect: { ...connect(s), host: "127.0.0.2" },
            peer: { ...peer(s), host: "127.0.0.2" },
            ports: [s.port, ...Array.from({ length: s.passivePorts[1] - s.passivePorts[0] + 1 }, (_, i) => s.passivePorts[0] + i)],
          })),
          ferry: (measurement) => ferry(measurement),
          timed,
          flushDisk,
          writableFolder,
          randomFile,
          sha256,
          expectSame,
        })
      : undefined;

    // 4 and 5. The 100 000-entry folder: parsed in main, then painted and scrolled in Chromium; the heap with it and with a 100 000-job queue.
    const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, loopback${clientCpus ? `, clients on CPUs ${clientCpus} and servers on ${serverCpus}` : ""}`;
    const figures = sections.has("listing") ? await listingFigures(connect(server), peer(server), listFolder, "bench-list") : undefined;
    const mb = (bytes: number | undefined) => (bytes ? `${Math.round(bytes / 1e6)} MB` : "—");
    console.log(`\n${machine}\n`);
    if (rows.length > 0) console.log(formatTable(rows));
    if (figures) {
      console.log(`
| 100 000-entry folder | measured | target |
| --- | ---: | --- |
| parsed in main | ${figures.listing.parsedInMainMs} ms (curl, the bare LIST: ${figures.listing.curlListMs} ms) | < 1000 ms |
| first rows painted (Chromium) | ${figures.listing.firstRowsPaintedMs} ms | < 1500 ms |
| worst frame scrolling to the end | ${figures.listing.worstScrollFrameMs} ms (${figures.listing.scrollToEndMs} ms in all) | < 100 ms |

| memory | measured | target |
| --- | ---: | --- |
| main side, peak RSS, big file | ${mb(peakRss.large)} | < 300 MB |
| main side, peak RSS, small files | ${mb(peakRss.small)} | < 300 MB |
| renderer heap, 100 000-entry folder open | ${mb(figures.heap.listingBytes)} | < 200 MB |
| renderer heap, 100 000 jobs in the queue | ${mb(figures.heap.queueBytes)} (first rows after ${figures.heap.queueShownMs} ms) | < 200 MB |`);
    }
    const editor = sections.has("editor") ? await editorFigures(peer(byName("vsftpd explicit")), home) : undefined;
    if (editor) {
      const met = (ms: number, target: number) => `${Math.round(ms)} ms`.padEnd(7) + (ms < target ? " (met)" : " (MISSED)");
      console.log(`
| Ferry's editor (web host, Chromium) | measured | target |
| --- | ---: | --- |
| F4 on a 1 MB server file until its text shows | ${met(editor.openMs, 1000)} | < 1000 ms |
| typing in a 5 MB file, per keystroke (95th percentile) | ${met(editor.large.p95Ms, 50)}, median ${Math.round(editor.large.medianMs)} ms, worst ${Math.round(editor.large.worstMs)} ms | < 50 ms |
| the same in a 2 KB file: this machine's floor | ${Math.round(editor.tiny.p95Ms)} ms, median ${Math.round(editor.tiny.medianMs)} ms, worst ${Math.round(editor.tiny.worstMs)} ms | |`);
    }
    if (synchronize) {
      const memory = synchronize.memory;
      console.log(`
${formatSyncTable(synchronize.rows, syncFiles, syncChanged)}

| Synchronize, memory (main side) | measured | target |
| --- | ---: | --- |
| peak RSS comparing ${memory.actions} files on each side, all ${memory.actions} of them rows of the plan | ${mb(memory.peakRssBytes)} (heap ${mb(memory.heapUsedBytes)} after it, ${memory.seconds.toFixed(1)} s) | < 300 MB (${memory.peakRssBytes < 300e6 ? "met" : "MISSED"}) |`);
    }
    if (latency) console.log(`\n${formatLatencyTables(latency)}`);
    const queueMemory = sections.has("queue") ? await queueMemoryFigures() : undefined;
    if (queueMemory) {
      console.log(`
| 1 000 000 jobs queued (main side) | measured | target |
| --- | ---: | --- |
| RSS after a collection | ${mb(queueMemory.rssBytes)} (heap ${mb(queueMemory.heapBytes)}) | < 500 MB |
| longest event-loop task, planning / saving | ${Math.round(queueMemory.longestPlanningTaskMs)} ms / ${Math.round(queueMemory.longestSavingTaskMs)} ms | < 100 ms |
| slowest window of a view | ${queueMemory.slowestWindowMs.toFixed(2)} ms | < 10 ms |`);
    }
    await mkdir(dirname(out), { recursive: true });
    await writeFile(
      out,
      JSON.stringify(
        { date: new Date().toISOString(), machine, runs, transfers: rows, peakRss, ...figures, editor, queueMemory, synchronize, latency },
        null,
        2,
      ),
    );
    console.log(`\nFigures written to ${out}`);
  } finally {
    servers.stop();
    await rm(work, { recursive: true, force: true });
    // Emptied, not removed: the servers' user is shared, and a run started since may still log in here.
    const home = join(servers.state, "home");
    for (const name of await readdir(home).catch(() => [])) await rm(join(home, name), { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
