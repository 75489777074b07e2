import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { PromptAnswer } from "../../shared/contract";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { PreferencesStore } from "../settings/preferences-store";
import { TransferQueue } from "./transfer-queue";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const body = Buffer.alloc(256 * 1024, 0x62);
const listing = { "/": `-rw-r--r-- 1 u g ${body.length} Nov 23  2025 data.bin\r\n` };
const timeoutMs = 1_000;

/** Downloads data.bin from a scripted server into a fresh folder, with a queue that retries quickly. */
async function download(
  script: Omit<ScriptedContent, "listings">,
  ask: () => Promise<PromptAnswer<"transfers.overwrite">> = async () => ({ action: "overwrite", applyToAll: true }),
) {
  const server = await startScriptedServer({ listings: listing, files: { "/data.bin": body }, ...script });
  cleanups.push(() => server.close());
  const { sessions } = sessionManagerForTests();
  const info = await sessions.open({ host: "127.0.0.1", port: server.port, user: "u", password: "p", encryption: "plain", timeoutMs });
  cleanups.push(() => sessions.closeAll());
  const dataDir = await mkdtemp(join(tmpdir(), "ferry-stalled-"));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const local = join(dataDir, "target");
  await mkdir(local);
  const preferences = new PreferencesStore(join(dataDir, "preferences.json"));
  await preferences.set({ retries: 3 });
  const queue = await TransferQueue.open({
    path: join(dataDir, "queue.json"),
    preferences,
    emit: () => undefined,
    ask,
    retryDelayMs: () => 50,
    batchMs: 20,
  });
  cleanups.push(() => queue.close());
  return {
    server,
    queue,
    local,
    start: () =>
      queue.add({
        connector: sessions.connector(info.id),
        direction: "download",
        move: false,
        sourceFolder: "/",
        names: ["data.bin"],
        targetFolder: local,
      }),
  };
}

async function finished(queue: TransferQueue) {
  await expect.poll(() => queue.list().summary.active, { timeout: 15_000 }).toBe(0);
  return queue.list().jobs;
}

describe("a transfer whose server stops answering", () => {
  it("is retried when the server falls silent mid-file, and lands", async () => {
    const { server, queue, local, start } = await download({ silentRetrs: 1 });
    await start();
    const [job] = await finished(queue);
    expect(job, job?.message).toMatchObject({ status: "done", attempts: 1 });
    expect(await readFile(join(local, "data.bin"))).toEqual(body);
    // The retry resumed where the silent attempt stopped.
    expect(server.commands).toContain(`REST ${body.length / 2}`);
  });

  it("is retried when a reply trickles, and lands", async () => {
    const { queue, local, start } = await download({
      replies: { MDTM: `213 20240102030405${" ".repeat(600)}` },
      trickle: { verbs: ["MDTM"], everyMs: 50, times: 1 },
    });
    await start();
    const [job] = await finished(queue);
    expect(job, job?.message).toMatchObject({ status: "done", attempts: 1 });
    expect(await readFile(join(local, "data.bin"))).toEqual(body);
  });

  it("is not given up while the user takes longer than the deadline to answer the overwrite prompt", async () => {
    let asked = 0;
    const slowAnswer = async (): Promise<PromptAnswer<"transfers.overwrite">> => {
      asked++;
      await new Promise((resolve) => setTimeout(resolve, timeoutMs * 2.5));
      return { action: "overwrite", applyToAll: false };
    };
    const { queue, local, start } = await download({}, slowAnswer);
    await writeFile(join(local, "data.bin"), "old");
    await start();
    const [job] = await finished(queue);
    expect(asked).toBe(1);
    expect(job).toMatchObject({ status: "done", attempts: 0 });
    expect(await readFile(join(local, "data.bin"))).toEqual(body);
  });
});
