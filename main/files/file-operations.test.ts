import { lstat, mkdir, mkdtemp, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer } from "../../test-support/ftp-test-server";
import { trustedRequest } from "../../test-support/connect-requests";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { createTestCertificates } from "../../test-support/test-certificates";
import { failure, sha256, tree } from "../../test-support/test-helpers";
import { listLocalFolder } from "../local/local-files";
import { filesCommands } from "./commands";
import { DeleteProgress } from "./delete-progress";
import { localFiles } from "./local-operations";

const root = await mkdtemp(join(tmpdir(), "ferry-ops-server-"));
const certificates = await createTestCertificates();
const server = await startTestServer({ root, tls: "explicit", certificate: certificates.server });
const { sessions } = sessionManagerForTests();
const info = await sessions.open(trustedRequest(server, certificates.ca.certPem));
const remote = sessions.session(info.id);
afterAll(async () => {
  sessions.closeAll();
  await server.close();
});

/** A fresh folder on the server: its FTP path and where it is on disk. */
async function remoteFolder(name: string) {
  await mkdir(join(root, name));
  return { path: `/${name}`, disk: join(root, name) };
}

describe("file operations on the server", () => {
  it("makes a folder and an empty file, and refuses names that exist", async () => {
    const folder = await remoteFolder("create");
    await remote.mkdir(folder.path, "new folder");
    await remote.newFile(folder.path, "empty.txt");
    expect((await stat(join(folder.disk, "new folder"))).isDirectory()).toBe(true);
    expect((await stat(join(folder.disk, "empty.txt"))).size).toBe(0);
    expect(await failure(remote.mkdir(folder.path, "empty.txt"))).toMatchObject({ code: "exists" });
    expect(await failure(remote.newFile(folder.path, "new folder"))).toMatchObject({ code: "exists" });
  });

  it("renames without ever replacing another file", async () => {
    const folder = await remoteFolder("rename");
    await writeFile(join(folder.disk, "a.txt"), "a");
    await writeFile(join(folder.disk, "b.txt"), "b");
    await remote.rename(folder.path, "a.txt", "renamed ü.txt");
    expect(await failure(remote.rename(folder.path, "renamed ü.txt", "b.txt"))).toMatchObject({ code: "exists" });
    expect((await readdir(folder.disk)).sort()).toEqual(["b.txt", "renamed ü.txt"]);
  });

  it("deletes files and whole folder trees", async () => {
    const folder = await remoteFolder("delete");
    await mkdir(join(folder.disk, "tree", "deep", "deeper"), { recursive: true });
    await writeFile(join(folder.disk, "tree", "deep", "deeper", "x.txt"), "x");
    await writeFile(join(folder.disk, "tree", "y.txt"), "y");
    await writeFile(join(folder.disk, "keep.txt"), "k");
    await writeFile(join(folder.disk, "file.txt"), "f");
    expect(await remote.delete(folder.path, ["tree", "file.txt"])).toBe(2);
    expect(await readdir(folder.disk)).toEqual(["keep.txt"]);
  });

  it("changes permissions with SITE CHMOD, into folders when asked", async () => {
    const folder = await remoteFolder("chmod");
    await mkdir(join(folder.disk, "site"));
    await writeFile(join(folder.disk, "site", "index.html"), "<p>");
    await writeFile(join(folder.disk, "alone.txt"), "a");
    expect(await remote.chmod(folder.path, ["alone.txt"], 0o600, false)).toBe(1);
    expect((await stat(join(folder.disk, "alone.txt"))).mode & 0o777).toBe(0o600);
    expect(await remote.chmod(folder.path, ["site"], 0o750, true)).toBe(2);
    expect((await stat(join(folder.disk, "site"))).mode & 0o777).toBe(0o750);
    expect((await stat(join(folder.disk, "site", "index.html"))).mode & 0o777).toBe(0o750);
  });

  it("shows hidden files only when asked", async () => {
    const folder = await remoteFolder("hidden");
    await writeFile(join(folder.disk, ".htaccess"), "deny");
    await writeFile(join(folder.disk, "index.html"), "<p>");
    expect((await remote.list(folder.path, false)).entries.map((e) => e.name)).toEqual(["index.html"]);
    expect((await remote.list(folder.path, true)).entries.map((e) => e.name).sort()).toEqual([".htaccess", "index.html"]);
  });
});

