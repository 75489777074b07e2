import { posix } from "node:path";
import { describe, expect, it } from "vitest";
import { scriptedRequest } from "../../test-support/connect-requests";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { synchronizeBeside } from "../../test-support/synchronize-beside";
import { cleanups, temporary } from "../../test-support/test-cleanups";
import { failure } from "../../test-support/test-helpers";
import type { SessionPreferences } from "../sessions/session-manager";
import { DeleteProgress } from "./delete-progress";

const folder = (name: string) => `drwxr-xr-x 2 u g 4096 Nov 23  2025 ${name}\r\n`;
const file = (name: string) => `-rw-r--r-- 1 u g 1 Nov 23  2025 ${name}\r\n`;
const link = (name: string, to: string) => `lrwxrwxrwx 1 u g 2 Nov 23  2025 ${name} -> ${to}\r\n`;

/** A name basic-ftp lets through (it drops only "." and ".."): joined onto /proj/build, it is the server's root. */
const climbing = "x/../../..";

/** Commands that change something on the server, and the path each one acts on as the server resolves it. */
const changing = /^(DELE|RMD|SITE CHMOD \d+|MKD|RNFR|RNTO|STOR|APPE) (.*)$/;
function changedPaths(commands: readonly string[]): string[] {
  return commands.flatMap((command) => {
    const match = changing.exec(command);
    return match ? [`${match[1]} ${posix.normalize(match[2] ?? "")}`] : [];
  });
}

async function sessionTo(script: ScriptedContent, preferences: Partial<SessionPreferences> = {}) {
  const server = await startScriptedServer(script);
  cleanups.push(() => server.close());
  const { sessions } = sessionManagerForTests(undefined, preferences);
  cleanups.push(() => sessions.closeAll());
  const info = await sessions.open(scriptedRequest(server));
  return { server, sessions, info, remote: sessions.session(info.id) };
}

/** /proj/build holds a file, a link up and a folder whose name climbs to the root, where a file is that must stay. */
function buildWithClimbingName(root: string): ScriptedContent {
  return {
    listings: {
      "/": `${file("precious.txt")}${folder(root.slice(1))}`,
      [root]: folder("build"),
      [`${root}/build`]: `${file("a.o")}${link("up", "..")}${folder(climbing)}`,
    },
    files: { [`${root}/build/a.o`]: "o", [`${root}/build/up`]: "link", "/precious.txt": "keep me" },
    changes: true,
    replies: { RMD: "250 removed", SITE: "200 ok" },
  };
}

describe("deleting a server folder whose listing names something outside it", () => {
  it("deletes what is inside, leaves the name alone and the folder holding it, and says so", async () => {
    const script = buildWithClimbingName("/proj");
    const { server, remote } = await sessionTo(script);
    const progress = new DeleteProgress(() => undefined);
    const from = server.commands.length;

    const error = await failure(remote.delete("/proj", ["build"], progress));

    expect(error).toEqual({
      code: "server-error",
      message: '2 items were deleted. "x/../../.." in /proj/build is not a safe file name: left alone, with the folders that hold it.',
    });
    // The link is deleted as itself, never listed into; nothing outside /proj/build is touched, and /proj/build stays.
    expect(changedPaths(server.commands.slice(from))).toEqual(["DELE /proj/build/a.o", "DELE /proj/build/up"]);
    expect(server.commands.slice(from).filter((command) => command.startsWith("LIST"))).toEqual(["LIST -a /proj", "LIST -a /proj/build"]);
    expect(Object.keys(script.files ?? {})).toEqual(["/precious.txt"]);
  });

  it("names the first three names it left alone and counts the rest", async () => {
    const unsafe = ["../a", "../b", "../c", "../d", "../e"];
    const { remote } = await sessionTo({
      listings: { "/proj": folder("build"), "/proj/build": unsafe.map(file).join("") },
      replies: { RMD: "250 removed" },
    });
    const error = await failure(remote.delete("/proj", ["build"]));
    expect(error.message).toBe(
      "0 items were deleted. " +
        '"../a" in /proj/build is not a safe file name: left alone, with the folders that hold it. ' +
        '"../b" in /proj/build is not a safe file name: left alone, with the folders that hold it. ' +
        '"../c" in /proj/build is not a safe file name: left alone, with the folders that hold it. ' +
        "2 more were left alone.",
    );
  });

  it("stops at the depth limit, still inside, when a folder lists itself again (a link shown as a folder)", async () => {
    const { server, remote } = await sessionTo(
      { listings: (path) => (path.startsWith("/proj/build") ? folder("again") : folder("build")), replies: { RMD: "250 removed" } },
      { maxFolderDepth: 3 },
    );
    const from = server.commands.length;
    const error = await failure(remote.delete("/proj", ["build"]));
    expect(error.message).toBe(
      "Did not go into /proj/build/again/again/again/again: it is nested more than 3 folders deep (the limit is a preference).",
    );
    expect(changedPaths(server.commands.slice(from))).toEqual([]);
  });
});

