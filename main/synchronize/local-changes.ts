import { FolderTreeWatch } from "./folder-tree-watch";

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
 * so that an editor's save (which may truncate, write in pieces and rename) is one upload.
 */
export class LocalChanges {
  private readonly watcher: FolderTreeWatch;
  private pending: SettledChanges = new Map();
  /** An event without a name: the watched folder itself may have gone, which only a look at it tells. */
  private unplaced = false;
  private quiet: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;

  constructor(
    folder: string,
    private readonly options: LocalChangesOptions,
  ) {
    this.watcher = new FolderTreeWatch(folder, {
      recursive: options.recursive,
      // Without a path, a round that looks at the watched folder itself.
      changed: (path, kind) => this.changed(path, kind),
      failed: () => {
        this.close();
        options.failed();
      },
    });
  }

  /** Hands over what is pending now, without waiting for the quiet time. */
  flush(): void {
    clearTimeout(this.quiet);
    clearTimeout(this.deadline);
    this.quiet = undefined;
    this.deadline = undefined;
    if (this.pending.size === 0 && !this.unplaced) return;
    const changes = this.pending;
    this.pending = new Map();
    this.unplaced = false;
    this.options.settled(changes);
  }

  close(): void {
    clearTimeout(this.quiet);
    clearTimeout(this.deadline);
    this.pending.clear();
    this.watcher.close();
  }

  private changed(path: string | undefined, kind: ChangeKind): void {
    if (path === undefined) this.unplaced = true;
    else if (this.pending.get(path) !== "rename") this.pending.set(path, kind);
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => this.flush(), this.options.delayMs);
    this.deadline ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
  }
}
