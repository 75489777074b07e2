import { beforeEach, describe, expect, it } from "vitest";
import type { ExternalEdit } from "../../shared/edit";
import type { SessionInfo } from "../../shared/domain";
import { installBridge } from "../transport/bridge";
import { createScriptedBridge, type ScriptedBridge } from "../transport/scripted-bridge";
import { useCloseTab } from "./close-tab-store";
import { useEditorStore } from "./editor-store";
import { useExternalEditStore } from "./external-edit-store";
import { usePanesStore } from "./panes-store";
import { useSessionStore } from "./session-store";

/** Main as the test plays it: servers that each list a.txt, and files that open as text. */
function playMain(): ScriptedBridge {
  let sessions = 0;
  return createScriptedBridge({
    "sessions.open": ({ host, user }): SessionInfo => ({
      id: `s${++sessions}`,
      host,
      port: 21,
      user,
      encryption: "plain",
      security: { encrypted: false },
      startPath: "/",
    }),
    "sessions.list": ({ path }) => ({ path: path ?? "/", entries: [{ name: "a.txt", kind: "file", size: 4 }], rejectedNames: 0 }),
    "sessions.close": () => ({}),
    "local.list": ({ path }) => ({ path, entries: [{ name: "b.txt", kind: "file", size: 4 }], rejectedNames: 0 }),
    "edit.open": () => ({ kind: "text", text: "one\n", encoding: "utf-8", lineEnding: "lf", stamp: { size: 4 } }),
  });
}

const closeTab = () => useCloseTab.getState();
const editorTabs = () => useEditorStore.getState().tabs.map((tab) => tab.file.name);

/** Connects a tab and opens a.txt of its server in the editor (F4). */
async function editOnServer(host: string): Promise<string> {
  const session = await useSessionStore.getState().connect({ host, user: "ann", password: "pw", encryption: "plain" });
  if (!session) throw new Error("the test server did not connect");
  await usePanesStore.getState().showSession("/");
  usePanesStore.getState().setCursor("remote", 1);
  await useEditorStore.getState().open("remote", "edit");
  return session.id;
}

function watchedCopy(sessionId: string, pending: boolean): ExternalEdit {
  return { editId: "x1", sessionId, folder: "/", name: "c.txt", localFolder: "/tmp/ferry-edit-1", state: { kind: "watching" }, pending };
}

describe("closing a server tab", () => {
  let main: ScriptedBridge;
  const closed = () => main.sent.filter((sent) => sent.channel === "sessions.close").map((sent) => sent.request);
  beforeEach(() => {
    main = playMain();
    installBridge(main);
    usePanesStore.setState(usePanesStore.getInitialState(), true);
    useSessionStore.setState(useSessionStore.getInitialState(), true);
    useEditorStore.setState(useEditorStore.getInitialState(), true);
    useExternalEditStore.setState(useExternalEditStore.getInitialState(), true);
    useCloseTab.setState(useCloseTab.getInitialState(), true);
  });

  it("asks first while its edited files are not saved, and closes them with the tab when told", async () => {
    const id = await editOnServer("one.example");
    const [edited] = useEditorStore.getState().tabs;
    useEditorStore.getState().setDirty(edited?.id ?? "");

    closeTab().request(id);
    expect(closeTab().asking).toEqual({ sessionId: id, transfers: 0, unsaved: 1, notUploaded: 0 });
    expect(closed()).toEqual([]);
    closeTab().cancel();
    expect(useSessionStore.getState().tabs.map((tab) => tab.id)).toEqual([id]);
    expect(useEditorStore.getState().tabs).toMatchObject([{ dirty: true }]);

    closeTab().request(id);
    await closeTab().confirm();
    expect(closed()).toEqual([{ sessionId: id }]);
    expect(useSessionStore.getState().tabs).toEqual([]);
    // Its files could no longer be saved: they go with it.
    expect(editorTabs()).toEqual([]);
  });

  it("closes at once when its files are saved, taking them along and leaving other places' files open", async () => {
    await usePanesStore.getState().load("local", "/home");
    usePanesStore.getState().setCursor("local", 1);
    await useEditorStore.getState().open("local", "edit");
    const other = await editOnServer("other.example");
    const id = await editOnServer("one.example");
    expect(editorTabs()).toEqual(["b.txt", "a.txt", "a.txt"]);

    closeTab().request(id);
    expect(closeTab().asking).toBeUndefined();
    await Promise.resolve();
    expect(closed()).toEqual([{ sessionId: id }]);
    expect(useEditorStore.getState().tabs.map((tab) => tab.file.target)).toEqual([{ side: "local" }, { side: "remote", sessionId: other }]);
  });

  it("asks while a file edited in another program has changes not uploaded to its server", async () => {
    const id = await editOnServer("one.example");
    const other = await editOnServer("other.example");
    useExternalEditStore.getState().changed([watchedCopy(other, true)]);
    closeTab().request(id);
    expect(closeTab().asking).toBeUndefined();

    useExternalEditStore.getState().changed([watchedCopy(other, false), { ...watchedCopy(other, true), editId: "x2", sessionId: other }]);
    closeTab().request(other);
    expect(closeTab().asking).toEqual({ sessionId: other, transfers: 0, unsaved: 0, notUploaded: 1 });
  });
});
