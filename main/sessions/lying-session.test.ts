import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { failure } from "../../test-support/test-helpers";
import { PreferencesStore } from "../settings/preferences-store";
import { TransferQueue } from "../transfers/transfer-queue";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sessionTo(script: ScriptedContent, timeoutMs = 5_000) {
  const server = await startScriptedServer(script);
  cleanups.push(() => server.close());
  const { sessions } = sessionManagerForTests();
  const info = await sessions.open({ host: "127.0.0.1", port: server.port, user: "u", password: "p", encryption: "plain", timeoutMs });
  cleanups.push(() => sessions.closeAll());
  return { server, sessions, info };
}

/** Every folder holds one more folder: a tree that never ends. */
const endless: ScriptedContent = { listings: () => "drwxr-xr-x 2 u g 4096 Nov 23  2025 d\r\n" };

describe("a server whose replies trickle", () => {
  it("gives up on the stuck command, reconnects, and answers the next one", async () => {
    const { sessions, info } = await sessionTo(
      {
        listings: { "/": "-rw-r--r-- 1 u g 5 Nov 23  2025 a.txt\r\n" },
        replies: { CWD: `250 ${"x".repeat(200)}` },
        trickle: { verbs: ["CWD"], everyMs: 50 },
      },
      1_000,
    );
    const started = Date.now();
    const stuck = await failure(sessions.list(info.id, "/slow"));
    expect(stuck).toMatchObject({ code: "timeout", message: expect.stringMatching(/stopped answering.*reconnected/) });
    expect(Date.now() - started).toBeLessThan(5_000);
    const listing = await sessions.list(info.id);
    expect(listing.entries.map((entry) => entry.name)).toEqual(["a.txt"]);
  });
});

describe("a server folder tree that never ends", () => {
  async function queueFor(maxFolderDepth?: number) {
    const dataDir = await mkdtemp(join(tmpdir(), "ferry-endless-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const preferences = new PreferencesStore(join(dataDir, "preferences.json"));
    if (maxFolderDepth) await preferences.set({ maxFolderDepth });
    const queue = await TransferQueue.open({
      path: join(dataDir, "queue.json"),
      preferences,
      emit: () => undefined,
      ask: async () => ({ action: "skip", applyToAll: false }),
    });
    cleanups.push(() => queue.close());
    return { queue, local: join(dataDir, "target") };
  }

  it("is walked only as deep as the preference says, with a visible skip", async () => {
    const { sessions, info } = await sessionTo(endless);
    const { queue, local } = await queueFor(5);
    await queue.add({
      connector: sessions.connector(info.id),
      direction: "download",
      move: false,
      sourceFolder: "/",
      names: ["d"],
      targetFolder: local,
    });
    const [skipped] = queue.list().jobs;
    expect(skipped).toMatchObject({
      status: "skipped",
      message: expect.stringMatching(/^Did not go into \/d\/d\/d\/d\/d\/d\/d: it is nested more than 5 folders deep/),
    });
    const made = await readdir(local, { recursive: true });
    expect(made).toHaveLength(6);
  });

  it("stops when the session is closed", async () => {
    const { sessions, info } = await sessionTo(endless);
    const { queue, local } = await queueFor(10_000);
    const walk = queue.add({
      connector: sessions.connector(info.id),
      direction: "download",
      move: false,
      sourceFolder: "/",
      names: ["d"],
      targetFolder: local,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    sessions.close(info.id);
    expect(await failure(walk)).toEqual({ code: "cancelled", message: "Looking through the folders stopped: the session was closed." });
  });

  it("is not deleted without end: the delete stops at the depth limit with a sentence", async () => {
    const { sessions, info } = await sessionTo(endless);
    const error = await failure(sessions.session(info.id).delete("/", ["d"]));
    expect(error.message).toMatch(/nested more than 100 folders deep/);
    // The session still answers.
    expect((await sessions.list(info.id, "/", true, true)).entries.map((entry) => entry.name)).toEqual(["d"]);
  });
});

describe("a server that lists a folder it could not open", () => {
  it("says the folder could not be listed, not that it is empty (vsftpd's 226 says so alone)", async () => {
    const { sessions, info } = await sessionTo({
      listings: { "/locked": "" },
      listDone: "226 Transfer done (but failed to open directory).",
    });
    expect(await failure(sessions.list(info.id, "/locked"))).toMatchObject({
      code: "permission-denied",
      message: "The server could not open the folder to list it: your user may not be allowed to read it.",
    });
  });
});
