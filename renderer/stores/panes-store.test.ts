import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CommandRequest } from "../../shared/contract";
import type { FileEntry, Listing, SessionInfo } from "../../shared/domain";
import { command, type CommandId } from "../keymap";
import { call, CommandError, installBridge } from "../transport/bridge";
import { createScriptedBridge, type ScriptedBridge } from "../transport/scripted-bridge";
import { createInPane } from "./create-in-pane";
import { useEditorStore } from "./editor-store";
import { useLogStore } from "./log-store";
import { usePaneDialogStore } from "./pane-dialog-store";
import { usePanesStore } from "./panes-store";
import { useSessionStore } from "./session-store";

const file = (name: string): FileEntry => ({ name, kind: "file", size: 1 });
const folder = (name: string): FileEntry => ({ name, kind: "folder" });

/** Main as the test scripts it: a local disk and two servers, each a map of folders; renames and failures on demand. */
function playMain(): ScriptedBridge {
  const local: Record<string, FileEntry[]> = { "/home": [folder("docs"), file("a.txt")], "/home/docs": [file("letter.odt")] };
  const servers: Record<string, Record<string, FileEntry[]>> = {
    s1: { "/": [folder("www"), folder("z-locked"), file("one.txt")], "/www": [file("index.html")], "/z-locked": [] },
    s2: { "/": [file("two.txt")] },
  };
  const list = (tree: Record<string, FileEntry[]>, path: string): Listing => {
    const entries = tree[path];
    if (!entries) throw new CommandError({ code: "not-found", message: `The folder ${path} does not exist.` });
    const parent = path === "/" ? undefined : path.slice(0, path.lastIndexOf("/")) || "/";
    return { path, ...(parent !== undefined ? { parent } : {}), entries, rejectedNames: 0 };
  };
  let opened = 0;
  return createScriptedBridge({
    "local.list": ({ path }) => list(local, path),
    "sessions.list": ({ sessionId, path }) => list(servers[sessionId] ?? {}, path ?? "/"),
    "sessions.open": ({ host, user }): SessionInfo => ({
      id: `s${++opened}`,
      host,
      port: 21,
      user,
      encryption: "plain",
      security: { encrypted: false },
      startPath: "/",
    }),
    "sessions.close": () => ({}),
    "sessions.log": ({ sessionId }) => ({ entries: [{ at: 1, kind: "info", text: `log of ${sessionId}` }], end: 1 }),
    "files.mkdir": ({ target, folder, name }: CommandRequest<"files.mkdir">) => {
      if (name === "z-locked") throw new CommandError({ code: "permission-denied", message: "The folder /home is read-only." });
      const tree = target.side === "local" ? local : (servers[target.sessionId] ?? {});
      tree[folder] = [...(tree[folder] ?? []), { name, kind: "folder" }];
      tree[`${folder === "/" ? "" : folder}/${name}`] = [];
      return {};
    },
    "files.rename": ({ folder, from, to }: CommandRequest<"files.rename">) => {
      if (to.includes("*")) throw new CommandError({ code: "invalid-request", message: "A name cannot contain *." });
      local[folder] = (local[folder] ?? []).map((entry) => (entry.name === from ? { ...entry, name: to } : entry));
      return {};
    },
  });
}

const panes = () => usePanesStore.getState();
const cursorName = (side: "local" | "remote") => panes()[side].rows[panes()[side].cursor]?.name;

/** Runs a pane command on the remote pane and gives the dialog it opened, closed again: its answer comes later in the test. */
function asked(id: CommandId) {
  command(id).run("remote");
  const dialog = usePaneDialogStore.getState().dialog;
  usePaneDialogStore.getState().close();
  return dialog;
}

async function connect(host: string): Promise<void> {
  const session = await useSessionStore.getState().connect({ host, user: "ann", password: "", encryption: "plain" });
  await panes().showSession(session!.startPath);
}

