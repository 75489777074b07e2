/**
 * The benchmark's latency profile: Ferry, lftp, rclone (and curl for one big file) at internet
 * distances, through the delaying proxy of latency-proxy.ts (20 and 60 ms round trips, a
 * 200 Mbit/s link each way) in front of servers whose PASV replies name the proxy. Small files
 * both ways (a tree of 4 KiB files in 5 folders), then one big file both ways; every copy is
 * checked after its timed part. Per run: files/s or MB/s, round trips per file (the proxy's count,
 * logins and folder walks included) and, for Ferry, CPU per file.
 *
 * FERRY_BENCH_LATENCY_FILES (default 250; the issue's figures were taken with 500),
 * FERRY_BENCH_LATENCY_RTTS (ms, default "20,60"), FERRY_BENCH_LATENCY_PARALLEL (connection counts
 * for the peers and for Ferry beside its default, default "2,8"), FERRY_BENCH_LATENCY_BIG_MIB
 * (default 64), FERRY_BENCH_LATENCY_RUNS (default 1), FERRY_BENCH_LATENCY_SERVERS ("vsftpd",
 * "proftpd" or both; default "vsftpd") and FERRY_BENCH_LATENCY_WINDOW_KIB (a connection's most bytes
 * on the way, as a TCP window; default 4096, Linux's largest send buffer) change what it does.
 */
import { execFileSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ConnectRequest } from "../../shared/domain";
import { defaultTransferPreferences } from "../../shared/transfer";
import { tree } from "../../test-support/test-helpers";
import type { FerryResult, FerryTransfer } from "./ferry-worker";
import { startLatencyProxy, type LatencyProxy } from "./latency-proxy";
import { curlDownload, curlUpload, lftp, rclone, type PeerCommand, type PeerServer } from "./peers";
import { median } from "./report";

const files = Number(process.env.FERRY_BENCH_LATENCY_FILES ?? 250);
const rtts = (process.env.FERRY_BENCH_LATENCY_RTTS ?? "20,60").split(",").map(Number);
const parallels = (process.env.FERRY_BENCH_LATENCY_PARALLEL ?? "2,8").split(",").map(Number);
const bigBytes = Number(process.env.FERRY_BENCH_LATENCY_BIG_MIB ?? 64) * 1024 * 1024;
const runs = Number(process.env.FERRY_BENCH_LATENCY_RUNS ?? 1);
const serverNames = (process.env.FERRY_BENCH_LATENCY_SERVERS ?? "vsftpd").split(",");
const windowBytes = Number(process.env.FERRY_BENCH_LATENCY_WINDOW_KIB ?? 4096) * 1024;
const folders = 5;
export const linkBitsPerSecond = 200e6;
const linkMBs = linkBitsPerSecond / 8 / 1e6;
/** Small files: Ferry against the best peer at its best connection count. Big files: Ferry against the link. */
export const smallTarget = 1.5;
export const bigTarget = 0.95;

export interface LatencyBenchServer {
  name: string;
  /** Both already point at the proxy's address. */
  connect: ConnectRequest;
  peer: PeerServer;
  /** The control port and the passive range: the ports the proxy listens on. */
  ports: number[];
}

export interface LatencyBenchContext {
  /** The servers' home folder on disk. */
  home: string;
  /** A scratch folder of this computer. */
  work: string;
  servers: LatencyBenchServer[];
  ferry(measurement: FerryTransfer): Promise<FerryResult>;
  /** A peer's command on the clients' CPUs, its wall-clock seconds. */
  timed(command: PeerCommand): Promise<number>;
  flushDisk(): Promise<void>;
  writableFolder(path: string): Promise<void>;
  randomFile(path: string, bytes: number): Promise<void>;
  sha256(path: string): Promise<string>;
  expectSame(actual: Promise<unknown>, expected: unknown, what: string): Promise<void>;
}

/** One tool's medians in one row. */
export interface LatencyCell {
  rate: number;
  seconds: number;
  roundTripsPerFile: number;
  connections: number;
  /** Ferry only. */
  cpuMsPerFile?: number;
}

export interface LatencyRow {
  server: string;
  rttMs: number;
  kind: "small" | "big";
  direction: "upload" | "download";
  unit: "files/s" | "MB/s";
  tools: Record<string, LatencyCell>;
}

