/**
 * The walks a synchronization compares: each tree listed folder by folder, several folders at
 * once (a tree of 1 000 folders on the server is listed on all the transfer connections, not one
 * LIST after another on one), masked, with hostile names and folders that cannot be listed
 * reported while the rest goes on.
 */
import { join } from "node:path";
import { readdir } from "node:fs/promises";
import type { FileEntry } from "../../shared/domain";
import { entersFolder, transfersFile, type FileMask } from "../../shared/file-mask";
import { isSafeName } from "../../shared/files";
import type { SyncProblem } from "../../shared/synchronize";
import { toUserError, UserFacingError } from "../errors";
import { tooDeepMessage } from "../listing/folder-walk";
import { LocalTree, type LocalEntry } from "../transfers/local-entry-kind";
import type { FolderListings } from "./sync-plan";
import { childPath, localPathOf } from "./tree-paths";

/** Lists one folder of a tree, by its path from the compared folder. */
export type ListFolder = (path: string) => Promise<FileEntry[]>;

export interface TreeWalkOptions {
  mask?: FileMask | undefined;
  /** Off: the compared folder's files only. */
  subfolders: boolean;
  maxDepth: number;
  /** Stops the walk: it ends with the abort's reason. */
  signal: AbortSignal;
  /** A folder was listed (or failed): for the progress line. */
  onListed(): void;
  /** A folder was found that will be listed. */
  onFound(): void;
  /** The compared folder in words, for the sentence when it cannot be listed: "The server folder /www". */
  rootName: string;
  /** Where the walk starts (default: the compared folder itself), and folders an earlier walk listed, not walked again. */
  again?: { from: readonly string[]; listed: ReadonlyMap<string, unknown> };
}

export interface TreeWalk {
  listings: FolderListings;
  problems: SyncProblem[];
  /**
   * Paths the walk saw and did not take: what the mask leaves out, names that are not safe, folders
   * too deep. The other side's entry of such a path is left alone too: never "missing", never copied.
   */
  leftOut: Set<string>;
}

/** The abort's own error (the user stopped it), or a sentence for a walk that ended because its session closed. */
export function stopReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new UserFacingError("cancelled", "The comparison was stopped.");
}

/**
 * Walks a tree with one worker per lister, each taking the next folder waiting. The compared
 * folder itself must list; any folder below that does not is a problem and is left out.
 */
export async function walkTree(listers: readonly ListFolder[], options: TreeWalkOptions): Promise<TreeWalk> {
  const listings: FolderListings = new Map();
  const problems: SyncProblem[] = [];
  const leftOut = new Set<string>();
  const now = Date.now();
  const starts = options.again?.from ?? [""];
  const waiting = starts.map((path) => ({ path, depth: path === "" ? 0 : path.split("/").length }));
  starts.forEach(() => options.onFound());
  let busy = 0;
  /** Workers waiting for a folder while others still list: each listing that ends wakes them all. */
  const sleepers: (() => void)[] = [];
  const wakeAll = () => {
    for (const wake of sleepers.splice(0)) wake();
  };

  const keep = (folder: string, entry: FileEntry, depth: number): boolean => {
    const path = childPath(folder, entry.name);
    if (!isSafeName(entry.name)) {
      if (entry.name !== "." && entry.name !== "..")
        problems.push({
          path,
          message: `${JSON.stringify(entry.name)} in ${folder || "the compared folder"} is not a safe file name: left alone.`,
        });
      leftOut.add(path);
      return false;
    }
    const mask = options.mask;
    if (entry.kind !== "folder") {
      // A size or time condition may take a file on one side and not the other: then it is left out on both.
      const taken = !mask || transfersFile(mask, { ...entry, kind: "file", path }, now);
      if (!taken) leftOut.add(path);
      return taken;
    }
    // Without subfolders no folder is compared: they are not in the listings, so none is missing either.
    if (!options.subfolders) return false;
    if ((mask && !entersFolder(mask, { name: entry.name, kind: "folder", path })) || depth + 1 > options.maxDepth) {
      if (depth + 1 > options.maxDepth) problems.push({ path, message: tooDeepMessage(path, options.maxDepth) });
      leftOut.add(path);
      return false;
    }
    if (options.again?.listed.has(path)) return true;
    waiting.push({ path, depth: depth + 1 });
    options.onFound();
    return true;
  };

  const worker = async (list: ListFolder) => {
    for (;;) {
      if (options.signal.aborted) throw stopReason(options.signal);
      const next = waiting.pop();
      if (!next) {
        if (busy === 0) return;
        await new Promise<void>((resolve) => sleepers.push(resolve));
        continue;
      }
      busy++;
      try {
        const entries = await list(next.path);
        listings.set(
          next.path,
          entries.filter((entry) => keep(next.path, entry, next.depth)),
        );
      } catch (error) {
        if (options.signal.aborted) throw stopReason(options.signal);
        if (next.path === "")
          throw new UserFacingError(toUserError(error).code, `${options.rootName} could not be listed: ${toUserError(error).message}`);
        problems.push({
          path: next.path,
          message: `Could not list ${next.path}: ${toUserError(error).message} Nothing in it was compared.`,
        });
      } finally {
        busy--;
        options.onListed();
        wakeAll();
      }
    }
  };
  // A worker that ends wakes the others, so none waits for folders that will never come.
  options.signal.addEventListener("abort", wakeAll, { once: true });
  try {
    await Promise.all(listers.map((list) => worker(list).finally(wakeAll)));
  } finally {
    options.signal.removeEventListener("abort", wakeAll);
  }
  return { listings, problems, leftOut };
}

/**
 * A lister of the local tree. Links are followed as a transfer follows them (inside the compared
 * folder only, unless the preference allows more); what is not a file or folder is a problem.
 */
export async function localLister(
  root: string,
  followLinksOutOfTree: boolean,
  problems: SyncProblem[],
  leftOut: Set<string>,
  /** Filled with the folders reached through a link: deleting in one would delete in the folder it leads to. */
  throughLinks: Set<string>,
): Promise<ListFolder> {
  const tree = await LocalTree.of([root], followLinksOutOfTree);
  return async (path) => {
    const folder = localPathOf(root, path);
    if (path === "") {
      const top = await tree.kindOf(root);
      if (top.kind !== "folder") throw new UserFacingError("not-found", `${root} is not a folder that can be read.`);
    }
    const entries: FileEntry[] = [];
    const found = (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Files are looked at together; folders and links one by one, in name order, so that of two
    // ways into one folder the first is always the one taken.
    const kinds = await tree.filesIn(
      folder,
      found.filter((entry) => entry.isFile() && isSafeName(entry.name)).map((entry) => entry.name),
    );
    for (const { name } of found) take(name, isSafeName(name) ? (kinds.get(name) ?? (await tree.kindOf(join(folder, name)))) : undefined);
    return entries;

    function take(name: string, entry: LocalEntry | undefined): void {
      if (!entry) {
        entries.push({ name, kind: "file" });
        return;
      }
      if (entry.kind === "skip") {
        // A link out of the tree, a second way into a folder, a device: its name on the server is left alone too.
        problems.push({ path: childPath(path, name), message: entry.reason });
        leftOut.add(childPath(path, name));
      } else {
        if (entry.kind === "folder" && entry.link) throughLinks.add(childPath(path, name));
        entries.push(entry.kind === "file" ? { name, kind: "file", size: entry.size, modified: entry.modified } : { name, kind: "folder" });
      }
    }
  };
}
