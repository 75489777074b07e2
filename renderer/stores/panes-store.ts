import { create } from "zustand";
import { compareFolders, differsOn, type CompareOptions } from "../../shared/compare-folders";
import type { Listing } from "../../shared/domain";
import type { FileMask } from "../../shared/file-mask";
import type { FileChecksum, PaneTarget } from "../../shared/files";
import { joinPath, type SortColumn } from "../pane-logic";
import { clampWidth, parseWidths, type ColumnId, type ColumnWidths, type LayoutColumnId } from "../panes/column-layout";
import * as pane from "../panes/pane-transitions";
import { emptyPane, type PanePlace, type PaneState, type Side } from "../panes/pane-transitions";
import { counterpartOf, otherSide, parentAndName, type SyncRoots } from "../panes/sync-browsing";
import { call, CommandError, errorMessage } from "../transport/bridge";
import { usePaneDialogStore } from "./pane-dialog-store";

interface PanesStore {
  local: PaneState;
  remote: PaneState;
  focused: Side;
  /** The session the remote pane shows: the active tab's. */
  sessionId: string | undefined;
  /** Hidden files (names starting with a dot) are listed: Ctrl+Alt+H. */
  showHidden: boolean;
  /** Bumped when the focused pane should take the keyboard focus too (a session just opened). */
  focusRequest: number;
  /** Columns the user hid, per pane; kept across restarts in the renderer's storage. */
  hiddenColumns: Record<Side, ColumnId[]>;
  toggleColumn(side: Side, column: ColumnId): void;
  /** Column widths the user set by dragging a header's edge (or with its arrow keys), per pane; kept like the hidden columns. */
  columnWidths: Record<Side, ColumnWidths>;
  setColumnWidth(side: Side, column: LayoutColumnId, width: number): void;
  /**
   * `fresh` asks the server again rather than using the session's cached listing. With synchronized
   * browsing on, the other pane follows to the corresponding folder.
   */
  load(side: Side, path?: string, fromHistory?: boolean, fresh?: boolean): Promise<void>;
  /** Synchronized browsing: the folders the panes showed when it was turned on; undefined when it is off. */
  syncRoots: SyncRoots | undefined;
  /** Turns synchronized browsing on (from the two folders shown now) or off. */
  toggleSyncBrowsing(): void;
  /** Turns synchronized browsing off, saying why in the pane on `side`. */
  stopSyncBrowsing(side: Side, why: string): void;
  /** The question's Create: makes the missing folder in `at` (where it was missing) and opens it in the pane on `side`, still there. */
  createSyncFolder(side: Side, at: PanePlace, path: string): Promise<void>;
  /** Compare directories: marks the entries that differ in both panes, and counts them in the status lines. */
  markDifferences(options: CompareOptions): void;
  back(side: Side): Promise<void>;
  forward(side: Side): Promise<void>;
  /** Ctrl+\: the root of the pane's file system (the drive, locally on Windows). */
  goRoot(side: Side): Promise<void>;
  setFilter(side: Side, filter: string): void;
  /** Deletes names in `at` (the folder the pane showed when the user asked) with progress in the pane and a way to cancel. */
  deleteNames(side: Side, at: PanePlace, names: string[]): Promise<void>;
  deleteProgress(progress: { operationId: string; done: number; current: string }): void;
  /** Says in the pane why something the user did there did not happen. */
  showError(side: Side, message: string): void;
  /** F2: the cursor's entry becomes an editable name. */
  startRename(side: Side): void;
  /** Enter (or leaving the field) renames; undefined (Escape) keeps the old name. */
  finishRename(side: Side, newName: string | undefined): Promise<void>;
  /** Opens the path bar for typing (or, with undefined, closes it). */
  typePath(side: Side, text: string | undefined): void;
  /** Lists the pane's folder again, keeping the cursor on the same name. */
  refresh(side: Side): Promise<void>;
  /** Sorts by a column; the same column again reverses the order. */
  setSort(side: Side, column: SortColumn): void;
  toggleHidden(): Promise<void>;
  markAll(side: Side): void;
  /** Marks (or unmarks) every entry the mask names, such as "*.html". */
  markByMask(side: Side, mask: FileMask, mark: boolean): void;
  invertMarks(side: Side): void;
  /** Where a file operation on this pane goes: the disk, or the session's server. */
  target(side: Side): PaneTarget | undefined;
  /**
   * Where a file operation on this pane acts now: its target and the folder it shows. A question (F8, F9, a drop)
   * takes it when asked and acts there once answered, though the pane may have moved on meanwhile.
   */
  placeOf(side: Side): PanePlace | undefined;
  /** Runs a file operation in `at` (nothing when undefined): its error shows in the pane, and the pane's listing refreshes either way. */
  operate(
    side: Side,
    at: PanePlace | undefined,
    operation: (target: PaneTarget, folder: string) => Promise<unknown>,
    landOn?: string,
  ): Promise<boolean>;
  /** Properties' Calculate: the size of names in `at`, folders walked by main; `operationId` cancels it. */
  measure(at: PanePlace, names: string[], operationId: string): Promise<{ bytes: number; files: number; folders: number }>;
  /** Properties' Checksum: the server's own checksum of one file in `at`. */
  checksum(at: PanePlace, name: string): Promise<FileChecksum>;
  openRow(side: Side, index: number): Promise<void>;
  goUp(side: Side): Promise<void>;
  setCursor(side: Side, index: number): void;
  /** Moves the cursor with Shift held: every row from where the extension started to the cursor is marked. */
  extendTo(side: Side, index: number): void;
  /** Typing letters jumps to the next name that starts with them. */
  jumpTo(side: Side, prefix: string): void;
  /** Marks or unmarks a row; `thenMove` goes on to the next row, as Insert does in Commander. */
  toggleMark(side: Side, index: number, thenMove: boolean): void;
  /** What a file operation acts on: the marked names, or else the row under the cursor. */
  selection(side: Side): string[];
  focus(side: Side): void;
  /** The active tab connected again after its connection was lost: its folder is listed afresh, where the user was. */
  reconnected(): Promise<void>;
  /** A session opened: the remote pane shows where it started, and takes the focus. */
  showSession(startPath: string, localPath?: string): Promise<void>;
  /**
   * The active tab changed (`to` undefined: none is left). Each tab keeps its own remote pane
   * (path, history, sort, cursor) and the local folder it was used with; switching tabs puts
   * them back, and a closed tab's panes (`fromClosed`) are forgotten.
   */
  switchSession(to: string | undefined, fromClosed: boolean): void;
}