export interface LatencyFigures {
  files: number;
  bigMiB: number;
  runs: number;
  ferryDefault: number;
  windowBytes: number;
  linkBitsPerSecond: number;
  rows: LatencyRow[];
}

interface Measured {
  seconds: number;
  cpuSeconds?: number | undefined;
}

/** Ferry's default for small files: its "Small files at once" (the big file takes "At once"). */
const ferryDefault = defaultTransferPreferences.smallFilesParallel;
const smallTools = [
  "ferry",
  ...parallels.filter((n) => n !== ferryDefault).map((n) => `ferry ×${n}`),
  ...parallels.map((n) => `lftp ×${n}`),
  ...parallels.map((n) => `rclone ×${n}`),
];
const bigTools = ["ferry", "curl", "lftp", "rclone"];

/**
 * lftp turns MODE Z on where the server offers it (proftpd), which costs on random bytes, and its
 * compressed uploads to proftpd stall for over a minute at their end: like the others, it sends plain.
 */
const noModeZ = "set ftp:use-mode-z false";

/** A tool's connection count from its name ("lftp ×8"), or Ferry's default for small files. */
function parallelOf(tool: string): number {
  return Number(/×(\d+)/.exec(tool)?.[1] ?? ferryDefault);
}

/** The order of the tools turns every run, so that a slow moment of the machine hits each of them alike. */
function rotate<T>(items: T[], by: number): T[] {
  return items.map((_, i) => items[(i + by) % items.length] as T);
}

function cellOf(samples: LatencyCell[]): LatencyCell {
  const of = (pick: (cell: LatencyCell) => number | undefined) => median(samples.map(pick).filter((v) => v !== undefined));
  const cpu = samples.some((s) => s.cpuMsPerFile !== undefined) ? { cpuMsPerFile: of((s) => s.cpuMsPerFile) } : {};
  return {
    rate: of((s) => s.rate),
    seconds: of((s) => s.seconds),
    roundTripsPerFile: of((s) => s.roundTripsPerFile),
    connections: of((s) => s.connections),
    ...cpu,
  };
}

export async function measureLatency(context: LatencyBenchContext): Promise<LatencyFigures> {
  const { home, work } = context;
  console.log(
    `Latency profile: ${rtts.join(" and ")} ms round trips, ${linkBitsPerSecond / 1e6} Mbit/s, ${files} small files, ${bigBytes / 1024 / 1024} MiB, ${runs} run(s)…`,
  );
  // The same tree here and on the server: uploads start from one, downloads from the other.
  const localSource = join(work, "latency-source");
  const remoteSource = join(home, "latency-source");
  for (let f = 0; f < folders; f++) {
    await mkdir(join(localSource, "small", `folder-${f}`), { recursive: true });
    for (let i = f; i < files; i += folders)
      await writeFile(join(localSource, "small", `folder-${f}`, `file-${i}.dat`), randomFillSync(Buffer.alloc(4096)));
  }
  const smallTree = await tree(join(localSource, "small"));
  await context.randomFile(join(localSource, "big.bin"), bigBytes);
  const bigHash = await context.sha256(join(localSource, "big.bin"));
  execFileSync("cp", ["-r", localSource, remoteSource]);
  const obscured = execFileSync("rclone", ["obscure", context.servers[0]?.peer.password ?? ""], { encoding: "utf8" }).trim();

  const servers = context.servers.filter((s) => serverNames.some((name) => s.name.startsWith(name)));
  const rows: LatencyRow[] = [];
  for (const rttMs of rtts) {
    const proxy = await startLatencyProxy({
      listenHost: "127.0.0.2",
      targetHost: "127.0.0.1",
      ports: servers.flatMap((s) => s.ports),
      rttMs,
      bitsPerSecond: linkBitsPerSecond,
      windowBytes,
    });
    try {
      for (const server of servers) {
        // proftpd refuses a data connection that resumes another control connection's TLS session,
        // which rclone's shared session cache offers when it opens several: rclone runs on vsftpd only.
        const usable = (tool: string) => !(tool.startsWith("rclone") && server.name.startsWith("proftpd"));
        for (const kind of ["small", "big"] as const) {
          for (const direction of ["upload", "download"] as const) {
            const samples: Record<string, LatencyCell[]> = {};
            for (let r = 0; r < runs; r++) {
              for (const tool of rotate((kind === "small" ? smallTools : bigTools).filter(usable), r)) {
                const run = { server, proxy, direction, tool, tag: `${rttMs}-${tool.replace(/\W+/g, "")}-${r}` };
                await context.flushDisk();
                const cell =
                  kind === "small"
                    ? await smallRun(context, run, { localSource, remoteSource, smallTree, obscured })
                    : await bigRun(context, run, { localSource, remoteSource, bigHash, obscured });
                (samples[tool] ??= []).push(cell);
                console.log(
                  `  ${rttMs} ms, ${server.name}, ${kind} ${direction}, ${tool}: ${cell.rate.toFixed(1)} ${kind === "small" ? "files/s" : "MB/s"}, ${cell.roundTripsPerFile.toFixed(1)} round trips per file${cell.cpuMsPerFile === undefined ? "" : `, ${cell.cpuMsPerFile.toFixed(2)} ms CPU per file`}`,
                );
              }
            }
            rows.push({
              server: server.name,
              rttMs,
              kind,
              direction,
              unit: kind === "small" ? "files/s" : "MB/s",
              tools: Object.fromEntries(Object.entries(samples).map(([tool, cells]) => [tool, cellOf(cells)])),
            });
          }
        }
      }
    } finally {
      await proxy.close();
    }
  }
  return { files, bigMiB: bigBytes / 1024 / 1024, runs, ferryDefault, windowBytes, linkBitsPerSecond, rows };
}

