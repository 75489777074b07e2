/** The status line under a pane, as WinSCP and FileZilla have one: what the folder holds, and what is marked. */
import type { FileEntry } from "../../shared/domain";
import { formatSize } from "../format";

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

function sizeOf(entries: readonly FileEntry[]): number {
  return entries.reduce((sum, entry) => sum + (entry.kind === "file" ? (entry.size ?? 0) : 0), 0);
}

/** After Compare directories: "; 2 differ", "; 1 differs", "; none differ". */
function differing(differ: number | undefined): string {
  if (differ === undefined) return "";
  return differ === 0 ? "; none differ" : `; ${differ.toLocaleString()} ${differ === 1 ? "differs" : "differ"}`;
}

/**
 * "3 files and 2 folders, 18 KB" ("2 folders" alone); with marks, "2 of 5 marked, 12 KB of 18 KB". Sizes count the
 * files only (a folder's size is not listed); `shown` says how many rows a filter lets through; `differ`, how many
 * entries the last Compare directories found differing.
 */
export function paneStatus(entries: readonly FileEntry[], marked: readonly string[], shown: number, differ?: number): string {
  return contents(entries, marked, shown) + differing(differ);
}

function contents(entries: readonly FileEntry[], marked: readonly string[], shown: number): string {
  if (entries.length === 0) return "Empty folder";
  const total = sizeOf(entries);
  const filtered = shown < entries.length ? ` (${shown.toLocaleString()} shown)` : "";
  if (marked.length > 0) {
    const names = new Set(marked);
    const picked = entries.filter((entry) => names.has(entry.name));
    return `${picked.length.toLocaleString()} of ${entries.length.toLocaleString()} marked, ${formatSize(sizeOf(picked))} of ${formatSize(total)}${filtered}`;
  }
  const folders = entries.filter((entry) => entry.kind === "folder").length;
  const files = entries.length - folders;
  const parts = [files > 0 || folders === 0 ? count(files, "file", "files") : "", folders > 0 ? count(folders, "folder", "folders") : ""];
  // Only folders: their sizes are not listed, so a size would say "0 B" of what may be gigabytes.
  return `${parts.filter(Boolean).join(" and ")}${files > 0 ? `, ${formatSize(total)}` : ""}${filtered}`;
}
