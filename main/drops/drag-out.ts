import { posix, join } from "node:path";
import type { CommandResponse } from "../../shared/contract";
import type { Listing } from "../../shared/domain";
import { UserFacingError } from "../errors";
import { wholeEntries } from "../listing/incomplete-listing";
import type { SiteConnector } from "../transfers/connection-pool";
import type { TransferQueue } from "../transfers/transfer-queue";
import type { TemporaryFolders } from "./temporary-folders";

/** Starts the desktop's own drag of local files (Electron's webContents.startDrag). */
export type StartDrag = (paths: string[]) => void;

type List = (path: string) => Promise<Listing>;

/**
 * Bytes in a remote selection, folders walked; the walk stops as soon as the total passes
 * `limit`, so that a huge tree is not listed just to say it is too big.
 */
export async function selectionBytes(list: List, folder: string, names: string[], limit: number): Promise<number> {
  let total = 0;
  const wanted = new Set(names);
  const walk = async (path: string, only?: Set<string>): Promise<void> => {
    for (const entry of wholeEntries(await list(path))) {
      if (total > limit) return;
      if (only && !only.has(entry.name)) continue;
      if (entry.kind === "folder") await walk(posix.join(path, entry.name));
      else total += entry.size ?? 0;
    }
  };
  await walk(folder, wanted);
  return total;
}

export type DragOutResult = CommandResponse<"drag-out.start">;

/**
 * Dragging items out to the desktop. Local items are dragged as they are. Server items are
 * first downloaded through the queue into a temporary folder (with progress there), up to the
 * drag-out limit; that copy stays for `keepMs` after its drag started (or until Ferry quits),
 * because the desktop may still be copying from it after the drop, also while the next drag runs.
 */
export class DragOut {
  constructor(
    private readonly queue: TransferQueue,
    private readonly folders: TemporaryFolders,
    private readonly startDrag: StartDrag | undefined,
    private readonly keepMs = 15 * 60_000,
  ) {}

  local(folder: string, names: string[]): DragOutResult {
    this.host()(names.map((name) => join(folder, name)));
    return { state: "started" };
  }

  async remote(list: List, connector: SiteConnector, folder: string, names: string[], limit: number): Promise<DragOutResult> {
    const startDrag = this.host();
    const bytes = await selectionBytes(list, folder, names, limit);
    if (bytes > limit) return { state: "too-large", bytes, limit };
    const copy = await this.folders.create();
    const { batchId } = await this.queue.add({
      connector,
      direction: "download",
      move: false,
      sourceFolder: folder,
      names,
      targetFolder: copy.path,
    });
    const jobs = await this.queue.whenCompleted(batchId);
    const failed = jobs.find((job) => job.status !== "done");
    if (failed)
      throw new UserFacingError("connection-lost", `Could not copy ${failed.remotePath} for dragging: ${failed.message ?? failed.status}.`);
    startDrag(names.map((name) => join(copy.path, name)));
    // Gone with the next sweep after that (one runs after every job, and at quit).
    setTimeout(() => this.folders.release(copy.id), this.keepMs).unref();
    return { state: "started" };
  }

  private host(): StartDrag {
    if (!this.startDrag)
      throw new UserFacingError("invalid-request", "Dragging to the desktop works in the desktop app, not in a browser.");
    return this.startDrag;
  }
}