interface Run {
  server: LatencyBenchServer;
  proxy: LatencyProxy;
  direction: "upload" | "download";
  tool: string;
  tag: string;
}

/** Times one tool's transfer with the proxy's count around it. */
async function counted(run: Run, transfer: () => Promise<Measured>, perFile: number, amount: number): Promise<LatencyCell> {
  run.proxy.resetCounts();
  const measured = await transfer();
  const { roundTrips, connections } = run.proxy.counts();
  return {
    rate: amount / measured.seconds,
    seconds: Number(measured.seconds.toFixed(3)),
    roundTripsPerFile: roundTrips / perFile,
    connections,
    ...(measured.cpuSeconds === undefined ? {} : { cpuMsPerFile: (measured.cpuSeconds * 1000) / perFile }),
  };
}

async function smallRun(
  context: LatencyBenchContext,
  run: Run,
  data: { localSource: string; remoteSource: string; smallTree: unknown; obscured: string },
): Promise<LatencyCell> {
  const { server, direction, tool } = run;
  const upload = direction === "upload";
  const landed = join(upload ? context.home : context.work, `latency-${run.tag}`, "small");
  await (upload ? context.writableFolder(dirname(landed)) : mkdir(dirname(landed)));
  const n = parallelOf(tool);
  const source = join(upload ? data.localSource : data.remoteSource, "small");
  const cell = await counted(
    run,
    async () => {
      if (tool.startsWith("ferry")) {
        const result = await context.ferry({
          kind: "transfer",
          connect: server.connect,
          direction,
          sourceFolder: dirname(source),
          names: ["small"],
          targetFolder: dirname(landed),
          parallel: tool === "ferry" ? undefined : n,
        });
        return { seconds: result.seconds, cpuSeconds: result.cpuSeconds };
      }
      const command = tool.startsWith("lftp")
        ? lftp(server.peer, [noModeZ, `mirror ${upload ? "-R " : ""}--parallel=${n} ${source} ${landed}`])
        : upload
          ? rclone(server.peer, data.obscured, ["copy", "--transfers", String(n)], source, landed)
          : rclone(server.peer, data.obscured, ["copy", "--transfers", String(n)], landed, source, "download");
      return { seconds: await context.timed(command) };
    },
    files,
    files,
  );
  await context.expectSame(tree(landed), data.smallTree, `${tool} ${direction} of the small files at ${server.name}`);
  await rm(dirname(landed), { recursive: true, force: true });
  return cell;
}