describe("changing permissions into a server folder whose listing names something outside it", () => {
  it("changes the folder and what is safely inside, never a link's target (passed over, as chmod -R does) or the climbing name, and says what it left alone", async () => {
    const { server, remote } = await sessionTo(buildWithClimbingName("/proj"));
    const from = server.commands.length;

    const error = await failure(remote.chmod("/proj", ["build"], 0o777, true));

    expect(error).toEqual({
      code: "server-error",
      message: "The permissions of 2 items were changed. " + '"x/../../.." in /proj/build is not a safe file name: left alone.',
    });
    expect(changedPaths(server.commands.slice(from))).toEqual(["SITE CHMOD 777 /proj/build", "SITE CHMOD 777 /proj/build/a.o"]);
  });
});

describe("Synchronize deleting a server folder whose listing names something outside it", () => {
  it("deletes what is inside, fails the job with what it left alone, and touches nothing outside the folder", async () => {
    const script = buildWithClimbingName("/site");
    const { server, sessions, info } = await sessionTo(script);
    const { queue, service } = await synchronizeBeside(sessions, await temporary("ferry-sync-data-"));
    cleanups.push(() => queue.close());
    const plan = await service.compare("unsafe", {
      sessionId: info.id,
      localFolder: await temporary("ferry-sync-local-"),
      remoteFolder: "/site",
      direction: "remote",
      mode: "mirror",
      criteria: "size",
      toleranceMs: 1000,
      deleteMissing: true,
      subfolders: true,
    });
    expect(plan.actions.map((action) => `${action.kind} ${action.path}`)).toEqual(["delete-remote build"]);
    const from = server.commands.length;

    await service.start(
      "unsafe",
      plan.actions.map((action) => action.id),
    );
    await expect.poll(() => queue.list().summary.active, { timeout: 15_000 }).toBe(0);

    expect(queue.list().jobs).toMatchObject([
      {
        status: "failed",
        message: '2 items were deleted. "x/../../.." in /site/build is not a safe file name: left alone, with the folders that hold it.',
      },
    ]);
    expect(changedPaths(server.commands.slice(from))).toEqual(["DELE /site/build/a.o", "DELE /site/build/up"]);
    expect(server.commands.slice(from).filter((command) => /^(LIST|CWD)/.test(command))).toEqual([
      "CWD /site",
      "CWD /site/build",
      "LIST -a /site/build",
    ]);
    expect(Object.keys(script.files ?? {})).toEqual(["/precious.txt"]);
  });
});

/** /proj/trash holds a file and `data`, a link the server lists as a folder, to /home/data, which holds the user's thesis. */
function trashWithLinkOut(): ScriptedContent {
  return {
    listings: {
      "/proj": folder("trash"),
      "/proj/trash": `${file("old.txt")}${folder("data")}`,
      "/home/data": file("thesis.pdf"),
    },
    files: { "/proj/trash/old.txt": "old", "/home/data/thesis.pdf": "years of work" },
    links: { "/proj/trash/data": "/home/data" },
    changes: true,
    replies: { RMD: "250 removed", SITE: "200 ok" },
  };
}

