import { describe, expect, it } from "vitest";
import type { SyncDirection } from "../../shared/synchronize";
import type { ScriptedContent } from "../../test-support/scripted-ftp-server";
import { mirrorAgainst } from "../../test-support/scripted-session";

const line = (name: string) => `-rw-r--r-- 1 u g 1 Nov 23  2025 ${name}\r\n`;
const folder = (name: string) => `drwxr-xr-x 2 u g 4096 Nov 23  2025 ${name}\r\n`;

/** Compares a local folder holding `files` (paths in it, one newer byte each) with the scripted server's /site, as a mirror that deletes. */
async function mirror(direction: SyncDirection, script: ScriptedContent, files: string[]) {
  const plan = await (await mirrorAgainst(script, files, { direction, criteria: "time", content: "y" })).plan;
  return { problems: plan.problems, actions: plan.actions.map((action) => `${action.kind} ${action.path}`) };
}

/** /site holds www, whose listing pure-ftpd cuts short at two of its three files, and ok, listed whole. */
const cutShort: ScriptedContent = {
  listings: {
    "/site": `${folder("www")}${folder("ok")}`,
    "/site/www": `${line("a.txt")}${line("b.txt")}`,
    "/site/ok": line("other.txt"),
  },
  files: { "/site/www/a.txt": "x", "/site/www/b.txt": "x", "/site/www/c.txt": "x", "/site/ok/other.txt": "x" },
  listDone: (path) => (path === "/site/www" ? "226-Options: -a -l\r\n226 Output truncated to 2 matches" : undefined),
};

describe("Synchronize on a server that cuts a folder's listing short (pure-ftpd's max_ls_files)", () => {
  it.each<[SyncDirection, string[]]>([
    ["local", ["delete-local ok/mine.txt", "download ok/other.txt"]],
    ["remote", ["upload ok/mine.txt", "delete-remote ok/other.txt"]],
  ])(
    "in direction %s, compares nothing in that folder and says so: what the listing lacks is neither deleted here nor uploaded over",
    async (direction, expected) => {
      const { actions, problems } = await mirror(direction, cutShort, ["www/a.txt", "www/b.txt", "www/c.txt", "ok/mine.txt"]);
      expect(actions).toEqual(expected);
      expect(problems).toEqual([
        {
          path: "www",
          message:
            "Could not list www: The server cut its listing of /site/www short (“Output truncated to 2 matches”): the folder holds more than was listed. Nothing in it was compared.",
        },
      ]);
    },
  );
});

/** A line as a server in a German locale prints it, its month in UTF-8: basic-ftp's Unix parser cannot read it. */
const german = (name: string) => Buffer.from(`-rw-r--r-- 1 u g 1 Mär 23  2025 ${name}\r\n`).toString("latin1");

/** /site holds www, one of whose lines cannot be read, and ok, listed whole. */
const unreadable: ScriptedContent = {
  listings: {
    "/site": `${folder("www")}${folder("ok")}`,
    "/site/www": `${line("a.txt")}${german("report.txt")}`,
    "/site/ok": line("other.txt"),
  },
  files: { "/site/www/a.txt": "x", "/site/www/report.txt": "x", "/site/ok/other.txt": "x" },
};

describe("Synchronize on a server whose listing has lines Ferry cannot read", () => {
  it.each<[SyncDirection, string[]]>([
    ["local", ["delete-local ok/mine.txt", "download ok/other.txt"]],
    ["remote", ["upload ok/mine.txt", "delete-remote ok/other.txt"]],
  ])(
    "in direction %s, compares nothing in that folder and says so: what those lines name is neither deleted here nor uploaded over",
    async (direction, expected) => {
      const { actions, problems } = await mirror(direction, unreadable, ["www/a.txt", "www/report.txt", "ok/mine.txt"]);
      expect(actions).toEqual(expected);
      expect(problems).toEqual([
        {
          path: "www",
          message:
            "Could not list www: 1 line of the listing of /site/www could not be read: the entry it names is missing from it. Nothing in it was compared.",
        },
      ]);
    },
  );
});
