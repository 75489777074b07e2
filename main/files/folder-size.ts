import { lstat, readdir } from "node:fs/promises";
import { join, posix } from "node:path";
import type { FileEntry } from "../../shared/domain";
import { UserFacingError } from "../errors";
import { tooDeepMessage } from "../listing/folder-walk";
import { localPath } from "../local/local-files";

export interface FolderSize {
  bytes: number;
  files: number;
  folders: number;
}

/** What a walk needs of a side: a folder's entries, and how it joins a name to a folder. */
export interface SizeSource {
  list(folder: string): Promise<FileEntry[]>;
  join(folder: string, name: string): string;
}

/** The local disk as a size walk sees it: links are counted as themselves, never followed (a link to "/" would count the disk). */
export const localSizeSource: SizeSource = {
  async list(folder) {
    const at = localPath(folder);
    const names = await readdir(at);
    return Promise.all(
      names.map(async (name): Promise<FileEntry> => {
        const info = await lstat(join(at, name));
        return info.isDirectory() ? { name, kind: "folder" } : { name, kind: "file", size: info.isFile() ? info.size : 0 };
      }),
    );
  },
  join,
};

export function remoteSizeSource(list: (folder: string) => Promise<FileEntry[]>): SizeSource {
  return { list, join: (folder, name) => posix.join(folder, name) };
}

/** Lets the user stop a walk between two folders. */
export class Cancellation {
  private cancelled = false;
  cancel(): void {
    this.cancelled = true;
  }
  check(): void {
    if (this.cancelled) throw new UserFacingError("cancelled", "Calculating the size was cancelled.");
  }
}

/**
 * Adds up the sizes of `names` in `folder`, everything inside folders included, going no more
 * than `maxDepth` folders down (so that a tree that never ends stops) and stopping when cancelled.
 */
export async function measure(
  source: SizeSource,
  folder: string,
  names: string[],
  maxDepth: number,
  cancel: Cancellation,
): Promise<FolderSize> {
  const total: FolderSize = { bytes: 0, files: 0, folders: 0 };
  const wanted = new Set(names);
  const visit = async (at: string, entries: FileEntry[], depth: number): Promise<void> => {
    for (const entry of entries) {
      cancel.check();
      if (entry.kind !== "folder") {
        total.files++;
        total.bytes += entry.size ?? 0;
        continue;
      }
      total.folders++;
      const path = source.join(at, entry.name);
      if (depth >= maxDepth) throw new UserFacingError("invalid-request", tooDeepMessage(path, maxDepth));
      await visit(path, await source.list(path), depth + 1);
    }
  };
  const chosen = (await source.list(folder)).filter((entry) => wanted.has(entry.name));
  await visit(folder, chosen, 0);
  return total;
}
