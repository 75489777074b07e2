import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EventMessage } from "../../shared/contract";
import type { TransferJob } from "../../shared/transfer";
import { scriptedRequest } from "../../test-support/connect-requests";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { PreferencesStore } from "../settings/preferences-store";
import type { SiteTransfers } from "./connection-pool";
import { TransferQueue } from "./transfer-queue";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A folder of small files on a scripted server: many short transfers, where more connections would help most. */
function smallFiles(count: number): ScriptedContent {
  const files: Record<string, string> = {};
  for (let i = 1; i <= count; i++) files[`/many/file-${i}.txt`] = `small file number ${i}\n`;
  return { listings: {}, files };
}

/** A session to the server (its browsing connection) and a queue that runs 4 transfers at once, with the site's settings. */
async function ferryAgainst(
  script: ScriptedContent,
  site: SiteTransfers = {},
  timeoutMs?: number,
  retries: { retries: number; retryDelayMs: number } = { retries: 0, retryDelayMs: 50 },
) {
  const server = await startScriptedServer(script);
  cleanups.push(() => server.close());
  const { sessions, messages } = sessionManagerForTests();
  const info = await sessions.open(scriptedRequest(server, timeoutMs));
  cleanups.push(() => sessions.closeAll());
  const dataDir = await mkdtemp(join(tmpdir(), "ferry-limit-"));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const preferences = new PreferencesStore(join(dataDir, "preferences.json"));
  await preferences.set({ retries: retries.retries, parallel: 4, smallFilesParallel: 4 });
  const events: EventMessage[] = [];
  const queue = await TransferQueue.open({
    path: join(dataDir, "queue.json"),
    preferences,
    emit: (message) => events.push(message),
    ask: async () => ({ action: "overwrite", applyToAll: true }),
    retryDelayMs: () => retries.retryDelayMs,
    batchMs: 20,
  });
  cleanups.push(() => queue.close());
  const connector = sessions.useSiteSettings(info.id, site);
  const download = async (names: string[], targetFolder: string): Promise<TransferJob[]> => {
    await queue.add({ connector, direction: "download", move: false, sourceFolder: "/many", names, targetFolder });
    await expect.poll(() => queue.list().summary.active, { timeout: 20_000 }).toBe(0);
    return queue.list().jobs;
  };
  const log = () =>
    sessions
      .log(info.id)
      .all()
      .map((entry) => entry.text);
  const add = (names: string[]) =>
    queue.add({ connector, direction: "download", move: false, sourceFolder: "/many", names, targetFolder: dataDir });
  /** The folder walks under way, as the queue panel was last told. */
  const walks = () => events.flatMap((event) => (event.channel === "transfers.walks" ? [event.payload.walks] : [])).at(-1) ?? [];
  return { server, sessions, messages, info, queue, connector, download, add, walks, log, dataDir };
}

const names = (count: number) => Array.from({ length: count }, (_, i) => `file-${i + 1}.txt`);

