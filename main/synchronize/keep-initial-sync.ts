import { compareFolders, defaultToleranceMs } from "../../shared/compare-folders";
import type { FileEntry } from "../../shared/domain";
import { listLocalFolder } from "../local/local-files";
import type { KeepScope, LocalFindings } from "./keep-scope";
import { localPathOf } from "./tree-paths";

export interface InitialSyncSides {
  localFolder: string;
  /**
   * The server's entries of a folder (by path from the watched folder), or undefined when it has no
   * such folder; throws when the folder could not be listed.
   */
  listRemote(path: string): Promise<FileEntry[] | undefined>;
  /** A name that is a file on one side and a folder on the other: left as it is, and said. */
  conflict(path: string): void;
  /** A server folder that could not be listed: left out with everything below it, and said. */
  unlisted(path: string, error: unknown): void;
}

export interface InitialSyncFindings extends LocalFindings {
  /** False when a folder was left out because the server could not list it: then not all is known to be up to date. */
  complete: boolean;
}

/**
 * The initial synchronization of "Keep remote directory up to date": the files the server is
 * missing or has older copies of (by modification time, within WinSCP's 1 s tolerance; LIST's
 * minutes count as the whole minute), and the folders to make for them. It deletes nothing and
 * never downloads: files newer on the server stay as they are. Folders are compared one at a time,
 * on the session's connection. A server folder that cannot be listed is left out with what is below
 * it: read as missing, its files would all go over the server's.
 */
export async function filesToSync(sides: InitialSyncSides, scope: KeepScope): Promise<InitialSyncFindings> {
  const found: InitialSyncFindings = { files: [], folders: [], complete: true };
  async function walk(from: string, remoteThere: boolean): Promise<void> {
    // Links are left out: one to a folder above would send the tree into itself, one elsewhere files from anywhere on the disk.
    const local = (await listLocalFolder(localPathOf(sides.localFolder, from), true, false)).entries.filter(
      (entry) => entry.kind !== "link",
    );
    let remote: FileEntry[] | undefined;
    try {
      remote = remoteThere ? await sides.listRemote(from) : undefined;
    } catch (error) {
      found.complete = false;
      sides.unlisted(from, error);
      return;
    }
    const differences = compareFolders(local, remote ?? [], { criteria: "time", toleranceMs: defaultToleranceMs, remoteOffsetMs: 0 });
    for (const entry of local.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = from === "" ? entry.name : `${from}/${entry.name}`;
      const difference = differences.get(entry.name);
      if (difference === "kind-differs") {
        if (entry.kind === "folder" ? scope.takesFolder(path) : scope.takesFile(path, entry.size, entry.modified)) sides.conflict(path);
      } else if (entry.kind === "folder") {
        if (!scope.takesFolder(path)) continue;
        if (difference === "only-local") found.folders.push(path);
        await walk(path, difference !== "only-local");
      } else if ((difference === "only-local" || difference === "local-newer") && scope.takesFile(path, entry.size, entry.modified)) {
        found.files.push(path);
      }
    }
  }
  await walk("", true);
  return found;
}
