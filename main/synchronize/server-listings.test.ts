import type { Client } from "basic-ftp";
import { describe, expect, it } from "vitest";
import type { ScriptedContent } from "../../test-support/scripted-ftp-server";
import { scriptedSession, scriptedSynchronize } from "../../test-support/scripted-session";
import { cleanups } from "../../test-support/test-cleanups";
import type { FileEntry } from "../../shared/domain";
import { toUserError } from "../errors";
import { listUtcIfThere, withOneOffset } from "./server-listings";

/** A transfer connection of a session to a scripted server, and the commands it sends from now on. */
async function connectionTo(content: ScriptedContent) {
  const { server, sessions, info } = await scriptedSession(content);
  const client: Client = await sessions.connector(info.id).connect();
  cleanups.push(() => client.close());
  const from = server.commands.length;
  return { client, sent: () => server.commands.slice(from) };
}

describe("a server folder that does not list", () => {
  it("is missing when the server refuses both its listing and CWD into it with 550", async () => {
    const { client } = await connectionTo({
      listings: {},
      listDone: "550 No such file or directory",
      replies: { CWD: "550 Failed to change directory." },
    });
    await expect(listUtcIfThere(client, "/site/gone")).resolves.toBeUndefined();
  });

  it("is not missing when CWD enters it: the listing's refusal is thrown, and the connection stays in its working folder", async () => {
    const { client, sent } = await connectionTo({ listings: {}, listDone: "550 Failed to open directory" });
    await expect(listUtcIfThere(client, "/site/locked")).rejects.toThrow("550 Failed to open directory");
    expect(sent().filter((command) => command.startsWith("CWD"))).toEqual(["CWD /site/locked", "CWD /"]);
  });

  it("is not missing when the listing fails otherwise: a broken-off listing is thrown without asking CWD", async () => {
    const { client, sent } = await connectionTo({ listings: {}, listDone: "426 Connection closed; transfer aborted." });
    await expect(listUtcIfThere(client, "/site/busy")).rejects.toThrow("426 Connection closed; transfer aborted.");
    expect(sent().filter((command) => command.startsWith("CWD"))).toEqual([]);
  });
});

describe("folders listed at once, some before the server's time zone was detected", () => {
  it("all give their LIST times with the offset detected; MLSD times and folders already right stay", () => {
    const hour = 3_600_000;
    const listings = new Map<string, FileEntry[]>([
      ["css", [{ name: "site.css", kind: "file", size: 1, modified: 20 * hour, timePrecision: "minute" }]],
      ["www", [{ name: "page.html", kind: "file", size: 1, modified: 11 * hour, timePrecision: "minute" }]],
      ["img", [{ name: "logo.png", kind: "file", size: 1, modified: 5 * hour, timePrecision: "second" }]],
    ]);
    // css was read before the offset was known (0); www after (9 hours); img by MLSD.
    const readWith = new Map([
      ["css", 0],
      ["www", 9 * hour],
      ["img", 0],
    ]);
    withOneOffset(listings, readWith, 9 * hour);
    expect(listings.get("css")?.[0]?.modified).toBe(11 * hour);
    expect(listings.get("www")?.[0]?.modified).toBe(11 * hour);
    expect(listings.get("img")?.[0]?.modified).toBe(5 * hour);
    // Brought up to date: a second call changes nothing.
    withOneOffset(listings, readWith, 9 * hour);
    expect(listings.get("css")?.[0]?.modified).toBe(11 * hour);
  });
});

describe("a comparison waiting for one of the site's connections", () => {
  it("stops at once when cancelled, though the transfer holding the connection goes on", async () => {
    // The site allows 2 connections: browsing and one transfer, which a download that falls silent holds.
    const { sessions, info, queue, service, local } = await scriptedSynchronize({
      listings: {},
      files: { "/site/big.bin": Buffer.alloc(100_000) },
      silentRetrs: 1,
    });
    const connector = sessions.useSiteSettings(info.id, { maxConnections: 2 });
    await queue.add({ connector, direction: "download", move: false, sourceFolder: "/site", names: ["big.bin"], targetFolder: local });
    await expect.poll(() => queue.list().jobs[0]?.phase).toBe("transferring");

    const comparing = service.compare("waiting", {
      sessionId: info.id,
      localFolder: local,
      remoteFolder: "/site",
      direction: "local",
      mode: "files",
      criteria: "time",
      toleranceMs: 1000,
      deleteMissing: false,
      subfolders: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const cancelled = Date.now();
    service.cancel("waiting");
    const failure = await comparing.then(
      () => undefined,
      (error: unknown) => toUserError(error).message,
    );
    expect(failure).toBe("The comparison was stopped, as you asked.");
    expect(Date.now() - cancelled).toBeLessThan(1_000);
    expect(queue.list().jobs[0]?.status).toBe("running");
  });
});