describe("a server that allows only 2 connections at once", () => {
  it("runs a batch of many small files with 4 transfers asked for: none fails, and the log says the count was lowered", async () => {
    const ferry = await ferryAgainst({ ...smallFiles(16), maxConnections: 2 });
    const local = ferry.dataDir;

    const jobs = await ferry.download(names(16), local);

    expect(jobs.map((job) => job.status)).toEqual(Array(16).fill("done"));
    expect(await readFile(join(local, "file-16.txt"), "utf8")).toBe("small file number 16\n");
    // The browsing connection and one transfer connection: the server never served more.
    expect(ferry.server.peakConnections).toBe(2);
    const lowered = ferry.log().filter((line) => line.startsWith("The server refused one more connection"));
    expect(lowered).toEqual([
      `The server refused one more connection ("421 Too many connections (2) from this IP"): Ferry keeps to 2 connections at once to u@127.0.0.1:${ferry.server.port} from now on, and the transfers wait their turn.`,
    ]);
    // Remembered for the session: the next batch does not try a third connection again.
    const refusals = ferry.log().filter((line) => line.includes("421 Too many connections")).length;
    expect((await ferry.download(names(8), local)).filter((job) => job.status !== "done")).toEqual([]);
    expect(ferry.log().filter((line) => line.includes("421 Too many connections")).length).toBe(refusals);
  });

  it("keeps its one working transfer connection while the other attempts still wait for their refusal", async () => {
    // The first refusal teaches the limit at once; the others come while a transfer ends on the connection that works.
    const ferry = await ferryAgainst({ ...smallFiles(16), maxConnections: 2, laterRefusalsAfterMs: 400 });

    const jobs = await ferry.download(names(16), ferry.dataDir);

    expect(jobs.map((job) => job.status)).toEqual(Array(16).fill("done"));
    const lowered = ferry.log().filter((line) => line.startsWith("The server refused one more connection"));
    expect(lowered).toHaveLength(1);
    expect(lowered[0]).toContain("Ferry keeps to 2 connections at once");
    // Every download ran on the transfer connection: none had to borrow the browsing one.
    expect(ferry.log().filter((line) => /^\[transfer \d+\] RETR /.test(line))).toHaveLength(16);
  });
});

describe("a site's connection limit", () => {
  it("of 2 keeps transfers and browsing to 2 connections, with 4 transfers asked for", async () => {
    const ferry = await ferryAgainst(smallFiles(12), { maxConnections: 2 });

    const jobs = await ferry.download(names(12), ferry.dataDir);

    expect(jobs.filter((job) => job.status !== "done")).toEqual([]);
    expect(ferry.server.peakConnections).toBe(2);
    expect(ferry.log().some((line) => line.includes("refused one more connection"))).toBe(false);
  });

  it("of 1 runs transfers on the browsing connection, one at a time, and browsing works after", async () => {
    const ferry = await ferryAgainst({ ...smallFiles(6), maxConnections: 1 }, { maxConnections: 1 });

    const jobs = await ferry.download(names(6), ferry.dataDir);

    expect(jobs.filter((job) => job.status !== "done")).toEqual([]);
    expect(ferry.server.peakConnections).toBe(1);
    expect((await ferry.sessions.list(ferry.info.id, "/many", true, true)).entries).toHaveLength(6);
    // Transfers on the browsing connection are the browsing connection's dialogue: no transfer connection was opened.
    expect(ferry.log().some((line) => line.startsWith("[transfer"))).toBe(false);
    expect(ferry.log()).toContain("RETR /many/file-6.txt");
  });

  it("of 1: a transfer cancelled on the browsing connection leaves the session connected, on a new connection", async () => {
    // The first download sends half the file and falls silent, as a stuck server does.
    const ferry = await ferryAgainst({ ...smallFiles(1), silentRetrs: 1 }, { maxConnections: 1 });
    await ferry.queue.add({
      connector: ferry.connector,
      direction: "download",
      move: false,
      sourceFolder: "/many",
      names: ["file-1.txt"],
      targetFolder: ferry.dataDir,
    });
    await expect.poll(() => ferry.queue.list().jobs[0]?.phase).toBe("transferring");

    ferry.queue.cancel();

    await expect.poll(() => ferry.queue.list().jobs[0]?.status).toBe("cancelled");
    expect((await ferry.sessions.list(ferry.info.id, "/many", true, true)).entries.map((entry) => entry.name)).toEqual(["file-1.txt"]);
    expect(ferry.messages.filter((message) => "channel" in message && message.channel === "sessions.state")).toEqual([]);
    // The stopped transfer's connection was closed and a new one logged in: the browsing connection, and its replacement.
    expect(ferry.server.commands.filter((command) => command.startsWith("USER "))).toHaveLength(2);
  });

  it("of 1: a transfer whose server trickles a reply on the browsing connection fails within the deadline, and browsing works after", async () => {
    // MDTM's reply comes a byte every 50 ms: never silent long enough for basic-ftp's own timeout, and 31 s long.
    const trickling = { replies: { MDTM: `213 20240102030405${" ".repeat(600)}` }, trickle: { verbs: ["MDTM"], everyMs: 50 } };
    const ferry = await ferryAgainst({ ...smallFiles(1), ...trickling }, { maxConnections: 1 }, 1_000);
    const started = Date.now();

    const [job] = await ferry.download(["file-1.txt"], ferry.dataDir);

    expect(job?.status).toBe("failed");
    expect(job?.message).toMatch(
      new RegExp(`^127\\.0\\.0\\.1:${ferry.server.port} stopped answering for 1 s, so Ferry closed that connection\\.`),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await ferry.sessions.list(ferry.info.id, "/many", true, true)).entries.map((entry) => entry.name)).toEqual(["file-1.txt"]);
    // It ran on the browsing connection: no transfer connection was opened.
    expect(ferry.log().some((line) => line.startsWith("[transfer"))).toBe(false);
  });
});