describe("deleting a server folder holding a link the server lists as a folder", () => {
  it("deletes the link, not the files of the folder it leads to, when CWD into it lands outside", async () => {
    const script = trashWithLinkOut();
    const { server, remote } = await sessionTo(script);
    const from = server.commands.length;

    await expect(remote.delete("/proj", ["trash"])).resolves.toBe(1);

    expect(changedPaths(server.commands.slice(from))).toEqual(["DELE /proj/trash/old.txt", "DELE /proj/trash/data", "RMD /proj/trash"]);
    expect(script.files).toEqual({ "/home/data/thesis.pdf": "years of work" });
    expect(script.links).toEqual({});
  });

  it("deletes only the link when the link itself is marked", async () => {
    const script = trashWithLinkOut();
    const { server, remote } = await sessionTo(script);
    const from = server.commands.length;

    await remote.delete("/proj/trash", ["data"]);

    expect(changedPaths(server.commands.slice(from))).toEqual(["DELE /proj/trash/data"]);
    expect(script.files?.["/home/data/thesis.pdf"]).toBe("years of work");
  });

  it("leaves a folder it has been in already (MLSD's unique fact) alone, and says so, when the server keeps the link's path", async () => {
    const dir = (name: string, unique: string) => `type=dir;unique=${unique};modify=20250101000000; ${name}\r\n`;
    const script: ScriptedContent = {
      features: [" MLST type*;size*;modify*;unique*;"],
      listings: {
        "/proj": dir("build", "b1"),
        "/proj/build": `type=file;size=1;modify=20250101000000; a.o\r\n${dir("again", "b1")}`,
      },
      files: { "/proj/build/a.o": "o" },
      changes: true,
      replies: { RMD: "250 removed" },
    };
    const { server, remote } = await sessionTo(script);
    const from = server.commands.length;

    const error = await failure(remote.delete("/proj", ["build"]));

    expect(error).toEqual({
      code: "server-error",
      message:
        "1 item was deleted. /proj/build/again leads into a folder this walk has been in already (a link the server lists as a folder), " +
        "and the server would not delete it as a link: left alone, with the folders that hold it.",
    });
    expect(changedPaths(server.commands.slice(from))).toEqual(["DELE /proj/build/a.o", "DELE /proj/build/again"]);
  });
});

describe("changing permissions into a server folder holding a link the server lists as a folder", () => {
  it("passes the link over, as chmod -R does, and changes nothing in the folder it leads to", async () => {
    const { server, remote } = await sessionTo(trashWithLinkOut());
    const from = server.commands.length;

    await expect(remote.chmod("/proj", ["trash"], 0o777, true)).resolves.toBe(2);

    expect(changedPaths(server.commands.slice(from))).toEqual(["SITE CHMOD 777 /proj/trash", "SITE CHMOD 777 /proj/trash/old.txt"]);
  });
});

describe("what a review of the link checks found", () => {
  it("chmod -R mends a marked folder that cannot be entered: the folder is changed first, then what is in it", async () => {
    const { server, remote } = await sessionTo({
      listings: { "/proj": folder("web"), "/proj/web": file("index.html") },
      files: { "/proj/web/index.html": "i" },
      locked: ["/proj/web"],
      replies: { SITE: "200 ok" },
    });
    await expect(remote.chmod("/proj", ["web"], 0o755, true)).resolves.toBe(2);
    expect(server.commands.filter((command) => command.startsWith("SITE"))).toEqual([
      "SITE CHMOD 755 /proj/web",
      "SITE CHMOD 755 /proj/web/index.html",
    ]);
  });

  it("deletes a folder whose name holds a quote, which PWD doubles, as the folder it is", async () => {
    const name = 'say "hi"';
    const script: ScriptedContent = {
      listings: { "/proj": folder(name), [`/proj/${name}`]: file("a.txt") },
      files: { [`/proj/${name}/a.txt`]: "a" },
      changes: true,
      replies: { RMD: "250 removed" },
    };
    const { server, remote } = await sessionTo(script);
    await expect(remote.delete("/proj", [name])).resolves.toBe(1);
    expect(changedPaths(server.commands)).toEqual([`DELE /proj/${name}/a.txt`, `RMD /proj/${name}`]);
  });

  it("deletes a file of a folder whose listing the server cut short", async () => {
    const script: ScriptedContent = {
      listings: { "/site": `${file("a.txt")}${file("b.txt")}` },
      files: { "/site/a.txt": "a", "/site/b.txt": "b", "/site/c.txt": "c" },
      changes: true,
      listDone: "226 Output truncated to 2 matches",
    };
    const { remote } = await sessionTo(script);
    await expect(remote.delete("/site", ["a.txt"])).resolves.toBe(1);
    expect(Object.keys(script.files ?? {})).toEqual(["/site/b.txt", "/site/c.txt"]);
  });
});
