import type { Client } from "basic-ftp";
import type { Stats } from "node:fs";
import { lstat, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { KeepLogEntry, KeepWatch } from "../../shared/keep-up-to-date";
import type { TransferJob } from "../../shared/transfer";
import { toUserError } from "../errors";
import type { SiteConnector } from "../transfers/connection-pool";
import type { TransferQueue } from "../transfers/transfer-queue";
import { walkLocalFolder, type KeepScope } from "./keep-scope";
import { LocalChanges, type SettledChanges } from "./local-changes";
import { deleteOnServer } from "./keep-server-deletions";
import { byParent, isBelow, localPathOf, parentOf, remotePathOf } from "./tree-paths";

/** The session's own connection, on which a watch makes server folders, lists them and deletes. */
export interface KeepRemote {
  withConnection<T>(task: (client: Client) => Promise<T>, changes?: string): Promise<T>;
  delete(folder: string, names: string[]): Promise<number>;
}

/**
 * Which folder is watched: the disk (device), the entry on it (inode) and when it was made. File
 * systems such as ext4 give a folder made anew the inode number of the one just deleted.
 */
export interface FolderIdentity {
  dev: number;
  ino: number;
  birthtimeMs: number;
}

export interface KeptFolderOptions {
  /** The watched folder as it was when the watch started: a folder at its path that is not this one is not the watched folder. */
  identity: FolderIdentity;
  scope: KeepScope;
  subfolders: boolean;
  deleteOnServer: boolean;
  delayMs: number;
  /** After a round that could not reach the server, how long before it is tried again. */
  retryMs: number;
  /** The session's connection, and its connector for the queue's transfer connections: both throw once the tab is closed. */
  remote(): KeepRemote;
  connector(): SiteConnector;
  queue: Pick<TransferQueue, "add" | "whenCompleted">;
  log(entries: KeepLogEntry[]): void;
  /** The local folder cannot be watched any more. */
  failed(): void;
}

/** A look at the disk that failed because nothing is at the path (or a file is where a folder on the way was). */
const isMissing = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
};

/**
 * What one round does, by path from the watched folder ("/"-separated): files to upload, folders
 * to have on the server, and paths deleted locally. What a round could not do stays for the next.
 */
class Round {
  readonly files = new Set<string>();
  readonly folders = new Set<string>();
  readonly gone = new Set<string>();

  get empty(): boolean {
    return this.files.size === 0 && this.folders.size === 0 && this.gone.size === 0;
  }

  addFile(path: string): void {
    this.gone.delete(path);
    this.files.add(path);
  }

  addFolder(path: string): void {
    this.gone.delete(path);
    this.folders.add(path);
  }

  addGone(path: string): void {
    this.files.delete(path);
    this.folders.delete(path);
    this.gone.add(path);
  }

  /** Takes in what an earlier round left; what this round has learnt since wins. */
  takeLeftovers(earlier: Round): void {
    for (const path of earlier.files) if (!this.gone.has(path)) this.files.add(path);
    for (const path of earlier.folders) if (!this.gone.has(path)) this.folders.add(path);
    for (const path of earlier.gone) if (!this.files.has(path) && !this.folders.has(path)) this.gone.add(path);
  }
}

/** Makes a server folder and those above it that are missing; true when it was not there. The connection's working folder is kept. */
async function makeRemoteFolder(client: Client, path: string): Promise<boolean> {
  const before = await client.pwd();
  try {
    const there = await client.cd(path).then(
      () => true,
      () => false,
    );
    if (!there) await client.ensureDir(path);
    return !there;
  } finally {
    await client.cd(before).catch(() => undefined);
  }
}

/**
 * One local folder kept up to date on a server folder: changes on disk become rounds, a round at
 * a time. A round deletes on the server what went locally (when asked), makes the server folders
 * it needs on the session's connection, and uploads the files through the transfer queue, folder
 * by folder, overwriting the server's copies without asking. The next round waits for this round's
 * uploads to finish, so that two uploads of one file never race.
 */
export class KeptFolder {
  private readonly changes: LocalChanges;
  private pending = new Round();
  private work: Promise<void> = Promise.resolve();
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Server folders known to be there (by path from the watched folder): the watched one, and those this watch made or found. */
  private readonly remoteFolders = new Set<string>([""]);
  /** Changed paths the disk would not show (no permission, a disk error): looked at again with the next changes. */
  private readonly unread = new Set<string>();

