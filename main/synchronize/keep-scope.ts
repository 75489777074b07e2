import { lstat, readdir } from "node:fs/promises";
import { join, posix } from "node:path";
import { entersFolder, transfersFile, type FileMask } from "../../shared/file-mask";
import { isSafeName } from "../../shared/files";

/** What a keep-up-to-date watch takes from its folder: its mask, and whether it goes below the folder's own entries. */
export class KeepScope {
  constructor(
    private readonly mask: FileMask | undefined,
    private readonly subfolders: boolean,
  ) {}

  /** A file, by its path from the watched folder ("docs/a.txt"). Ages such as *>1D count back from now. */
  takesFile(path: string, size?: number, modified?: number): boolean {
    if (!this.reaches(path)) return false;
    return !this.mask || transfersFile(this.mask, { name: posix.basename(path), kind: "file", path, size, modified });
  }

  takesFolder(path: string): boolean {
    if (!this.subfolders || !this.reaches(path)) return false;
    return !this.mask || entersFolder(this.mask, { name: posix.basename(path), kind: "folder", path });
  }

  /** Whether a mask says what is taken: then what went here is judged by the server's copy (see deleteOnServer). */
  get masked(): boolean {
    return this.mask !== undefined && this.mask.include.length + this.mask.exclude.length > 0;
  }

  /** Whether a path is within the watch: every name on the way safe to use on a server, and without subfolders only the folder's own entries. */
  reaches(path: string): boolean {
    const names = path.split("/");
    return names.every(isSafeName) && (this.subfolders || names.length === 1);
  }
}

/** What a walk of local folders found, by path from the watched folder. */
export interface LocalFindings {
  files: string[];
  folders: string[];
}

/**
 * Everything the scope takes below a folder (given by its path from the watched folder), for a
 * folder that was made or moved in: its files' events may have come before the folder was watched.
 * Links are left out: following one could send a file from anywhere on the disk.
 */
export async function walkLocalFolder(root: string, from: string, scope: KeepScope, found: LocalFindings): Promise<void> {
  const names = await readdir(join(root, from)).catch(() => []);
  for (const name of names.sort()) {
    const path = from === "" ? name : `${from}/${name}`;
    const info = await lstat(join(root, path)).catch(() => undefined);
    if (info?.isDirectory() && scope.takesFolder(path)) {
      found.folders.push(path);
      await walkLocalFolder(root, path, scope, found);
    } else if (info?.isFile() && scope.takesFile(path, info.size, info.mtimeMs)) {
      found.files.push(path);
    }
  }
}
