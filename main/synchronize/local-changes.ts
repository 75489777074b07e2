import { watch, type FSWatcher } from "node:fs";
import { sep } from "node:path";

/**
 * What happened to a path, as far as the watcher can tell: "rename" when it appeared or went
 * (made, deleted, moved in or out), "change" when its contents or attributes changed. Only a
 * look at the disk says which of made or deleted.
 */
export type ChangeKind = "rename" | "change";

/** Paths from the watched folder, "/"-separated, with what happened to each; a path that saw both kinds keeps "rename". */
export type SettledChanges = Map<string, ChangeKind>;

export interface LocalChangesOptions {
  /** Quiet time after the last change before the changes are handed over. */
  delayMs: number;
  /** A folder that never goes quiet (a log written every second) is handed over at least this often. */
  maxWaitMs: number;
  /** Whether the folders inside are watched too; off, only the folder's own entries. */
  recursive: boolean;
  settled(changes: SettledChanges): void;
  /** The folder cannot be watched any more (it was deleted, or the system ran out of watches). */
  failed(): void;
}

/**
 * Watches a local folder and hands over what changed in it once it has been quiet for a moment,
 * so that an editor's save (which may truncate, write in pieces and rename) is one upload. Node's
 * own recursive `fs.watch` does the watching: it covers Linux since Node 20 (one inotify watch
 * per folder, new folders included), and macOS and Windows natively.
 */
export class LocalChanges {
  private readonly watcher: FSWatcher;
  private pending: SettledChanges = new Map();
  private quiet: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;

  constructor(
    folder: string,
    private readonly options: LocalChangesOptions,
  ) {
    this.watcher = watch(folder, { recursive: options.recursive, persistent: false }, (kind, name) => {
      // Some platforms give no name for an event they cannot place: a rescan would be the only answer, and the next named change brings it.
      if (name) this.changed(name.split(sep).join("/"), kind);
    });
    this.watcher.on("error", () => {
      this.close();
      options.failed();
    });
  }

  /** Hands over what is pending now, without waiting for the quiet time. */
  flush(): void {
    clearTimeout(this.quiet);
    clearTimeout(this.deadline);
    this.quiet = undefined;
    this.deadline = undefined;
    if (this.pending.size === 0) return;
    const changes = this.pending;
    this.pending = new Map();
    this.options.settled(changes);
  }

  close(): void {
    clearTimeout(this.quiet);
    clearTimeout(this.deadline);
    this.pending.clear();
    this.watcher.close();
  }

  private changed(path: string, kind: ChangeKind): void {
    if (this.pending.get(path) !== "rename") this.pending.set(path, kind);
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.flush(), this.options.delayMs);
    this.deadline ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
  }
}
