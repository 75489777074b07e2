/**
 * What happens to a pane when the user moves, marks, sorts or filters, or when a listing
 * arrives: pure functions from one pane state to the next, so that the store only does IO
 * and each rule can be tested alone.
 */
import type { FileEntry, Listing } from "../../shared/domain";
import { matchesFileMask, parseFileMask, type FileMask, type MaskItem } from "../../shared/file-mask";
import type { PaneTarget } from "../../shared/files";
import { sortEntries, type SortColumn, type SortOrder } from "../pane-logic";

export type Side = "local" | "remote";

/** Where a pane's operation acts: the disk or the session's server, and the folder. */
export interface PanePlace {
  target: PaneTarget;
  folder: string;
}

/** The same folder on the same disk or server session. */
export function samePlace(a: PanePlace | undefined, b: PanePlace): boolean {
  const sessionOf = (target: PaneTarget) => (target.side === "remote" ? target.sessionId : undefined);
  return a !== undefined && a.folder === b.folder && a.target.side === b.target.side && sessionOf(a.target) === sessionOf(b.target);
}

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
  /** Why the listing lacks entries the folder holds (the server cut it short), as a sentence to show. */
  incomplete?: string;
  /** How many entries the last Compare directories found differing here; cleared when the folder changes. */
  differ?: number;
}

