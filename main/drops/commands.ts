import { dirname, isAbsolute, basename } from "node:path";
import type { dropsContract } from "../../shared/drop";
import type { PaneTarget } from "../../shared/files";
import { UserFacingError } from "../errors";
import type { DomainHandlers } from "../router/router";
import type { SessionManager } from "../sessions/session-manager";
import type { PreferencesStore } from "../settings/preferences-store";
import type { QueuedBatch, TransferQueue } from "../transfers/transfer-queue";
import { DragOut, type StartDrag } from "./drag-out";
import { DroppedContents } from "./dropped-contents";
import type { TemporaryFolders } from "./temporary-folders";

export interface DropCommandsOptions {
  sessions: SessionManager;
  queue: TransferQueue;
  preferences: PreferencesStore;
  folders: TemporaryFolders;
  startDrag?: StartDrag | undefined;
  /** How long a server item's copy dragged out is kept (the desktop may still copy from it); tests make it short. */
  dragOutKeepMs?: number | undefined;
}

/** The drag-and-drop commands: desktop drops and dragging out. */
export function dropsCommands(options: DropCommandsOptions): DomainHandlers<typeof dropsContract> {
  const { sessions, folders, queue } = options;
  const contents = new DroppedContents(folders);
  const dragOut = new DragOut(queue, folders, options.startDrag, options.dragOutKeepMs);

  /** Queues local items into a pane's folder: an upload to the server, or a copy on this computer. */
  const queueInto = async (target: PaneTarget, sourceFolder: string, names: string[], folder: string): Promise<QueuedBatch> => {
    if (target.side === "local") return queue.addLocalCopy(sourceFolder, names, folder);
    return queue.add({
      connector: sessions.connector(target.sessionId),
      direction: "upload",
      move: false,
      sourceFolder,
      names,
      targetFolder: folder,
    });
  };

  return {
    "drops.paths": async ({ target, folder, paths }) => {
      if (!paths.every((path) => isAbsolute(path)))
        throw new UserFacingError("invalid-request", "Dropped files must come with their full paths.");
      // Usually one folder; a drop from a search window may mix several.
      const byFolder = new Map<string, string[]>();
      for (const path of paths) byFolder.set(dirname(path), [...(byFolder.get(dirname(path)) ?? []), basename(path)]);
      let added = 0;
      for (const [sourceFolder, names] of byFolder) added += (await queueInto(target, sourceFolder, names, folder)).added;
      return { added };
    },
    "drops.begin": async () => ({ dropId: await contents.begin() }),
    "drops.write": async (request) => {
      await contents.write(request);
      return {};
    },
    "drops.queue": async ({ dropId, target, folder }) => {
      const dropped = await contents.finish(dropId);
      try {
        return { added: (await queueInto(target, dropped.folder, dropped.names, folder)).added };
      } finally {
        // From here the queue's jobs keep the folder for as long as they need it.
        contents.release(dropId);
      }
    },
    "drops.cancel": async ({ dropId }) => {
      await contents.cancel(dropId);
      return {};
    },
    "drag-out.start": async (request) => {
      if (request.side === "local") return dragOut.local(request.folder, request.names);
      const { dragOutLimit } = await options.preferences.get();
      const list = (path: string) => sessions.list(request.sessionId, path, true);
      return dragOut.remote(list, sessions.connector(request.sessionId), request.folder, request.names, dragOutLimit);
    },
  };
}
