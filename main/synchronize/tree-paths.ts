/**
 * A synchronization names each file by its path from the compared folders ("css/site.css", "" for
 * the folders themselves): here, what that path is inside a folder, on this computer and on the server.
 */
import { join, posix } from "node:path";

/** The path of `name` inside the tree path `folder`. */
export const childPath = (folder: string, name: string) => (folder ? `${folder}/${name}` : name);

/** The local path of a tree path. */
export const localPathOf = (root: string, path: string) => (path ? join(root, ...path.split("/")) : root);

/** The server path of a tree path. */
export const remotePathOf = (root: string, path: string) => (path ? posix.join(root, path) : root);

/** "a/b/c.txt" → "a/b"; "c.txt" → "" (the watched folder itself). */
export const parentOf = (path: string) => posix.dirname(path).replace(/^\.$/, "");

/** Paths grouped by the folder that holds them, each with its name there, in order. */
export function byParent(paths: Iterable<string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const path of [...paths].sort()) groups.set(parentOf(path), [...(groups.get(parentOf(path)) ?? []), posix.basename(path)]);
  return groups;
}

/** Whether a path is inside a folder (everything is inside the watched folder, ""). */
export const isBelow = (path: string, folder: string) => folder === "" || path.startsWith(`${folder}/`);
