import { beforeEach, describe, expect, it } from "vitest";
import type { CommandResponse } from "../../shared/contract";
import { CommandError, installBridge } from "../transport/bridge";
import { createScriptedBridge, type ScriptedHandlers } from "../transport/scripted-bridge";
import { useEditorStore } from "./editor-store";
import { usePanesStore } from "./panes-store";

const stamp = { size: 4, modified: 1_700_000_000_000 };
const opened: CommandResponse<"edit.open"> = { kind: "text", text: "one\n", encoding: "utf-8", lineEnding: "crlf", stamp };
const saved: CommandResponse<"edit.save"> = { kind: "saved", stamp: { size: 9 }, at: 1, method: "renamed" };

/** Main as the test scripts it: a local folder with a.txt, and the editor's commands. */
async function withMain(handlers: ScriptedHandlers) {
  const bridge = createScriptedBridge({
    "local.list": ({ path }) => ({ path, entries: [{ name: "a.txt", kind: "file", size: 4 }], rejectedNames: 0 }),
    "edit.open": () => opened,
    ...handlers,
  });
  installBridge(bridge);
  await usePanesStore.getState().load("local", "/home");
  usePanesStore.getState().setCursor("local", 1);
  return bridge;
}

const only = () => {
  const [tab] = useEditorStore.getState().tabs;
  if (!tab) throw new Error("no tab is open");
  return tab;
};

beforeEach(() => useEditorStore.setState({ tabs: [], activeId: undefined, showing: false, question: undefined }));

describe("the editor's tabs", () => {
  it("opens F4's file in a tab named for it and its place, once", async () => {
    const bridge = await withMain({});
    await useEditorStore.getState().open("local", "edit");
    await useEditorStore.getState().open("local", "edit");
    expect(useEditorStore.getState().tabs.map((tab) => `${tab.file.name} — ${tab.file.place}`)).toEqual(["a.txt — Local"]);
    expect(useEditorStore.getState().showing).toBe(true);
    expect(bridge.sent.filter((sent) => sent.channel === "edit.open")).toHaveLength(1);
  });

  it("asks before a large file, opens it where it was asked about, and keeps F3's view apart from F4's editor", async () => {
    const bridge = await withMain({
      "edit.open": ({ allowLarge }) => (allowLarge ? opened : { kind: "too-large", size: 2e7, limit: 1e7 }),
    });
    await useEditorStore.getState().open("local", "view");
    const question = useEditorStore.getState().question;
    expect(question).toEqual({
      kind: "too-large",
      side: "local",
      at: { target: { side: "local" }, folder: "/home" },
      purpose: "view",
      name: "a.txt",
      size: 2e7,
      limit: 1e7,
    });
    expect(useEditorStore.getState().tabs).toEqual([]);
    // The pane shows another folder by the answer ("Open anyway", as the dialog does).
    await usePanesStore.getState().load("local", "/elsewhere");
    if (question?.kind !== "too-large") throw new Error("nothing asked");
    await useEditorStore.getState().openAt(question.side, question.at, question.name, question.purpose, true);
    expect(only()).toMatchObject({ purpose: "view", file: { folder: "/home", name: "a.txt" } });
    expect(bridge.sent.findLast((sent) => sent.channel === "edit.open")?.request).toMatchObject({ folder: "/home", allowLarge: true });
  });

  it("saves with the file's encoding, line ends and stamp, and stays changed when typed on during the save", async () => {
    const bridge = await withMain({ "edit.save": () => saved });
    await useEditorStore.getState().open("local", "edit");
    const { id } = only();
    useEditorStore.getState().setDirty(id);
    const saving = useEditorStore.getState().save(id, "one\ntwo\n");
    expect(only().save).toEqual({ kind: "saving" });
    useEditorStore.getState().setDirty(id);
    await saving;
    expect(only()).toMatchObject({ dirty: true, stamp: { size: 9 }, save: { kind: "saved", at: 1, direct: false } });
    expect(bridge.sent.findLast((sent) => sent.channel === "edit.save")?.request).toMatchObject({
      name: "a.txt",
      text: "one\ntwo\n",
      encoding: "utf-8",
      lineEnding: "crlf",
      guard: { kind: "unchanged", stamp },
    });
    // The pane showing the file lists it again, with its new size.
    expect(bridge.sent.at(-1)).toMatchObject({ channel: "local.list", request: { path: "/home" } });
  });

  it("keeps the text and says why when a save fails, and asks when the file changed meanwhile", async () => {
    let answer: () => CommandResponse<"edit.save"> = () => {
      throw new CommandError({ code: "connection-lost", message: "This session is no longer connected." });
    };
    await withMain({ "edit.save": () => answer() });
    await useEditorStore.getState().open("local", "edit");
    const { id } = only();
    useEditorStore.getState().setDirty(id);
    await useEditorStore.getState().save(id, "mine\n");
    expect(only()).toMatchObject({ dirty: true, save: { kind: "failed", message: "This session is no longer connected." } });
    answer = () => ({ kind: "conflict", current: { size: 7 } });
    await useEditorStore.getState().save(id, "mine\n");
    expect(useEditorStore.getState().question).toEqual({ kind: "conflict", tabId: id, current: { size: 7 }, text: "mine\n", editsAt: 1 });
    expect(only().dirty).toBe(true);
  });

  it("keeps the tab changed when the conflict's text is saved over theirs after more was typed", async () => {
    let answer: () => CommandResponse<"edit.save"> = () => ({ kind: "conflict", current: { size: 7 } });
    await withMain({ "edit.save": () => answer() });
    await useEditorStore.getState().open("local", "edit");
    const { id } = only();
    useEditorStore.getState().setDirty(id);
    await useEditorStore.getState().save(id, "mine\n");
    const question = useEditorStore.getState().question;
    if (question?.kind !== "conflict") throw new Error("no conflict asked");
    // Typed on after the text of the first save was taken.
    useEditorStore.getState().setDirty(id);
    answer = () => ({ kind: "saved", stamp: { size: 5 }, at: Date.now(), method: "renamed" });
    await useEditorStore.getState().save(id, question.text, { kind: "overwrite" }, undefined, question.editsAt);
    expect(only()).toMatchObject({ dirty: true, save: { kind: "saved" } });
  });

  it("asks before closing a changed file, and closes it when told", async () => {
    await withMain({});
    await useEditorStore.getState().open("local", "edit");
    const { id } = only();
    useEditorStore.getState().setFormat(id, { lineEnding: "lf" });
    useEditorStore.getState().close(id);
    expect(useEditorStore.getState().question).toEqual({ kind: "close", tabId: id });
    useEditorStore.getState().close(id, true);
    expect(useEditorStore.getState()).toMatchObject({ tabs: [], showing: false, question: undefined });
  });
});
