import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JobPhase } from "../../shared/transfer";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";

const { server, ferry, localFolder, remoteFolder } = await transferQueueHarness();

describe("a running job's phase", () => {
  it("says it is checking while the target question is open, transferring while bytes flow, and nothing once done", async () => {
    const slow = await server({ bytesPerSecond: 400_000 });
    const seenWhileAsked: (JobPhase | undefined)[] = [];
    const app = await ferry(slow, {
      ask: () => {
        seenWhileAsked.push(app.queue.list().jobs[0]?.phase);
        return { action: "overwrite", applyToAll: false };
      },
    });
    const local = await localFolder();
    const remote = await remoteFolder("phase");
    await writeFile(join(remote.disk, "big.bin"), randomBytes(600_000));
    await writeFile(join(local, "big.bin"), "an older copy");

    await app.add("download", remote.path, ["big.bin"], local);
    await expect.poll(() => app.queue.list().jobs[0]?.transferred ?? 0, { timeout: 20_000, interval: 20 }).toBeGreaterThan(0);
    expect(app.queue.window("queued", 0, 1).jobs[0]).toMatchObject({ status: "running", phase: "transferring" });
    const jobs = await app.drained();
    expect(seenWhileAsked).toEqual(["checking"]);
    expect(statusOf(jobs)).toEqual(["done"]);
    expect(jobs[0]?.phase).toBeUndefined();
  });
});