describe("file operations on the local disk", () => {
  it("makes, renames (never over another file) and deletes, and lists hidden files only when asked", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ferry-ops-local-"));
    const local = localFiles();
    await local.mkdir(folder, "docs");
    await local.newFile(folder, ".env");
    await local.newFile(folder, "notes.txt");
    expect(await failure(local.mkdir(folder, "docs"))).toMatchObject({ code: "exists" });
    expect(await failure(local.rename(folder, "notes.txt", ".env"))).toMatchObject({ code: "exists" });
    await local.rename(folder, "notes.txt", "notes 2.txt");
    await writeFile(join(folder, "docs", "inner.txt"), "x");
    const trashed: string[] = [];
    expect(await localFiles(async (path) => void trashed.push(path)).delete(folder, ["docs"])).toBe(1);
    expect(trashed).toEqual([join(folder, "docs")]);
    await local.delete(folder, ["docs"]);
    expect((await listLocalFolder(folder, false)).entries.map((e) => e.name)).toEqual(["notes 2.txt"]);
    expect((await listLocalFolder(folder, true)).entries.map((e) => e.name).sort()).toEqual([".env", "notes 2.txt"]);
  });

  it("deletes a link to a folder (marked, or in a folder deleted) as a link: the folder it leads to keeps its files", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ferry-ops-links-"));
    await mkdir(join(folder, "outside"));
    await writeFile(join(folder, "outside", "thesis.txt"), "years of work");
    await mkdir(join(folder, "trash"));
    await symlink(join(folder, "outside"), join(folder, "trash", "shared"));
    await symlink(join(folder, "outside"), join(folder, "marked"));

    await localFiles().delete(folder, ["trash", "marked"]);

    expect(await readdir(folder)).toEqual(["outside"]);
    expect(await readFile(join(folder, "outside", "thesis.txt"), "utf8")).toBe("years of work");
  });
});

describe("moving into a folder of the same pane", () => {
  it("moves local items, never over an existing one and never into themselves", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ferry-ops-move-"));
    const local = localFiles();
    await mkdir(join(folder, "archive"));
    await writeFile(join(folder, "a.txt"), "a");
    await writeFile(join(folder, "b.txt"), "b");
    expect(await local.moveInto(folder, ["a.txt", "b.txt"], join(folder, "archive"))).toBe(2);
    expect(await tree(folder)).toEqual({ archive: "folder", "archive/a.txt": sha256("a"), "archive/b.txt": sha256("b") });

    await writeFile(join(folder, "a.txt"), "newer a");
    expect(await failure(local.moveInto(folder, ["a.txt"], join(folder, "archive")))).toMatchObject({ code: "exists" });
    expect(await readFile(join(folder, "archive", "a.txt"), "utf8")).toBe("a");
    const intoItself = await failure(local.moveInto(folder, ["archive"], join(folder, "archive", "deeper")));
    expect(intoItself.message).toBe("Cannot move “archive” into itself.");
  });

  it("moves a local link to a folder as a link", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ferry-ops-move-link-"));
    await mkdir(join(folder, "outside"));
    await writeFile(join(folder, "outside", "thesis.txt"), "years of work");
    await mkdir(join(folder, "archive"));
    await symlink(join(folder, "outside"), join(folder, "shared"));

    await localFiles().moveInto(folder, ["shared"], join(folder, "archive"));

    expect((await lstat(join(folder, "archive", "shared"))).isSymbolicLink()).toBe(true);
    expect(await readdir(join(folder, "outside"))).toEqual(["thesis.txt"]);
  });

  it("moves server items with a rename, with the same refusals", async () => {
    const folder = await remoteFolder("move-into");
    await mkdir(join(folder.disk, "old"));
    await writeFile(join(folder.disk, "log.txt"), "log");
    await writeFile(join(folder.disk, "old", "taken.txt"), "there first");
    await writeFile(join(folder.disk, "taken.txt"), "mine");
    expect(await remote.moveInto(folder.path, ["log.txt"], `${folder.path}/old`)).toBe(1);
    expect(await readdir(join(folder.disk, "old"))).toEqual(["log.txt", "taken.txt"].sort());
    expect(await failure(remote.moveInto(folder.path, ["taken.txt"], `${folder.path}/old`))).toMatchObject({ code: "exists" });
    expect(await readFile(join(folder.disk, "old", "taken.txt"), "utf8")).toBe("there first");
    expect(await failure(remote.moveInto(folder.path, ["old"], `${folder.path}/old`))).toMatchObject({ code: "invalid-request" });
  });
});

