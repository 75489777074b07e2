import type { Client } from "basic-ftp";
import { describe, expect, it } from "vitest";
import type { ScriptedContent } from "../../test-support/scripted-ftp-server";
import { mirrorAgainst, scriptedSession } from "../../test-support/scripted-session";
import { cleanups } from "../../test-support/test-cleanups";
import { failure } from "../../test-support/test-helpers";

type RefuseList = NonNullable<ScriptedContent["refuseList"]>;

const line = (name: string) => `-rw-r--r-- 1 u g 1 Nov 23  2025 ${name}\r\n`;

/** A transfer connection of a session to a scripted server, and the listing commands it sends from now on. */
async function connectionTo(content: ScriptedContent) {
  const { server, sessions, info } = await scriptedSession(content);
  const client: Client = await sessions.connector(info.id).connect();
  cleanups.push(() => client.close());
  const from = server.commands.length;
  return { client, listed: () => server.commands.slice(from).filter((command) => command.startsWith("LIST")) };
}

/** Refuses the first `LIST -a` of `folder` with `reply`, and lists the rest as told. */
function refusingOnce(folder: string, reply: string): RefuseList {
  let refused = false;
  return (path, command) => {
    if (refused || path !== folder || command !== "LIST -a") return undefined;
    refused = true;
    return reply;
  };
}

const site = (refuseList: RefuseList): ScriptedContent => ({
  listings: {
    "/site": "drwxr-xr-x 2 u g 4096 Nov 23  2025 www\r\n",
    "/site/www": `${line(".htaccess")}${line("index.php")}`,
    "/site/other": `${line(".env")}${line("app.js")}`,
  },
  plainListHidesDotfiles: true,
  refuseList,
});

describe("a server that refuses LIST -a for a moment", () => {
  it("is not listed by plain LIST instead, then or later: its hidden files are not left out", async () => {
    const { client, listed } = await connectionTo(site(refusingOnce("/site/www", "425 Can't open data connection.")));
    const error = await failure(client.list("/site/www"));
    expect(error.message).toContain("425 Can't open data connection.");
    expect((await client.list("/site/www")).map((info) => info.name)).toEqual([".htaccess", "index.php"]);
    expect((await client.list("/site/other")).map((info) => info.name)).toEqual([".env", "app.js"]);
    expect(listed()).toEqual(["LIST -a /site/www", "LIST -a /site/www", "LIST -a /site/other"]);
  });

  it("has Synchronize stop, saying why, instead of deleting the hidden files here that plain LIST leaves out", async () => {
    const script: ScriptedContent = {
      listings: { "/site": `${line(".htaccess")}${line("index.php")}` },
      plainListHidesDotfiles: true,
      refuseList: refusingOnce("/site", "425 Can't open data connection."),
    };
    const { plan: comparing } = await mirrorAgainst(script, [".htaccess", "index.php"]);
    const error = await failure(comparing);
    expect(error.message).toContain("425 Can't open data connection.");
  });
});

describe("a server that does not know LIST -a", () => {
  it("is listed by plain LIST from then on when it says so (502), and still asked LIST -a after a 550 for one folder", async () => {
    const unknown = await connectionTo(site((_path, command) => (command === "LIST -a" ? "502 Command not implemented." : undefined)));
    expect((await unknown.client.list("/site/www")).map((info) => info.name)).toEqual(["index.php"]);
    await unknown.client.list("/site/other");
    expect(unknown.listed()).toEqual(["LIST -a /site/www", "LIST /site/www", "LIST /site/other"]);

    const asPath = await connectionTo(
      site((path, command) => (command === "LIST -a" && path === "/site/www" ? "550 -a: No such file or directory" : undefined)),
    );
    expect((await asPath.client.list("/site/www")).map((info) => info.name)).toEqual(["index.php"]);
    expect((await asPath.client.list("/site/other")).map((info) => info.name)).toEqual([".env", "app.js"]);
    expect(asPath.listed()).toEqual(["LIST -a /site/www", "LIST /site/www", "LIST -a /site/other"]);
  });
});
