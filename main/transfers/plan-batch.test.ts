import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { sha256, tree } from "../../test-support/test-helpers";
import { transferQueueHarness } from "../../test-support/transfer-queue-harness";
import { PreferencesStore } from "../settings/preferences-store";
import { TransferQueue } from "./transfer-queue";
import { scriptedRequest } from "../../test-support/connect-requests";

const { localFolder, cleanups } = await transferQueueHarness();

describe("planning a download", () => {
  it("never writes outside the target folder, whatever names the server lists", async () => {
    const line = (name: string, size = 5) => `-rw-r--r-- 1 u g ${size} Nov 23  2025 ${name}`;
    const scripted = await startScriptedServer({
      listings: {
        "/": [
          line("../escape.txt"),
          line("ok.txt"),
          line("a/b.txt"),
          line("ctrl\x1bname.txt"),
          "drwxr-xr-x 2 u g 4096 Nov 23  2025 inner",
        ].join("\r\n"),
        "/inner": [line("..\\..\\up.txt"), line("fine.txt")].join("\r\n"),
      },
      files: { "/ok.txt": "hello", "/inner/fine.txt": "hello", "/../escape.txt": "evil!" },
    });
    cleanups.push(() => scripted.close());
    const { sessions } = sessionManagerForTests();
    const info = await sessions.open(scriptedRequest(scripted));
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
