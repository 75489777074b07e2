/**
 * What the panes compute from a listing, kept apart from React and the stores so that it
 * can be tested alone: sorting, type names, and joining paths on either side.
 */
import type { FileEntry } from "../shared/domain";

export const sortColumns = ["name", "type", "modified", "size"] as const;
export type SortColumn = (typeof sortColumns)[number];
export interface SortOrder {
  column: SortColumn;
  descending: boolean;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** "Folder", "TXT file", "File": WinSCP's Type column, without asking the OS. */
export function typeLabel(entry: Pick<FileEntry, "name" | "kind">): string {
  if (entry.kind === "folder") return "Folder";
  if (entry.kind === "link") return "Link";
  const ext = extension(entry.name);
  return ext ? `${ext.toUpperCase()} file` : "File";
}

const comparators: Record<SortColumn, (a: FileEntry, b: FileEntry) => number> = {
  name: () => 0,
  type: (a, b) => collator.compare(extension(a.name), extension(b.name)),
  modified: (a, b) => (a.modified ?? 0) - (b.modified ?? 0),
  size: (a, b) => (a.size ?? 0) - (b.size ?? 0),
};

/** A key whose plain order mostly agrees with the collator's: lower case, numbers padded. */
function roughKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (digits) => digits.padStart(16, "0"));
}

function plain(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Insertion sort of an almost sorted list, in place. Undefined when it is far from sorted
 * (more moves than the budget), where a full sort is the cheaper way.
 */
function insertionSort<T>(items: T[], compare: (a: T, b: T) => number): T[] | undefined {
  let budget = items.length * 4;
  for (let i = 1; i < items.length; i++) {
    const item = items[i] as T;
    let j = i - 1;
    while (j >= 0 && compare(items[j] as T, item) > 0) {
      items[j + 1] = items[j] as T;
      j--;
      if (--budget < 0) return undefined;
    }
    items[j + 1] = item;
  }
  return items;
}

/**
 * Folders first whatever the order, as in WinSCP and FileZilla; then the chosen column, in
 * natural order ("file 2" before "file 10"), names breaking ties.
 */
export function sortEntries(entries: FileEntry[], order: SortOrder = { column: "name", descending: false }): FileEntry[] {
  const rank = (entry: FileEntry) => (entry.kind === "folder" ? 0 : 1);
  const direction = order.descending ? -1 : 1;
  const exact = (a: FileEntry, b: FileEntry) =>
    rank(a) - rank(b) || direction * (comparators[order.column](a, b) || collator.compare(a.name, b.name));
  // A collator compare costs about half a microsecond: sorting 100 000 names with it takes most
  // of a second. A plain sort on rough keys first, then an insertion pass with the collator,
  // costs about one collator compare per entry where the keys agree with it, as they mostly do.
  const keyed = entries.map((entry) => ({
    entry,
    name: roughKey(entry.name),
    type: order.column === "type" ? roughKey(extension(entry.name)) : "",
  }));
  const column =
    order.column === "type"
      ? (a: (typeof keyed)[number], b: (typeof keyed)[number]) => plain(a.type, b.type)
      : (a: (typeof keyed)[number], b: (typeof keyed)[number]) => comparators[order.column](a.entry, b.entry);
  keyed.sort((a, b) => rank(a.entry) - rank(b.entry) || direction * (column(a, b) || plain(a.name, b.name)));
  return (
    insertionSort(
      keyed.map((k) => k.entry),
      exact,
    ) ?? [...entries].sort(exact)
  );
}

/** A child path: POSIX on the server, and locally the form the folder is in (C:\ or /). */
export function joinPath(side: "local" | "remote", folder: string, name: string): string {
  const separator = side === "local" && /^[A-Za-z]:(\\|$)/.test(folder) ? "\\" : "/";
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

/** The folder a row stands for, when the row is one a drop can go into (a folder, or ".."). */
export function folderOfRow(
  side: "local" | "remote",
  folder: string,
  parent: string | undefined,
  row: { kind: string; name: string },
): string | undefined {
  if (row.kind === "up") return parent;
  if (row.kind === "folder") return joinPath(side, folder, row.name);
  return undefined;
}

/** "rwxr-xr-x" → 0o755 (s and t count as x, S and T do not); undefined when the listing gave none. */
export function modeOf(permissions: string | undefined): number | undefined {
  if (!permissions || !/^[rwxsStT-]{9}$/.test(permissions)) return undefined;
  return [...permissions].reduce((mode, char, i) => (char !== "-" && char !== "S" && char !== "T" ? mode | (1 << (8 - i)) : mode), 0);
}
