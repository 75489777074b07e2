import type { EventMessage } from "../../shared/contract";
import type { filesContract, PaneTarget } from "../../shared/files";
import type { DomainHandlers } from "../router/router";
import type { SessionManager } from "../sessions/session-manager";
import { DeleteProgress } from "./delete-progress";
import { localFiles, type Trash } from "./local-operations";
import type { PaneFiles } from "./pane-files";

export interface FilesCommandsOptions {
  sessions: SessionManager;
  /** Where local deletes go: the OS trash in Electron; undefined deletes for good (web host). */
  trash?: Trash | undefined;
  emit(message: EventMessage): void;
}

/** New folder, new file, rename, move, delete and permissions, on either pane: one handler each for both sides. */
export function filesCommands(options: FilesCommandsOptions): DomainHandlers<typeof filesContract> {
  const local = localFiles(options.trash);
  const on = (target: PaneTarget): PaneFiles => (target.side === "local" ? local : options.sessions.session(target.sessionId));
  /** Deletes under way, by the id the renderer gave them, so that they can be cancelled. */
  const deletes = new Map<string, DeleteProgress>();

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
      if (operationId) deletes.set(operationId, progress);
      try {
        await on(target).delete(folder, names, progress);
        return { deleted: progress.count };
      } finally {
        if (operationId) deletes.delete(operationId);
      }
    },
    "files.cancel": async ({ operationId }) => {
      deletes.get(operationId)?.cancel();
      return {};
    },
    "files.chmod": async ({ target, folder, names, mode, recursive }) => ({
      changed: await on(target).chmod(folder, names, mode, recursive),
    }),
  };
}
