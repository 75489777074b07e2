import { randomBytes } from "node:crypto";
import { appendFile, open, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../test-support/test-helpers";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";

const { server, ferry, localFolder, remoteFolder } = await transferQueueHarness();
const slow = await server({ bytesPerSecond: 3_000_000 });

/** Writes over the file's first bytes where they are, as an editor that saves in place does. */
async function rewriteStart(path: string): Promise<void> {
  const file = await open(path, "r+");
  try {
    await file.write(randomBytes(1000), 0, 1000, 0);
  } finally {
    await file.close();
  }
}

const sizeOf = (path: string) =>
  stat(path).then(
    (info) => info.size,
    () => 0,
  );

/** Once the server has stopped writing what a closed connection still carried: an edit after it is not one it received. */
async function settled(path: string): Promise<void> {
  for (let last = -1, size = await sizeOf(path); size !== last; size = await sizeOf(path)) {
    last = size;
    await sleep(500);
  }
}

/** An upload of a 12 MB file under way: the server has written a megabyte of it. */
async function uploadUnderWay(app: Awaited<ReturnType<typeof ferry>>) {
  const local = await localFolder();
  const remote = await remoteFolder("edited");
  const source = join(local, "big.bin");
  const copy = join(remote.disk, "big.bin");
  await writeFile(source, randomBytes(12_000_000));
  const before = slow.received().length;
  await app.add("upload", local, ["big.bin"], remote.path);
  await expect.poll(() => sizeOf(copy), { timeout: 10_000 }).toBeGreaterThan(1_000_000);
  const stores = () =>
    slow
      .received()
      .slice(before)
      .filter((command) => command === "STOR" || command === "APPE");
  return { source, copy, stores };
}

describe("an upload whose local file is edited", () => {
  it.each([
    ["rewritten at its start and grown", true],
    ["rewritten at its start, its size kept", false],
  ])("while it is sent (%s) is sent again whole, and the server's copy is the file as it is now", async (_, grow) => {
    const app = await ferry(slow);
    const { source, copy, stores } = await uploadUnderWay(app);
    await rewriteStart(source);
    if (grow) await appendFile(source, randomBytes(200_000));

    const [job] = await app.drained();

    expect(job).toMatchObject({ status: "done", attempts: 1, message: undefined });
    expect(sha256(await readFile(copy))).toBe(sha256(await readFile(source)));
    expect(stores()).toEqual(["STOR", "STOR"]);
  });

  it("while the upload is paused is sent again whole once resumed, not appended to what the server has", async () => {
    const app = await ferry(slow);
    const { source, copy, stores } = await uploadUnderWay(app);
    app.queue.pause();
    await settled(copy);
    await rewriteStart(source);

    app.queue.resume();
    expect(statusOf(await app.drained())).toEqual(["done"]);

    expect(sha256(await readFile(copy))).toBe(sha256(await readFile(source)));
    expect(stores()).toEqual(["STOR", "STOR"]);
  });

  it("while Ferry is closed is sent again whole by the restored queue, not appended to what the server has", async () => {
    const first = await ferry(slow);
    const { source, copy, stores } = await uploadUnderWay(first);
    await first.queue.close();
    await settled(copy);
    await rewriteStart(source);

    const second = await ferry(slow, { dataDir: first.dataDir });
    const [restored] = second.queue.list().jobs;
    expect(restored?.status).toBe("paused");
    expect(restored?.transferred).toBeGreaterThan(0);
    second.queue.resume();
    expect(statusOf(await second.drained())).toEqual(["done"]);

    expect(sha256(await readFile(copy))).toBe(sha256(await readFile(source)));
    expect(stores()).toEqual(["STOR", "STOR"]);
  });
});
