import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { PromptRequest } from "../../shared/contract";
import type { TransferPreferences } from "../../shared/transfer";
import type { ScriptedContent } from "../../test-support/scripted-ftp-server";
import { scriptedSession } from "../../test-support/scripted-session";
import { cleanups, temporary } from "../../test-support/test-cleanups";
import { PreferencesStore } from "../settings/preferences-store";
import { TransferQueue } from "./transfer-queue";

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const mlst = [" MLST type*;size*;modify*;"];

/**
 * Uploads `names` (each holding "new content") into the scripted server's /site, answering every
 * "target exists" question with Overwrite: what was asked, the jobs, and the commands the server
 * heard for each file before its STOR.
 */
async function upload(script: ScriptedContent, names: string[], preferences: Partial<TransferPreferences> = {}) {
  const { server, sessions, info } = await scriptedSession(script);
  const dataDir = await temporary("ferry-target-facts-");
  const store = new PreferencesStore(join(dataDir, "preferences.json"));
  await store.set({ parallel: 1, smallFilesParallel: 1, ...preferences });
  const asked: PromptRequest<"transfers.overwrite">[] = [];
  const queue = await TransferQueue.open({
    path: join(dataDir, "queue.json"),
    preferences: store,
    emit: () => undefined,
    ask: async (request) => {
      asked.push(request);
      return { action: "overwrite", applyToAll: false };
    },
    batchMs: 20,
  });
  cleanups.push(() => queue.close());
  const local = await temporary("ferry-target-facts-local-");
  for (const name of names) await writeFile(join(local, name), "new content");
  const { batchId } = await queue.add({
    connector: sessions.connector(info.id),
    direction: "upload",
    move: false,
    sourceFolder: local,
    names,
    targetFolder: "/site",
  });
  const jobs = await queue.whenCompleted(batchId);
  /** The commands about a file's target the server heard before its STOR. */
  const before = (name: string) => {
    const path = `/site/${name}`;
    const stored = server.commands.indexOf(`STOR ${path}`);
    return server.commands.slice(0, stored).filter((command) => command.endsWith(` ${path}`));
  };
  return { asked, jobs, before, heard: server.commands };
}

describe("what stands at an upload's target", () => {
  it("is asked with one MLST where the server has it: a new file goes without a question, an existing one is asked with MLST's size and time", async () => {
    const files = { "/site/old.txt": "the server's own" };
    const { asked, jobs, before } = await upload({ listings: {}, files, features: mlst }, ["new.txt", "old.txt"]);
    expect(jobs.map((job) => job.status)).toEqual(["done", "done"]);
    expect(before("new.txt")).toEqual(["MLST /site/new.txt"]);
    expect(before("old.txt")).toEqual(["MLST /site/old.txt"]);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.target).toEqual({ path: "/site/old.txt", size: 16, modified: Date.UTC(2024, 0, 2, 3, 4, 5) });
    expect(String(files["/site/old.txt"])).toBe("new content");
  });

  it("never writes over a folder MLST names: the file is skipped with a sentence", async () => {
    const files = { "/site/docs/readme.txt": "inside" };
    const { jobs, heard } = await upload({ listings: {}, files, features: mlst }, ["docs"]);
    expect(jobs[0]).toMatchObject({ status: "skipped", message: "Skipped: a folder named docs is in the way." });
    expect(heard).toContain("MLST /site/docs");
    expect(heard.filter((command) => command.startsWith("STOR"))).toEqual([]);
    expect(String(files["/site/docs/readme.txt"])).toBe("inside");
  });

  it("asks the older way when MLST's replies say nothing it can read, and stops sending MLST on that connection", async () => {
    const files = { "/site/old.txt": "the server's own" };
    const { asked, before } = await upload({ listings: {}, files, features: mlst, replies: { MLST: "250 ok" } }, ["a.txt", "old.txt"]);
    expect(before("a.txt")).toEqual(["MLST /site/a.txt", "CWD /site/a.txt", "SIZE /site/a.txt"]);
    expect(before("old.txt")).toEqual(["CWD /site/old.txt", "SIZE /site/old.txt", "MDTM /site/old.txt"]);
    expect(asked.map((request) => request.target)).toEqual([{ path: "/site/old.txt", size: 16, modified: Date.UTC(2024, 0, 2, 3, 4, 5) }]);
  });

  it('takes a link or a refusal other than 550 for "cannot tell", not for "nothing there"', async () => {
    const files = { "/site/old.txt": "the server's own" };
    const link = "250-Listing\r\n type=OS.unix=symlink;size=9;modify=20240102030405; /site/old.txt\r\n250 End";
    for (const reply of [link, "501 Syntax error in parameters."]) {
      const { asked } = await upload({ listings: {}, files: { ...files }, features: mlst, replies: { MLST: reply } }, ["old.txt"]);
      expect(asked.map((request) => request.target.size)).toEqual([16]);
    }
  });

  it("sends neither SIZE nor MDTM when the standing answer is Overwrite: only whether a folder is in the way matters", async () => {
    const files = { "/site/old.txt": "the server's own" };
    const { asked, jobs, before } = await upload({ listings: {}, files }, ["old.txt", "new.txt"], { whenTargetExists: "overwrite" });
    expect(jobs.map((job) => job.status)).toEqual(["done", "done"]);
    expect(asked).toEqual([]);
    expect(before("old.txt")).toEqual(["CWD /site/old.txt"]);
    expect(String(files["/site/old.txt"])).toBe("new content");
  });
});
