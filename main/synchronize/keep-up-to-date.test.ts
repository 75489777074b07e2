import { mkdir, readdir, rename, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EventMessage } from "../../shared/contract";
import { scriptedRequest } from "../../test-support/connect-requests";
import { everything, keepHarness, patient, settle } from "../../test-support/keep-up-to-date-harness";
import { startScriptedServer, type ScriptedContent } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { transferQueueHarness } from "../../test-support/transfer-queue-harness";
import { PreferencesStore } from "../settings/preferences-store";
import { TransferQueue } from "../transfers/transfer-queue";
import { KeepUpToDate } from "./keep-up-to-date";

const harness = await transferQueueHarness();

const keeping = keepHarness(harness);

describe("keep remote directory up to date", () => {
  it("uploads a file saved in the watched folder within 3 seconds, and overwrites it without asking when it is saved again", async () => {
    const { ferry, local, start, log, onServer } = await keeping("save");
    await start();
    const saved = Date.now();
    await writeFile(join(local, "index.html"), "<h1>first</h1>");
    await expect.poll(() => onServer("index.html"), { timeout: 3000, interval: 50 }).toBe("<h1>first</h1>");
    expect(Date.now() - saved).toBeLessThan(3000);
    await expect.poll(log).toContain("Uploaded index.html.");

    await writeFile(join(local, "index.html"), "<h1>second, longer</h1>");
    await expect.poll(() => onServer("index.html"), { timeout: 3000, interval: 50 }).toBe("<h1>second, longer</h1>");
    expect(ferry.asked).toEqual([]);
  });

  it("uploads a burst of writes to one file once, after the quiet time, with the last bytes", async () => {
    const { local, start, onServer, uploadsOf } = await keeping("burst");
    await start();
    for (let i = 0; i < 8; i++) {
      await writeFile(join(local, "log.txt"), `line ${i}\n`.repeat(i + 1));
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await expect.poll(() => onServer("log.txt"), patient).toBe("line 7\n".repeat(8));
    await settle();
    expect(uploadsOf("log.txt")).toBe(1);
  });

  it("uploads every later save of a file an editor saved through a temporary file and a rename", async () => {
    const { local, start, onServer } = await keeping("atomic");
    await mkdir(join(local, "src"));
    await writeFile(join(local, "src", "app.js"), "v1");
    await start();
    const atomicSave = async (text: string) => {
      await writeFile(join(local, "src", ".app.js.swp"), text);
      await rename(join(local, "src", ".app.js.swp"), join(local, "src", "app.js"));
    };
    await atomicSave("v2");
    await expect.poll(() => onServer("src/app.js"), patient).toBe("v2");
    await atomicSave("v3");
    await expect.poll(() => onServer("src/app.js"), patient).toBe("v3");
    await writeFile(join(local, "src", "app.js"), "v4, written in place");
    await expect.poll(() => onServer("src/app.js"), patient).toBe("v4, written in place");
  });

  it("leaves out what the mask excludes, and makes the server folders a new file needs", async () => {
    const { local, start, onServer, server } = await keeping("mask");
    await start({ mask: "| .git/; node_modules/; *.tmp" });
    await mkdir(join(local, ".git"));
    await writeFile(join(local, ".git", "config"), "[core]");
    await writeFile(join(local, "draft.tmp"), "scratch");
    await mkdir(join(local, "src", "deep"), { recursive: true });
    await writeFile(join(local, "src", "deep", "app.js"), "run()");
    await expect.poll(() => onServer("src/deep/app.js"), patient).toBe("run()");
    await settle();
    expect(await onServer("draft.tmp")).toBeUndefined();
    await expect(stat(join(server.disk, ".git"))).rejects.toThrow();
  });

  it("without subfolders, uploads only the folder's own files", async () => {
    const { local, start, onServer } = await keeping("flat");
    await mkdir(join(local, "sub"));
    await start({ subfolders: false });
    await writeFile(join(local, "sub", "inner.txt"), "inner");
    await writeFile(join(local, "top.txt"), "top");
    await expect.poll(() => onServer("top.txt"), patient).toBe("top");
    await settle();
    expect(await onServer("sub/inner.txt")).toBeUndefined();
  });

  it("deletes on the server what is deleted locally when asked to, and only then", async () => {
    const deleting = await keeping("delete");
    await mkdir(join(deleting.local, "old"));
    await writeFile(join(deleting.local, "old", "a.txt"), "a");
    await writeFile(join(deleting.local, "gone.txt"), "gone");
    await deleting.start({ deleteOnServer: true, initialSync: true });
    await expect.poll(() => deleting.onServer("old/a.txt"), patient).toBe("a");
    await expect.poll(() => deleting.onServer("gone.txt"), patient).toBe("gone");
    await rm(join(deleting.local, "gone.txt"));
    await rm(join(deleting.local, "old"), { recursive: true });
    await expect.poll(() => deleting.onServer("gone.txt"), patient).toBeUndefined();
    await expect.poll(() => stat(join(deleting.server.disk, "old")).catch(() => "gone"), patient).toBe("gone");
    await expect.poll(deleting.log).toContain("Deleted gone.txt on the server.");

    const notDeleting = await keeping("no-delete");
    await writeFile(join(notDeleting.local, "stays.txt"), "stays");
    await notDeleting.start({ initialSync: true });
    await expect.poll(() => notDeleting.onServer("stays.txt"), patient).toBe("stays");
    await rm(join(notDeleting.local, "stays.txt"));
    await settle();
    expect(await notDeleting.onServer("stays.txt")).toBe("stays");
  });

  it("first uploads the files missing on the server or newer than the server's, and leaves newer server files alone", async () => {
    const { local, server, start, onServer, log } = await keeping("initial");
    const hourAgo = new Date(Date.now() - 3_600_000);
    await writeFile(join(local, "new-here.txt"), "new here");
    await writeFile(join(local, "changed.txt"), "changed here");
    await writeFile(join(server.disk, "changed.txt"), "old there");
    await utimes(join(server.disk, "changed.txt"), hourAgo, hourAgo);
    await writeFile(join(local, "newer-there.txt"), "old here");
    await utimes(join(local, "newer-there.txt"), hourAgo, hourAgo);
    await writeFile(join(server.disk, "newer-there.txt"), "new there");
    await mkdir(join(local, "folder"));
    await writeFile(join(local, "folder", "inside.txt"), "inside");
    await start({ initialSync: true });
    await expect.poll(() => onServer("folder/inside.txt"), patient).toBe("inside");
    expect(await onServer("new-here.txt")).toBe("new here");
    expect(await onServer("changed.txt")).toBe("changed here");
    expect(await onServer("newer-there.txt")).toBe("new there");
    expect(log()).not.toContain("Uploaded newer-there.txt.");
  });

  it("leaves links out of the initial synchronization: a link to a folder above or elsewhere uploads nothing", async () => {
    const { local, server, start, onServer, log } = await keeping("links");
    const elsewhere = await harness.localFolder();
    await writeFile(join(elsewhere, "secret.txt"), "not for the server");
    await writeFile(join(local, "page.html"), "page");
    await symlink(local, join(local, "loop"));
    await symlink(elsewhere, join(local, "elsewhere"));
    await symlink(join(elsewhere, "secret.txt"), join(local, "secret.txt"));
    await start({ initialSync: true });
    await expect.poll(log, patient).toContain("Uploaded page.html.");
    await settle();
    expect(await onServer("page.html")).toBe("page");
    expect((await readdir(server.disk)).sort()).toEqual(["page.html"]);
  });

  it("stops when the tab's session is closed, and uploads nothing after", async () => {
    const { ferry, local, start, stopped, onServer, keep } = await keeping("closed");
    await start();
    ferry.sessions.close(ferry.sessionId);
    expect(stopped()).toEqual(["Stopped: the tab's connection was closed."]);
    expect(keep.list()).toEqual([]);
    await writeFile(join(local, "late.txt"), "late");
    await settle();
    expect(await onServer("late.txt")).toBeUndefined();
  });

  it("keeps watching through a lost connection: what is saved meanwhile reaches the server once it is back", async () => {
    const { local, start, onServer, stopped } = await keeping("lost");
    await start();
    harness.fast.dropConnections();
    await writeFile(join(local, "after-drop.txt"), "still here");
    await expect.poll(() => onServer("after-drop.txt"), { timeout: 8000, interval: 50 }).toBe("still here");
    expect(stopped()).toEqual([]);
  });

  it("refuses to start on a server folder that does not exist, or a local folder that does not", async () => {
    const { ferry, keep, local } = await keeping("refuse");
    await expect(
      keep.start({ sessionId: ferry.sessionId, localFolder: local, remoteFolder: "/no-such-folder", options: everything }),
    ).rejects.toThrow("The server folder “/no-such-folder” cannot be opened: does it exist?");
    await expect(
      keep.start({ sessionId: ferry.sessionId, localFolder: join(local, "missing"), remoteFolder: "/", options: everything }),
    ).rejects.toThrow(`The local folder “${join(local, "missing")}” does not exist.`);
    expect(keep.list()).toEqual([]);
  });
});

/** A keep-up-to-date service over a session to a scripted server's /site, with its queue; what the server holds is `script.files`. */
async function keepingOnScripted(script: ScriptedContent) {
  const server = await startScriptedServer(script);
  const { sessions } = sessionManagerForTests();
  const info = await sessions.open(scriptedRequest(server));
  const dataDir = await harness.localFolder();
  const queue = await TransferQueue.open({
    path: join(dataDir, "queue.json"),
    preferences: new PreferencesStore(join(dataDir, "preferences.json")),
    emit: () => undefined,
    ask: async () => ({ action: "skip", applyToAll: false }),
    retryDelayMs: () => 100,
    batchMs: 20,
  });
  const events: EventMessage[] = [];
  const keep = new KeepUpToDate({ sessions, queue, emit: (message) => events.push(message), retryMs: 500 });
  harness.cleanups.push(
    () => keep.closeAll(),
    () => queue.close(),
    () => sessions.closeAll(),
    () => server.close(),
  );
  const local = await harness.localFolder();
  const start = () =>
    keep.start({ sessionId: info.id, localFolder: local, remoteFolder: "/site", options: { ...everything, initialSync: true } });
  const log = () => events.flatMap((event) => (event.channel === "keep.log" ? event.payload.entries.map((entry) => entry.text) : []));
  return { keep, local, start, log };
}

describe("keep remote directory up to date, when the server cannot list one of its folders", () => {
  it("leaves that folder out of the initial synchronization and says so, while the folders that list are synchronized", async () => {
    const folder = (name: string) => `drwxr-xr-x 2 u g 4096 Nov 23  2025 ${name}\r\n`;
    const listings: Record<string, string> = { "/site": `${folder("locked")}${folder("open")}`, "/site/locked": "" };
    const files: Record<string, string | Buffer> = {
      "/site/locked/notes.txt": "newer on the server",
      "/site/open/old.txt": "old on the server",
    };
    const { keep, local, start, log } = await keepingOnScripted({
      listings: (path) => listings[path],
      files,
      // A folder that is there (CWD enters it) but that this user may not read.
      listDone: (path) => (path === "/site/locked" ? "550 Failed to open directory" : undefined),
    });
    const dayAgo = new Date(Date.now() - 86_400_000);
    await mkdir(join(local, "locked"));
    await writeFile(join(local, "locked", "notes.txt"), "older here");
    await utimes(join(local, "locked", "notes.txt"), dayAgo, dayAgo);
    await mkdir(join(local, "open"));
    await writeFile(join(local, "open", "old.txt"), "newer here");
    await writeFile(join(local, "open", "new.txt"), "only here");

    await start();
    // A round's uploads are told together once they have all ended: those of locked/ too, had there been any.
    await expect.poll(log, patient).toContain("Uploaded open/new.txt.");
    expect(log()).toContain("Uploaded open/old.txt.");
    expect(files["/site/open/new.txt"]?.toString()).toBe("only here");
    expect(files["/site/open/old.txt"]?.toString()).toBe("newer here");
    expect(files["/site/locked/notes.txt"]?.toString()).toBe("newer on the server");
    expect(log()).toContain(
      "Could not list /site/locked on the server: The server refused: 550 Failed to open directory. It was left out of the initial synchronization, with everything in it.",
    );
    expect(log()).not.toContain("The server folder is up to date.");
    expect(keep.list()).toHaveLength(1);
  });

  it("leaves a folder whose listing the server cut short out of the initial synchronization: what the listing lacks is not uploaded over", async () => {
    const files: Record<string, string | Buffer> = { "/site/www/a.txt": "a", "/site/www/b.txt": "on the server" };
    const { local, start, log } = await keepingOnScripted({
      listings: {
        "/site": "drwxr-xr-x 2 u g 4096 Nov 23  2025 www\r\n",
        "/site/www": "-rw-r--r-- 1 u g 1 Nov 23  2025 a.txt\r\n",
      },
      files,
      listDone: (path) => (path === "/site/www" ? "226 Output truncated to 1 matches" : undefined),
    });
    await mkdir(join(local, "www"));
    await writeFile(join(local, "www", "b.txt"), "older here, though newer by its time");
    await writeFile(join(local, "top.txt"), "only here");

    await start();
    await expect.poll(log, patient).toContain("Uploaded top.txt.");
    expect(log()).toContain(
      "Could not list /site/www on the server: The server cut its listing of /site/www short (“Output truncated to 1 matches”): the folder holds more than was listed. It was left out of the initial synchronization, with everything in it.",
    );
    expect(files["/site/www/b.txt"]?.toString()).toBe("on the server");
  });

  it("leaves the whole watched folder out when its own listing breaks off, and keeps watching: what is saved next goes up", async () => {
    const files: Record<string, string | Buffer> = { "/site/notes.txt": "newer on the server" };
    const { keep, local, start, log } = await keepingOnScripted({
      listings: {},
      files,
      listDone: (path) => (path === "/site" ? "426 Connection closed; transfer aborted." : undefined),
    });
    const dayAgo = new Date(Date.now() - 86_400_000);
    await writeFile(join(local, "notes.txt"), "older here");
    await utimes(join(local, "notes.txt"), dayAgo, dayAgo);

    await start();
    await expect
      .poll(log, patient)
      .toContain(
        "Could not list /site on the server: The connection to the server broke off (426 Connection closed; transfer aborted.). It was left out of the initial synchronization, with everything in it.",
      );
    await writeFile(join(local, "saved.txt"), "saved after");
    await expect.poll(() => files["/site/saved.txt"]?.toString(), patient).toBe("saved after");
    expect(files["/site/notes.txt"]?.toString()).toBe("newer on the server");
    expect(log()).not.toContain("Uploaded notes.txt.");
    expect(log()).not.toContain("The server folder is up to date.");
    expect(keep.list()).toHaveLength(1);
  });
});
