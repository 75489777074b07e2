import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { CommandRequest, CommandResponse } from "../../shared/contract";
import { scriptedRequest, trustedRequest } from "../../test-support/connect-requests";
import { startTestServer } from "../../test-support/ftp-test-server";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { createTestCertificates } from "../../test-support/test-certificates";
import { failure } from "../../test-support/test-helpers";
import { editCommands } from "./commands";

const root = await mkdtemp(join(tmpdir(), "ferry-edit-server-"));
const certificates = await createTestCertificates();
const server = await startTestServer({ root, tls: "explicit", certificate: certificates.server });
const { sessions } = sessionManagerForTests();
const info = await sessions.open(trustedRequest(server, certificates.ca.certPem));
const edit = editCommands({ sessions, sizeLimit: async () => 1000 });
const remote = { side: "remote" as const, sessionId: info.id };
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  sessions.closeAll();
  await server.close();
});

let folders = 0;
/** A fresh folder on the server: its FTP path and where it is on disk. */
async function remoteFolder() {
  const name = `f${++folders}`;
  await mkdir(join(root, name));
  return { path: `/${name}`, disk: join(root, name) };
}

async function openText(request: CommandRequest<"edit.open">) {
  const opened = await edit["edit.open"](request);
  if (opened.kind !== "text") throw new Error(`opened as ${opened.kind}`);
  return opened;
}

type Opened = CommandResponse<"edit.open"> & { kind: "text" };
const saveOf = (opened: Opened, text: string): Omit<CommandRequest<"edit.save">, "target" | "folder" | "name"> => ({
  text,
  encoding: opened.encoding,
  lineEnding: opened.lineEnding,
  guard: { kind: "unchanged", stamp: opened.stamp },
});

