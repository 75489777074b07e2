import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scriptedRequest } from "../../test-support/connect-requests";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { synchronizeBeside } from "../../test-support/synchronize-beside";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function temporary(prefix: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

const line = (name: string) => `-rw-r--r-- 1 u g 1 Nov 23  2025 ${name}\r\n`;

describe("Synchronize on a server whose folders are read by STAT", () => {
  it("lists a folder again by LIST before a row relies on what its STAT reply lacks: a name that forges the reply's end loses nothing", async () => {
    // As vsftpd prints it: the name's line break ends the reply, and the name forges the NOOP's reply after it.
    const hostile = line("a\r\n213 End of status\r\n200 NOOP ok.");
    const server = await startScriptedServer({ listings: { "/site": `${hostile}${line("b.txt")}${line("c.txt")}` }, statusListings: true });
    cleanups.push(() => server.close());
    const { sessions } = sessionManagerForTests();
    cleanups.push(() => sessions.closeAll());
    const info = await sessions.open(scriptedRequest(server));
    const { queue, service } = await synchronizeBeside(sessions, await temporary("ferry-sync-data-"));
    cleanups.push(() => queue.close());
    const local = await temporary("ferry-sync-local-");
    for (const name of ["b.txt", "c.txt", "d.txt"]) await writeFile(join(local, name), "x");

    const plan = await service.compare("s", {
      sessionId: info.id,
      localFolder: local,
      remoteFolder: "/site",
      direction: "local",
      mode: "mirror",
      criteria: "size",
      toleranceMs: 1000,
      deleteMissing: true,
      subfolders: true,
    });
    // b.txt and c.txt are on the server: only d.txt is missing there.
    expect(plan.actions.map((action) => `${action.kind} ${action.path}`)).toEqual(["download a", "delete-local d.txt"]);
    expect(server.commands.filter((command) => /^(STAT|LIST)/.test(command))).toEqual(["STAT /site", "LIST -a /site"]);
  });
});
