import type { CommandRequest } from "../../shared/contract";
import { parseFileMask, type FileMask } from "../../shared/file-mask";
import type { transfersContract } from "../../shared/transfer";
import { UserFacingError } from "../errors";
import type { DomainHandlers } from "../router/router";
import type { SessionManager } from "../sessions/session-manager";
import type { TransferQueue } from "./transfer-queue";

type Action = CommandRequest<"transfers.control">["action"];

/** The request's schema has checked the mask already: this gives the parsed form. */
function maskOf(text: string): FileMask {
  const parsed = parseFileMask(text);
  if (!parsed.ok) throw new UserFacingError("invalid-request", parsed.error);
  return parsed.mask;
}

/** The queue's commands: add (F5/F6), list, control jobs, clear the finished ones, and stop a walk of folders. */
export function transfersCommands(queue: TransferQueue, sessions: SessionManager): DomainHandlers<typeof transfersContract> {
  const control: Record<Action, (ids?: string[]) => void> = {
    pause: (ids) => queue.pause(ids),
    resume: (ids) => queue.resume(ids),
    cancel: (ids) => queue.cancel(ids),
    retry: (ids) => queue.retry(ids),
    "move-up": (ids) => queue.move(ids ?? [], -1),
    "move-down": (ids) => queue.move(ids ?? [], 1),
  };
  return {
    "transfers.add": async ({ sessionId, mask, ...batch }) => ({
      added: (await queue.add({ connector: sessions.connector(sessionId), ...batch, mask: mask === undefined ? undefined : maskOf(mask) }))
        .added,
    }),
    "transfers.list": async ({ view, from, count }) => queue.window(view, from, count),
    "transfers.control": async ({ action, jobIds, site }) => {
      const ofSite = site === undefined ? undefined : new Set(queue.ofSite(site));
      control[action](ofSite ? (jobIds ?? [...ofSite]).filter((id) => ofSite.has(id)) : jobIds);
      return {};
    },
    "transfers.remove-finished": async () => {
      queue.removeFinished();
      return {};
    },
    "transfers.cancel-walk": async ({ batchId }) => {
      queue.cancelWalk(batchId);
      return {};
    },
  };
}