describe("remote listings", () => {
  it("are cached per session, refreshed on demand, and forgotten after a change", async () => {
    const folder = await remoteFolder("cache");
    await writeFile(join(folder.disk, "first.txt"), "1");
    expect((await remote.list(folder.path)).entries.map((e) => e.name)).toEqual(["first.txt"]);
    await writeFile(join(folder.disk, "behind-our-back.txt"), "2");
    expect((await remote.list(folder.path)).entries.map((e) => e.name)).toEqual(["first.txt"]);
    expect((await remote.list(folder.path, true, true)).entries.map((e) => e.name).sort()).toEqual(["behind-our-back.txt", "first.txt"]);
    await remote.mkdir(folder.path, "made");
    expect((await remote.list(folder.path)).entries.map((e) => e.name).sort()).toEqual(["behind-our-back.txt", "first.txt", "made"]);
  });
});

describe("deleting a large tree", () => {
  async function bigTree(name: string) {
    const folder = await remoteFolder(name);
    await mkdir(join(folder.disk, "tree", "inner"), { recursive: true });
    for (let i = 0; i < 120; i++) await writeFile(join(folder.disk, "tree", i % 2 ? "inner" : "", `f${i}.txt`), "x");
    return folder;
  }

  it("reports progress, item by item, until everything is gone", async () => {
    const folder = await bigTree("progress");
    const reports: string[] = [];
    const progress = new DeleteProgress((_done, current) => reports.push(current));
    await remote.delete(folder.path, ["tree"], progress);
    expect(progress.count).toBe(122);
    expect(reports[0]).toBe(`${folder.path}/tree`);
    expect(await readdir(folder.disk)).toEqual([]);
  });

  it("stops when cancelled and says how far it got", async () => {
    const folder = await bigTree("cancel");
    const progress: DeleteProgress = new DeleteProgress(() => progress.cancel());
    const error = await failure(remote.delete(folder.path, ["tree"], progress));
    expect(error).toMatchObject({ code: "cancelled", message: "Deleting was cancelled; 0 items were deleted." });
    expect((await readdir(join(folder.disk, "tree"))).length).toBe(61);

    const local = await mkdtemp(join(tmpdir(), "ferry-ops-cancel-"));
    await mkdir(join(local, "big"));
    for (let i = 0; i < 20; i++) await writeFile(join(local, "big", `f${i}`), "x");
    const localProgress: DeleteProgress = new DeleteProgress(() => localProgress.cancel());
    expect((await failure(localFiles().delete(local, ["big"], localProgress))).code).toBe("cancelled");
    expect(await readdir(join(local, "big"))).toHaveLength(20);
  });
});

describe("Properties' Calculate", () => {
  const commands = filesCommands({ sessions, emit: () => undefined, maxFolderDepth: async () => 2 });
  async function sizedTree(disk: string) {
    await mkdir(join(disk, "site", "img"), { recursive: true });
    await writeFile(join(disk, "site", "index.html"), "x".repeat(1_000));
    await writeFile(join(disk, "site", "img", "logo.png"), "x".repeat(2_500));
    await writeFile(join(disk, "alone.txt"), "x".repeat(7));
    await writeFile(join(disk, "not chosen.txt"), "x".repeat(50));
  }

  it("adds up what folders hold, on the disk and on the server alike", async () => {
    const local = await mkdtemp(join(tmpdir(), "ferry-ops-size-"));
    await sizedTree(local);
    const folder = await remoteFolder("size");
    await sizedTree(folder.disk);
    const expected = { bytes: 3_507, files: 3, folders: 2 };
    const names = ["site", "alone.txt"];
    expect(await commands["files.size"]({ target: { side: "local" }, folder: local, names, operationId: "l" })).toEqual(expected);
    expect(
      await commands["files.size"]({ target: { side: "remote", sessionId: info.id }, folder: folder.path, names, operationId: "r" }),
    ).toEqual(expected);
  });

  it("stops at the folder-depth preference, saying where, and when cancelled", async () => {
    const local = await mkdtemp(join(tmpdir(), "ferry-ops-size-deep-"));
    await mkdir(join(local, "a", "b", "c", "d"), { recursive: true });
    const deep = await failure(commands["files.size"]({ target: { side: "local" }, folder: local, names: ["a"], operationId: "deep" }));
    expect(deep).toMatchObject({ code: "invalid-request" });
    expect(deep.message).toContain(join(local, "a", "b", "c"));

    const walk = commands["files.size"]({ target: { side: "local" }, folder: local, names: ["a"], operationId: "stop" });
    await commands["files.cancel"]({ operationId: "stop" });
    expect(await failure(walk)).toMatchObject({ code: "cancelled" });
  });
});
