import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { EventMessage } from "../shared/contract";
import type { KeepOptions } from "../shared/keep-up-to-date";
import { KeepUpToDate } from "../main/synchronize/keep-up-to-date";
import type { transferQueueHarness } from "./transfer-queue-harness";

export const everything: KeepOptions = { deleteOnServer: false, mask: "", subfolders: true, initialSync: false };

/** Waits past the quiet time and a round's uploads, for "nothing happened" checks. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 2500));

/** For what is not about speed: a loaded machine must not fail it. */
export const patient = { timeout: 10_000, interval: 50 };

/**
 * "Keep remote directory up to date" over the transfer queue harness: a session, its queue, a
 * local folder and a server folder, and a keep-up-to-date service over them, stopped after the test.
 */
export function keepHarness(harness: Awaited<ReturnType<typeof transferQueueHarness>>) {
  return async function keeping(name: string) {
    const ferry = await harness.ferry(harness.fast);
    const local = await harness.localFolder();
    const server = await harness.remoteFolder(name);
    const events: EventMessage[] = [];
    const keep = new KeepUpToDate({ sessions: ferry.sessions, queue: ferry.queue, emit: (message) => events.push(message), retryMs: 500 });
    harness.cleanups.push(() => keep.closeAll());
    const start = (options: Partial<KeepOptions> = {}) =>
      keep.start({ sessionId: ferry.sessionId, localFolder: local, remoteFolder: server.path, options: { ...everything, ...options } });
    const log = () => events.flatMap((event) => (event.channel === "keep.log" ? event.payload.entries.map((entry) => entry.text) : []));
    const stopped = () => events.flatMap((event) => (event.channel === "keep.stopped" ? [event.payload.reason] : []));
    const onServer = (path: string) => readFile(join(server.disk, path), "utf8").catch(() => undefined);
    const uploadsOf = (path: string) => ferry.queue.list().jobs.filter((job) => job.localPath === join(local, path)).length;
    return { ferry, keep, local, server, start, log, stopped, onServer, uploadsOf };
  };
}