async function bigRun(
  context: LatencyBenchContext,
  run: Run,
  data: { localSource: string; remoteSource: string; bigHash: string; obscured: string },
): Promise<LatencyCell> {
  const { server, direction, tool } = run;
  const upload = direction === "upload";
  const folder = `latency-big-${run.tag}`;
  const target = join(upload ? context.home : context.work, folder);
  await (upload ? context.writableFolder(target) : mkdir(target));
  const source = upload ? data.localSource : data.remoteSource;
  const cell = await counted(
    run,
    async () => {
      if (tool === "ferry") {
        const result = await context.ferry({
          kind: "transfer",
          connect: server.connect,
          direction,
          sourceFolder: source,
          names: ["big.bin"],
          targetFolder: target,
        });
        return { seconds: result.seconds, cpuSeconds: result.cpuSeconds };
      }
      // curl's paths are relative to the login folder, the servers' home.
      const remoteSource = "latency-source/big.bin";
      const command =
        tool === "curl"
          ? upload
            ? curlUpload(server.peer, join(source, "big.bin"), `${folder}/big.bin`)
            : curlDownload(server.peer, remoteSource, join(target, "big.bin"))
          : tool === "lftp"
            ? lftp(server.peer, [
                upload ? `put ${join(source, "big.bin")} -o ${folder}/big.bin` : `get ${remoteSource} -o ${join(target, "big.bin")}`,
              ])
            : rclone(
                server.peer,
                data.obscured,
                ["copy"],
                upload ? join(source, "big.bin") : target,
                upload ? target : join(source, "big.bin"),
                direction,
              );
      return { seconds: await context.timed(command) };
    },
    1,
    bigBytes / 1e6,
  );
  await context.expectSame(context.sha256(join(target, "big.bin")), data.bigHash, `${tool} ${direction} of the big file at ${server.name}`);
  await rm(target, { recursive: true, force: true });
  return cell;
}

function fixed(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** The profile's tables: small files against the best peer, big files against the link. */
export function formatLatencyTables(figures: LatencyFigures): string {
  const smallHead = smallTools.map((tool) =>
    tool === "ferry" ? `Ferry (default, ${figures.ferryDefault})` : tool.replace(/^ferry/, "Ferry"),
  );
  const cell = (value: LatencyCell | undefined, unit: string) => {
    if (!value) return "—";
    const cpu = value.cpuMsPerFile === undefined ? "" : `, ${value.cpuMsPerFile.toFixed(1)} ms CPU`;
    return `${fixed(value.rate)} ${unit} (${value.roundTripsPerFile.toFixed(1)} RT${cpu})`;
  };
  const verdict = (ratio: number, target: number) => `${ratio.toFixed(2)} ${ratio >= target ? "MET" : "MISSED"}`;
  const small = [
    `| ${figures.files} × 4 KiB | ${smallHead.join(" | ")} | Ferry / best peer (target ≥ ${smallTarget}) |`,
    `| --- | ${smallHead.map(() => "---:").join(" | ")} | --- |`,
  ];
  const big = [
    `| ${figures.bigMiB} MiB | Ferry | curl | lftp | rclone | Ferry / link (target ≥ ${bigTarget}) | Ferry / best peer |`,
    "| --- | ---: | ---: | ---: | ---: | --- | ---: |",
  ];
  for (const row of figures.rows) {
    const label = `${row.direction}, ${row.rttMs} ms, ${row.server.split(" ")[0]}`;
    const peers = Object.entries(row.tools).filter(([tool]) => !tool.startsWith("ferry"));
    const bestPeer = Math.max(...peers.map(([, value]) => value.rate));
    if (row.kind === "small") {
      const ratios = Object.entries(row.tools)
        .filter(([tool]) => tool.startsWith("ferry"))
        .map(
          ([tool, value]) => `${tool === "ferry" ? "default" : tool.replace("ferry ", "")}: ${verdict(value.rate / bestPeer, smallTarget)}`,
        );
      small.push(`| ${label} | ${smallTools.map((tool) => cell(row.tools[tool], row.unit)).join(" | ")} | ${ratios.join("; ")} |`);
    } else {
      const ferry = row.tools.ferry?.rate ?? 0;
      big.push(
        `| ${label} | ${bigTools.map((tool) => cell(row.tools[tool], row.unit)).join(" | ")} | ${verdict(ferry / linkMBs, bigTarget)} | ${(ferry / bestPeer).toFixed(2)} |`,
      );
    }
  }
  return `${small.join("\n")}\n\n${big.join("\n")}`;
}
