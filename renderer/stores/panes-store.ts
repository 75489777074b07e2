import { create } from "zustand";
import type { FileEntry, Listing } from "../../shared/domain";
import { call, errorMessage } from "../transport/bridge";
import { useSessionStore } from "./session-store";

export type Side = "local" | "remote";

/** A row of a pane: the entries, with ".." first where there is a folder above. */
export type PaneRow = { kind: "up"; name: ".." } | ({ kind: FileEntry["kind"] } & FileEntry);

export interface PaneState {
  path?: string;
  parent?: string;
  rows: PaneRow[];
  cursor: number;
  /** Names marked with Insert, Space or Ctrl+click; F5 and F6 act on these, or else on the cursor's row. */
  marked: string[];
  loading: boolean;
  error?: string;
  rejectedNames: number;
}

interface PanesStore {
  local: PaneState;
  remote: PaneState;
  focused: Side;
  load(side: Side, path?: string): Promise<void>;
  openRow(side: Side, index: number): Promise<void>;
  goUp(side: Side): Promise<void>;
  setCursor(side: Side, index: number): void;
  /** Marks or unmarks a row; `thenMove` goes on to the next row, as Insert does in Commander. */
  toggleMark(side: Side, index: number, thenMove: boolean): void;
  /** What a file operation acts on: the marked names, or else the row under the cursor. */
  selection(side: Side): string[];
  focus(side: Side): void;
  clear(side: Side): void;
  /** A session opened: the remote pane shows where it started, and takes the focus. */
  showSession(startPath: string, localPath?: string): Promise<void>;
}

const emptyPane: PaneState = { rows: [], cursor: 0, marked: [], loading: false, rejectedNames: 0 };
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Folders first, then natural order by name, as WinSCP and FileZilla sort by default. */
export function sortEntries(entries: FileEntry[]): FileEntry[] {
  const rank = (entry: FileEntry) => (entry.kind === "folder" ? 0 : 1);
  return [...entries].sort((a, b) => rank(a) - rank(b) || collator.compare(a.name, b.name));
}

function rowsOf(listing: Listing): PaneRow[] {
  const up: PaneRow[] = listing.parent !== undefined ? [{ kind: "up", name: ".." }] : [];
  return [...up, ...sortEntries(listing.entries)];
}

function fetchListing(side: Side, path: string | undefined): Promise<Listing> {
  if (side === "local") return call("local.list", { path: path ?? "/" });
  const session = useSessionStore.getState().session;
  if (!session) return Promise.reject(new Error("not connected"));
  return call("remote.list", { sessionId: session.id, ...(path !== undefined ? { path } : {}) });
}

function joinPath(side: Side, folder: string, name: string): string {
  const separator = side === "local" && /^[A-Za-z]:\\/.test(folder) ? "\\" : "/";
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

export const usePanesStore = create<PanesStore>((set, get) => {
  const setPane = (side: Side, pane: PaneState) => set({ [side]: pane } as Pick<PanesStore, Side>);
  return {
    local: emptyPane,
    remote: emptyPane,
    focused: "local",

    async load(side, path) {
      const previous = get()[side];
      setPane(side, { ...previous, loading: true });
      try {
        const listing = await fetchListing(side, path);
        // Coming back up, the cursor lands on the folder we came from, as in Commander.
        const cameFrom = previous.path && listing.path === previous.parent ? previous.path.split(/[\\/]/).pop() : undefined;
        const rows = rowsOf(listing);
        const cursor = Math.max(0, cameFrom ? rows.findIndex((row) => row.name === cameFrom) : 0);
        setPane(side, {
          path: listing.path,
          ...(listing.parent !== undefined ? { parent: listing.parent } : {}),
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

    async goUp(side) {
      const pane = get()[side];
      if (pane.parent !== undefined) await get().load(side, pane.parent);
    },

    setCursor(side, index) {
      const pane = get()[side];
      const cursor = Math.min(Math.max(index, 0), Math.max(pane.rows.length - 1, 0));
      setPane(side, { ...pane, cursor });
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

    clear(side) {
      setPane(side, emptyPane);
    },

    async showSession(startPath, localPath) {
      await Promise.all([get().load("remote", startPath), localPath ? get().load("local", localPath) : Promise.resolve()]);
      get().focus("remote");
    },
  };
});
