import { mkdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scriptedRequest } from "../../test-support/connect-requests";
import { cleanups, temporary } from "../../test-support/test-cleanups";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { synchronizeBeside } from "../../test-support/synchronize-beside";
import { jobsOfPlan } from "../transfers/batch-jobs";
import { plainJob } from "../transfers/queued-job";
import { recordPairs } from "./pair-recording";
import { pairKey, SyncRecords } from "./sync-records";

describe("the record of a synchronization", () => {
  it("keeps the pairs of the folders it can list when another one can no longer be listed", async () => {
    const file = (name: string) => `-rw-r--r-- 1 u g 1 Nov 23  2025 ${name}\r\n`;
    const server = await startScriptedServer({
      listings: { "/site": file("a.txt"), "/site/locked": file("b.txt") },
      // As vsftpd says it of a folder whose rights changed since the upload.
      listDone: (path) => (path === "/site/locked" ? "226 Transfer done (but failed to open directory)." : undefined),
    });
    cleanups.push(() => server.close());
    const { sessions } = sessionManagerForTests();
    cleanups.push(() => sessions.closeAll());
    const info = await sessions.open(scriptedRequest(server));
    const dataDir = await temporary("ferry-sync-data-");
    const { queue, preferences } = await synchronizeBeside(sessions, dataDir);
    cleanups.push(() => queue.close());
    const local = await temporary("ferry-sync-local-");
    await mkdir(join(local, "locked"));
    const paths = { a: join(local, "a.txt"), b: join(local, "locked", "b.txt") };
    for (const path of Object.values(paths)) await writeFile(path, "x");
    const connector = sessions.connector(info.id);
    const uploaded = jobsOfPlan(
      {
        files: [
          // The folder that fails first: what comes after it is recorded too.
          { source: paths.b, target: "/site/locked/b.txt", size: 1, modified: (await stat(paths.b)).mtimeMs },
          { source: paths.a, target: "/site/a.txt", size: 1, modified: (await stat(paths.a)).mtimeMs },
        ],
        sourceFolders: [],
        skipped: [],
      },
      "upload",
      false,
      connector.site,
    ).jobs.map((job) => ({ ...plainJob(job), status: "done" as const }));
    const records = new SyncRecords(join(dataDir, "records.json"));

    await recordPairs({ queue, preferences: () => preferences.get(), records }, connector, uploaded);

    const since = await records.reader();
    const listed = (name: string) => ({ name, kind: "file" as const, size: 1, modified: Date.UTC(2025, 10, 23) });
    const here = async (path: string) => ({ name: "", kind: "file" as const, size: 1, modified: (await stat(path)).mtimeMs });
    expect(since(pairKey(connector.site, "/site/a.txt", paths.a), await here(paths.a), listed("a.txt"))).toBe("unchanged");
    expect(since(pairKey(connector.site, "/site/locked/b.txt", paths.b), await here(paths.b), listed("b.txt"))).toBeUndefined();
  });
});