/** What a promise came to within `ms`: its value, its error's message, or "still waiting". */
async function within<T>(ms: number, promise: Promise<T>): Promise<T | string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve("still waiting"), ms)));
  const settled = promise.catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe("a wait for a transfer connection (a site limit of 2: one browsing connection, one for transfers)", () => {
  it("ends when the connection being opened fails: the waiting folder walk is told, it does not hang", async () => {
    const script: ScriptedContent = smallFiles(2);
    const ferry = await ferryAgainst(script, { maxConnections: 2 });
    // The password was changed on the server since the session logged in; the refusal comes slowly, so the second walk waits for it.
    script.replies = { PASS: "530 Login incorrect." };
    script.trickle = { verbs: ["PASS"], everyMs: 10 };

    const first = within(5_000, ferry.add(["file-1.txt"]));
    const second = within(5_000, ferry.add(["file-2.txt"]));

    const [firstCame, secondCame] = await Promise.all([first, second]);
    expect(secondCame).not.toBe("still waiting");
    expect(secondCame).toEqual(firstCame);
    expect(firstCame).toMatch(/530 Login incorrect|password|log in/i);
  });

  it("ends when the user stops the folder walk that waits: it shows while it waits, and stops at once", async () => {
    // The first download falls silent halfway: it holds the only transfer connection.
    const ferry = await ferryAgainst({ ...smallFiles(2), silentRetrs: 1 }, { maxConnections: 2 }, 30_000);
    await ferry.add(["file-1.txt"]);
    await expect.poll(() => ferry.queue.list().jobs[0]?.phase).toBe("transferring");

    const waiting = ferry.add(["file-2.txt"]);
    await expect.poll(() => ferry.walks().map((walk) => walk.folder)).toEqual(["/many"]);
    ferry.queue.cancelWalk(ferry.walks()[0]?.batchId ?? "");

    expect(await within(2_000, waiting)).toMatchObject({ added: 0 });
    expect(ferry.queue.list().jobs).toHaveLength(1);
  });

  it("of a job waiting to try again ends at Pause: Resume runs it at once", async () => {
    // The first download breaks off; the next try would come only after a minute.
    const ferry = await ferryAgainst({ ...smallFiles(1), failRetrs: 1 }, { maxConnections: 2 }, undefined, {
      retries: 3,
      retryDelayMs: 60_000,
    });
    await ferry.add(["file-1.txt"]);
    await expect.poll(() => ferry.queue.list().jobs[0]?.message).toMatch(/Trying again/);

    ferry.queue.pause();
    ferry.queue.resume();

    await expect.poll(() => ferry.queue.list().jobs[0]?.status, { timeout: 5_000 }).toBe("done");
    expect(await readFile(join(ferry.dataDir, "file-1.txt"), "utf8")).toBe("small file number 1\n");
  });
});
