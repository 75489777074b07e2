import { describe, expect, it } from "vitest";
import type { ScriptedContent } from "../../test-support/scripted-ftp-server";
import { mirrorAgainst } from "../../test-support/scripted-session";

const line = (name: string) => `-rw-r--r-- 1 u g 1 Nov 23  2025 ${name}\r\n`;

/** Compares a local folder holding `files` (paths in it, of one byte each) with the scripted server's /site, downloading in mirror mode. */
async function mirrorFrom(script: ScriptedContent, files: string[]) {
  const { server, plan } = await mirrorAgainst(script, files);
  const compared = await plan;
  return { server, plan: compared, actions: compared.actions.map((action) => `${action.kind} ${action.path}`) };
}

describe("Synchronize on a server whose folders are read by STAT", () => {
  it("lists a folder again by LIST before a row relies on what its STAT reply lacks: a name that forges the reply's end loses nothing", async () => {
    // As vsftpd prints it: the name's line break ends the reply, and the name forges the NOOP's reply after it.
    const hostile = line("a\r\n213 End of status\r\n200 NOOP ok.");
    const folder = (name: string) => `drwxr-xr-x 2 u g 4096 Nov 23  2025 ${name}\r\n`;
    const { server, plan, actions } = await mirrorFrom(
      {
        listings: {
          "/site": `${line("e.txt")}${folder("www")}${folder("forged")}`,
          "/site/www": `${line("b.txt")}${line("c.txt")}`,
          "/site/forged": `${hostile}${line("b.txt")}`,
        },
        statusListings: true,
      },
      ["www/b.txt", "www/c.txt", "www/d.txt", "forged/b.txt", "forged/d.txt"],
    );
    // www lists again whole: only d.txt is missing there. Listed again, forged's name breaks its LIST lines too: it is left alone.
    expect(actions).toEqual(["download e.txt", "delete-local www/d.txt"]);
    expect(plan.problems).toEqual([
      {
        path: "forged",
        message:
          "Could not list forged: 2 lines of the listing of /site/forged could not be read: the entries they name are missing from it. Nothing in it was compared.",
      },
    ]);
    expect(server.commands.filter((command) => /^(STAT|LIST)/.test(command)).sort()).toEqual([
      "LIST -a /site/forged",
      "LIST -a /site/www",
      "STAT /site",
      "STAT /site/forged",
      "STAT /site/www",
    ]);
  });
});

describe("Synchronize on a server that lists a folder it cannot open as that folder alone (vsftpd)", () => {
  it("reports that folder and keeps its files here, while a folder that really holds one of its own name is compared", async () => {
    const folder = (name: string) => `drwxr-xr-x 2 u g 4096 Nov 23  2025 ${name}\r\n`;
    const { plan, actions } = await mirrorFrom(
      {
        listings: {
          "/site": `${folder("locked")}${folder("same")}`,
          "/site/locked": folder("locked"),
          "/site/locked/locked": "",
          "/site/same": folder("same"),
          "/site/same/same": line("inner.txt"),
        },
        listDone: (path) => (path.startsWith("/site/locked") ? "226 Transfer done (but failed to open directory)." : undefined),
      },
      ["locked/keep.txt", "same/same/inner.txt", "same/same/old.txt"],
    );
    expect(actions).toEqual(["delete-local same/same/old.txt"]);
    expect(plan.problems).toEqual([
      {
        path: "locked",
        message:
          "Could not list locked: The server could not open the folder to list it: your user may not be allowed to read it. Nothing in it was compared.",
      },
    ]);
  });
});

describe("Synchronize on a server whose listing names one file twice", () => {
  it("reports that folder and compares nothing in it: a name holding a line break may have forged the second line", async () => {
    // The forged line makes index.php newer on the server than the copy here, and of another size.
    const forger = "zzz\r\n-rw-r--r-- 1 u g 9 Dec 31  2030 index.php";
    const folder = (name: string) => `drwxr-xr-x 2 u g 4096 Nov 23  2025 ${name}\r\n`;
    const { plan, actions } = await mirrorFrom(
      {
        listings: {
          "/site": `${folder("www")}${folder("ok")}`,
          "/site/www": `${line("index.php")}${line(forger)}`,
          "/site/ok": line("other.txt"),
        },
      },
      ["www/index.php", "www/mine.txt", "ok/other.txt", "ok/mine.txt"],
    );
    // Nothing in www is downloaded or deleted; the rest is compared.
    expect(actions).toEqual(["delete-local ok/mine.txt"]);
    expect(plan.problems).toEqual([
      expect.objectContaining({ path: "www", message: expect.stringContaining("names index.php twice, so the folder is not compared.") }),
    ]);
  });
});
