import type { Stats } from "node:fs";

/**
 * A local file as an upload began sending it: its size, modification time and inode. A resume
 * appends to the server's copy only while the file still has the same stamp: what the server
 * holds is then the beginning of this very file.
 */
export interface LocalFileStamp {
  size: number;
  modified: number;
  inode: number;
}

export function stampOf(info: Stats): LocalFileStamp {
  return { size: info.size, modified: info.mtimeMs, inode: info.ino };
}

/** Whether two stamps are of the same file, unchanged (an editor that saves by replacing gives a new inode). */
export function sameStamp(one: LocalFileStamp, other: LocalFileStamp): boolean {
  return one.size === other.size && one.modified === other.modified && one.inode === other.inode;
}
