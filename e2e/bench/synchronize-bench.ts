/**
 * The benchmark's Synchronize section: a tree of 20 000 small files in 1 000 folders on this
 * computer and the same tree on the server (written straight into the server's folder on disk,
 * not uploaded), 50 files changed here. Ferry's comparison (the plan), its whole synchronization
 * and its second run (nothing to do) side by side with lftp's `mirror -R` and rclone's `sync`,
 * each with and without `--dry-run`. Then main's memory with a comparison of 100 000 files.
 */
import { execFile } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ConnectRequest } from "../../shared/domain";
import type { FerryResult, FerrySynchronize } from "./ferry-worker";
import { lftp, rclone, type PeerCommand, type PeerServer } from "./peers";
import { median, type SyncTableRow } from "./report";

export interface SyncBenchServer {
  name: string;
  connect: ConnectRequest;
  peer: PeerServer;
}

export interface SyncBenchContext {
  runs: number;
  /** The servers' home folder on disk: trees written here are the server's. */
  home: string;
  /** The user the servers run the session as, who must be able to replace the changed files. */
  owner: string;
  /** A scratch folder of this computer. */
  work: string;
  servers: SyncBenchServer[];
  ferry(measurement: FerrySynchronize): Promise<FerryResult>;
  /** A client's command, on the clients' CPUs. */
  asClient(command: string, args: string[]): PeerCommand;
}

/** One tool's runs of one step: seconds, and the files it planned or moved (as it said). */
interface StepRuns {
  seconds: number[];
  files: number[];
}

export interface SyncBenchFigures {
  rows: SyncTableRow[];
  memory: { files: number; folders: number; actions: number; seconds: number; peakRssBytes: number; heapUsedBytes: number };
}

/** 10 folders of 99 folders each: 1 000 folders, 20 files in each. */
const topFolders = 10;
const subFolders = 99;
const filesPerFolder = 20;
const changedEvery = 400;
/** The 100 000-file tree of the memory figure: 1 000 folders of 100 files. */
const memoryFolders = 1000;
const memoryPerFolder = 100;
export const syncFiles = topFolders * (1 + subFolders) * filesPerFolder;
export const syncChanged = syncFiles / changedEvery;
export const memoryFiles = memoryFolders * memoryPerFolder;

/** Every folder of the tree, by its path from the tree's top. */
function folderPaths(): string[] {
  const paths: string[] = [];
  for (let t = 0; t < topFolders; t++) {
    paths.push(`dir-${t}`);
    for (let s = 0; s < subFolders; s++) paths.push(`dir-${t}/sub-${String(s).padStart(2, "0")}`);
  }
  return paths;
}

/** 100 B to 2 KB of random bytes, a size of its own for each file. */
function contentOf(index: number): Buffer {
  return randomFillSync(Buffer.alloc(100 + ((index * 7919) % 1949)));
}

function run(command: PeerCommand, what: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    execFile(command.command, command.args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`${what} failed: ${stderr || error.message}`));
      else done({ stdout, stderr });
    });
  });
}

interface Seeded {
  /** The time of every file that is the same on both sides. */
  time: Date;
  /** The files changed here, with the server's copies to put back before each tool's synchronization. */
  changed: { path: string; original: Buffer }[];
}

/**
 * The tree here and on the server, equal but for every 400th file, which is here with other
 * bytes (another size) and an hour newer. Times are whole minutes of a day ago, so that a LIST's
 * minutes say them exactly (vsftpd has no MLSD).
 */
async function seedTrees(local: string, remote: string, owner: string): Promise<Seeded> {
  const time = new Date(Math.floor((Date.now() - 24 * 3600_000) / 60_000) * 60_000);
  const newer = new Date(time.getTime() + 3600_000);
  const changed: { path: string; original: Buffer }[] = [];
  let index = 0;
  for (const folder of folderPaths()) {
    await mkdir(join(local, folder), { recursive: true });
    await mkdir(join(remote, folder), { recursive: true });
    const writes: Promise<void>[] = [];
    for (let f = 0; f < filesPerFolder; f++, index++) {
      const path = `${folder}/file-${f}.dat`;
      const content = contentOf(index);
      const isChanged = index % changedEvery === changedEvery - 1;
      if (isChanged) changed.push({ path, original: content });
      writes.push(
        (async () => {
          await writeFile(join(remote, path), content);
          await utimes(join(remote, path), time, time);
          await writeFile(join(local, path), isChanged ? Buffer.concat([content, Buffer.from("changed here\n")]) : content);
          await utimes(join(local, path), isChanged ? newer : time, isChanged ? newer : time);
        })(),
      );
    }
    await Promise.all(writes);
  }
  await run({ command: "chown", args: ["-R", `${owner}:`, remote] }, "chown");
  return { time, changed };
}

