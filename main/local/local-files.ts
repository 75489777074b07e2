import { readdir, stat, lstat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { FileEntry, Listing } from "../../shared/domain";

/** Lists a folder of the local disk. Links are followed; a broken link is shown as a link. */
export async function listLocalFolder(path: string, showHidden = true): Promise<Listing> {
  const folder = resolve(path);
  const dirents = (await readdir(folder, { withFileTypes: true })).filter((dirent) => showHidden || !dirent.name.startsWith("."));
  const entries = await Promise.all(dirents.map((dirent) => describe(folder, dirent.name)));
  const parent = dirname(folder);
  return {
    path: folder,
    ...(parent !== folder ? { parent } : {}),
    entries,
    rejectedNames: 0,
  };
}

async function describe(folder: string, name: string): Promise<FileEntry> {
  const full = join(folder, name);
  try {
    const info = await stat(full);
    const kind = info.isDirectory() ? "folder" : "file";
    return { name, kind, ...(kind === "file" ? { size: info.size } : {}), modified: info.mtimeMs };
  } catch {
    const info = await lstat(full).catch(() => undefined);
    return { name, kind: "link", ...(info ? { modified: info.mtimeMs } : {}) };
  }
}