describe("the panes store, driven through a test bridge", () => {
  let main: ScriptedBridge;
  beforeEach(() => {
    main = playMain();
    installBridge(main);
    usePanesStore.setState(usePanesStore.getInitialState(), true);
    useSessionStore.setState(useSessionStore.getInitialState(), true);
    useLogStore.setState(useLogStore.getInitialState(), true);
  });

  it("opens a folder and comes back up onto it", async () => {
    await panes().load("local", "/home");
    await panes().openRow("local", 1);
    expect(panes().local.path).toBe("/home/docs");
    await panes().goUp("local");
    expect([panes().local.path, cursorName("local")]).toEqual(["/home", "docs"]);
    await panes().back("local");
    expect(panes().local.path).toBe("/home/docs");
  });

  it("says in the pane why a folder could not be listed, and keeps what it showed", async () => {
    await panes().load("local", "/home");
    await panes().load("local", "/gone");
    expect(panes().local.error).toBe("The folder /gone does not exist.");
    expect(panes().local.path).toBe("/home");
  });

  it("shows the folder asked for last, though the listing asked for first arrives after it", async () => {
    let releaseHome = () => {};
    const homeHeld = new Promise<void>((resolve) => (releaseHome = resolve));
    installBridge(
      createScriptedBridge({
        "local.list": async ({ path }) => {
          if (path === "/home") await homeHeld;
          return { path, entries: [file(path === "/home" ? "a.txt" : "typed.txt")], rejectedNames: 0 };
        },
      }),
    );
    const first = panes().load("local", "/home");
    await panes().load("local", "/typed");
    releaseHome();
    await first;
    expect([panes().local.path, cursorName("local"), panes().local.loading]).toEqual(["/typed", "typed.txt", false]);
  });

  it("keeps a sentence said while the folder loaded, and drops an older one once the folder lists", async () => {
    await panes().load("local", "/gone");
    expect(panes().local.error).toBe("The folder /gone does not exist.");
    let release = () => {};
    installBridge(
      createScriptedBridge({
        "local.list": async ({ path }) => {
          await new Promise<void>((resolve) => (release = resolve));
          return { path, entries: [file("a.txt")], rejectedNames: 0 };
        },
      }),
    );
    const listedAfterFailure = panes().load("local", "/home");
    release();
    await listedAfterFailure;
    expect(panes().local.error).toBeUndefined();

    // The same sentence said again while the folder loads is news too.
    const sentence = "Compare needs a connection: connect to a server first.";
    panes().showError("local", sentence);
    const listedAfterSentence = panes().load("local", "/home");
    panes().showError("local", sentence);
    release();
    await listedAfterSentence;
    expect([panes().local.path, panes().local.error]).toEqual(["/home", sentence]);
  });

  it("keeps a sentence said in the pane that follows while its folder loads", async () => {
    await connect("one.example");
    await panes().load("local", "/home");
    panes().toggleSyncBrowsing();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    installBridge(
      createScriptedBridge({
        "local.list": ({ path }) => ({ path, parent: "/home", entries: [file("letter.odt")], rejectedNames: 0 }),
        "sessions.list": async ({ path }) => {
          await held;
          return { path: path ?? "/", parent: "/", entries: [file("letter.odt")], rejectedNames: 0 };
        },
      }),
    );
    const opened = panes().openRow("local", 1);
    await vi.waitFor(() => expect(panes().local.path).toBe("/home/docs"));
    panes().showError("remote", "Compare directories needs a folder in both panes: connect to a server first.");
    release();
    await opened;
    await vi.waitFor(() => expect(panes().remote.path).toBe("/docs"));
    expect(panes().remote.error).toBe("Compare directories needs a folder in both panes: connect to a server first.");
  });

  it("renames in place and lands on the new name; a refused name leaves main's sentence in the pane", async () => {
    await panes().load("local", "/home");
    panes().setCursor("local", 2);
    panes().startRename("local");
    await panes().finishRename("local", "b.txt");
    expect(cursorName("local")).toBe("b.txt");
    panes().startRename("local");
    await panes().finishRename("local", "c*.txt");
    expect(panes().local.error).toBe("A name cannot contain *.");
    expect(main.sent.filter((sent) => sent.channel === "files.rename")).toHaveLength(2);
  });

  it("gives each tab its own remote pane, and the log follows the active tab", async () => {
    await connect("one.example");
    await panes().openRow("remote", 0);
    expect(panes().remote.path).toBe("/www");
    await connect("two.example");
    expect(panes().target("remote")).toEqual({ side: "remote", sessionId: "s2" });
    expect(panes().remote.rows.map((row) => row.name)).toEqual(["two.txt"]);

    await useLogStore.getState().toggle();
    expect(useLogStore.getState().entries.map((entry) => entry.text)).toEqual(["log of s2"]);
    useSessionStore.getState().activate("s1");
    expect(panes().remote.path).toBe("/www");
    await vi.waitFor(() => expect(useLogStore.getState().entries.map((entry) => entry.text)).toEqual(["log of s1"]));

    await useSessionStore.getState().disconnect("s1");
    expect(panes().target("remote")).toEqual({ side: "remote", sessionId: "s2" });
    // The tab left open gets its own pane back, as it was.
    expect(panes().remote.rows.map((row) => row.name)).toEqual(["two.txt"]);
  });

  it("Compare directories marks what differs in both panes, or says why it cannot", async () => {
    await panes().load("local", "/home");
    const byTime = { criteria: "time", toleranceMs: 1000, remoteOffsetMs: 0 } as const;
    panes().markDifferences(byTime);
    expect(panes().local.error).toBe("Compare directories needs a folder in both panes: connect to a server first.");
    await connect("one.example");
    panes().markDifferences(byTime);
    expect([panes().local.marked, panes().local.differ]).toEqual([["docs", "a.txt"], 2]);
    expect([panes().remote.marked, panes().remote.differ]).toEqual([["www", "z-locked", "one.txt"], 3]);
  });

  it("deletes and sets permissions in the folder the question was asked in, though the pane has moved on since", async () => {
    await connect("one.example");
    await panes().load("local", "/home");
    await panes().openRow("remote", 0);
    panes().toggleSyncBrowsing();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = createScriptedBridge({
      "local.list": ({ path }) => ({ path, parent: "/", entries: [file("letter.odt")], rejectedNames: 0 }),
      "sessions.list": async ({ path }) => {
        if (path === "/www/docs") await held;
        return { path: path ?? "/", parent: "/", entries: [file("index.html")], rejectedNames: 0 };
      },
      "files.delete": () => ({ deleted: 1 }),
      "files.chmod": () => ({ changed: 1 }),
    });
    installBridge(slow);
    // The remote pane follows the local one into docs on a slow server; meanwhile F8 and F9 ask about /www.
    const opened = panes().openRow("local", 1);
    await vi.waitFor(() => expect(panes().local.path).toBe("/home/docs"));
    panes().setCursor("remote", 1);
    const deleting = asked("pane.delete");
    const properties = asked("pane.properties");
    release();
    await opened;
    await vi.waitFor(() => expect(panes().remote.path).toBe("/www/docs"));

    // Answered now, as the dialogs do.
    if (deleting?.kind !== "delete" || properties?.kind !== "properties") throw new Error("F8 and F9 asked nothing.");
    await panes().deleteNames("remote", deleting.at, deleting.names);
    await panes().operate("remote", properties.at, (target, folder) =>
      call("files.chmod", { target, folder, names: properties.names, mode: 0o600, recursive: false }),
    );
    const where = { target: { side: "remote", sessionId: "s1" }, folder: "/www", names: ["index.html"] };
    const sent = (channel: string) => slow.sent.filter((request) => request.channel === channel).map((request) => request.request);
    expect(sent("files.delete")).toEqual([expect.objectContaining(where)]);
    expect(sent("files.chmod")).toEqual([expect.objectContaining(where)]);
  });

  it("F7 and Shift+F4 make the folder and the file in the folder they were asked in, though the pane has moved on since", async () => {
    await connect("one.example");
    await panes().load("local", "/home");
    await panes().openRow("remote", 0);
    panes().toggleSyncBrowsing();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = createScriptedBridge({
      "local.list": ({ path }) => ({ path, parent: "/", entries: [file("letter.odt")], rejectedNames: 0 }),
      "sessions.list": async ({ path }) => {
        if (path === "/www/docs") await held;
        return { path: path ?? "/", parent: "/", entries: [file("index.html")], rejectedNames: 0 };
      },
      "files.mkdir": () => ({}),
      "files.new-file": () => ({}),
      "edit.open": () => ({ kind: "text", text: "", encoding: "utf-8", lineEnding: "lf", stamp: { size: 0 } }),
    });
    installBridge(slow);
    // The remote pane follows the local one into docs on a slow server; meanwhile F7 and Shift+F4 ask in /www.
    const opened = panes().openRow("local", 1);
    await vi.waitFor(() => expect(panes().local.path).toBe("/home/docs"));
    const folderAsked = asked("pane.mkdir");
    const fileAsked = asked("pane.new-file");
    release();
    await opened;
    await vi.waitFor(() => expect(panes().remote.path).toBe("/www/docs"));

    // Answered now, as the dialog does.
    if (folderAsked?.kind !== "mkdir" || fileAsked?.kind !== "new-file") throw new Error("F7 and Shift+F4 asked nothing.");
    await createInPane(folderAsked.kind, folderAsked.side, folderAsked.at, "images");
    await createInPane(fileAsked.kind, fileAsked.side, fileAsked.at, "notes.txt");
    const where = (name: string) => ({ target: { side: "remote", sessionId: "s1" }, folder: "/www", name });
    const sent = (channel: string) => slow.sent.filter((request) => request.channel === channel).map((request) => request.request);
    expect(sent("files.mkdir")).toEqual([where("images")]);
    expect(sent("files.new-file")).toEqual([where("notes.txt")]);
    // Shift+F4 opens the file it made, not the one under the cursor of the folder shown now.
    expect(sent("edit.open")).toEqual([expect.objectContaining(where("notes.txt"))]);
    expect(useEditorStore.getState().tabs.map((tab) => [tab.file.folder, tab.file.name])).toEqual([["/www", "notes.txt"]]);
    useEditorStore.setState(useEditorStore.getInitialState(), true);
  });

  it("with synchronized browsing on, the other pane follows, and a missing folder is offered to be made", async () => {
    await connect("one.example");
    await panes().load("local", "/home");
    panes().toggleSyncBrowsing();
    expect(panes().syncRoots).toEqual({ local: "/home", remote: "/" });

    await panes().openRow("remote", 0);
    const home = { target: { side: "local" }, folder: "/home" } as const;
    expect(usePaneDialogStore.getState().dialog).toEqual({
      kind: "sync-missing",
      side: "local",
      at: home,
      from: "remote",
      path: "/home/www",
      name: "www",
    });
    usePaneDialogStore.getState().close();
    await panes().createSyncFolder("local", home, "/home/www");
    expect([panes().local.path, panes().remote.path]).toEqual(["/home/www", "/www"]);

    await panes().goUp("local");
    expect([panes().local.path, panes().remote.path]).toEqual(["/home", "/"]);
    await panes().openRow("remote", 1);
    await panes().createSyncFolder("local", home, "/home/z-locked");
    expect(panes().syncRoots).toBeUndefined();
    expect(panes().local.error).toBe("Synchronized browsing is off: The folder /home is read-only.");
    await panes().load("local", "/home");
    // Off, the other pane stays where it is.
    await panes().openRow("local", 1);
    expect([panes().local.path, panes().remote.path]).toEqual(["/home/docs", "/z-locked"]);
  });

  it("synchronized browsing's Create makes the missing folder where it was missing, though the pane has moved on since", async () => {
    await connect("one.example");
    await panes().load("local", "/home");
    panes().toggleSyncBrowsing();
    await panes().openRow("remote", 0);
    const question = usePaneDialogStore.getState().dialog;
    usePaneDialogStore.getState().close();
    await panes().load("local", "/home/docs");

    if (question?.kind !== "sync-missing") throw new Error("Nothing was offered.");
    await panes().createSyncFolder(question.side, question.at, question.path);
    const made = main.sent.filter((request) => request.channel === "files.mkdir").map((request) => request.request);
    expect(made).toEqual([{ target: { side: "local" }, folder: "/home", name: "www" }]);
    // The pane stays where the user went.
    expect(panes().local.path).toBe("/home/docs");
  });
});
