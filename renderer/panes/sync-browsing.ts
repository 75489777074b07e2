/**
 * Synchronized browsing (WinSCP's): the folder in one pane that corresponds to where the other
 * pane went, relative to the pair of folders the panes showed when it was turned on.
 */
import type { Side } from "./pane-transitions";

/** The two folders the panes showed when synchronized browsing was turned on. */
export type SyncRoots = Record<Side, string>;

interface SplitPath {
  /** "/" on the server and on POSIX disks; "C:\" for a Windows drive. */
  root: string;
  separator: string;
  parts: string[];
}

function split(path: string): SplitPath {
  const drive = /^[A-Za-z]:(\\|$)/.exec(path);
  const separator = drive ? "\\" : "/";
  const root = drive ? `${path.slice(0, 2)}\\` : "/";
  return { root, separator, parts: path.slice(root.length).split(separator).filter(Boolean) };
}

function join({ root, separator, parts }: SplitPath): string {
  return root + parts.join(separator);
}

export const otherSide = (side: Side): Side => (side === "local" ? "remote" : "local");

/**
 * Where the other pane goes when `side` went to `path`: the same steps up and down from its own
 * root. Undefined where there is none: another drive, or above the other pane's root folder.
 */
export function counterpartOf(side: Side, path: string, roots: SyncRoots): string | undefined {
  const from = split(roots[side]);
  const to = split(path);
  if (from.root.toLowerCase() !== to.root.toLowerCase()) return undefined;
  let common = 0;
  while (common < from.parts.length && common < to.parts.length && from.parts[common] === to.parts[common]) common++;
  const up = from.parts.length - common;
  const other = split(roots[otherSide(side)]);
  if (up > other.parts.length) return undefined;
  return join({ ...other, parts: [...other.parts.slice(0, other.parts.length - up), ...to.parts.slice(common)] });
}

/** The folder a path is in, and its name; undefined for a root. */
export function parentAndName(path: string): { parent: string; name: string } | undefined {
  const parsed = split(path);
  const name = parsed.parts.at(-1);
  return name === undefined ? undefined : { parent: join({ ...parsed, parts: parsed.parts.slice(0, -1) }), name };
}