export const emptyPane: PaneState = {
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

/** An entry as a file mask sees it: a link counts as a file. */
function maskItem(entry: FileEntry): MaskItem {
  return { name: entry.name, kind: entry.kind === "folder" ? "folder" : "file", size: entry.size, modified: entry.modified };
}

/** The entries a filter lets through: a mask (once it has a wildcard or a condition), else a part of the name. */
function filtered(entries: FileEntry[], filter: string): FileEntry[] {
  const wanted = filter.trim().toLowerCase();
  if (!wanted) return entries;
  // Brackets alone stay a part of a name: "report[1]" is typed to find that name.
  if (!/[*?|<>]/.test(wanted)) return entries.filter((e) => e.name.toLowerCase().includes(wanted));
  const parsed = parseFileMask(wanted);
  // A mask half typed ("*>") hides nothing until it reads as one.
  if (!parsed.ok) return entries;
  const now = Date.now();
  return entries.filter((e) => matchesFileMask(parsed.mask, maskItem(e), now));
}

/** The rows a pane shows: ".." where there is a folder above, then the entries the filter lets through, sorted. */
export function rowsOf(parent: string | undefined, entries: FileEntry[], sort: SortOrder, filter: string): PaneRow[] {
  const up: PaneRow[] = parent !== undefined ? [{ kind: "up", name: ".." }] : [];
  return [...up, ...sortEntries(filtered(entries, filter), sort)];
}

function without<K extends keyof PaneState>(pane: PaneState, key: K): PaneState {
  const next = { ...pane };
  delete next[key];
  return next;
}

function clamp(pane: PaneState, index: number): number {
  return Math.min(Math.max(index, 0), Math.max(pane.rows.length - 1, 0));
}

function indexOfName(rows: PaneRow[], name: string | undefined): number {
  return name === undefined ? -1 : rows.findIndex((row) => row.name === name);
}

/**
 * A listing arrived for the pane that looked like `previous` when it was asked for. Coming back
 * up, the cursor lands on the folder we came from, as in Commander; a refresh keeps it on the
 * same name and keeps the marks that are still there. A filter belongs to the folder it was
 * typed in: `filter` is the one the pane has now, as it may have been typed while this loaded.
 */
export function listingArrived(
  previous: PaneState,
  listing: Listing,
  { fromHistory, filter }: { fromHistory: boolean; filter: string },
): PaneState {
  const sameFolder = listing.path === previous.path;
  const cameFrom = sameFolder
    ? previous.rows[previous.cursor]?.name
    : previous.path && listing.path === previous.parent
      ? previous.path.split(/[\\/]/).pop()
      : undefined;
  const kept = sameFolder ? filter : "";
  const rows = rowsOf(listing.parent, listing.entries, previous.sort, kept);
  const history = fromHistory || sameFolder ? previous.history : [...previous.history.slice(0, previous.historyIndex + 1), listing.path];
  return {
    path: listing.path,
    ...(listing.parent !== undefined ? { parent: listing.parent } : {}),
    entries: listing.entries,
    sort: previous.sort,
    filter: kept,
    history,
    historyIndex: fromHistory ? previous.historyIndex : history.length - 1,
    rows,
    cursor: Math.max(0, indexOfName(rows, cameFrom)),
    marked: sameFolder ? previous.marked.filter((name) => rows.some((row) => row.name === name)) : [],
    loading: false,
    rejectedNames: listing.rejectedNames,
    ...(listing.incomplete !== undefined ? { incomplete: listing.incomplete } : {}),
    // A refresh (Ctrl+R, or the disk changed) does not take away a rename or a delete under way; a path being typed
    // stays whatever folder arrives (the first listing may come while the user types where to go).
    ...(sameFolder && previous.renaming !== undefined && rows.some((row) => row.name === previous.renaming)
      ? { renaming: previous.renaming }
      : {}),
    ...(previous.typedPath !== undefined ? { typedPath: previous.typedPath } : {}),
    ...(previous.deleting ? { deleting: previous.deleting } : {}),
    ...(sameFolder && previous.differ !== undefined ? { differ: previous.differ } : {}),
  };
}

/** The folder Alt+Left (-1) or Alt+Right (+1) goes to, with the history moved there; undefined at either end. */
export function stepHistory(pane: PaneState, step: -1 | 1): { pane: PaneState; path: string } | undefined {
  const path = pane.history[pane.historyIndex + step];
  return path === undefined ? undefined : { pane: { ...pane, historyIndex: pane.historyIndex + step }, path };
}

/** Ctrl+\: the root of the pane's file system, the drive locally on Windows. */
export function rootOf(side: Side, path: string): string {
  const drive = /^[A-Za-z]:\\/.exec(path);
  return side === "local" && drive ? drive[0] : "/";
}

/** A plain cursor move (arrows, a click): it also ends a Shift-extension. */
export function moveCursor(pane: PaneState, index: number): PaneState {
  return without({ ...pane, cursor: clamp(pane, index) }, "anchor");
}

/** A cursor move with Shift held: every row from where the extension started to the cursor is marked. */
export function extendTo(pane: PaneState, index: number): PaneState {
  const cursor = clamp(pane, index);
  const anchor = pane.anchor ?? pane.cursor;
  const [from, to] = anchor < cursor ? [anchor, cursor] : [cursor, anchor];
  const marked = pane.rows.slice(from, to + 1).flatMap((row) => (row.kind === "up" ? [] : [row.name]));
  return { ...pane, cursor, anchor, marked };
}

/**
 * Type-ahead: the next name that starts with the letters typed. One letter looks from the row
 * after the cursor (typing it again cycles); a longer prefix may stay where it is.
 */
export function jumpTo(pane: PaneState, prefix: string): PaneState {
  const wanted = prefix.toLowerCase();
  const order = [...pane.rows.keys()].map((i) => (pane.cursor + (prefix.length === 1 ? 1 : 0) + i) % pane.rows.length);
  const found = order.find((i) => pane.rows[i]?.name.toLowerCase().startsWith(wanted));
  return found === undefined ? pane : moveCursor(pane, found);
}

/** Insert, Space or Ctrl+click: marks or unmarks a row (never ".."); `thenMove` goes on to the next row. */
export function toggleMark(pane: PaneState, index: number, thenMove: boolean): PaneState {
  const row = pane.rows[index];
  if (!row) return pane;
  const marked =
    row.kind === "up"
      ? pane.marked
      : pane.marked.includes(row.name)
        ? pane.marked.filter((name) => name !== row.name)
        : [...pane.marked, row.name];
  const cursor = thenMove ? Math.min(index + 1, pane.rows.length - 1) : pane.cursor;
  return { ...pane, marked, cursor };
}

/** The entries the pane shows, in listing order: marks go on these only, as in Total Commander and WinSCP, since F5, F6 and F8 act on the marks. */
function shownEntries(pane: PaneState): FileEntry[] {
  const shown = new Set(pane.rows.map((row) => row.name));
  return pane.entries.filter((entry) => shown.has(entry.name));
}

export function markAll(pane: PaneState): PaneState {
  return { ...pane, marked: shownEntries(pane).map((entry) => entry.name) };
}

/** Num+ and Num−: marks (or unmarks) every shown entry the mask names, such as "*.html" or "*>1M | *.bak". */
export function markByMask(pane: PaneState, mask: FileMask, mark: boolean): PaneState {
  const now = Date.now();
  const matching = new Set(
    shownEntries(pane)
      .filter((entry) => matchesFileMask(mask, maskItem(entry), now))
      .map((entry) => entry.name),
  );
  const marked = mark ? [...new Set([...pane.marked, ...matching])] : pane.marked.filter((name) => !matching.has(name));
  return { ...pane, marked };
}

/** Compare directories: the differing entries a filter shows become the marks (F5 then copies them); all of them are counted for the status line. */
export function markDifferences(pane: PaneState, names: string[]): PaneState {
  const shown = new Set(shownEntries(pane).map((entry) => entry.name));
  return { ...without(pane, "anchor"), marked: names.filter((name) => shown.has(name)), differ: names.length };
}

/** Num*: every shown entry that was not marked is, and the others are not. */
export function invertMarks(pane: PaneState): PaneState {
  const marked = new Set(pane.marked);
  return {
    ...pane,
    marked: shownEntries(pane)
      .map((entry) => entry.name)
      .filter((name) => !marked.has(name)),
  };
}

/** The filter box narrows the rows; the cursor goes back to the top. A row it hides is unmarked, as on a refresh: operations act on what is shown. */
export function filterRows(pane: PaneState, filter: string): PaneState {
  const rows = rowsOf(pane.parent, pane.entries, pane.sort, filter);
  const shown = new Set(rows.map((row) => row.name));
  return { ...pane, filter, rows, cursor: 0, marked: pane.marked.filter((name) => shown.has(name)) };
}

/** Sorts by a column, the same column again reversing the order; the cursor stays on its name. */
export function sortBy(pane: PaneState, column: SortColumn): PaneState {
  const sort = { column, descending: pane.sort.column === column ? !pane.sort.descending : false };
  const rows = rowsOf(pane.parent, pane.entries, sort, pane.filter);
  return { ...pane, sort, rows, cursor: Math.max(0, indexOfName(rows, pane.rows[pane.cursor]?.name)) };
}

/** What a file operation acts on: the marked names, or else the row under the cursor (never ".."). */
export function selectionOf(pane: PaneState): string[] {
  if (pane.marked.length > 0) return pane.marked;
  const row = pane.rows[pane.cursor];
  return row && row.kind !== "up" ? [row.name] : [];
}

/** F2: the cursor's entry becomes an editable name; ".." cannot be renamed. */
export function startRename(pane: PaneState): PaneState {
  const row = pane.rows[pane.cursor];
  return row && row.kind !== "up" ? { ...pane, renaming: row.name } : pane;
}

/** The rename field closed: the name it was for, and the pane without it. */
export function endRename(pane: PaneState): { pane: PaneState; from: string | undefined } {
  return { pane: without(pane, "renaming"), from: pane.renaming };
}

/** Ctrl+L opens the path bar with `text`; undefined closes it. */
export function typePath(pane: PaneState, text: string | undefined): PaneState {
  return text === undefined ? without(pane, "typedPath") : { ...pane, typedPath: text };
}

export function deleteStarted(pane: PaneState, operationId: string, first: string): PaneState {
  return { ...pane, deleting: { operationId, done: 0, current: first } };
}

export function deleteProgressed(pane: PaneState, progress: { operationId: string; done: number; current: string }): PaneState {
  return pane.deleting?.operationId === progress.operationId ? { ...pane, deleting: progress } : pane;
}

export function deleteEnded(pane: PaneState): PaneState {
  return without(pane, "deleting");
}

/**
 * After a file operation the pane was listed again: the cursor lands on what was just made or
 * renamed (when it worked), and the operation's error stays in view.
 */
export function operationDone(pane: PaneState, { landOn, error }: { landOn?: string | undefined; error?: string | undefined }): PaneState {
  const landed = landOn && !error ? indexOfName(pane.rows, landOn) : -1;
  return { ...pane, ...(landed >= 0 ? { cursor: landed } : {}), ...(error ? { error } : {}) };
}