/** Puts the server's copies of the changed files back as they were before a synchronization. */
async function resetServer(remote: string, seeded: Seeded): Promise<void> {
  for (const { path, original } of seeded.changed) {
    await writeFile(join(remote, path), original);
    await utimes(join(remote, path), seeded.time, seeded.time);
  }
}

/** The changed files reached the server, byte for byte. */
async function expectSynchronized(remote: string, local: string, changed: { path: string }[], what: string): Promise<void> {
  for (const { path } of changed) {
    const [here, there] = await Promise.all([readFile(join(local, path)), readFile(join(remote, path))]);
    if (!here.equals(there)) throw new Error(`${what}: ${path} on the server differs from this computer's`);
  }
}

/** Lines of a peer's output that name a file it sends (or, with --dry-run, would send). */
function filesSaid(tool: string, output: string): number {
  const pattern = tool === "lftp" ? /^(get|put) /gm : /: (Copied|Skipped copy|Skipped update)/gm;
  return output.match(pattern)?.length ?? 0;
}

function rotate<T>(items: T[], by: number): T[] {
  return items.map((_, i) => items[(i + by) % items.length] as T);
}

export async function measureSynchronize(context: SyncBenchContext): Promise<SyncBenchFigures> {
  const { runs, home, owner, work } = context;
  const local = join(work, "sync-local");
  // Absolute server paths: the servers' user is shared with other runs, whose start may move its home.
  const remote = join(home, "sync-tree");
  console.log(`Synchronize: ${syncFiles} files in ${folderPaths().length + 1} folders, here and on the server…`);
  const seeded = await seedTrees(local, remote, owner);
  const { changed } = seeded;
  const obscured = new Map<string, string>();
  for (const server of context.servers)
    obscured.set(server.name, (await run({ command: "rclone", args: ["obscure", server.peer.password] }, "rclone obscure")).stdout.trim());
  const rows: SyncTableRow[] = [];
  const tools = ["ferry", "lftp", "rclone"];

  const peerCommand = (server: SyncBenchServer, tool: string, dryRun: boolean): PeerCommand => {
    const dry = dryRun ? ["--dry-run"] : [];
    if (tool === "lftp") return lftp(server.peer, [`mirror -R ${dry.join(" ")} --parallel=4 ${local} ${remote}`]);
    // proftpd's mod_tls refuses a data connection that resumes another control connection's TLS
    // session, which rclone's shared session cache offers when it opens several: one connection there.
    const connections = server.name.startsWith("proftpd") ? ["--ftp-concurrency", "1"] : [];
    return rclone(server.peer, obscured.get(server.name) ?? "", ["sync", "-v", ...connections, ...dry], local, remote);
  };
  const timedPeer = async (server: SyncBenchServer, tool: string, dryRun: boolean) => {
    // lftp says what it would do with --dry-run and nothing otherwise: a real run is asked to be verbose.
    const command = peerCommand(server, tool, dryRun);
    const verbose =
      tool === "lftp" && !dryRun ? { ...command, args: command.args.map((arg) => arg.replace("mirror -R", "mirror -R -v")) } : command;
    const client = context.asClient(verbose.command, verbose.args);
    const started = performance.now();
    const { stdout, stderr } = await run(client, tool);
    const seconds = (performance.now() - started) / 1000;
    const said = tool === "lftp" && !dryRun ? (stdout.match(/^Transferring file/gm)?.length ?? 0) : filesSaid(tool, stdout + stderr);
    return { seconds, files: said };
  };
  const ferryRun = async (server: SyncBenchServer, dataDir: string, start: boolean) => {
    const result = await context.ferry({
      kind: "synchronize",
      connect: server.connect,
      localFolder: local,
      remoteFolder: remote,
      direction: "remote",
      start,
      dataDir,
    });
    if (!result.plan) throw new Error("Ferry's worker gave no plan");
    return result;
  };

  for (const server of context.servers) {
    const byStep: Record<SyncTableRow["step"], Record<string, StepRuns>> = { plan: {}, synchronize: {}, "second run": {} };
    const note = (step: SyncTableRow["step"], tool: string, seconds: number, files: number) => {
      const entry = (byStep[step][tool] ??= { seconds: [], files: [] });
      entry.seconds.push(seconds);
      entry.files.push(files);
      console.log(`  ${server.name}, ${step}, ${tool}: ${seconds.toFixed(2)} s, ${files} files`);
    };
    for (let r = 0; r < runs; r++) {
      // (a) The plan alone, of the trees as seeded (the other server's synchronizations changed its files too).
      await resetServer(remote, seeded);
      for (const tool of rotate(tools, r)) {
        if (tool === "ferry") {
          const result = await ferryRun(server, await mkdtemp(join(work, "sync-data-")), false);
          if (result.plan?.actions !== syncChanged) throw new Error(`Ferry planned ${result.plan?.actions} rows, not ${syncChanged}`);
          note("plan", tool, result.plan.seconds, result.plan.actions);
        } else {
          const { seconds, files } = await timedPeer(server, tool, true);
          note("plan", tool, seconds, files);
        }
      }
      // (b) The whole synchronization, then (c) the same again, which should find nothing to do.
      for (const tool of rotate(tools, r)) {
        await resetServer(remote, seeded);
        if (tool === "ferry") {
          const dataDir = await mkdtemp(join(work, "sync-data-"));
          const first = await ferryRun(server, dataDir, true);
          if (first.count > 0) throw new Error(`Ferry left ${first.count} jobs of the synchronization unfinished`);
          note("synchronize", tool, first.seconds, first.plan?.actions ?? 0);
          await expectSynchronized(remote, local, changed, `Ferry's synchronization with ${server.name}`);
          const second = await ferryRun(server, dataDir, true);
          note("second run", tool, second.seconds, second.plan?.actions ?? 0);
        } else {
          const first = await timedPeer(server, tool, false);
          note("synchronize", tool, first.seconds, first.files);
          await expectSynchronized(remote, local, changed, `${tool}'s synchronization with ${server.name}`);
          const second = await timedPeer(server, tool, false);
          note("second run", tool, second.seconds, second.files);
        }
      }
    }
    for (const step of ["plan", "synchronize", "second run"] as const) {
      const tools = Object.fromEntries(
        Object.entries(byStep[step]).map(([tool, r]) => [tool, { seconds: median(r.seconds), files: median(r.files) }]),
      );
      rows.push({ server: server.name, step, tools });
    }
  }
  await rm(remote, { recursive: true, force: true });
  await rm(local, { recursive: true, force: true });
  return { rows, memory: await memoryFigures(context) };
}

