import { readdir, stat, lstat } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { FileEntry, Listing } from "../../shared/domain";
import { UserFacingError } from "../errors";

/**
 * A local path as main uses it: absolute on this OS, or refused. The contract already refuses
 * relative paths; this also catches another OS's form ("C:/x" on Linux), which would otherwise
 * be read against the folder Ferry was started in.
 */
export function localPath(path: string): string {
  if (!isAbsolute(path)) throw new UserFacingError("invalid-request", `“${path}” is not a full path on this computer.`);
  return resolve(path);
}

/**
 * Lists a folder of the local disk. Links are followed (a broken link is shown as a link), or,
 * with `followLinks` off, all shown as links, for walks that must not leave the folder.
 */
export async function listLocalFolder(path: string, showHidden = true, followLinks = true): Promise<Listing> {
  const folder = localPath(path);
  const dirents = (await readdir(folder, { withFileTypes: true }).catch((error: unknown) => refuseUnreadable(folder, error))).filter(
    (dirent) => showHidden || !dirent.name.startsWith("."),
  );
  const entries = await Promise.all(dirents.map((dirent) => describe(folder, dirent.name, followLinks)));
  const parent = dirname(folder);
  return {
    path: folder,
    ...(parent !== folder ? { parent } : {}),
    entries,
    rejectedNames: 0,
  };
}

/** Why a folder cannot be listed, in words that name the folder and nothing of Ferry's own. */
function refuseUnreadable(folder: string, error: unknown): never {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOENT":
      throw new UserFacingError("not-found", `The folder “${folder}” does not exist.`);
    case "ENOTDIR":
      throw new UserFacingError("not-found", `“${folder}” is not a folder.`);
    case "EACCES":
    case "EPERM":
      throw new UserFacingError("permission-denied", `Ferry may not read the folder “${folder}”.`);
  }
  throw error;
}

async function describe(folder: string, name: string, followLinks: boolean): Promise<FileEntry> {
  const full = join(folder, name);
  try {
    const info = await (followLinks ? stat : lstat)(full);
    if (info.isSymbolicLink()) return { name, kind: "link", modified: info.mtimeMs };
    const kind = info.isDirectory() ? "folder" : "file";
    return { name, kind, ...(kind === "file" ? { size: info.size } : {}), modified: info.mtimeMs };
  } catch {
    const info = await lstat(full).catch(() => undefined);
    return { name, kind: "link", ...(info ? { modified: info.mtimeMs } : {}) };
  }
}
