import { afterEach, describe, expect, it } from "vitest";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { failure } from "../../test-support/test-helpers";
import { scriptedRequest } from "../../test-support/connect-requests";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sessionTo(script: ScriptedContent) {
  const server = await startScriptedServer(script);
  cleanups.push(() => server.close());
  const { sessions } = sessionManagerForTests();
  const info = await sessions.open(scriptedRequest(server, 10_000));
  cleanups.push(() => sessions.closeAll());
  return { server, sessions, info };
}

const million = 1_000_000;
const small = "-rw-r--r-- 1 u g 5 Nov 23  2025 a.txt\r\n";

/** A folder of a million files, generated as it is sent: about 55 MB of LIST text, past basic-ftp's 40 MiB string. */
function* millionLines(): Generator<string> {
  for (let start = 0; start < million; start += 10_000) {
    let text = "";
    for (let i = start; i < start + 10_000; i++) text += `-rw-r--r-- 1 user group ${i} Nov 23  2025 file-${i}.txt\r\n`;
    yield text;
  }
}

describe("a folder of a million entries", () => {
  it("lists completely, and the session answers the next command", async () => {
    const { sessions, info } = await sessionTo({ listings: (path) => (path === "/big" ? millionLines() : small) });
    const listing = await sessions.list(info.id, "/big");
    expect(listing.entries).toHaveLength(million);
    expect(listing.entries[0]).toMatchObject({ name: "file-0.txt", kind: "file", size: 0 });
    expect(listing.entries[million - 1]).toMatchObject({ name: `file-${million - 1}.txt`, kind: "file", size: million - 1 });
    expect(sessions.session(info.id).closed).toBe(false);
    expect((await sessions.list(info.id, "/")).entries.map((entry) => entry.name)).toEqual(["a.txt"]);
  }, 120_000);
});

describe("a listing that never ends", () => {
  it("is stopped with a sentence, and the session reconnects and answers", async () => {
    const endless = function* () {
      for (;;) yield "x".repeat(64 * 1024);
    };
    const { sessions, info } = await sessionTo({ listings: (path) => (path === "/endless" ? endless() : small) });
    const error = await failure(sessions.list(info.id, "/endless"));
    expect(error.message).toBe("Ferry stopped reading the folder listing: one of its lines is longer than 64 KiB.");
    expect((await sessions.list(info.id, "/")).entries.map((entry) => entry.name)).toEqual(["a.txt"]);
  });
});