  constructor(
    readonly watch: KeepWatch,
    private readonly options: KeptFolderOptions,
  ) {
    this.changes = new LocalChanges(watch.localFolder, {
      delayMs: options.delayMs,
      maxWaitMs: Math.max(10_000, options.delayMs * 5),
      recursive: options.subfolders,
      settled: (changes) => this.schedule(() => this.takeChanges(changes)),
      failed: options.failed,
    });
  }

  /** Runs a first round made of what `plan` finds (the initial synchronization), before the changes seen meanwhile. */
  begin(plan: (() => Promise<{ files: string[]; folders: string[]; complete: boolean }>) | undefined): void {
    if (!plan) return;
    this.schedule(async () => {
      this.note("info", "Looking for files that are missing on the server or newer than the server's…");
      const found = await plan();
      for (const folder of found.folders) this.pending.addFolder(folder);
      for (const file of found.files) this.pending.addFile(file);
      if (found.files.length === 0 && found.complete) this.note("info", "The server folder is up to date.");
      await this.runRound();
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.changes.close();
  }

  /** The server path of a path from the watched folder. */
  remotePathOf(path: string): string {
    return remotePathOf(this.watch.remoteFolder, path);
  }

  private schedule(task: () => Promise<void>): void {
    this.work = this.work
      .then(() => (this.stopped ? undefined : task()))
      .catch((error: unknown) => {
        if (!this.stopped) this.note("error", toUserError(error).message);
      });
  }

  /**
   * Whether the watched folder is still the one the watch started on. When it went (deleted, moved,
   * its disk unmounted, made anew) every path in it looks deleted, and none of that is true of the
   * server's copies: the watch stops, saying so, and deletes nothing.
   */
  private async stillWatched(): Promise<boolean> {
    if (this.stopped) return false;
    const info = await stat(this.watch.localFolder).catch(() => undefined);
    const { dev, ino, birthtimeMs } = this.options.identity;
    const same = info?.isDirectory() === true && info.dev === dev && info.ino === ino && info.birthtimeMs === birthtimeMs;
    if (!same && !this.stopped) this.options.failed();
    return same;
  }

  /**
   * What the disk says of a changed path: its entry, "gone" when nothing is there while the folder
   * holding it still is (a folder that went is told by its own event, from the folder above), or
   * undefined when that cannot be known now.
   */
  private async look(path: string): Promise<Stats | "gone" | undefined> {
    const root = this.watch.localFolder;
    try {
      const info = await lstat(join(root, path));
      this.unread.delete(path);
      return info;
    } catch (error) {
      if (!isMissing(error)) {
        if (!this.unread.has(path))
          this.note("error", `Ferry could not look at ${path} here, so it is left as it is on the server until it changes again.`);
        this.unread.add(path);
        return undefined;
      }
      this.unread.delete(path);
      const parent = parentOf(path);
      if (parent === "") return (await this.stillWatched()) ? "gone" : undefined;
      const holder = await lstat(join(root, parent)).catch(() => undefined);
      return holder?.isDirectory() ? "gone" : undefined;
    }
  }

  /** What the disk holds now at each changed path: a file or folder to upload, or a path that went. */
  private async takeChanges(changes: SettledChanges): Promise<void> {
    if (!(await this.stillWatched())) return;
    const root = this.watch.localFolder;
    const scope = this.options.scope;
    for (const path of this.unread) if (!changes.has(path)) changes.set(path, "change");
    for (const [path, kind] of changes) {
      const info = await this.look(path);
      if (this.stopped) return;
      if (info === undefined) continue;
      if (info === "gone") {
        if (scope.reaches(path)) this.pending.addGone(path);
      } else if (info.isDirectory()) {
        if (!scope.takesFolder(path)) continue;
        this.pending.addFolder(path);
        // A folder made or moved in: what is inside may have come before its own watch did.
        if (kind === "rename") {
          const found = { files: [], folders: [] };
          await walkLocalFolder(root, path, scope, found);
          for (const folder of found.folders) this.pending.addFolder(folder);
          for (const file of found.files) this.pending.addFile(file);
        }
      } else if (info.isFile() && scope.takesFile(path, info.size, info.mtimeMs)) {
        this.pending.addFile(path);
      }
    }
    await this.runRound();
  }

  /** Does what is pending; what it could not do waits for the next change, or for a retry a little later. */
  private async runRound(): Promise<void> {
    clearTimeout(this.retry);
    const round = this.pending;
    this.pending = new Round();
    if (round.empty) return;
    try {
      await this.apply(round);
    } catch (error) {
      if (this.stopped) return;
      round.takeLeftovers(this.pending);
      this.pending = round;
      const seconds = Math.round(this.options.retryMs / 1000);
      this.note("error", `${toUserError(error).message} Trying again in ${seconds} s.`);
      this.retry = setTimeout(() => this.schedule(() => this.runRound()), this.options.retryMs);
    }
  }

  private async apply(round: Round): Promise<void> {
    const remote = this.options.remote();
    if (this.options.deleteOnServer && round.gone.size > 0) {
      // Checked again just before deleting: the folder may have gone while the round looked at the disk.
      if (!(await this.stillWatched())) return;
      await this.deleteGone(remote, round);
    }
    round.gone.clear();
    await this.makeFolders(remote, round);
    const batches: string[] = [];
    for (const [folder, names] of byParent(round.files)) {
      if (this.stopped) return;
      const { batchId } = await this.options.queue.add({
        connector: this.options.connector(),
        direction: "upload",
        move: false,
        sourceFolder: localPathOf(this.watch.localFolder, folder),
        names,
        targetFolder: this.remotePathOf(folder),
        settings: { whenTargetExists: "overwrite" },
      });
      for (const name of names) round.files.delete(folder === "" ? name : `${folder}/${name}`);
      batches.push(batchId);
    }
    const ended = await Promise.all(batches.map((batchId) => this.options.queue.whenCompleted(batchId)));
    this.options.log(ended.flat().flatMap((job) => this.outcome(job)));
  }

  /** Deletes on the server what went locally and is there (with a mask, what the mask takes of it), and says what it did. */
  private async deleteGone(remote: KeepRemote, round: Round): Promise<void> {
    const { deleted, kept, unlisted } = await deleteOnServer(remote, this.options.scope, this.watch.remoteFolder, round.gone);
    for (const path of deleted)
      for (const known of this.remoteFolders)
        if (known !== "" && (known === path || isBelow(known, path))) this.remoteFolders.delete(known);
    const outermost = (paths: string[]) => paths.filter((path) => !paths.some((other) => other !== path && isBelow(path, other)));
    this.options.log([
      ...outermost(deleted).map((path) => this.entry("deleted", `Deleted ${path} on the server.`)),
      ...outermost(kept).map((path) => this.entry("info", `Kept ${path} on the server: it holds what the mask leaves out.`)),
      ...unlisted.map((path) => this.entry("error", `Could not list ${this.remotePathOf(path)} on the server, so it was left as it is.`)),
    ]);
  }

  /** Makes the server folders the round's files and folders need, once per watch. */
  private async makeFolders(remote: KeepRemote, round: Round): Promise<void> {
    const needed = new Set([...round.folders, ...[...round.files].map(parentOf)]);
    for (const folder of [...needed].sort()) {
      if (!this.remoteFolders.has(folder)) {
        const made = await remote.withConnection(
          (client) => makeRemoteFolder(client, this.remotePathOf(folder)),
          this.remotePathOf(parentOf(folder)),
        );
        if (made) this.note("info", `Made the folder ${folder} on the server.`);
        for (let above = folder; above !== ""; above = parentOf(above)) this.remoteFolders.add(above);
      }
      round.folders.delete(folder);
    }
  }

  /** A finished upload, as the log says it. */
  private outcome(job: TransferJob): KeepLogEntry[] {
    const path = relative(this.watch.localFolder, job.localPath).split(sep).join("/");
    switch (job.status) {
      case "done":
        return [this.entry("uploaded", `Uploaded ${path}.`)];
      case "failed":
        return [this.entry("error", `Could not upload ${path}: ${job.message ?? "the transfer failed"}`)];
      case "skipped":
        return [this.entry("info", job.message ? `${path}: ${job.message}` : `Skipped ${path}.`)];
      case "cancelled":
        return [this.entry("info", `The upload of ${path} was cancelled.`)];
      default:
        return [];
    }
  }

  private note(kind: KeepLogEntry["kind"], text: string): void {
    this.options.log([this.entry(kind, text)]);
  }

  private entry(kind: KeepLogEntry["kind"], text: string): KeepLogEntry {
    return { at: Date.now(), kind, text };
  }
}
