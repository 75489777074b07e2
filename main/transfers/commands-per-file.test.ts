import { mkdir, readdir, readFile, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { statusOf, transferQueueHarness } from "../../test-support/transfer-queue-harness";
import { downloadFile } from "./file-transfer";

const { fast, ferry, localFolder, remoteFolder } = await transferQueueHarness();

/** What each connection sends on logging in (FEAT once, when a transfer first asks what the server has). */
const login = new Set(["AUTH", "PBSZ", "PROT", "USER", "PASS", "FEAT", "TYPE", "OPTS", "PWD"]);

/** The commands the server heard from `from` on, without the logins of the connections opened meanwhile. */
function heardSince(from: number): string[] {
  return fast
    .received()
    .slice(from)
    .filter((command) => !login.has(command));
}

/** The commands the session's transfer connections sent, as its log shows them: "[transfer 2] RETR /a.txt" as ["transfer 2", "RETR /a.txt"]. */
function transferCommandsLogged(app: Awaited<ReturnType<typeof ferry>>): [string, string][] {
  return app.sessions
    .log(app.sessionId)
    .all()
    .flatMap((entry) => {
      const tagged = /^\[(transfer \d+)\] (.*)$/.exec(entry.text);
      return entry.kind === "command" && tagged ? [[tagged[1] ?? "", tagged[2] ?? ""] satisfies [string, string]] : [];
    });
}

/** What one transfer connection sent but its login, by the session log. */
function withoutLogin(commands: [string, string][], connection: string): string[] {
  return commands.flatMap(([tag, command]) => (tag === connection && !login.has(command.split(" ")[0] ?? "") ? [command] : []));
}

describe("the commands a small file costs", () => {
  it("downloads a listed file with RETR alone: its size and time come from the listing", async () => {
    const remote = await remoteFolder("listed");
    await writeFile(join(remote.disk, "note.txt"), "four kilobytes, or nearly");
    // A LIST line gives a recent file's time to the minute: that is the time the download gets.
    const written = new Date(Date.now() - 3_600_000);
    written.setUTCSeconds(37, 0);
    await utimes(join(remote.disk, "note.txt"), written, written);
    const app = await ferry(fast);
    const local = await localFolder();

    const before = fast.received().length;
    await app.add("download", remote.path, ["note.txt"], local);
    expect(statusOf(await app.drained())).toEqual(["done"]);
    // The walk lists the folder; the file is then a data connection and RETR, and nothing more.
    expect(heardSince(before)).toEqual(["EPSV", "LIST", "EPSV", "RETR"]);
    // The session log shows the same, connection by connection: the file cost EPSV and RETR on its transfer connection.
    const logged = transferCommandsLogged(app);
    const [connection] = logged.find(([, command]) => command.startsWith("RETR ")) ?? [""];
    expect(withoutLogin(logged, connection).slice(-2)).toEqual(["EPSV", `RETR ${remote.path}/note.txt`]);
    expect(logged.filter(([, command]) => /^(SIZE|MDTM) /.test(command))).toEqual([]);
    // Each transfer connection logged in where the log shows it, its password masked.
    expect(logged.filter(([, command]) => command.startsWith("PASS")).map(([, command]) => command)).toEqual(
      logged.filter(([, command]) => command.startsWith("USER")).map(() => "PASS ###"),
    );
    expect(await readFile(join(local, "note.txt"), "utf8")).toBe("four kilobytes, or nearly");
    const minute = new Date(written);
    minute.setUTCSeconds(0, 0);
    expect((await stat(join(local, "note.txt"))).mtime.toISOString()).toBe(minute.toISOString());
  });

  it("downloads what the remote pane listed without listing its folder again", async () => {
    const remote = await remoteFolder("shown");
    await writeFile(join(remote.disk, "page.html"), "<h1>shown</h1>");
    const app = await ferry(fast);
    const local = await localFolder();
    // What the pane shows: the browsing connection's listing of the folder.
    const listed = (await app.sessions.list(app.sessionId, remote.path, false, true)).entries;

    const before = fast.received().length;
    const { connector, queue } = app;
    await queue.add({
      connector,
      direction: "download",
      move: false,
      sourceFolder: remote.path,
      names: ["page.html"],
      listed,
      targetFolder: local,
    });
    expect(statusOf(await app.drained())).toEqual(["done"]);
    expect(heardSince(before)).toEqual(["EPSV", "RETR"]);
    expect(await readFile(join(local, "page.html"), "utf8")).toBe("<h1>shown</h1>");
  });

  it("asks MDTM, and not SIZE, when the listing gave only the day", async () => {
    const remote = await remoteFolder("old");
    await writeFile(join(remote.disk, "old.txt"), "from 2020");
    const then = new Date("2020-02-03T04:05:06Z");
    await utimes(join(remote.disk, "old.txt"), then, then);
    const app = await ferry(fast);
    const local = await localFolder();

    const before = fast.received().length;
    await app.add("download", remote.path, ["old.txt"], local);
    expect(statusOf(await app.drained())).toEqual(["done"]);
    expect(heardSince(before)).toEqual(["EPSV", "LIST", "EPSV", "RETR", "MDTM"]);
    expect(
      transferCommandsLogged(app)
        .filter(([, command]) => /^(SIZE|MDTM|RETR) /.test(command))
        .map(([, command]) => command),
    ).toEqual([`RETR ${remote.path}/old.txt`, `MDTM ${remote.path}/old.txt`]);
    expect((await stat(join(local, "old.txt"))).mtime.toISOString()).toBe(then.toISOString());
  });

  it("downloads a file that changed since it was listed again, against the size the server gives now", async () => {
    const remote = await remoteFolder("changed");
    await writeFile(join(remote.disk, "grown.txt"), "longer than it was when it was listed");
    const app = await ferry(fast);
    const client = await app.connector.connect();
    const local = await localFolder();
    try {
      const before = fast.received().length;
      const outcome = await downloadFile(client, {
        localPath: join(local, "grown.txt"),
        remotePath: `${remote.path}/grown.txt`,
        resume: false,
        size: 12,
        modified: Date.now(),
        timePrecision: "minute",
        onProgress: () => undefined,
      });
      expect(outcome).toEqual({ verified: undefined });
      expect(heardSince(before)).toEqual(["EPSV", "RETR", "SIZE", "EPSV", "RETR", "MDTM"]);
      expect(await readFile(join(local, "grown.txt"), "utf8")).toBe("longer than it was when it was listed");
    } finally {
      client.close();
    }
  });

  it("asks SIZE only once RETR is refused, says a file gone since its listing is gone, and leaves nothing behind", async () => {
    const remote = await remoteFolder("gone");
    const app = await ferry(fast);
    const client = await app.connector.connect();
    const local = await localFolder();
    try {
      const before = fast.received().length;
      const copy = { localPath: join(local, "gone.txt"), remotePath: `${remote.path}/gone.txt`, resume: false, size: 5 };
      const failure = await downloadFile(client, { ...copy, onProgress: () => undefined }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ message: `${remote.path}/gone.txt is no longer on the server.` });
      expect(heardSince(before)).toEqual(["EPSV", "RETR", "SIZE"]);
      expect(await readdir(local)).toEqual([]);
    } finally {
      client.close();
    }
  });

  it("makes each new folder of an upload with one MKD, and sends a small file with STOR and checks it with SIZE", async () => {
    const local = await localFolder();
    await mkdir(join(local, "site", "css", "fonts"), { recursive: true });
    await writeFile(join(local, "site", "index.html"), "<h1>hi</h1>");
    await writeFile(join(local, "site", "css", "main.css"), "h1{}");
    const remote = await remoteFolder("upload");
    // One transfer at a time: the server's record of commands does not say which connection sent each.
    const app = await ferry(fast, { preferences: { parallel: 1, smallFilesParallel: 1 } });

    const before = fast.received().length;
    await app.add("upload", local, ["site"], remote.path);
    expect(statusOf(await app.drained())).toEqual(["done", "done"]);
    // The target's folder is asked about (CWD) before it is made; the folders made inside it need no question.
    expect(heardSince(before)).toEqual(["CWD", "MKD", "MKD", "MKD", "EPSV", "STOR", "SIZE", "EPSV", "STOR", "SIZE"]);
    expect(await readFile(join(remote.disk, "site", "css", "main.css"), "utf8")).toBe("h1{}");
    expect((await stat(join(remote.disk, "site", "css", "fonts"))).isDirectory()).toBe(true);
  });
});
