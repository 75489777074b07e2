import { create } from "zustand";
import type { FileStamp, LineEnding, SaveGuard, TextEncoding } from "../../shared/edit";
import type { PaneTarget } from "../../shared/files";
import { joinPath } from "../pane-logic";
import type { PanePlace, Side } from "../panes/pane-transitions";
import { tabNames } from "../tab-names";
import { call, errorMessage } from "../transport/bridge";
import { useExternalEditStore } from "./external-edit-store";
import { usePanesStore } from "./panes-store";
import { useSessionStore } from "./session-store";
import { useTransferStore } from "./transfer-store";

/** Where an open file lives: the pane side's target, its folder and name. */
export interface EditedFile {
  target: PaneTarget;
  side: Side;
  folder: string;
  name: string;
  /** "Local", or the session tab's name ("user@host"), for the tab's title. */
  place: string;
}

export type EditorContent =
  { kind: "text"; text: string; encoding: TextEncoding; lineEnding: LineEnding } | { kind: "image"; source: string };

/** How the last save went, as the status line says it. */
export type SaveState =
  { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: number; direct: boolean } | { kind: "failed"; message: string };

export interface EditorTab {
  id: string;
  file: EditedFile;
  purpose: "edit" | "view";
  content: EditorContent;
  /** The file as it was opened or last saved: a save checks the server's copy against it. */
  stamp: FileStamp;
  /** Bumped when `content` is replaced (reload), so that the editor takes the new text. */
  version: number;
  /** Changed since opened or saved; the text itself lives in the editor. */
  dirty: boolean;
  save: SaveState;
}

/** What the editor asks the user, one question at a time. */
export type EditorQuestion =
  /** `at`: the folder the file was in when asked, where "Open anyway" opens it whatever the pane shows by then. */
  | { kind: "too-large"; side: Side; at: PanePlace; purpose: OpenPurpose; name: string; size: number; limit: number }
  /** `editsAt`: the tab's edit count when `text` was taken; what was typed after it keeps the tab changed once `text` is saved. */
  | { kind: "conflict"; tabId: string; current: FileStamp | undefined; text: string; editsAt: number }
  | { kind: "close"; tabId: string };

/** F4 edits, F3 views; "open" (Enter or a double-click, when the preference says so) edits a text file and views an image. */
export type OpenPurpose = "edit" | "view" | "open";

/** Reads the text of a tab out of its editor (the store keeps only the text it opened with). */
export type TextSource = (tabId: string) => string | undefined;

interface EditorStore {
  tabs: EditorTab[];
  activeId: string | undefined;
  /** The editor shows in place of the panes; false: the panes show, the files stay open. */
  showing: boolean;
  question: EditorQuestion | undefined;
  /**
   * F4 / F3 on the cursor's file of a pane. With "Edit with" set to another program (in the desktop
   * app), F4 and "open" go there instead.
   */
  open(side: Side, purpose: OpenPurpose): Promise<void>;
  /** Opens `name` in `at` (a folder of the pane on `side`), whatever the pane shows now; `allowLarge` after the user said yes to a large one. */
  openAt(side: Side, at: PanePlace, name: string, purpose: OpenPurpose, allowLarge?: boolean): Promise<void>;
  activate(tabId: string): void;
  showFiles(): void;
  setDirty(tabId: string): void;
  /** The status line's choices: the file is written with these from the next save on. */
  setFormat(tabId: string, format: { encoding?: TextEncoding; lineEnding?: LineEnding }): void;
  /** Ctrl+S: writes the text unless the file changed meanwhile (then asks); `guard` and `name` answer that question. */
  /** Saves `text`, taken from the tab at its `editsAt`th edit (by default, now). */
  save(tabId: string, text: string, guard?: SaveGuard, name?: string, editsAt?: number): Promise<void>;
  /** Takes the file as it is now, dropping the user's changes (the conflict's "Reload theirs"). */
  reload(tabId: string): Promise<void>;
  /** Closes a tab; one with unsaved changes asks first unless `force`. */
  close(tabId: string, force?: boolean): void;
  answer(): void;
  /** Asked when the window goes: are there changes not saved? */
  anyDirty(): boolean;
  /** Asked when a server tab closes: how many of its files have changes not saved. */
  unsavedIn(sessionId: string): number;
  /** A server tab closed: its files go with it, changed or not (they could no longer be saved or reloaded). */
  closeSession(sessionId: string): void;
}

