import { afterEach, describe, expect, it } from "vitest";
import { scriptedRequest } from "../../test-support/connect-requests";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { failure, sha256 } from "../../test-support/test-helpers";
import { filesCommands } from "../files/commands";
import { checksumMethodOf, noChecksumsMessage } from "./checksums";

const feat = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("the checksum a server offers", () => {
  it("takes HASH's strongest algorithm, whichever the server marks as current", () => {
    // proftpd's mod_digest, and FileZilla Server.
    expect(checksumMethodOf(feat({ HASH: "CRC32;MD5;SHA-1*;SHA-256;SHA-512", MFMT: "" }))).toMatchObject({
      command: "HASH",
      name: "SHA-512",
      digits: 128,
    });
    expect(checksumMethodOf(feat({ HASH: "SHA-1;SHA-256*;MD5" }))).toMatchObject({ command: "HASH", name: "SHA-256" });
  });

  it("falls back to the strongest X command, and to none", () => {
    expect(checksumMethodOf(feat({ XMD5: "", XSHA1: "", XCRC: "" }))).toMatchObject({ command: "XSHA1", name: "SHA-1", hash: "sha1" });
    expect(checksumMethodOf(feat({ HASH: "CRC32", XMD5: "" }))).toMatchObject({ command: "XMD5", name: "MD5" });
    expect(checksumMethodOf(feat({ MDTM: "", SIZE: "" }))).toBeUndefined();
  });
});

describe("the server's checksum of a file, as Properties asks for it", () => {
  const body = "a file the server hashes\n".repeat(100);
  const listings = { "/": `-rw-r--r-- 1 u g ${body.length} Nov 23  2025 data.txt\r\n` };
  const files = { "/data.txt": body };
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  /** The `files.checksum` command on a session to a scripted server. */
  async function checksumOn(script: ScriptedContent, name = "data.txt") {
    const server = await startScriptedServer(script);
    const { sessions } = sessionManagerForTests();
    cleanups.push(
      () => server.close(),
      () => sessions.closeAll(),
    );
    const info = await sessions.open(scriptedRequest(server));
    const files = filesCommands({ sessions, emit: () => undefined });
    return {
      answer: files["files.checksum"]({ target: { side: "remote", sessionId: info.id }, folder: "/", name }),
      commands: server.commands,
    };
  }

  it("is the strongest the server's FEAT offers: HASH with SHA-256 (chosen with OPTS HASH), or XSHA256", async () => {
    const expected = { algorithm: "SHA-256", checksum: sha256(body) };
    const hash = await checksumOn({ listings, files, checksums: {} });
    await expect(hash.answer).resolves.toEqual(expected);
    expect(hash.commands).toEqual(expect.arrayContaining(["OPTS HASH SHA-256", "HASH /data.txt"]));
    const x = await checksumOn({ listings, files, checksums: { onlyX: true } });
    await expect(x.answer).resolves.toEqual(expected);
    expect(x.commands).toContain("XSHA256 /data.txt");
  });

  it("says so in a sentence when the server offers none, or refuses", async () => {
    expect((await failure((await checksumOn({ listings, files })).answer)).message).toBe(noChecksumsMessage);
    expect((await failure((await checksumOn({ listings, files, checksums: {} }, "gone.txt")).answer)).message).toBe(
      "There is no checksum of /gone.txt: the server did not give its SHA-256 checksum (550).",
    );
  });

  it("is not offered for local files", async () => {
    const { sessions } = sessionManagerForTests();
    const files = filesCommands({ sessions, emit: () => undefined });
    await expect(files["files.checksum"]({ target: { side: "local" }, folder: "/", name: "x" })).rejects.toMatchObject({
      code: "invalid-request",
    });
  });
});
