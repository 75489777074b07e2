import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { SessionManager } from "../../main/sessions/session-manager";
import { PreferencesStore } from "../../main/settings/preferences-store";
import { TransferQueue } from "../../main/transfers/transfer-queue";
import type { SessionId } from "../../shared/domain";

/**
 * A transfer queue of its own for an interop session, overwriting without asking: `copy` queues
 * names from one folder to another, `drained` waits until nothing runs. `close` ends it and its folder.
 */
export async function interopQueue(sessions: SessionManager, sessionId: SessionId) {
  const data = await mkdtemp(join(tmpdir(), "ferry-interop-queue-"));
  const queue = await TransferQueue.open({
    path: join(data, "queue.json"),
    preferences: new PreferencesStore(join(data, "preferences.json")),
    emit: () => undefined,
    ask: async () => ({ action: "overwrite", applyToAll: true }),
    retryDelayMs: () => 200,
  });
  const connector = sessions.connector(sessionId);
  return {
    queue,
    copy: (direction: "upload" | "download", sourceFolder: string, names: string[], targetFolder: string) =>
      queue.add({ connector, direction, move: false, sourceFolder, names, targetFolder }),
    drained: async () => {
      await expect.poll(() => queue.list().summary.active, { timeout: 60_000, interval: 50 }).toBe(0);
      return queue.list().jobs;
    },
    close: async () => {
      await queue.close();
      await rm(data, { recursive: true, force: true });
    },
  };
}