let nextId = 1;
/** Changes made in each tab so far: a save knows whether the user typed on while it ran. */
const edits = new Map<string, number>();

/** Lists the pane's folder again when it shows the file just saved (its size and time changed). */
function refreshPaneOf(file: EditedFile): void {
  const panes = usePanesStore.getState();
  const showsIt = panes[file.side].path === file.folder && (file.target.side === "local" || file.target.sessionId === panes.sessionId);
  if (showsIt) void panes.refresh(file.side);
}

/** Whether F4 goes to another program: the preference says so, and the host can open one (not a browser). */
function opensExternally(): boolean {
  const editWith = useTransferStore.getState().preferences?.editWith ?? "ferry";
  return editWith !== "ferry" && useExternalEditStore.getState().available;
}

const onServer = (tab: EditorTab, sessionId: string) => tab.file.target.side === "remote" && tab.file.target.sessionId === sessionId;

const sameFile = (a: EditedFile, b: EditedFile) =>
  a.name === b.name &&
  a.folder === b.folder &&
  a.target.side === b.target.side &&
  (a.target.side === "local" || (b.target.side === "remote" && a.target.sessionId === b.target.sessionId));

/** "Local", or the name of the session's tab as the tab bar shows it. */
function placeOf(target: PaneTarget): string {
  if (target.side === "local") return "Local";
  return tabNames(useSessionStore.getState().tabs).get(target.sessionId) ?? "Server";
}

/** A tab's title: "index.php — user@host". */
export function titleOf(tab: EditorTab): string {
  return `${tab.file.name} — ${tab.file.place}`;
}

export function pathOf(file: EditedFile): string {
  return joinPath(file.side, file.folder, file.name);
}

function contentOf(
  opened:
    { kind: "text"; text: string; encoding: TextEncoding; lineEnding: LineEnding } | { kind: "image"; mimeType: string; base64: string },
): EditorContent {
  return opened.kind === "text"
    ? { kind: "text", text: opened.text, encoding: opened.encoding, lineEnding: opened.lineEnding }
    : { kind: "image", source: `data:${opened.mimeType};base64,${opened.base64}` };
}

