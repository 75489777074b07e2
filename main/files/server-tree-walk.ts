import type { Client } from "basic-ftp";
import { posix } from "node:path";
import type { FileEntry } from "../../shared/domain";
import { isSafeName } from "../../shared/files";
import { UserFacingError } from "../errors";
import { toEntry } from "../listing/file-entry";
import { tooDeepMessage } from "../listing/folder-walk";
import type { DeleteProgress } from "./delete-progress";

type Kind = FileEntry["kind"];

export interface ServerTreeWalkOptions {
  /** Levels of folders below a chosen item the walk may list: the preference `maxFolderDepth`. */
  maxDepth: number;
  /** Throws before each listing when the walk must stop (its session was closed). */
  checkOpen?(): void;
}

/** Sentences about what was left alone that an error shows; the rest are counted. */
const shownLeftAlone = 3;

/**
 * Deletes or changes server items and everything in the folders among them, item by item (not
 * basic-ftp's removeDir), so that a big tree shows progress and can be cancelled. The names come
 * from the server's listings: one that is not a single path segment ("x/../../..") would reach
 * outside its folder once joined onto it, so it is left alone, said by `failIfLeftAlone`, and
 * the folders holding it stay. Links are deleted as links and never entered; a folder that lists
 * itself again (a link the server shows as a folder) ends at the depth limit.
 */
export class ServerTreeWalk {
  /** What the walk left alone, a sentence each. */
  private readonly leftAlone: string[] = [];

  constructor(
    private readonly client: Client,
    private readonly options: ServerTreeWalkOptions,
  ) {}

  /** Deletes a file or link, or a folder with everything in it; false when the folder stays, holding something left alone. */
  async delete(path: string, kind: Kind | undefined, progress: DeleteProgress, depth = 0): Promise<boolean> {
    progress.next(path);
    if (kind === "folder") {
      const { entries, all } = await this.children(path, depth, ", with the folders that hold it");
      let emptied = all;
      for (const [name, childKind] of entries)
        if (!(await this.delete(posix.join(path, name), childKind, progress, depth + 1))) emptied = false;
      if (!emptied) return false;
      await this.client.removeEmptyDir(path);
    } else {
      await this.client.remove(path);
    }
    progress.deleted();
    return true;
  }

  /**
   * SITE CHMOD on the item and, when `recursive`, on everything in a folder; returns how many
   * were changed. A link inside is passed over, as `chmod -R` does: SITE CHMOD would change what
   * it points to, which may be outside the folder.
   */
  async chmod(path: string, kind: Kind | undefined, mode: number, recursive: boolean, depth = 0): Promise<number> {
    await this.client.send(`SITE CHMOD ${mode.toString(8).padStart(3, "0")} ${path}`);
    if (!recursive || kind !== "folder") return 1;
    let changed = 1;
    for (const [name, childKind] of (await this.children(path, depth, "")).entries) {
      if (childKind !== "link") changed += await this.chmod(posix.join(path, name), childKind, mode, true, depth + 1);
    }
    return changed;
  }

  /** Throws when the walk left something alone: `done` says first what it did ("3 items were deleted."). */
  failIfLeftAlone(done: string): void {
    if (this.leftAlone.length === 0) return;
    const more = this.leftAlone.length - shownLeftAlone;
    const sentences = [done, ...this.leftAlone.slice(0, shownLeftAlone), ...(more > 0 ? [`${more} more were left alone.`] : [])];
    throw new UserFacingError("server-error", sentences.join(" "));
  }

  /**
   * The entries of a folder `depth` levels down whose names are safe to follow; `all` is false when
   * some were not. `alsoKept` ends the sentence about such a name: a delete keeps the folders holding it.
   */
  private async children(folder: string, depth: number, alsoKept: string): Promise<{ entries: [string, Kind][]; all: boolean }> {
    this.options.checkOpen?.();
    if (depth > this.options.maxDepth) throw new UserFacingError("invalid-request", tooDeepMessage(folder, this.options.maxDepth));
    const entries: [string, Kind][] = [];
    const infos = await this.client.list(folder);
    for (const info of infos) {
      if (isSafeName(info.name)) entries.push([info.name, toEntry(info).kind]);
      // JSON's quoting shows control characters as escapes, not as themselves.
      else this.leftAlone.push(`${JSON.stringify(info.name)} in ${folder} is not a safe file name: left alone${alsoKept}.`);
    }
    return { entries, all: entries.length === infos.length };
  }
}
