import { create } from "zustand";
import type { FileEntry, Listing } from "../../shared/domain";
import type { PaneTarget } from "../../shared/files";
import { joinPath, matchesMask, sortEntries, type SortColumn, type SortOrder } from "../pane-logic";
import type { ColumnId } from "../components/pane-columns";
import { call, errorMessage } from "../transport/bridge";
import { useSessionStore } from "./session-store";

export type Side = "local" | "remote";

/** A row of a pane: the entries, with ".." first where there is a folder above. */
export type PaneRow = { kind: "up"; name: ".." } | ({ kind: FileEntry["kind"] } & FileEntry);

export interface PaneState {
  path?: string;
  parent?: string;
  /** The entries as listed, and as shown: sorted, ".." first. */
  entries: FileEntry[];
  rows: PaneRow[];
  sort: SortOrder;
  cursor: number;
  /** Names marked with Insert, Space or Ctrl+click; F5 and F6 act on these, or else on the cursor's row. */
  marked: string[];
  /** Where a Shift-extension started; reset by any plain cursor move. */
  anchor?: number;
  /** Folders visited, for Alt+Left and Alt+Right. */
  history: string[];
  historyIndex: number;
  /** Narrows the rows as the user types: a part of the name, or a mask such as *.php. */
  filter: string;
  /** The path being typed in the path bar (Ctrl+L); undefined shows the breadcrumbs. */
  typedPath?: string;
  /** The entry being renamed in place (F2). */
  renaming?: string;
  /** A delete under way in this pane, as far as it has come. */
  deleting?: { operationId: string; done: number; current: string };
  loading: boolean;
  error?: string;
  rejectedNames: number;
}

interface PanesStore {
  local: PaneState;
  remote: PaneState;
  focused: Side;
  /** Hidden files (names starting with a dot) are listed: Ctrl+Alt+H. */
  showHidden: boolean;
  /** Bumped when the focused pane should take the keyboard focus too (a session just opened). */
  focusRequest: number;
  /** Columns the user hid, per pane; kept across restarts in the renderer's storage. */
  hiddenColumns: Record<Side, ColumnId[]>;
  toggleColumn(side: Side, column: ColumnId): void;
  /** `fresh` asks the server again rather than using the session's cached listing. */
  load(side: Side, path?: string, fromHistory?: boolean, fresh?: boolean): Promise<void>;
  back(side: Side): Promise<void>;
  forward(side: Side): Promise<void>;
  /** Ctrl+\: the root of the pane's file system (the drive, locally on Windows). */
  goRoot(side: Side): Promise<void>;
  setFilter(side: Side, filter: string): void;
  /** Deletes names with progress in the pane and a way to cancel. */
  deleteNames(side: Side, names: string[]): Promise<void>;
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
  /** Marks (or unmarks) every entry that matches a mask such as "*.html". */
  markByMask(side: Side, mask: string, mark: boolean): void;
  invertMarks(side: Side): void;
  /** Where a file operation on this pane goes: the disk, or the session's server. */
  target(side: Side): PaneTarget | undefined;
  /** Runs a file operation: its error shows beside the pane, and the listing refreshes either way. */
  operate(side: Side, operation: (target: PaneTarget, folder: string) => Promise<unknown>, landOn?: string): Promise<boolean>;
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
  /** A session opened: the remote pane shows where it started, and takes the focus. */
  showSession(startPath: string, localPath?: string): Promise<void>;
}

const columnsKey = "ferry.hiddenColumns";

function loadHiddenColumns(): Record<Side, ColumnId[]> {
  try {
    const saved = JSON.parse(localStorage.getItem(columnsKey) ?? "null") as Record<Side, ColumnId[]> | null;
    if (saved && Array.isArray(saved.local) && Array.isArray(saved.remote)) return saved;
  } catch {
    // A damaged setting only loses the column choice.
  }
  return { local: [], remote: [] };
}

