import { mkdir, mkdtemp, readdir, readFile, rename, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { EventMessage } from "../../shared/contract";
import type { ExternalEdit } from "../../shared/edit";
import type { TransferPreferences } from "../../shared/transfer";
import { scriptedRequest, trustedRequest } from "../../test-support/connect-requests";
import { startTestServer } from "../../test-support/ftp-test-server";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { createTestCertificates } from "../../test-support/test-certificates";
import { failure } from "../../test-support/test-helpers";
import { ExternalEdits } from "./external-edits";
import { programArguments, type Opener, type OpenWith } from "./opener";

const root = await mkdtemp(join(tmpdir(), "ferry-external-server-"));
const certificates = await createTestCertificates();
const server = await startTestServer({ root, tls: "explicit", certificate: certificates.server });
const { sessions } = sessionManagerForTests();
const openSession = async () => (await sessions.open(trustedRequest(server, certificates.ca.certPem))).id;
const sessionId = await openSession();
afterAll(async () => {
  sessions.closeAll();
  await server.close();
});

/**
 * Launching a desktop program is the one thing that cannot run here: this Opener records what
 * it was asked to open, and the test then saves the file as an editor would.
 */
class RecordingOpener implements Opener {
  readonly opened: { path: string; openWith: OpenWith }[] = [];
  readonly shown: string[] = [];
  async open(path: string, openWith: OpenWith) {
    this.opened.push({ path, openWith });
  }
  async showFolder(path: string) {
    this.shown.push(path);
  }
  get last(): string {
    const last = this.opened.at(-1);
    if (!last) throw new Error("nothing opened");
    return last.path;
  }
}

/** An editor that saves in place (truncate and write). */
const saveInPlace = (path: string, text: string) => writeFile(path, text);
/** An editor that saves as vim does: a new file beside it, renamed onto the file (with a swap file around). */
async function saveByRename(path: string, text: string) {
  await writeFile(join(dirname(path), ".swp"), "swap");
  await writeFile(`${path}.new`, text);
  await rename(`${path}.new`, path);
}

interface Setup {
  opener?: Opener | undefined;
  preferences?: Partial<TransferPreferences>;
}

const services: ExternalEdits[] = [];
afterEach(async () => {
  for (const service of services.splice(0)) await service.closeAll();
});

async function setUp(setup: Setup = {}) {
  const opener = "opener" in setup ? setup.opener : new RecordingOpener();
  const preferences = setup.preferences ?? {};
  const data = await mkdtemp(join(tmpdir(), "ferry-external-data-"));
  const messages: EventMessage[] = [];
  const notices: string[] = [];
  const edits = new ExternalEdits({
    sessions,
    opener,
    root: join(data, "edited-files"),
    emit: (message) => messages.push(message),
    notify: ({ text }) => notices.push(text),
    preferences: async () => ({ editWith: "default-app", editCommand: "", ...preferences }),
    delayMs: 50,
  });
  services.push(edits);
  /** The list as the renderer last heard it. */
  const heard = (): ExternalEdit[] => {
    const last = messages.filter((message) => message.channel === "edit.external.changed").at(-1);
    return last?.channel === "edit.external.changed" ? last.payload.edits : [];
  };
  return { edits, root: join(data, "edited-files"), notices, heard };
}

let folders = 0;
async function serverFile(name: string, content: string) {
  const folder = `/x${++folders}`;
  await mkdir(join(root, folder));
  await writeFile(join(root, folder, name), content);
  return { folder, disk: join(root, folder, name) };
}

const remote = { side: "remote" as const, sessionId };

describe("editing a server file in another program", () => {
  it("downloads into a private folder, opens it, and uploads each save the program makes", async () => {
    const opener = new RecordingOpener();
    const { edits, root: editRoot, heard } = await setUp({ opener });
    const file = await serverFile("index.php", "<?php echo 1;\n");
    const edit = await edits.open(remote, file.folder, "index.php");

    expect(opener.opened).toEqual([{ path: join(edit?.localFolder ?? "", "index.php"), openWith: { kind: "default" } }]);
    expect(dirname(edit?.localFolder ?? "")).toBe(editRoot);
    expect((await stat(edit?.localFolder ?? "")).mode & 0o777).toBe(0o700);
    expect(await readFile(opener.last, "utf8")).toBe("<?php echo 1;\n");
    expect(heard()).toMatchObject([{ name: "index.php", folder: file.folder, state: { kind: "watching" }, pending: false }]);

    await saveInPlace(opener.last, "<?php echo 2;\n");
    await expect.poll(() => readFile(file.disk, "utf8")).toBe("<?php echo 2;\n");
    await expect.poll(() => heard()[0]?.state.kind).toBe("uploaded");
    expect(heard()[0]?.pending).toBe(false);

    // A save by rename (and a swap file beside it) is one upload of the file alone.
    await saveByRename(opener.last, "<?php echo 3;\n");
    await expect.poll(() => readFile(file.disk, "utf8")).toBe("<?php echo 3;\n");
    expect(await readdir(dirname(file.disk))).toEqual(["index.php"]);

    expect(await edits.stop(edit?.editId ?? "", "ask")).toBe("stopped");
    await expect(stat(edit?.localFolder ?? "")).rejects.toThrow();
    expect(heard()).toEqual([]);
  });

  it("starts the user's program with the file in place of %s, without a shell", async () => {
    const opener = new RecordingOpener();
    const { edits } = await setUp({ opener, preferences: { editWith: "program", editCommand: '"/opt/My Editor/edit" --wait "%s"' } });
    const file = await serverFile("a b;rm -rf ~.txt", "x");
    await edits.open(remote, file.folder, "a b;rm -rf ~.txt");
    expect(opener.opened[0]?.openWith).toEqual({ kind: "program", argv: ["/opt/My Editor/edit", "--wait", opener.last] });
  });

  it("does not overwrite a server file someone else changed: it says so, and uploads on Overwrite", async () => {
    const opener = new RecordingOpener();
    const { edits, heard } = await setUp({ opener });
    const file = await serverFile("config.ini", "a=1\n");
    const edit = await edits.open(remote, file.folder, "config.ini");
    await writeFile(file.disk, "a=1\nb=theirs\n");
    await utimes(file.disk, new Date(), new Date(Date.now() + 60_000));

    await saveInPlace(opener.last, "a=mine\n");
    await expect.poll(() => heard()[0]?.state.kind).toBe("conflict");
    expect(heard()[0]).toMatchObject({ pending: true, state: { current: { size: 13 } } });
    expect(await readFile(file.disk, "utf8")).toBe("a=1\nb=theirs\n");
    // Stop watching asks first: the copy holds a change the server does not have.
    expect(await edits.stop(edit?.editId ?? "", "ask")).toBe("pending");

    await edits.upload(edit?.editId ?? "", true);
    expect(await readFile(file.disk, "utf8")).toBe("a=mine\n");
    expect(heard()[0]).toMatchObject({ pending: false, state: { kind: "uploaded" } });
  });

  it("says why the server refused an upload, keeps the copy, and uploads it on Retry", async () => {
    const replies: Record<string, string> = {};
    const files: Record<string, string | Buffer> = { "/a.txt": "one\n" };
    const quota = await startScriptedServer({ listings: {}, files, replies });
    const manager = sessionManagerForTests().sessions;
    const opened = await manager.open(scriptedRequest(quota));
    const opener = new RecordingOpener();
    const messages: EventMessage[] = [];
    const edits = new ExternalEdits({
      sessions: manager,
      opener,
      root: await mkdtemp(join(tmpdir(), "ferry-external-quota-")),
      emit: (message) => messages.push(message),
      notify: () => undefined,
      preferences: async () => ({ editWith: "default-app", editCommand: "" }),
      delayMs: 50,
    });
    services.push(edits);
    const last = () => {
      const message = messages.at(-1);
      return message?.channel === "edit.external.changed" ? message.payload.edits[0] : undefined;
    };
    try {
      const edit = await edits.open({ side: "remote", sessionId: opened.id }, "/", "a.txt");
      replies["STOR"] = "552 Quota exceeded.";
      await saveInPlace(opener.last, "two\n");
      await expect.poll(() => last()?.state.kind).toBe("failed");
      expect(last()).toMatchObject({
        pending: true,
        state: { message: "The server refused to save /a.txt (552 Quota exceeded). Your text is kept in the editor." },
      });
      delete replies["STOR"];
      await edits.upload(edit?.editId ?? "", false);
      // The scripted server keeps uploads in the files it was given.
      expect(String(files["/a.txt"])).toBe("two\n");
      expect(last()).toMatchObject({ pending: false, state: { kind: "uploaded" } });
    } finally {
      manager.closeAll();
      await quota.close();
    }
  });

  it("leaves nothing behind when the copy cannot be made, so the next start reports no kept edits", async () => {
    // 300 bytes: more than a name on this disk may have, not more than a server may list.
    const name = `${"n".repeat(296)}.txt`;
    const server = await startScriptedServer({ listings: {}, files: { [`/${name}`]: "text\n" } });
    const manager = sessionManagerForTests().sessions;
    const opened = await manager.open(scriptedRequest(server));
    const root = join(await mkdtemp(join(tmpdir(), "ferry-external-long-")), "edited-files");
    const notices: string[] = [];
    const make = () =>
      new ExternalEdits({
        sessions: manager,
        opener: new RecordingOpener(),
        root,
        emit: () => undefined,
        notify: ({ text }) => notices.push(text),
        preferences: async () => ({ editWith: "default-app", editCommand: "" }),
      });
    try {
      const edits = make();
      services.push(edits);
      const refused = await failure(edits.open({ side: "remote", sessionId: opened.id }, "/", name));
      expect(refused.message).not.toMatch(/ENAMETOOLONG|errno/);
      expect(await readdir(root)).toEqual([]);
      await make().reportLeftovers();
      expect(notices).toEqual([]);
    } finally {
      manager.closeAll();
      await server.close();
    }
  });

  it("keeps a copy whose last change was not uploaded when its tab closes, and says where", async () => {
    const opener = new RecordingOpener();
    const { edits, notices, heard } = await setUp({ opener });
    const own = await openSession();
    const file = await serverFile("notes.txt", "v1\n");
    const edit = await edits.open({ side: "remote", sessionId: own }, file.folder, "notes.txt");
    await writeFile(file.disk, "v1 and theirs\n");
    await saveInPlace(opener.last, "mine\n");
    await expect.poll(() => heard()[0]?.state.kind).toBe("conflict");

    sessions.close(own);
    await expect.poll(() => heard()).toEqual([]);
    expect(await readFile(opener.last, "utf8")).toBe("mine\n");
    expect(notices).toEqual([expect.stringContaining(`They are kept in ${opener.last}.`)]);
    expect(edit?.localFolder).toBeDefined();
  });

  it("removes a copy the server has when its tab closes, and Stop watching can discard a change", async () => {
    const opener = new RecordingOpener();
    const { edits, notices, heard } = await setUp({ opener });
    const own = await openSession();
    const first = await serverFile("one.txt", "1\n");
    const second = await serverFile("two.txt", "2\n");
    const one = await edits.open({ side: "remote", sessionId: own }, first.folder, "one.txt");
    const two = await edits.open(remote, second.folder, "two.txt");
    sessions.close(own);
    await expect.poll(() => heard().map((edit) => edit.name)).toEqual(["two.txt"]);
    await expect(stat(one?.localFolder ?? "")).rejects.toThrow();

    await writeFile(second.disk, "2 theirs\n");
    await saveInPlace(join(two?.localFolder ?? "", "two.txt"), "mine\n");
    await expect.poll(() => heard()[0]?.state.kind).toBe("conflict");
    expect(await edits.stop(two?.editId ?? "", "discard")).toBe("stopped");
    await expect(stat(two?.localFolder ?? "")).rejects.toThrow();
    expect(await readFile(second.disk, "utf8")).toBe("2 theirs\n");
    expect(notices).toEqual([]);
  });

  it("keeps unsent copies when Ferry quits, and names their folder at the next start", async () => {
    const opener = new RecordingOpener();
    const { edits, root: editRoot } = await setUp({ opener });
    const file = await serverFile("late.txt", "1\n");
    const edit = await edits.open(remote, file.folder, "late.txt");
    await writeFile(file.disk, "theirs\n");
    await saveInPlace(opener.last, "mine, not sent\n");
    await edits.closeAll();
    expect(await readFile(join(edit?.localFolder ?? "", "late.txt"), "utf8")).toBe("mine, not sent\n");

    const notices: string[] = [];
    const next = new ExternalEdits({
      sessions,
      opener,
      root: editRoot,
      emit: () => undefined,
      notify: ({ text }) => notices.push(text),
      preferences: async () => ({ editWith: "default-app", editCommand: "" }),
    });
    await next.reportLeftovers();
    expect(notices).toEqual([expect.stringContaining(`were not uploaded are kept in ${editRoot}`)]);
  });

  it("opens a local file where it is, and refuses with a sentence where there is no opener or no program", async () => {
    const opener = new RecordingOpener();
    const { edits, heard } = await setUp({ opener });
    const folder = await mkdtemp(join(tmpdir(), "ferry-external-local-"));
    await writeFile(join(folder, "readme.md"), "# hi\n");
    expect(await edits.open({ side: "local" }, folder, "readme.md")).toBeUndefined();
    expect(opener.opened).toEqual([{ path: join(folder, "readme.md"), openWith: { kind: "default" } }]);
    expect(heard()).toEqual([]);

    const { edits: browser } = await setUp({ opener: undefined });
    expect((await failure(browser.open({ side: "local" }, folder, "readme.md"))).message).toMatch(/works in the desktop app/);
    const { edits: unset } = await setUp({ opener, preferences: { editWith: "program", editCommand: "  " } });
    expect((await failure(unset.open({ side: "local" }, folder, "readme.md"))).message).toMatch(/Choose the program to edit with/);
    const failing: Opener = { open: () => Promise.reject(new Error("ENOENT")), showFolder: () => Promise.resolve() };
    const { edits: missing } = await setUp({ opener: failing, preferences: { editWith: "program", editCommand: "/no/such/editor %s" } });
    const file = await serverFile("x.txt", "x");
    expect((await failure(missing.open(remote, file.folder, "x.txt"))).message).toBe(
      "Ferry could not start /no/such/editor to edit x.txt: is the command line in the Editing settings right?",
    );
  });
});

describe("the command line of the program to edit with", () => {
  it("splits on spaces outside quotes, takes quotes off, keeps backslashes, and puts the file in place of %s", () => {
    expect(programArguments('"C:\\Program Files\\Notepad++\\notepad++.exe" -multiInst %s', "C:\\t\\a.txt")).toEqual([
      "C:\\Program Files\\Notepad++\\notepad++.exe",
      "-multiInst",
      "C:\\t\\a.txt",
    ]);
    expect(programArguments("code --wait --goto=%s:1", "/t/$&.txt")).toEqual(["code", "--wait", "--goto=/t/$&.txt:1"]);
    expect(programArguments("'my editor'", "/t/a b")).toEqual(["my editor", "/t/a b"]);
    expect(programArguments("", "/t/a")).toBeUndefined();
    expect(programArguments("%s --run", "/t/a")).toBeUndefined();
  });
});
