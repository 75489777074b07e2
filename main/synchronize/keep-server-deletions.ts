import type { FileEntry } from "../../shared/domain";
import type { KeepScope } from "./keep-scope";
import type { KeepRemote } from "./kept-folder";
import { listUtcIfThere } from "./server-listings";
import { byParent, childPath, isBelow, parentOf, remotePathOf } from "./tree-paths";

/** What deleting on the server did, by path from the watched folder. */
export interface ServerDeletions {
  /** Deleted, each with what it held. */
  deleted: string[];
  /** Folders left because they hold what the mask leaves out. */
  kept: string[];
  /** Folders left because the server would not list them. */
  unlisted: string[];
}

/**
 * Deletes on the server the paths that went here, as the server has them. Without a mask a folder
 * goes with what it holds. With one, as Synchronize does, only what the mask takes goes: a file by
 * its name, path, and the server copy's size and time (a file that went here can no longer tell
 * its own), a folder by what it holds, and the folder itself only once that leaves it empty.
 */
export async function deleteOnServer(
  remote: KeepRemote,
  scope: KeepScope,
  remoteFolder: string,
  gone: Iterable<string>,
): Promise<ServerDeletions> {
  const done: ServerDeletions = { deleted: [], kept: [], unlisted: [] };
  const serverPath = (path: string) => remotePathOf(remoteFolder, path);
  // Unknown (not listed, or not there) holds nothing to delete.
  const list = (path: string) =>
    remote
      .withConnection((client) => listUtcIfThere(client, serverPath(path)))
      .then(
        (entries) => entries ?? [],
        (): FileEntry[] => [],
      );
  const takes = (path: string, entry: FileEntry) =>
    entry.kind === "folder" ? scope.takesFolder(path) : scope.takesFile(path, entry.size, entry.modified);

  async function deleteEntries(folder: string, names: string[]): Promise<void> {
    if (names.length === 0) return;
    await remote.delete(serverPath(folder), names);
    done.deleted.push(...names.map((name) => childPath(folder, name)));
  }

  /** Deletes what the mask takes in a server folder; true when that emptied it and it was removed. */
  async function empty(folder: string): Promise<boolean> {
    const entries = await remote.withConnection((client) => listUtcIfThere(client, serverPath(folder))).catch(() => undefined);
    if (!entries) {
      done.unlisted.push(folder);
      return false;
    }
    const files: string[] = [];
    let emptied = true;
    for (const entry of entries) {
      const path = childPath(folder, entry.name);
      if (entry.kind === "folder" && scope.takesFolder(path) && (await empty(path))) continue;
      if (entry.kind !== "folder" && takes(path, entry)) files.push(entry.name);
      else emptied = false;
    }
    await deleteEntries(folder, files);
    if (!emptied) {
      done.kept.push(folder);
      return false;
    }
    await remote.withConnection((client) => client.removeEmptyDir(serverPath(folder)), serverPath(parentOf(folder)));
    done.deleted.push(folder);
    return true;
  }

  const paths = [...gone];
  const outermost = paths.filter((path) => !paths.some((other) => other !== path && isBelow(path, other)));
  for (const [folder, names] of byParent(outermost)) {
    const present = (await list(folder)).filter((entry) => names.includes(entry.name));
    if (!scope.masked) {
      await deleteEntries(
        folder,
        present.map((entry) => entry.name),
      );
      continue;
    }
    const files: string[] = [];
    for (const entry of present) {
      const path = childPath(folder, entry.name);
      if (!takes(path, entry)) continue;
      if (entry.kind === "folder") await empty(path);
      else files.push(entry.name);
    }
    await deleteEntries(folder, files);
  }
  return done;
}
