/**
 * The checklist's chosen rows as queue jobs: for one direction, new folders made with all their
 * files queued, then transfers, times and, last, deletions. Files are replaced without asking:
 * the checklist was the question.
 */
import type { Client } from "basic-ftp";
import { FTPError } from "basic-ftp";
import { mkdir } from "node:fs/promises";
import type { SyncAction, SyncOptions } from "../../shared/synchronize";
import type { TransferDirection } from "../../shared/transfer";
import type { PlanSink } from "../transfers/plan-batch";
import type { FolderListings } from "./sync-plan";
import { childPath, localPathOf, remotePathOf } from "./tree-paths";

/** What a comparison saw, as the rows' jobs need it: both folders, the mask, and both trees' listings. */
export interface ComparedTrees {
  options: Pick<SyncOptions, "localFolder" | "remoteFolder" | "mask">;
  local: FolderListings;
  remote: FolderListings;
}

/** Which batch a row belongs to: what acts on the server goes with the uploads, what acts here with the downloads. */
export function batchOf(action: SyncAction): TransferDirection {
  switch (action.kind) {
    case "upload":
    case "delete-remote":
    case "set-remote-time":
      return "upload";
    default:
      return "download";
  }
}

/** Makes a folder on the server, one MKD; one that is there already is fine. */
async function makeFolderByMkd(client: Client, path: string): Promise<void> {
  try {
    await client.send(`MKD ${path}`);
  } catch (error) {
    if (!(error instanceof FTPError)) throw error;
    // 550 is also "exists": the files' own jobs say so if it really could not be made.
  }
}

/** Turns the rows of one direction into queue jobs, making the folders new files go into first. */
export async function sinkActions(
  client: Client,
  trees: ComparedTrees,
  direction: TransferDirection,
  actions: readonly SyncAction[],
  sink: PlanSink,
  signal: AbortSignal,
): Promise<void> {
  const { localFolder, remoteFolder } = trees.options;
  const ends = (path: string) => {
    const [local, remote] = [localPathOf(localFolder, path), remotePathOf(remoteFolder, path)];
    return direction === "upload" ? { source: local, target: remote } : { source: remote, target: local };
  };
  const makeFolder = async (path: string) => {
    if (direction === "upload") await makeFolderByMkd(client, remotePathOf(remoteFolder, path));
    else await mkdir(localPathOf(localFolder, path), { recursive: true });
  };
  const sourceListings = direction === "upload" ? trees.local : trees.remote;
  const transfers = actions.filter((action) => action.kind === "upload" || action.kind === "download");
  for (const action of transfers) {
    if (signal.aborted) return;
    const fresh = action[direction === "upload" ? "local" : "remote"];
    if (fresh?.kind !== "folder") {
      await sink({
        kind: "file",
        ...ends(action.path),
        size: fresh?.size,
        modified: fresh?.modified,
        timePrecision: fresh?.timePrecision,
        fresh: true,
      });
      continue;
    }
    // A new folder: made with everything below it, then its files queued.
    const pending = [action.path];
    for (let folder = pending.shift(); folder !== undefined; folder = pending.shift()) {
      await makeFolder(folder);
      for (const entry of sourceListings.get(folder) ?? []) {
        const path = childPath(folder, entry.name);
        if (entry.kind === "folder") pending.push(path);
        else
          await sink({
            kind: "file",
            ...ends(path),
            size: entry.size,
            modified: entry.modified,
            timePrecision: entry.timePrecision,
            fresh: true,
          });
      }
    }
  }
  for (const action of actions) {
    if (action.kind === "set-remote-time" || action.kind === "set-local-time") {
      const source = direction === "upload" ? action.local : action.remote;
      if (source?.modified !== undefined) await sink({ kind: "set-time", ...ends(action.path), modified: source.modified });
    }
  }
  const targetListings = direction === "upload" ? trees.remote : trees.local;
  for (const action of actions) {
    if (action.kind !== "delete-remote" && action.kind !== "delete-local") continue;
    const target = action.kind === "delete-remote" ? action.remote : action.local;
    if (target?.kind !== "folder" || trees.options.mask === undefined) {
      await sink({ kind: "delete", ...ends(action.path), folder: target?.kind === "folder" });
      continue;
    }
    // With a mask, a folder's deletion takes only the files the mask took: what it leaves out stays, and so do the folders.
    const pending = [action.path];
    for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
      for (const entry of targetListings.get(folder) ?? []) {
        const path = childPath(folder, entry.name);
        if (entry.kind === "folder") pending.push(path);
        else await sink({ kind: "delete", ...ends(path), folder: false });
      }
    }
  }
}