const emptyPane: PaneState = {
  entries: [],
  rows: [],
  sort: { column: "name", descending: false },
  cursor: 0,
  marked: [],
  history: [],
  historyIndex: -1,
  filter: "",
  loading: false,
  rejectedNames: 0,
};

function rowsOf(parent: string | undefined, entries: FileEntry[], sort: SortOrder, filter: string): PaneRow[] {
  const up: PaneRow[] = parent !== undefined ? [{ kind: "up", name: ".." }] : [];
  const wanted = filter.trim().toLowerCase();
  const shown = !wanted ? entries : /[*?]/.test(wanted) ? entries.filter((e) => matchesMask(e.name, wanted)) : entries.filter((e) => e.name.toLowerCase().includes(wanted));
  return [...up, ...sortEntries(shown, sort)];
}

function fetchListing(side: Side, path: string | undefined, showHidden: boolean, fresh: boolean): Promise<Listing> {
  if (side === "local") return call("local.list", { path: path ?? "/", showHidden });
  const session = useSessionStore.getState().session;
  if (!session) return Promise.reject(new Error("not connected"));
  return call("sessions.list", { sessionId: session.id, showHidden, fresh, ...(path !== undefined ? { path } : {}) });
}

export const usePanesStore = create<PanesStore>((set, get) => {
  const setPane = (side: Side, pane: PaneState) => set({ [side]: pane } as Pick<PanesStore, Side>);
  return {
    local: emptyPane,
    remote: emptyPane,
    focused: "local",
    showHidden: false,
    focusRequest: 0,
    hiddenColumns: loadHiddenColumns(),

    toggleColumn(side, column) {
      const hidden = get().hiddenColumns[side];
      const next = { ...get().hiddenColumns, [side]: hidden.includes(column) ? hidden.filter((c) => c !== column) : [...hidden, column] };
      set({ hiddenColumns: next });
      localStorage.setItem(columnsKey, JSON.stringify(next));
    },

    async load(side, path, fromHistory = false, fresh = false) {
      const previous = get()[side];
      setPane(side, { ...previous, loading: true });
      try {
        const listing = await fetchListing(side, path, get().showHidden, fresh);
        // Coming back up, the cursor lands on the folder we came from, as in Commander; a
        // refresh keeps it on the same name.
        const sameFolder = listing.path === previous.path;
        const cameFrom = sameFolder ? previous.rows[previous.cursor]?.name : previous.path && listing.path === previous.parent ? previous.path.split(/[\\/]/).pop() : undefined;
        // A filter belongs to the folder it was typed in (and may have been typed while this loaded).
        const filter = sameFolder ? get()[side].filter : "";
        const rows = rowsOf(listing.parent, listing.entries, previous.sort, filter);
        const history =
          fromHistory || sameFolder ? previous.history : [...previous.history.slice(0, previous.historyIndex + 1), listing.path];
        const cursor = Math.max(0, cameFrom ? rows.findIndex((row) => row.name === cameFrom) : 0);
        setPane(side, {
          path: listing.path,
          ...(listing.parent !== undefined ? { parent: listing.parent } : {}),
          entries: listing.entries,
          sort: previous.sort,
          filter,
          history,
          historyIndex: fromHistory ? previous.historyIndex : history.length - 1,
          rows,
          cursor,
          marked: previous.path === listing.path ? previous.marked.filter((name) => rows.some((row) => row.name === name)) : [],
          loading: false,
          rejectedNames: listing.rejectedNames,
        });
      } catch (error) {
        setPane(side, { ...get()[side], loading: false, error: errorMessage(error) });
      }
    },

    async openRow(side, index) {
      const pane = get()[side];
      const row = pane.rows[index];
      if (!row || !pane.path) return;
      if (row.kind === "up") return get().goUp(side);
      if (row.kind === "file") return;
      await get().load(side, joinPath(side, pane.path, row.name));
    },

    async back(side) {
      const pane = get()[side];
      const target = pane.history[pane.historyIndex - 1];
      if (target === undefined) return;
      setPane(side, { ...pane, historyIndex: pane.historyIndex - 1 });
      await get().load(side, target, true);
    },

    async forward(side) {
      const pane = get()[side];
      const target = pane.history[pane.historyIndex + 1];
      if (target === undefined) return;
      setPane(side, { ...pane, historyIndex: pane.historyIndex + 1 });
      await get().load(side, target, true);
    },

    async goRoot(side) {
      const path = get()[side].path;
      if (!path) return;
      const drive = /^[A-Za-z]:\\/.exec(path);
      await get().load(side, side === "local" && drive ? drive[0] : "/");
    },

    async deleteNames(side, names) {
      const operationId = crypto.randomUUID();
      setPane(side, { ...get()[side], deleting: { operationId, done: 0, current: names[0] ?? "" } });
      await get().operate(side, (target, folder) => call("files.delete", { target, folder, names, operationId }));
      const pane = { ...get()[side] };
      delete pane.deleting;
      setPane(side, pane);
    },

    deleteProgress(progress) {
      for (const side of ["local", "remote"] as const) {
        const pane = get()[side];
        if (pane.deleting?.operationId === progress.operationId) setPane(side, { ...pane, deleting: progress });
      }
    },

    showError(side, message) {
      setPane(side, { ...get()[side], error: message });
    },

    startRename(side) {
      const pane = get()[side];
      const row = pane.rows[pane.cursor];
      if (row && row.kind !== "up") setPane(side, { ...pane, renaming: row.name });
    },

    async finishRename(side, newName) {
      const pane = { ...get()[side] };
      const from = pane.renaming;
      delete pane.renaming;
      setPane(side, pane);
      const to = newName?.trim();
      if (!from || !to || to === from) return;
      await get().operate(side, (target, folder) => call("files.rename", { target, folder, from, to }), to);
    },

    typePath(side, text) {
      const pane = { ...get()[side] };
      if (text === undefined) delete pane.typedPath;
      else pane.typedPath = text;
      setPane(side, pane);
    },

    setFilter(side, filter) {
      const pane = get()[side];
      const rows = rowsOf(pane.parent, pane.entries, pane.sort, filter);
      setPane(side, { ...pane, filter, rows, cursor: 0 });
    },

    async goUp(side) {
      const pane = get()[side];
      if (pane.parent !== undefined) await get().load(side, pane.parent);
    },

    setCursor(side, index) {
      const pane = get()[side];
      const cursor = Math.min(Math.max(index, 0), Math.max(pane.rows.length - 1, 0));
      const next = { ...pane, cursor };
      delete next.anchor;
      setPane(side, next);
    },

    extendTo(side, index) {
      const pane = get()[side];
      const cursor = Math.min(Math.max(index, 0), Math.max(pane.rows.length - 1, 0));
      const anchor = pane.anchor ?? pane.cursor;
      const [from, to] = anchor < cursor ? [anchor, cursor] : [cursor, anchor];
      const marked = pane.rows.slice(from, to + 1).flatMap((row) => (row.kind === "up" ? [] : [row.name]));
      setPane(side, { ...pane, cursor, anchor, marked });
    },

    jumpTo(side, prefix) {
      const pane = get()[side];
      const wanted = prefix.toLowerCase();
      const order = [...pane.rows.keys()].map((i) => (pane.cursor + (prefix.length === 1 ? 1 : 0) + i) % pane.rows.length);
      const found = order.find((i) => pane.rows[i]?.name.toLowerCase().startsWith(wanted));
      if (found !== undefined) get().setCursor(side, found);
    },

    async refresh(side) {
      const pane = get()[side];
      if (pane.path) await get().load(side, pane.path, false, true);
    },

    setSort(side, column) {
      const pane = get()[side];
      const sort = { column, descending: pane.sort.column === column ? !pane.sort.descending : false };
      const current = pane.rows[pane.cursor]?.name;
      const rows = rowsOf(pane.parent, pane.entries, sort, pane.filter);
      setPane(side, { ...pane, sort, rows, cursor: Math.max(0, rows.findIndex((row) => row.name === current)) });
    },

    async toggleHidden() {
      set({ showHidden: !get().showHidden });
      await Promise.all([get().refresh("local"), get().refresh("remote")]);
    },

    markAll(side) {
      const pane = get()[side];
      setPane(side, { ...pane, marked: pane.entries.map((entry) => entry.name) });
    },

    markByMask(side, mask, mark) {
      const pane = get()[side];
      const matching = pane.entries.filter((entry) => matchesMask(entry.name, mask)).map((entry) => entry.name);
      const marked = mark ? [...new Set([...pane.marked, ...matching])] : pane.marked.filter((name) => !matching.includes(name));
      setPane(side, { ...pane, marked });
    },

    invertMarks(side) {
      const pane = get()[side];
      setPane(side, { ...pane, marked: pane.entries.map((entry) => entry.name).filter((name) => !pane.marked.includes(name)) });
    },

    target(side) {
      if (side === "local") return { side: "local" };
      const session = useSessionStore.getState().session;
      return session ? { side: "remote", sessionId: session.id } : undefined;
    },

    async operate(side, operation, landOn) {
      const target = get().target(side);
      const folder = get()[side].path;
      if (!target || !folder) return false;
      let ok = true;
      let error: string | undefined;
      try {
        await operation(target, folder);
      } catch (failure) {
        ok = false;
        error = errorMessage(failure);
      }
      await get().refresh(side);
      const pane = get()[side];
      // The cursor lands on what was just made or renamed; this operation's error stays in view.
      const landed = landOn && ok ? pane.rows.findIndex((row) => row.name === landOn) : -1;
      setPane(side, { ...pane, ...(landed >= 0 ? { cursor: landed } : {}), ...(error ? { error } : {}) });
      return ok;
    },

    toggleMark(side, index, thenMove) {
      const pane = get()[side];
      const row = pane.rows[index];
      if (!row) return;
      const marked = row.kind === "up" ? pane.marked : pane.marked.includes(row.name) ? pane.marked.filter((name) => name !== row.name) : [...pane.marked, row.name];
      const cursor = thenMove ? Math.min(index + 1, pane.rows.length - 1) : pane.cursor;
      setPane(side, { ...pane, marked, cursor });
    },

    selection(side) {
      const pane = get()[side];
      if (pane.marked.length > 0) return pane.marked;
      const row = pane.rows[pane.cursor];
      return row && row.kind !== "up" ? [row.name] : [];
    },

    focus(side) {
      set({ focused: side });
    },

    async showSession(startPath, localPath) {
      await Promise.all([get().load("remote", startPath), localPath ? get().load("local", localPath) : Promise.resolve()]);
      set({ focused: "remote", focusRequest: get().focusRequest + 1 });
    },
  };
});

/**
 * Each tab keeps its own remote pane (path, history, sort, cursor) and the local folder it was
 * used with; switching tabs puts them back. A closed tab's panes are forgotten.
 */
const tabPanes = new Map<string, { remote: PaneState; localPath: string | undefined }>();

useSessionStore.subscribe((state, previous) => {
  const from = previous.session?.id;
  const to = state.session?.id;
  if (from === to) return;
  const panes = usePanesStore.getState();
  if (from && state.tabs.some((tab) => tab.id === from)) tabPanes.set(from, { remote: panes.remote, localPath: panes.local.path });
  else if (from) tabPanes.delete(from);
  const saved = to ? tabPanes.get(to) : undefined;
  usePanesStore.setState({ remote: saved?.remote ?? emptyPane });
  if (saved?.localPath && saved.localPath !== panes.local.path) void panes.load("local", saved.localPath);
});