describe("editing a file on the server", () => {
  it("opens a CRLF Windows-1252 file, saves through a temporary name and a rename, and keeps its encoding and line ends", async () => {
    const folder = await remoteFolder();
    await writeFile(join(folder.disk, "index.php"), Buffer.from("<?php\r\necho 'caf\xe9';\r\n", "latin1"));
    const opened = await openText({ target: remote, folder: folder.path, name: "index.php", purpose: "edit" });
    expect(opened).toMatchObject({ text: "<?php\necho 'café';\n", encoding: "windows-1252", lineEnding: "crlf", stamp: { size: 21 } });
    const saved = await edit["edit.save"]({
      target: remote,
      folder: folder.path,
      name: "index.php",
      ...saveOf(opened, "<?php\necho 'café €';\n"),
    });
    expect(saved).toMatchObject({ kind: "saved", method: "renamed", stamp: { size: 23 } });
    expect(await readFile(join(folder.disk, "index.php"))).toEqual(Buffer.from("<?php\r\necho 'caf\xe9 \x80';\r\n", "latin1"));
    expect(await readdir(folder.disk)).toEqual(["index.php"]);
    expect(
      server
        .received()
        .filter((command) => /^(STOR|RNFR|RNTO)/.test(command))
        .slice(-3),
    ).toEqual(["STOR", "RNFR", "RNTO"]);
  });

  it("saves a file whose long name is not ASCII, here and on the server: its temporary name stays within 255 bytes", async () => {
    // 120 Cyrillic letters: 240 bytes of UTF-8, short of the limit, but not with a temporary name's dot and suffix.
    const name = `${"ж".repeat(120)}.txt`;
    const folder = await remoteFolder();
    await writeFile(join(folder.disk, name), "old\n");
    const opened = await openText({ target: remote, folder: folder.path, name, purpose: "edit" });
    expect(await edit["edit.save"]({ target: remote, folder: folder.path, name, ...saveOf(opened, "new\n") })).toMatchObject({
      kind: "saved",
      method: "renamed",
    });
    expect(await readFile(join(folder.disk, name), "utf8")).toBe("new\n");

    const local = { side: "local" as const };
    const here = await mkdtemp(join(tmpdir(), "ferry-edit-long-"));
    await writeFile(join(here, name), "old\n");
    const openedHere = await openText({ target: local, folder: here, name, purpose: "edit" });
    expect(await edit["edit.save"]({ target: local, folder: here, name, ...saveOf(openedHere, "new\n") })).toMatchObject({ kind: "saved" });
    expect(await readFile(join(here, name), "utf8")).toBe("new\n");
    expect(await readdir(here)).toEqual([name]);
  });

  it("keeps a script's permissions across the rename", async () => {
    const folder = await remoteFolder();
    await writeFile(join(folder.disk, "run.sh"), "#!/bin/sh\n", { mode: 0o755 });
    const opened = await openText({ target: remote, folder: folder.path, name: "run.sh", purpose: "edit" });
    await edit["edit.save"]({ target: remote, folder: folder.path, name: "run.sh", ...saveOf(opened, "#!/bin/sh\necho hi\n") });
    expect((await stat(join(folder.disk, "run.sh"))).mode & 0o777).toBe(0o755);
  });

  it("finds that someone else changed the file meanwhile, and overwrites or saves as a new name only when told", async () => {
    const folder = await remoteFolder();
    const disk = join(folder.disk, "a.txt");
    await writeFile(disk, "mine\n");
    const opened = await openText({ target: remote, folder: folder.path, name: "a.txt", purpose: "edit" });
    await writeFile(disk, "theirs, longer\n");
    const where = { target: remote, folder: folder.path };
    const conflict = await edit["edit.save"]({ ...where, name: "a.txt", ...saveOf(opened, "mine, changed\n") });
    expect(conflict).toEqual({ kind: "conflict", current: expect.objectContaining({ size: 15 }) });
    expect(await readFile(disk, "utf8")).toBe("theirs, longer\n");

    // Same size, another time: still someone else's change.
    await writeFile(disk, "mine\n");
    await utimes(disk, new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(await edit["edit.save"]({ ...where, name: "a.txt", ...saveOf(opened, "x\n") })).toMatchObject({ kind: "conflict" });

    const asNew = { ...saveOf(opened, "mine, changed\n"), guard: { kind: "new" } as const };
    expect(await edit["edit.save"]({ ...where, name: "a.txt", ...asNew })).toMatchObject({ kind: "conflict" });
    expect(await edit["edit.save"]({ ...where, name: "a (mine).txt", ...asNew })).toMatchObject({ kind: "saved" });
    const overwrite = { ...saveOf(opened, "mine, changed\n"), guard: { kind: "overwrite" } as const };
    expect(await edit["edit.save"]({ ...where, name: "a.txt", ...overwrite })).toMatchObject({ kind: "saved" });
    expect(await readFile(disk, "utf8")).toBe("mine, changed\n");
    expect(await readFile(join(folder.disk, "a (mine).txt"), "utf8")).toBe("mine, changed\n");
  });

  it("says when the file vanished, before opening and before saving", async () => {
    const folder = await remoteFolder();
    expect(await failure(edit["edit.open"]({ target: remote, folder: folder.path, name: "gone.txt", purpose: "edit" }))).toEqual({
      code: "not-found",
      message: `${folder.path}/gone.txt is no longer on the server.`,
    });
    await writeFile(join(folder.disk, "soon-gone.txt"), "x\n");
    const opened = await openText({ target: remote, folder: folder.path, name: "soon-gone.txt", purpose: "edit" });
    await rm(join(folder.disk, "soon-gone.txt"));
    expect(await edit["edit.save"]({ target: remote, folder: folder.path, name: "soon-gone.txt", ...saveOf(opened, "y\n") })).toEqual({
      kind: "conflict",
    });
  });

  it("refuses binary files for editing and viewing with a sentence, and shows images", async () => {
    const folder = await remoteFolder();
    await writeFile(join(folder.disk, "data.bin"), Buffer.from([1, 2, 0, 3]));
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    await writeFile(join(folder.disk, "dot.png"), png);
    const at = { target: remote, folder: folder.path };
    expect(await failure(edit["edit.open"]({ ...at, name: "data.bin", purpose: "edit" }))).toMatchObject({
      message:
        "data.bin is not a text file (it holds binary data), so Ferry will not edit it: saving it from a text editor would damage it.",
    });
    expect(await failure(edit["edit.open"]({ ...at, name: "data.bin", purpose: "view" }))).toMatchObject({
      message: "data.bin is not a text file or an image. Ferry shows text and images; download this file to open it.",
    });
    expect(await edit["edit.open"]({ ...at, name: "dot.png", purpose: "view" })).toMatchObject({
      kind: "image",
      mimeType: "image/png",
      base64: png.toString("base64"),
    });
  });

  it("asks before opening a file over the limit, and opens it when told", async () => {
    const folder = await remoteFolder();
    await writeFile(join(folder.disk, "big.txt"), "x".repeat(1500));
    const at = { target: remote, folder: folder.path, name: "big.txt", purpose: "edit" } as const;
    expect(await edit["edit.open"](at)).toEqual({ kind: "too-large", size: 1500, limit: 1000 });
    expect((await openText({ ...at, allowLarge: true })).text).toHaveLength(1500);
  });
});

describe("a server that lies or refuses", () => {
  async function scripted(script: ScriptedContent, encoding: "utf8" | "latin1" = "utf8") {
    const lying = await startScriptedServer(script);
    cleanups.push(() => lying.close());
    const manager = sessionManagerForTests().sessions;
    const opened = await manager.open({ ...scriptedRequest(lying), encoding });
    cleanups.push(() => manager.closeAll());
    return {
      lying,
      manager,
      commands: editCommands({ sessions: manager, sizeLimit: async () => 1000 }),
      target: { side: "remote" as const, sessionId: opened.id },
    };
  }

  it("takes a plain ASCII file on a Latin-1 site for Windows-1252, so that what is typed is written as the site writes", async () => {
    // The scripted server keeps uploads in the files it was given.
    const files: Record<string, string | Buffer> = { "/a.txt": "plain\n" };
    const { commands, target } = await scripted({ listings: {}, files }, "latin1");
    const opened = await commands["edit.open"]({ target, folder: "/", name: "a.txt", purpose: "edit" });
    if (opened.kind !== "text") throw new Error("not text");
    expect(opened.encoding).toBe("windows-1252");
    await commands["edit.save"]({ target, folder: "/", name: "a.txt", ...saveOf(opened, "plain café\n") });
    expect(files["/a.txt"]).toEqual(Buffer.from("plain caf\xe9\n", "latin1"));
  });

  it("writes a link in place, so that it stays a link (a rename would put a file in its place)", async () => {
    const files: Record<string, string | Buffer> = { "/link.txt": "real\n" };
    const listing = "lrwxrwxrwx 1 u g 8 Nov 23  2025 link.txt -> real.txt\r\n";
    const { commands, target, lying, manager } = await scripted({ listings: { "/": listing }, files });
    const opened = await commands["edit.open"]({ target, folder: "/", name: "link.txt", purpose: "edit" });
    if (opened.kind !== "text") throw new Error("not text");
    const saved = await commands["edit.save"]({ target, folder: "/", name: "link.txt", ...saveOf(opened, "changed\n") });
    expect(saved).toMatchObject({ kind: "saved", method: "direct" });
    expect(lying.commands.filter((command) => /^(STOR|RNFR)/.test(command))).toEqual(["STOR /link.txt"]);
    expect(
      manager
        .log(target.sessionId)
        .all()
        .map((line) => line.text),
    ).toContain("/link.txt is a link: Ferry uploaded it in place, so that the link stays, and checked its size.");
  });

  it("stops reading at the limit when the server sends more than it announced", async () => {
    const { commands, target } = await scripted({ listings: {}, files: { "/a.txt": "hello\n" }, extraBytes: 5000 });
    expect(await failure(commands["edit.open"]({ target, folder: "/", name: "a.txt", purpose: "edit" }))).toMatchObject({
      message: "The server sent more of /a.txt than the 6 bytes it announced, so Ferry stopped reading.",
    });
  });

  it("uploads directly, checked by size, where the server will not rename, and says so in the log", async () => {
    const { lying, manager, commands, target } = await scripted({ listings: {}, files: { "/a.txt": "old\n" } });
    const opened = await commands["edit.open"]({ target, folder: "/", name: "a.txt", purpose: "edit" });
    if (opened.kind !== "text") throw new Error("not text");
    const saved = await commands["edit.save"]({ target, folder: "/", name: "a.txt", ...saveOf(opened, "new text\n") });
    expect(saved).toMatchObject({ kind: "saved", method: "direct", stamp: { size: 9 } });
    expect(lying.commands.filter((command) => command.startsWith("STOR"))).toEqual([
      expect.stringMatching(/^STOR \/\.a\.txt\.ferry-[0-9a-f]{8}\.part$/),
      "STOR /a.txt",
    ]);
    expect(
      manager
        .log(target.sessionId)
        .all()
        .map((line) => line.text),
    ).toContainEqual(
      expect.stringMatching(
        /^The server would not rename .* onto \/a\.txt \(502\): Ferry uploaded \/a\.txt directly and checked its size\.$/,
      ),
    );
  });

  it("keeps the file as it was when the server refuses the upload, and says why", async () => {
    const { lying, commands, target } = await scripted({
      listings: {},
      files: { "/a.txt": "old\n" },
      replies: { STOR: "552 Quota exceeded." },
    });
    const opened = await commands["edit.open"]({ target, folder: "/", name: "a.txt", purpose: "edit" });
    if (opened.kind !== "text") throw new Error("not text");
    expect(await failure(commands["edit.save"]({ target, folder: "/", name: "a.txt", ...saveOf(opened, "new\n") }))).toEqual({
      code: "server-error",
      message: "The server refused to save /a.txt (552 Quota exceeded). Your text is kept in the editor.",
    });
    expect(lying.commands.filter((command) => /^(STOR|RNTO)/.test(command))).toHaveLength(1);
  });

  it("says a closed tab's session is gone, so the editor can keep the text", async () => {
    const { manager, commands, target } = await scripted({ listings: {}, files: { "/a.txt": "old\n" } });
    manager.closeAll();
    expect(
      await failure(
        commands["edit.save"]({
          target,
          folder: "/",
          name: "a.txt",
          text: "x",
          encoding: "utf-8",
          lineEnding: "lf",
          guard: { kind: "overwrite" },
        }),
      ),
    ).toEqual({ code: "connection-lost", message: "This session is no longer connected." });
  });
});

describe("editing a file on this computer", () => {
  it("follows a link: the file it points at is written, and the link stays a link", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ferry-edit-link-"));
    await writeFile(join(folder, "real.txt"), "real\n");
    await symlink("real.txt", join(folder, "link.txt"));
    const local = { side: "local" as const };
    const opened = await openText({ target: local, folder, name: "link.txt", purpose: "edit" });
    await edit["edit.save"]({ target: local, folder, name: "link.txt", ...saveOf(opened, "changed\n") });
    expect((await lstat(join(folder, "link.txt"))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(folder, "real.txt"), "utf8")).toBe("changed\n");
  });

  it("saves atomically, keeping encoding, line ends and permissions, and finds changes made meanwhile", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ferry-edit-local-"));
    const path = join(folder, "notes.txt");
    await writeFile(path, Buffer.from("\xef\xbb\xbfone\r\ntwo\r\n", "latin1"), { mode: 0o640 });
    const local = { side: "local" as const };
    const opened = await openText({ target: local, folder, name: "notes.txt", purpose: "edit" });
    expect(opened).toMatchObject({ text: "one\ntwo\n", encoding: "utf-8-bom", lineEnding: "crlf" });
    expect(await edit["edit.save"]({ target: local, folder, name: "notes.txt", ...saveOf(opened, "one\ntwo\nthree\n") })).toMatchObject({
      kind: "saved",
    });
    expect(await readFile(path, "latin1")).toBe("\xef\xbb\xbfone\r\ntwo\r\nthree\r\n");
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect(await readdir(folder)).toEqual(["notes.txt"]);
    expect(await edit["edit.save"]({ target: local, folder, name: "notes.txt", ...saveOf(opened, "stale\n") })).toMatchObject({
      kind: "conflict",
      current: { size: 20 },
    });
  });
});
