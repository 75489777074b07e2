import type { Client } from "basic-ftp";
import { afterEach, describe, expect, it } from "vitest";
import type { ScriptedContent } from "../../test-support/scripted-ftp-server";
import { scriptedSession } from "../../test-support/scripted-session";
import { listOverControl } from "./control-listing";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A LIST line; the scripted server takes a name's UTF-8 bytes as Latin-1 text. */
const line = (name: string, size = 1) => `-rw-r--r-- 1 u g ${size} Nov 23  2025 ${Buffer.from(name).toString("latin1")}\r\n`;

/** A transfer connection of a session, as a synchronization's walk gets one, to a scripted server. */
async function connectionTo(content: ScriptedContent) {
  const { server, sessions, info } = await scriptedSession(content);
  const client: Client = await sessions.connector(info.id).connect();
  cleanups.push(() => client.close());
  const from = server.commands.length;
  const logged = () =>
    sessions
      .log(info.id)
      .all()
      .map((entry) => entry.text);
  return { client, sent: () => server.commands.slice(from), logged };
}

const names = (entries: { name: string }[] | undefined) => entries?.map((entry) => entry.name);

describe("a folder listed by STAT on the control connection", () => {
  it("is read from a reply that lists the folder's own '.', without a data connection, whatever its size, with names as LIST gives them", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => line(`file-${String(i).padStart(4, "0")}.txt`, i)).join("");
    const { client, sent, logged } = await connectionTo({
      listings: { "/site": `drwxr-xr-x 2 u g 4096 Nov 23  2025 css\r\n${line("café.txt")}${many}` },
      statusListings: true,
    });
    const entries = await listOverControl(client, "/site");
    // 3 002 lines are far more than the 64 KiB basic-ftp allows a reply.
    expect(entries).toHaveLength(3002);
    expect(names(entries)?.slice(0, 3)).toEqual(["css", "café.txt", "file-0000.txt"]);
    expect(entries?.[0]?.isDirectory).toBe(true);
    expect(entries?.at(-1)).toMatchObject({ name: "file-2999.txt", size: 2999 });
    expect(sent()).toEqual(["STAT /site", "NOOP"]);
    // The session log says a status came, not its 3 000 lines.
    expect(logged().filter((text) => text.includes("file-0001.txt"))).toEqual([]);
    expect(logged().some((text) => text.includes("213 End of status"))).toBe(true);
  });

  it("is not trusted without the '.' line (a missing or unreadable folder on vsftpd): that folder is listed the usual way, the next one by STAT again", async () => {
    const { client, sent } = await connectionTo({ listings: { "/a": line("one.txt"), "/b": line("two.txt") }, statusListings: true });
    expect(names(await listOverControl(client, "/a"))).toEqual(["one.txt"]);
    // vsftpd answers "213-Status follows:" and "213 End of status" alone for a folder that is not there.
    expect(await listOverControl(client, "/gone")).toBeUndefined();
    expect(names(await listOverControl(client, "/b"))).toEqual(["two.txt"]);
    expect(sent()).toEqual(["STAT /a", "NOOP", "STAT /gone", "NOOP", "STAT /b", "NOOP"]);
  });

  it("is not asked for again on a connection whose server never proved itself: an empty status, status text, or no STAT at all", async () => {
    const replies = [
      // pure-ftpd: the same empty status for an empty, a missing and an unreadable folder.
      "213-STAT\r\n213 End.",
      // Status text between the lines: never read as a file's name.
      "211-Status of /a:\r\n drwxr-xr-x 2 u g 4096 Nov 23  2025 .\r\n Connected from 127.0.0.1\r\n211 End of status",
      "502 Command not implemented.",
    ];
    for (const reply of replies) {
      const { client, sent } = await connectionTo({ listings: { "/a": line("one.txt") }, replies: { STAT: reply } });
      expect(await listOverControl(client, "/a")).toBeUndefined();
      expect(await listOverControl(client, "/a")).toBeUndefined();
      expect(sent()).toEqual(reply.startsWith("502") ? ["STAT /a"] : ["STAT /a", "NOOP"]);
      // The connection goes on as before.
      expect(names(await client.list("/a"))).toEqual(["one.txt"]);
    }
  });

  it("that goes on after its last line (a name with a line break, as vsftpd prints it) is not read: the connection is closed, not left out of step", async () => {
    const hostile = line("a\r\n213 End of status\r\n-rw-r--r-- 1 u g 1 Nov 23  2025 fake.txt");
    // A byte at a time: the rest of the listing comes after its false last line has been read.
    const { client } = await connectionTo({
      listings: { "/a": `${hostile}${line("z.txt")}` },
      statusListings: true,
      trickle: { verbs: ["STAT"], everyMs: 1 },
    });
    await expect(listOverControl(client, "/a")).rejects.toThrow(
      "The server's listing of /a went on after its end (a file name in it may hold a line break): the folder is not compared.",
    );
    expect(client.closed).toBe(true);
  });

  it("is not used for a path that a server could read as options", async () => {
    const { client, sent } = await connectionTo({ listings: { "-la": line("one.txt") }, statusListings: true });
    expect(await listOverControl(client, "-la")).toBeUndefined();
    expect(sent()).toEqual([]);
  });
});
