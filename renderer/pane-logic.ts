/**
 * What the panes compute from a listing, kept apart from React and the stores so that it
 * can be tested alone: sorting, type names, masks, and joining paths on either side.
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

/**
 * Folders first whatever the order, as in WinSCP and FileZilla; then the chosen column, in
 * natural order ("file 2" before "file 10"), names breaking ties.
 */
export function sortEntries(entries: FileEntry[], order: SortOrder = { column: "name", descending: false }): FileEntry[] {
  const rank = (entry: FileEntry) => (entry.kind === "folder" ? 0 : 1);
  const direction = order.descending ? -1 : 1;
  return [...entries].sort((a, b) => rank(a) - rank(b) || direction * (comparators[order.column](a, b) || collator.compare(a.name, b.name)));
}

/** "*.html; *.htm" or "report-??.pdf": does the name match any of the masks? Case-insensitive, as in WinSCP. */
export function matchesMask(name: string, mask: string): boolean {
  return mask
    .split(/[;,]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .some((part) => {
      const pattern = part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
      return new RegExp(`^${pattern}$`, "i").test(name);
    });
}

/** A child path: POSIX on the server, and locally the form the folder is in (C:\ or /). */
export function joinPath(side: "local" | "remote", folder: string, name: string): string {
  const separator = side === "local" && /^[A-Za-z]:(\\|$)/.test(folder) ? "\\" : "/";
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

/** "rwxr-xr-x" → 0o755 (s and t count as x, S and T do not); undefined when the listing gave none. */
export function modeOf(permissions: string | undefined): number | undefined {
  if (!permissions || !/^[rwxsStT-]{9}$/.test(permissions)) return undefined;
  return [...permissions].reduce((mode, char, i) => (char !== "-" && char !== "S" && char !== "T" ? mode | (1 << (8 - i)) : mode), 0);
}