/**
 * Main's memory with a comparison of 100 000 files: the server's folder of such a tree compared
 * with itself on disk, its times shifted an hour (as a wrong time zone would) so that every file
 * is a row of the checklist: both trees' listings and 100 000 rows held at once.
 */
async function memoryFigures(context: SyncBenchContext): Promise<SyncBenchFigures["memory"]> {
  const tree = join(context.home, "sync-memory");
  console.log(`Synchronize: ${memoryFiles} files for the memory figure…`);
  const empty = Buffer.alloc(0);
  for (let f = 0; f < memoryFolders; f++) {
    const folder = join(tree, `folder-${String(f).padStart(4, "0")}`);
    await mkdir(folder, { recursive: true });
    await Promise.all(Array.from({ length: memoryPerFolder }, (_, i) => writeFile(join(folder, `file-${i}.txt`), empty)));
  }
  const [server] = context.servers;
  if (!server) throw new Error("no server for the memory figure");
  const result = await context.ferry({
    kind: "synchronize",
    connect: server.connect,
    localFolder: tree,
    remoteFolder: tree,
    direction: "local",
    start: false,
    dataDir: await mkdtemp(join(context.work, "sync-data-")),
    // A server said to be an hour behind UTC: its LIST times read an hour later than the disk's.
    serverTimeOffsetMinutes: -60,
  });
  await rm(tree, { recursive: true, force: true });
  const plan = result.plan;
  if (!plan || plan.actions !== memoryFiles) throw new Error(`the memory comparison planned ${plan?.actions} rows, not ${memoryFiles}`);
  return {
    files: plan.files,
    folders: plan.folders,
    actions: plan.actions,
    seconds: plan.seconds,
    peakRssBytes: result.peakRssBytes,
    heapUsedBytes: plan.heapUsedBytes,
  };
}
