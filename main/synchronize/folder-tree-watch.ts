import { lstatSync, watch, type FSWatcher } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { join, posix, sep } from "node:path";
import type { ChangeKind } from "./local-changes";

export interface FolderTreeWatchOptions {
  /** Whether the folders inside are watched too; off, only the folder's own entries. */
  recursive: boolean;
  /** A path from the watched folder ("/"-separated) changed; undefined: the watched folder itself may have. */
  changed(path: string | undefined, kind: ChangeKind): void;
  /** A folder that is still there cannot be watched any more (the system ran out of watches). */
  failed(): void;
}

interface Watched {
  watcher: FSWatcher;
  ino: number;
  birthtimeMs: number;
}

/**
 * A folder tree watched with one watch per folder, as inotify works. A folder's watch names the
 * entries that change in it whatever becomes of their inodes, so a file an editor replaces by a
 * rename is still seen at its next save. Node's own recursive watching on Linux watches each file
 * as well and loses a file once its inode is replaced. Links are never followed. macOS and Windows
 * watch a whole tree by path themselves: there the watched folder has one recursive watch.
 */
export class FolderTreeWatch {
  /** By path from the watched folder ("" for the watched folder itself). */
  private readonly watched = new Map<string, Watched>();
  private closed = false;
  private readonly native: boolean;

  /** Throws when the watched folder itself cannot be watched. */
  constructor(
    private readonly root: string,
    private readonly options: FolderTreeWatchOptions,
  ) {
    this.native = options.recursive && process.platform !== "linux";
    const info = lstatSync(root);
    this.watched.set("", this.watchFolder("", info.ino, info.birthtimeMs));
    if (options.recursive && !this.native) this.meanwhile(this.watchBelow(""));
  }

  close(): void {
    this.closed = true;
    for (const { watcher } of this.watched.values()) watcher.close();
    this.watched.clear();
  }

  private watchFolder(folder: string, ino: number, birthtimeMs: number): Watched {
    const watcher = watch(join(this.root, folder), { persistent: false, recursive: this.native }, (kind, name) =>
      this.event(folder, kind, name?.split(sep).join("/")),
    );
    watcher.on("error", () => this.meanwhile(this.lost(folder)));
    return { watcher, ino, birthtimeMs };
  }

  private event(folder: string, kind: ChangeKind, name: string | undefined): void {
    if (this.closed) return;
    // A folder's event about itself (deleted, moved, its permissions changed) carries the folder's own name, as an entry of it would.
    if (!name || (name === posix.basename(folder || this.root) && !this.exists(join(this.root, folder, name)))) {
      this.options.changed(folder === "" ? undefined : folder, "change");
      return;
    }
    const path = folder === "" ? name : `${folder}/${name}`;
    this.options.changed(path, kind);
    if (this.options.recursive && !this.native && kind === "rename") this.meanwhile(this.folderChanged(path));
  }

  /** Work an event starts and nothing waits for: should it fail, the folder can no longer be watched as it was (and nothing ends the process). */
  private meanwhile(work: Promise<void>): void {
    work.catch(() => {
      if (!this.closed) this.options.failed();
    });
  }

  private exists(path: string): boolean {
    try {
      lstatSync(path);
      return true;
    } catch {
      return false;
    }
  }

  /** An entry appeared or went: a folder there is watched, with those below it, and a folder that went is let go. */
  private async folderChanged(path: string): Promise<void> {
    const info = await lstat(join(this.root, path)).catch(() => undefined);
    if (this.closed) return;
    const known = this.watched.get(path);
    const same = info?.isDirectory() && known?.ino === info.ino && known.birthtimeMs === info.birthtimeMs;
    if (known && !same) this.unwatch(path);
    if (!info?.isDirectory() || same) return;
    try {
      this.watched.set(path, this.watchFolder(path, info.ino, info.birthtimeMs));
    } catch {
      await this.lost(path);
      return;
    }
    await this.watchBelow(path);
  }

  private async watchBelow(folder: string): Promise<void> {
    const entries = await readdir(join(this.root, folder), { withFileTypes: true }).catch(() => []);
    for (const entry of entries)
      if (entry.isDirectory() && !this.closed) await this.folderChanged(folder === "" ? entry.name : `${folder}/${entry.name}`);
  }

  /** A folder and everything watched below it. */
  private unwatch(path: string): void {
    for (const [folder, { watcher }] of this.watched)
      if (folder === path || folder.startsWith(`${path}/`)) {
        watcher.close();
        this.watched.delete(folder);
      }
  }

  /** A watch broke: fine when its folder went (the folder above tells), a failure when the folder is still there. */
  private async lost(folder: string): Promise<void> {
    this.unwatch(folder);
    const stillThere = await lstat(join(this.root, folder)).then(
      (info) => info.isDirectory(),
      () => false,
    );
    if (this.closed) return;
    if (stillThere) this.options.failed();
    else this.options.changed(folder === "" ? undefined : folder, "rename");
  }
}
