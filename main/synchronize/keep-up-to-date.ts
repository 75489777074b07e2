import { stat } from "node:fs/promises";
import { posix } from "node:path";
import type { EventMessage } from "../../shared/contract";
import type { SessionId } from "../../shared/domain";
import { parseFileMask } from "../../shared/file-mask";
import { isSafeName } from "../../shared/files";
import { defaultKeepDelayMs, type KeepId, type KeepLogEntry, type KeepOptions, type KeepWatch } from "../../shared/keep-up-to-date";
import { toUserError, UserFacingError } from "../errors";
import { localPath } from "../local/local-files";
import type { SiteConnector } from "../transfers/connection-pool";
import type { TransferQueue } from "../transfers/transfer-queue";
import { filesToSync } from "./keep-initial-sync";
import { KeepScope } from "./keep-scope";
import { KeptFolder, type KeepRemote } from "./kept-folder";
import { listUtcIfThere } from "./server-listings";

export interface KeepUpToDateOptions {
  /** The sessions (tabs) whose servers are kept up to date: both throw once a session is closed. */
  sessions: { connector(sessionId: SessionId): SiteConnector; session(sessionId: SessionId): KeepRemote };
  queue: Pick<TransferQueue, "add" | "whenCompleted">;
  emit(message: EventMessage): void;
  /** Quiet time after the last change before uploading; WinSCP's 1 s by default. */
  delayMs?: number;
  /** After a round that could not reach the server, how long before it is tried again. */
  retryMs?: number;
}

export interface KeepRequest {
  sessionId: SessionId;
  localFolder: string;
  remoteFolder: string;
  options: KeepOptions;
}

/**
 * "Keep remote directory up to date" as a service of main/ without Electron: each watch keeps
 * one local folder's changes flowing to a server folder of a session, until it is stopped, the
 * local folder can no longer be watched, or the session is closed (its tab closed). A lost
 * connection does not stop it: the session reconnects for the next round, and a round that
 * could not reach the server is tried again, so what changed meanwhile still goes up.
 */
export class KeepUpToDate {
  private readonly running = new Map<KeepId, KeptFolder>();
  private count = 0;

  constructor(private readonly options: KeepUpToDateOptions) {}

  async start(request: KeepRequest): Promise<KeepWatch> {
    const localFolder = localPath(request.localFolder);
    const remoteFolder = posix.normalize(request.remoteFolder);
    const folder = await stat(localFolder).catch(() => undefined);
    if (!folder?.isDirectory()) throw new UserFacingError("not-found", `The local folder “${localFolder}” does not exist.`);
    const parsed = parseFileMask(request.options.mask);
    if (!parsed.ok) throw new UserFacingError("invalid-request", parsed.error);
    const connector = this.options.sessions.connector(request.sessionId);
    const remote = () => this.options.sessions.session(request.sessionId);
    await remote().withConnection(async (client) => {
      const before = await client.pwd();
      await client.cd(remoteFolder).catch(() => {
        throw new UserFacingError("not-found", `The server folder “${remoteFolder}” cannot be opened: does it exist?`);
      });
      await client.cd(before);
    });

    const keepId: KeepId = `k${++this.count}`;
    const watch: KeepWatch = { keepId, sessionId: request.sessionId, localFolder, remoteFolder };
    const scope = new KeepScope(parsed.mask, request.options.subfolders);
    const kept = new KeptFolder(watch, {
      identity: { dev: folder.dev, ino: folder.ino, birthtimeMs: folder.birthtimeMs },
      scope,
      subfolders: request.options.subfolders,
      deleteOnServer: request.options.deleteOnServer,
      delayMs: this.options.delayMs ?? defaultKeepDelayMs,
      retryMs: this.options.retryMs ?? 10_000,
      remote,
      connector: () => this.options.sessions.connector(request.sessionId),
      queue: this.options.queue,
      log: (entries) => this.log(keepId, entries),
      failed: () => this.stop(keepId, `Stopped: the local folder ${localFolder} can no longer be watched (was it moved or deleted?).`),
    });
    this.running.set(keepId, kept);
    if (connector.closed?.aborted) {
      this.stop(keepId, "Stopped: the tab's connection was closed.");
      return watch;
    }
    connector.closed?.addEventListener("abort", () => this.stop(keepId, "Stopped: the tab's connection was closed."), { once: true });
    this.log(keepId, [{ at: Date.now(), kind: "info", text: `Watching ${localFolder} for changes to upload to ${remoteFolder}.` }]);
    kept.begin(
      request.options.initialSync
        ? () =>
            filesToSync(
              {
                localFolder,
                listRemote: async (path) => {
                  const entries = await remote().withConnection((client) => listUtcIfThere(client, kept.remotePathOf(path)));
                  return entries?.filter((entry) => isSafeName(entry.name));
                },
                conflict: (path) =>
                  this.log(keepId, [
                    {
                      at: Date.now(),
                      kind: "error",
                      text: `${path} is a file on one side and a folder on the other: it is left as it is.`,
                    },
                  ]),
                unlisted: (path, error) =>
                  this.log(keepId, [
                    {
                      at: Date.now(),
                      kind: "error",
                      text: `Could not list ${kept.remotePathOf(path)} on the server: ${toUserError(error).message} It was left out of the initial synchronization, with everything in it.`,
                    },
                  ]),
              },
              scope,
            )
        : undefined,
    );
    return watch;
  }

  /** Stops a watch, saying why; uploads it queued stay in the queue. */
  stop(keepId: KeepId, reason = "Stopped, as you asked."): void {
    const kept = this.running.get(keepId);
    if (!kept) return;
    this.running.delete(keepId);
    kept.stop();
    this.options.emit({ kind: "event", channel: "keep.stopped", payload: { keepId, reason } });
  }

  /** The watches running now. */
  list(): KeepWatch[] {
    return [...this.running.values()].map((kept) => kept.watch);
  }

  /** The app is quitting or the renderer went away: nothing is watched any more. */
  closeAll(): void {
    for (const keepId of [...this.running.keys()]) this.stop(keepId, "Stopped: Ferry is closing.");
  }

  private log(keepId: KeepId, entries: KeepLogEntry[]): void {
    if (entries.length > 0) this.options.emit({ kind: "event", channel: "keep.log", payload: { keepId, entries } });
  }
}
