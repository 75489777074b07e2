/**
 * The editor's reads and saves of a file on this computer. A save goes to a temporary file beside
 * it (with the file's permissions), is flushed to the disk and renamed onto the file: a crash or a
 * full disk never leaves a half-written file.
 */

import { chmod, open, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { FileStamp, SaveGuard, SaveOutcome } from "../../shared/edit";
import { UserFacingError } from "../errors";
import { conflictWith, type ReadFile } from "./file-stamps";
import { temporaryName } from "./temporary-name";

async function stampOf(path: string): Promise<{ stamp: FileStamp; mode: number } | undefined> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!info) return undefined;
  if (!info.isFile()) throw new UserFacingError("invalid-request", `${path} is not a file.`);
  return { stamp: { size: info.size, modified: Math.floor(info.mtimeMs) }, mode: info.mode & 0o7777 };
}

/** Reads a file into memory, never more than `limit` bytes (a file can grow while it is read). */
export async function readLocalFile(path: string, limit: number): Promise<ReadFile> {
  const found = await stampOf(path);
  if (!found) throw new UserFacingError("not-found", `${path} does not exist (any more).`);
  if (found.stamp.size > limit) return { kind: "too-large", size: found.stamp.size };
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(limit + 1);
    const { bytesRead } = await file.read(buffer, 0, limit + 1, 0);
    if (bytesRead > limit) return { kind: "too-large", size: bytesRead };
    return { kind: "read", bytes: buffer.subarray(0, bytesRead), stamp: { ...found.stamp, size: bytesRead } };
  } finally {
    await file.close();
  }
}

export async function saveLocalFile(folder: string, name: string, bytes: Buffer, guard: SaveGuard): Promise<SaveOutcome> {
  // A link is followed: the file it points at is replaced, and the link stays a link.
  const path = await realpath(join(folder, name)).catch(() => join(folder, name));
  const before = await stampOf(path);
  const conflict = conflictWith(guard, before?.stamp);
  if (conflict) return conflict;
  const temporary = join(dirname(path), temporaryName(basename(path), "tmp"));
  try {
    const file = await open(temporary, "wx", before?.mode ?? 0o644);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    // The umask narrowed the mode open() was given: the file keeps exactly the permissions it had.
    if (before) await chmod(temporary, before.mode);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  const after = await stampOf(path);
  if (!after) throw new UserFacingError("not-found", `${path} vanished right after Ferry saved it.`);
  return { kind: "saved", stamp: after.stamp, at: Date.now(), method: "renamed" };
}
