import type { EventMessage } from "../../shared/contract";
import type { filesContract, PaneTarget } from "../../shared/files";
import type { DomainHandlers } from "../router/router";
import { wholeEntries } from "../listing/incomplete-listing";
import type { SessionManager } from "../sessions/session-manager";
import { defaultTransferPreferences } from "../../shared/transfer";
import { DeleteProgress } from "./delete-progress";
import { Cancellation, localSizeSource, measure, remoteSizeSource } from "./folder-size";
import { localFiles, type Trash } from "./local-operations";
import type { PaneFiles } from "./pane-files";

export interface FilesCommandsOptions {
  sessions: SessionManager;
  /** Where local deletes go: the OS trash in Electron; undefined deletes for good (web host). */
  trash?: Trash | undefined;
  emit(message: EventMessage): void;
  /** How many folders deep a size walk may go (the preference); the default where none is wired. */
  maxFolderDepth?: (() => Promise<number>) | undefined;
}

/** New folder, new file, rename, move, delete, permissions and checksums, on either pane: one handler each for both sides. */
export function filesCommands(options: FilesCommandsOptions): DomainHandlers<typeof filesContract> {
  const local = localFiles(options.trash);
  const on = (target: PaneTarget): PaneFiles => (target.side === "local" ? local : options.sessions.session(target.sessionId));
  /** Deletes and size walks under way, by the id the renderer gave them, so that they can be cancelled. */
  const running = new Map<string, { cancel(): void }>();
  const sizeSource = (target: PaneTarget) => {
    if (target.side === "local") return localSizeSource;
    const session = options.sessions.session(target.sessionId);
    return remoteSizeSource(async (folder) => wholeEntries(await session.list(folder, true, true)));
  };

  return {
    "files.mkdir": async ({ target, folder, name }) => {
      await on(target).mkdir(folder, name);
      return {};
    },
    "files.new-file": async ({ target, folder, name }) => {
      await on(target).newFile(folder, name);
      return {};
    },
    "files.rename": async ({ target, folder, from, to }) => {
      await on(target).rename(folder, from, to);
      return {};
    },
    "files.move": async ({ target, folder, names, to }) => ({ moved: await on(target).moveInto(folder, names, to) }),
    "files.delete": async ({ target, folder, names, operationId }) => {
      const progress = new DeleteProgress((done, current) => {
        if (operationId) options.emit({ kind: "event", channel: "files.delete-progress", payload: { operationId, done, current } });
      });
      if (operationId) running.set(operationId, progress);
      try {
        await on(target).delete(folder, names, progress);
        return { deleted: progress.count };
      } finally {
        if (operationId) running.delete(operationId);
      }
    },
    "files.size": async ({ target, folder, names, operationId }) => {
      const cancellation = new Cancellation();
      running.set(operationId, cancellation);
      try {
        const maxDepth = (await options.maxFolderDepth?.()) ?? defaultTransferPreferences.maxFolderDepth;
        return await measure(sizeSource(target), folder, names, maxDepth, cancellation);
      } finally {
        running.delete(operationId);
      }
    },
    "files.cancel": async ({ operationId }) => {
      running.get(operationId)?.cancel();
      return {};
    },
    "files.chmod": async ({ target, folder, names, mode, recursive }) => ({
      changed: await on(target).chmod(folder, names, mode, recursive),
    }),
    "files.checksum": ({ target, folder, name }) => on(target).checksum(folder, name),
  };
}