const columnsKey = "ferry.hiddenColumns";

function loadHiddenColumns(): Record<Side, ColumnId[]> {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(columnsKey) ?? "null") as Record<Side, ColumnId[]> | null;
    if (saved && Array.isArray(saved.local) && Array.isArray(saved.remote)) return saved;
  } catch {
    // A damaged setting only loses the column choice.
  }
  // As in WinSCP, the remote pane starts without Type: Permissions and Owner/Group need the room, and the name keeps it.
  return { local: [], remote: ["type"] };
}

const widthsKey = "ferry.columnWidths";

function loadColumnWidths(): Record<Side, ColumnWidths> {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(widthsKey) ?? "null") as Partial<Record<Side, unknown>> | null;
    return { local: parseWidths(saved?.local), remote: parseWidths(saved?.remote) };
  } catch {
    // A damaged setting only loses the widths.
    return { local: {}, remote: {} };
  }
}

export const usePanesStore = create<PanesStore>((set, get) => {
  const setPane = (side: Side, next: PaneState) => set({ [side]: next } as Pick<PanesStore, Side>);
  const change = (side: Side, transition: (current: PaneState) => PaneState) => setPane(side, transition(get()[side]));
  const tabPanes = new Map<string, { remote: PaneState; localPath: string | undefined }>();
  /** Sentences said in each pane (showError), counted: a listing asked for before the latest one does not wipe it. */
  const said: Record<Side, number> = { local: 0, remote: 0 };
  /** A listing arrives in the pane as it is now (what the user did while it loaded counts), keeping a sentence said since `saidBefore`. */
  const arrive = (side: Side, listing: Listing, fromHistory: boolean, saidBefore: number) => {
    const now = get()[side];
    const arrived = pane.listingArrived(now, listing, { fromHistory, filter: now.filter });
    setPane(side, said[side] !== saidBefore && now.error !== undefined ? { ...arrived, error: now.error } : arrived);
  };
  // Listings can arrive out of order (a slow first listing, then a folder typed in): only a side's latest request is shown.
  const latest: Record<Side, number> = { local: 0, remote: 0 };
  const ask = (side: Side) => {
    const ticket = ++latest[side];
    return () => ticket === latest[side];
  };

  function fetchListing(side: Side, path: string | undefined, fresh: boolean): Promise<Listing> {
    const showHidden = get().showHidden;
    if (side === "local") return call("local.list", { path: path ?? "/", showHidden });
    const sessionId = get().sessionId;
    if (!sessionId) return Promise.reject(new Error("not connected"));
    return call("sessions.list", { sessionId, showHidden, fresh, ...(path !== undefined ? { path } : {}) });
  }

  /** Lists `path` in the pane; false (the error shown in the pane) when it could not. */
  async function show(side: Side, path: string | undefined, fromHistory: boolean, fresh: boolean): Promise<boolean> {
    change(side, (current) => ({ ...current, loading: true }));
    const saidBefore = said[side];
    const isLatest = ask(side);
    try {
      const listing = await fetchListing(side, path, fresh);
      if (!isLatest()) return false;
      arrive(side, listing, fromHistory, saidBefore);
      return true;
    } catch (error) {
      if (isLatest()) change(side, (current) => ({ ...current, loading: false, error: errorMessage(error) }));
      return false;
    }
  }

  /** Synchronized browsing: `side` went to `path`, so the other pane goes to the corresponding folder, or asks to create it. */
  async function follow(side: Side, path: string): Promise<void> {
    const roots = get().syncRoots;
    if (!roots) return;
    const other = otherSide(side);
    const target = counterpartOf(side, path, roots);
    if (target === undefined)
      return get().stopSyncBrowsing(side, "Synchronized browsing is off: the other pane has no folder that corresponds to this one.");
    if (target === get()[other].path) return;
    let failure: unknown;
    const saidBefore = said[other];
    const isLatest = ask(other);
    try {
      const listing = await fetchListing(other, target, false);
      if (!isLatest()) return;
      return arrive(other, listing, false, saidBefore);
    } catch (error) {
      failure = error;
    }
    if (!isLatest()) return;
    const missing = parentAndName(target);
    const notFound = failure instanceof CommandError && failure.userError.code === "not-found";
    const at = get().placeOf(other);
    // WinSCP offers to create the folder when it is one step into the folder the other pane shows.
    if (notFound && missing && at?.folder === missing.parent) {
      usePaneDialogStore.getState().open({ kind: "sync-missing", side: other, at, from: side, path: target, name: missing.name });
    } else get().stopSyncBrowsing(side, `Synchronized browsing is off: ${errorMessage(failure)}`);
  }

  async function step(side: Side, direction: -1 | 1): Promise<void> {
    const stepped = pane.stepHistory(get()[side], direction);
    if (!stepped) return;
    setPane(side, stepped.pane);
    await get().load(side, stepped.path, true);
  }

  return {
    local: emptyPane,
    remote: emptyPane,
    focused: "local",
    sessionId: undefined,
    showHidden: false,
    focusRequest: 0,
    hiddenColumns: loadHiddenColumns(),
    columnWidths: loadColumnWidths(),

    setColumnWidth(side, column, width) {
      const next = { ...get().columnWidths, [side]: { ...get().columnWidths[side], [column]: clampWidth(width) } };
      set({ columnWidths: next });
      globalThis.localStorage?.setItem(widthsKey, JSON.stringify(next));
    },

    toggleColumn(side, column) {
      const hidden = get().hiddenColumns[side];
      const next = { ...get().hiddenColumns, [side]: hidden.includes(column) ? hidden.filter((c) => c !== column) : [...hidden, column] };
      set({ hiddenColumns: next });
      globalThis.localStorage?.setItem(columnsKey, JSON.stringify(next));
    },

    async load(side, path, fromHistory = false, fresh = false) {
      const before = get()[side].path;
      if (!(await show(side, path, fromHistory, fresh))) return;
      const after = get()[side].path;
      if (after !== undefined && after !== before) await follow(side, after);
    },

    syncRoots: undefined,

    toggleSyncBrowsing() {
      const { local, remote, syncRoots, focused } = get();
      if (syncRoots) return set({ syncRoots: undefined });
      if (local.path === undefined || remote.path === undefined)
        return get().showError(focused, "Synchronized browsing needs a folder in both panes: connect to a server first.");
      set({ syncRoots: { local: local.path, remote: remote.path } });
    },

    stopSyncBrowsing(side, why) {
      set({ syncRoots: undefined });
      get().showError(side, why);
    },

    async createSyncFolder(side, at, path) {
      const missing = parentAndName(path);
      if (!missing) return;
      const made = await get().operate(
        side,
        at,
        (target, folder) => call("files.mkdir", { target, folder, name: missing.name }),
        missing.name,
      );
      // Opened unless the pane has gone elsewhere since: where it went last is where the user is.
      if (made && pane.samePlace(get().placeOf(side), at)) await show(side, path, false, false);
      else get().stopSyncBrowsing(side, `Synchronized browsing is off: ${get()[side].error ?? `“${missing.name}” could not be created.`}`);
    },

    markDifferences(options) {
      const { local, remote, focused } = get();
      if (local.path === undefined || remote.path === undefined || get().sessionId === undefined)
        return get().showError(focused, "Compare directories needs a folder in both panes: connect to a server first.");
      const differences = compareFolders(local.entries, remote.entries, options);
      for (const side of ["local", "remote"] as const) {
        const listed = side === "local" ? local : remote;
        const names = listed.entries.map((entry) => entry.name).filter((name) => differsOn(differences.get(name) ?? "same", side));
        change(side, (current) => pane.markDifferences(current, names));
      }
    },

    async openRow(side, index) {
      const current = get()[side];
      const row = current.rows[index];
      if (!row || !current.path) return;
      if (row.kind === "up") return get().goUp(side);
      if (row.kind === "file") return;
      await get().load(side, joinPath(side, current.path, row.name));
    },

    back: (side) => step(side, -1),
    forward: (side) => step(side, 1),

    async goRoot(side) {
      const path = get()[side].path;
      if (path) await get().load(side, pane.rootOf(side, path));
    },

    async deleteNames(side, at, names) {
      const operationId = crypto.randomUUID();
      change(side, (current) => pane.deleteStarted(current, operationId, names[0] ?? ""));
      await get().operate(side, at, (target, folder) => call("files.delete", { target, folder, names, operationId }));
      change(side, pane.deleteEnded);
    },

    deleteProgress(progress) {
      for (const side of ["local", "remote"] as const) change(side, (current) => pane.deleteProgressed(current, progress));
    },

    showError(side, message) {
      said[side]++;
      change(side, (current) => ({ ...current, error: message }));
    },

    startRename(side) {
      change(side, pane.startRename);
    },

    async finishRename(side, newName) {
      const { pane: next, from } = pane.endRename(get()[side]);
      setPane(side, next);
      const to = newName?.trim();
      if (!from || !to || to === from) return;
      // The field is only open in the folder it was started in: a listing of another folder takes it away.
      await get().operate(side, get().placeOf(side), (target, folder) => call("files.rename", { target, folder, from, to }), to);
    },

    typePath(side, text) {
      change(side, (current) => pane.typePath(current, text));
    },

    setFilter(side, filter) {
      change(side, (current) => pane.filterRows(current, filter));
    },

    async goUp(side) {
      const parent = get()[side].parent;
      if (parent !== undefined) await get().load(side, parent);
    },

    setCursor(side, index) {
      change(side, (current) => pane.moveCursor(current, index));
    },

    extendTo(side, index) {
      change(side, (current) => pane.extendTo(current, index));
    },

    jumpTo(side, prefix) {
      change(side, (current) => pane.jumpTo(current, prefix));
    },

    async refresh(side) {
      const path = get()[side].path;
      if (path) await get().load(side, path, false, true);
    },

    setSort(side, column) {
      change(side, (current) => pane.sortBy(current, column));
    },

    async toggleHidden() {
      set({ showHidden: !get().showHidden });
      await Promise.all([get().refresh("local"), get().refresh("remote")]);
    },

    markAll(side) {
      change(side, pane.markAll);
    },

    markByMask(side, mask, mark) {
      change(side, (current) => pane.markByMask(current, mask, mark));
    },

    invertMarks(side) {
      change(side, pane.invertMarks);
    },

    target(side) {
      if (side === "local") return { side: "local" };
      const sessionId = get().sessionId;
      return sessionId ? { side: "remote", sessionId } : undefined;
    },

    placeOf(side) {
      const target = get().target(side);
      const folder = get()[side].path;
      return target && folder ? { target, folder } : undefined;
    },

    async operate(side, at, operation, landOn) {
      if (!at) return false;
      let error: string | undefined;
      try {
        await operation(at.target, at.folder);
      } catch (failure) {
        error = errorMessage(failure);
      }
      await get().refresh(side);
      change(side, (current) => pane.operationDone(current, { landOn, error }));
      return error === undefined;
    },

    measure({ target, folder }, names, operationId) {
      return call("files.size", { target, folder, names, operationId });
    },

    checksum({ target, folder }, name) {
      return call("files.checksum", { target, folder, name });
    },

    toggleMark(side, index, thenMove) {
      change(side, (current) => pane.toggleMark(current, index, thenMove));
    },

    selection(side) {
      return pane.selectionOf(get()[side]);
    },

    focus(side) {
      set({ focused: side });
    },

    async reconnected() {
      await get().refresh("remote");
    },

    async showSession(startPath, localPath) {
      // A new pair of folders: synchronized browsing is turned on again for them, not carried over.
      set({ syncRoots: undefined });
      await Promise.all([get().load("remote", startPath), localPath ? get().load("local", localPath) : Promise.resolve()]);
      set({ focused: "remote", focusRequest: get().focusRequest + 1 });
    },

    switchSession(to, fromClosed) {
      const { sessionId: from, remote, local } = get();
      if (from === to) return;
      if (from && !fromClosed) tabPanes.set(from, { remote, localPath: local.path });
      else if (from) tabPanes.delete(from);
      const saved = to ? tabPanes.get(to) : undefined;
      set({ sessionId: to, remote: saved?.remote ?? emptyPane, syncRoots: undefined });
      if (saved?.localPath && saved.localPath !== local.path) void get().load("local", saved.localPath);
    },
  };
});
