import iconv from "iconv-lite";
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectRequest } from "../../shared/domain";
import { hasUndecodableBytes } from "../../shared/server-encoding";
import { scriptedRequest } from "../../test-support/connect-requests";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A session to a scripted server, which keeps names as bytes (Latin-1 text) and announces no UTF8. */
async function sessionTo(script: ScriptedContent, site: Partial<ConnectRequest>) {
  const server = await startScriptedServer(script);
  cleanups.push(() => server.close());
  const { sessions } = sessionManagerForTests();
  const info = await sessions.open({ ...scriptedRequest(server), ...site });
  cleanups.push(() => sessions.closeAll());
  const log = () =>
    sessions
      .log(info.id)
      .all()
      .map((entry) => entry.text);
  return { server, sessions, info, log };
}

const cp1251 = (name: string) => iconv.encode(name, "windows-1251").toString("latin1");
/** 0x98 is the one byte Windows-1251 leaves undefined. */
const undecodable = "\xcf\x98.bin";

describe("the control connection in the site's encoding", () => {
  it("Auto on a server without UTF8 in FEAT reads names in the fallback, and sends a kept name back as its own bytes", async () => {
    const { server, sessions, info, log } = await sessionTo(
      { listings: {}, changes: true, files: { [`/${cp1251("Привет.txt")}`]: "privet\n", [`/${undecodable}`]: "kept\n" } },
      { encoding: "auto", fallbackEncoding: "windows-1251" },
    );
    expect(log()).toContain("The server does not announce UTF-8: file names are read as Cyrillic (Windows-1251), the site's fallback.");
    const names = (await sessions.list(info.id, "/")).entries.map((entry) => entry.name).sort();
    expect(names).toEqual(["Привет.txt", "\udccf\udc98.bin"]);
    const kept = names.find(hasUndecodableBytes) ?? "";

    await sessions.session(info.id).delete("/", [kept]);
    expect(server.commands).toContain(`DELE /${undecodable}`);
    // The log reads as the pane does; the bytes that did not decode stay kept there too.
    expect(log()).toContain("DELE /\udccf\udc98.bin");
    expect((await sessions.list(info.id, "/", true, true)).entries.map((entry) => entry.name)).toEqual(["Привет.txt"]);
  });

  it("reads a reply that arrives a byte at a time, split inside its characters", async () => {
    // The scripted reply is its UTF-8 bytes; one byte per chunk splits every Cyrillic letter.
    const pwd = Buffer.from('257 "/Папка" is the current directory').toString("latin1");
    const { sessions, info } = await sessionTo(
      { listings: {}, replies: { PWD: pwd }, trickle: { verbs: ["PWD"], everyMs: 1 } },
      { encoding: "utf8" },
    );
    expect(info.startPath).toBe("/Папка");
    expect((await sessions.list(info.id)).path).toBe("/Папка");
  });
});
