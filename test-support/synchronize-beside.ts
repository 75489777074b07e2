import { join } from "node:path";
import type { SessionManager } from "../main/sessions/session-manager";
import { PreferencesStore } from "../main/settings/preferences-store";
import { SyncRecords } from "../main/synchronize/sync-records";
import { SynchronizeService } from "../main/synchronize/synchronize-service";
import { TransferQueue } from "../main/transfers/transfer-queue";

/**
 * A queue and a Synchronize service for a test's sessions, their files in `dataDir`: every
 * question about an existing target is answered Skip, and a failed job is tried again soon.
 */
export async function synchronizeBeside(sessions: SessionManager, dataDir: string) {
  const preferences = new PreferencesStore(join(dataDir, "preferences.json"));
  const queue = await TransferQueue.open({
    path: join(dataDir, "queue.json"),
    preferences,
    emit: () => undefined,
    ask: async () => ({ action: "skip", applyToAll: true }),
    retryDelayMs: () => 200,
  });
  const service = new SynchronizeService({
    connector: (sessionId) => sessions.connector(sessionId),
    queue,
    preferences: () => preferences.get(),
    records: new SyncRecords(join(dataDir, "sync-records.json")),
    emit: () => undefined,
  });
  return { preferences, queue, service };
}
