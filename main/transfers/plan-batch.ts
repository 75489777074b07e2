import type { Client } from "basic-ftp";
import { mkdir, readdir, realpath, stat } from "node:fs/promises";
import { join, posix } from "node:path";
import { toEntry } from "../listing/file-entry";
import { isSafeEntryName } from "../listing/safe-name";
import { pathInside } from "./local-target";

export interface PlannedFile {
  localPath: string;
  remotePath: string;
  size?: number | undefined;
  modified?: number | undefined;
}

/** What one F5/F6 turns into: a file per job, the folders to remove after a move, and what was refused. */
export interface BatchPlan {
  files: PlannedFile[];
  /** Source folders, deepest first: a move removes them once everything in them has moved. */
  sourceFolders: { localPath: string; remotePath: string }[];
  skipped: { localPath: string; remotePath: string; message: string }[];
}

const unsafe = (name: string) => `Skipped ${JSON.stringify(name)}: the name is not safe to use as a file name.`;

/**
 * Walks local files and folders to upload, creating the folders on the server as it goes
 * (empty ones too), so that every file job finds its folder.
 */
export async function planUpload(client: Client, sourceFolder: string, names: string[], targetFolder: string): Promise<BatchPlan> {
  const plan: BatchPlan = { files: [], sourceFolders: [], skipped: [] };
  const visited = new Set<string>();
  async function walk(localPath: string, remotePath: string): Promise<void> {
    const info = await stat(localPath);
    if (!info.isDirectory()) {
      plan.files.push({ localPath, remotePath, size: info.size, modified: info.mtimeMs });
      return;
    }
    // A link back up the tree would walk for ever.
    const real = await realpath(localPath);
    if (visited.has(real)) return;
    visited.add(real);
    await client.ensureDir(remotePath);
    for (const name of (await readdir(localPath)).sort()) {
      if (isSafeEntryName(name)) await walk(join(localPath, name), posix.join(remotePath, name));
      else plan.skipped.push({ localPath: join(localPath, name), remotePath, message: unsafe(name) });
    }
    plan.sourceFolders.push({ localPath, remotePath });
  }
  for (const name of names) {
    if (isSafeEntryName(name)) await walk(join(sourceFolder, name), posix.join(targetFolder, name));
    else plan.skipped.push({ localPath: sourceFolder, remotePath: targetFolder, message: unsafe(name) });
  }
  return plan;
}

/**
 * Walks server files and folders to download, creating the local folders as it goes. Names
 * come from the server, so each one is checked and every local path is kept inside the
 * target folder; a hostile name is skipped with a visible reason and the rest goes on.
 */
export async function planDownload(client: Client, sourceFolder: string, names: string[], targetFolder: string): Promise<BatchPlan> {
  const plan: BatchPlan = { files: [], sourceFolders: [], skipped: [] };
  async function walk(remotePath: string, localPath: string, kind: string, size?: number, modified?: number): Promise<void> {
    if (kind !== "folder") {
      plan.files.push({ localPath, remotePath, size, modified });
      return;
    }
    await mkdir(localPath, { recursive: true });
    for (const entry of (await client.list(remotePath)).map(toEntry)) {
      if (isSafeEntryName(entry.name)) {
        await walk(posix.join(remotePath, entry.name), pathInside(localPath, entry.name), entry.kind, entry.size, entry.modified);
      } else {
        plan.skipped.push({ localPath, remotePath: posix.join(remotePath, entry.name), message: unsafe(entry.name) });
      }
    }
    plan.sourceFolders.push({ localPath, remotePath });
  }
  const listing = new Map((await client.list(sourceFolder)).map((info) => [info.name, toEntry(info)]));
  for (const name of names) {
    const entry = listing.get(name);
    if (!isSafeEntryName(name)) plan.skipped.push({ localPath: targetFolder, remotePath: sourceFolder, message: unsafe(name) });
    else if (!entry) plan.skipped.push({ localPath: targetFolder, remotePath: posix.join(sourceFolder, name), message: `${name} is no longer on the server.` });
    else await walk(posix.join(sourceFolder, name), pathInside(targetFolder, name), entry.kind, entry.size, entry.modified);
  }
  return plan;
}