export const useEditorStore = create<EditorStore>((set, get) => {
  const change = (tabId: string, update: (tab: EditorTab) => Partial<EditorTab>) =>
    set((state) => ({ tabs: state.tabs.map((tab) => (tab.id === tabId ? { ...tab, ...update(tab) } : tab)) }));
  const tab = (tabId: string) => get().tabs.find((one) => one.id === tabId);

  return {
    tabs: [],
    activeId: undefined,
    showing: false,
    question: undefined,

    async open(side, purpose) {
      const panes = usePanesStore.getState();
      const pane = panes[side];
      const row = pane.rows[pane.cursor];
      const at = panes.placeOf(side);
      if (row?.kind === "file" && at) await get().openAt(side, at, row.name, purpose);
    },

    async openAt(side, at, name, purpose, allowLarge = false) {
      if (purpose !== "view" && opensExternally()) return useExternalEditStore.getState().open(side, at, name);
      const file: EditedFile = { target: at.target, side, folder: at.folder, name, place: placeOf(at.target) };
      const already = get().tabs.find((one) => (purpose === "open" || one.purpose === purpose) && sameFile(one.file, file));
      if (already) return get().activate(already.id);
      try {
        const opened = await call("edit.open", {
          target: file.target,
          folder: file.folder,
          name: file.name,
          // "open" reads as F3 does (text or an image), and a text file then opens for editing.
          purpose: purpose === "edit" ? "edit" : "view",
          ...(allowLarge ? { allowLarge } : {}),
        });
        if (opened.kind === "too-large") {
          set({ question: { kind: "too-large", side, at, purpose, name: file.name, size: opened.size, limit: opened.limit } });
          return;
        }
        const id = `e${nextId++}`;
        const opens: EditorTab = {
          id,
          file,
          purpose: purpose === "open" ? (opened.kind === "text" ? "edit" : "view") : purpose,
          content: contentOf(opened),
          stamp: opened.stamp,
          version: 0,
          dirty: false,
          save: { kind: "idle" },
        };
        set((state) => ({ tabs: [...state.tabs, opens], activeId: id, showing: true }));
      } catch (error) {
        usePanesStore.getState().showError(side, errorMessage(error));
      }
    },

    activate(tabId) {
      set({ activeId: tabId, showing: true });
    },

    showFiles() {
      set({ showing: false });
    },

    setDirty(tabId) {
      edits.set(tabId, (edits.get(tabId) ?? 0) + 1);
      if (!tab(tabId)?.dirty) change(tabId, () => ({ dirty: true }));
    },

    setFormat(tabId, format) {
      edits.set(tabId, (edits.get(tabId) ?? 0) + 1);
      change(tabId, (current) => (current.content.kind === "text" ? { content: { ...current.content, ...format }, dirty: true } : {}));
    },

    async save(tabId, text, guard, name, editsAt) {
      const current = tab(tabId);
      if (current?.content.kind !== "text" || current.purpose !== "edit" || current.save.kind === "saving") return;
      const { encoding, lineEnding } = current.content;
      const file = { ...current.file, name: name ?? current.file.name };
      const editsBefore = editsAt ?? edits.get(tabId) ?? 0;
      change(tabId, () => ({ save: { kind: "saving" } }));
      try {
        const outcome = await call("edit.save", {
          target: file.target,
          folder: file.folder,
          name: file.name,
          text,
          encoding,
          lineEnding,
          guard: guard ?? { kind: "unchanged", stamp: current.stamp },
        });
        if (outcome.kind === "conflict") {
          change(tabId, () => ({ save: { kind: "idle" } }));
          set({ question: { kind: "conflict", tabId, current: outcome.current, text, editsAt: editsBefore } });
          return;
        }
        change(tabId, () => ({
          file,
          stamp: outcome.stamp,
          // Typing on during the save leaves the tab changed.
          dirty: (edits.get(tabId) ?? 0) !== editsBefore,
          save: { kind: "saved", at: outcome.at, direct: outcome.method === "direct" },
        }));
        refreshPaneOf(file);
      } catch (error) {
        change(tabId, () => ({ save: { kind: "failed", message: errorMessage(error) } }));
      }
    },

    async reload(tabId) {
      const current = tab(tabId);
      if (!current) return;
      const { target, folder, name } = current.file;
      try {
        const opened = await call("edit.open", { target, folder, name, purpose: current.purpose, allowLarge: true });
        // Reloading takes whatever size the file has grown to, up to the hard limit (allowLarge).
        if (opened.kind === "too-large") return;
        change(tabId, (now) => ({
          content: contentOf(opened),
          stamp: opened.stamp,
          version: now.version + 1,
          dirty: false,
          save: { kind: "idle" },
        }));
      } catch (error) {
        change(tabId, () => ({ save: { kind: "failed", message: errorMessage(error) } }));
      }
    },

    close(tabId, force = false) {
      const current = tab(tabId);
      if (!current) return;
      if (current.dirty && !force) {
        set({ activeId: tabId, showing: true, question: { kind: "close", tabId } });
        return;
      }
      set((state) => {
        const index = state.tabs.findIndex((one) => one.id === tabId);
        const tabs = state.tabs.filter((one) => one.id !== tabId);
        const activeId = state.activeId === tabId ? (tabs[Math.min(index, tabs.length - 1)]?.id ?? undefined) : state.activeId;
        // Closing the file on screen goes back to the panes, as closing WinSCP's editor window does; the other files stay open.
        return { tabs, activeId, showing: state.showing && state.activeId !== tabId && tabs.length > 0, question: undefined };
      });
      edits.delete(tabId);
    },

    answer() {
      set({ question: undefined });
    },

    anyDirty() {
      return get().tabs.some((one) => one.dirty);
    },

    unsavedIn(sessionId) {
      return get().tabs.filter((one) => one.dirty && onServer(one, sessionId)).length;
    },

    closeSession(sessionId) {
      for (const one of get().tabs.filter((each) => onServer(each, sessionId))) get().close(one.id, true);
    },
  };
});
