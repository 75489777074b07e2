import { FTPError, type Client } from "basic-ftp";
import { posix } from "node:path";
import type { FileEntry } from "../../shared/domain";
import { isSafeName } from "../../shared/files";
import { UserFacingError } from "../errors";
import { toEntry } from "../listing/file-entry";
import { listToLookUp } from "../listing/incomplete-listing";
import { tooDeepMessage } from "../listing/folder-walk";
import type { DeleteProgress } from "./delete-progress";
import { serverFolderPlace } from "./server-folder-place";

type Kind = FileEntry["kind"];

/** An item of a folder as its listing gives it: `unique` is MLSD's identity of a folder, where the server tells it. */
export interface ListedItem {
  name: string;
  kind: Kind | undefined;
  unique?: string | undefined;
}

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
 * the folders holding it stay. Links are deleted as links and never entered. Some servers list a
 * link to a folder as a folder (MLSD's `type=dir`, a LIST line's `d`): the walk goes into each
 * folder and asks where it is first, and one that is not where its name says (PWD names the link's
 * target, on servers that resolve links) or whose MLSD identity the walk has been in already is
 * taken for the link it is, deleted as a link (as WinSCP does), never emptied.
 */
export class ServerTreeWalk {
  /** What the walk left alone, a sentence each. */
  private readonly leftAlone: string[] = [];
  /** The MLSD identities of the folders the walk went into. */
  private readonly entered = new Set<string>();

  constructor(
    private readonly client: Client,
    private readonly options: ServerTreeWalkOptions,
  ) {}

  /** The marked items of a folder, as its listing gives them (no kind: not listed). */
  async marked(folder: string, names: readonly string[]): Promise<ListedItem[]> {
    // A listing cut short still tells what the marked items are; only a folder being emptied needs its whole listing.
    const listed = new Map((await listToLookUp(this.client, folder)).map((info) => [info.name, info]));
    return names.map((name) => {
      const info = listed.get(name);
      return { name, kind: info && toEntry(info).kind, unique: info?.uniqueID };
    });
  }

  /** Deletes items of `folder`: files and links, and folders with everything in them. */
  async delete(folder: string, items: readonly ListedItem[], progress: DeleteProgress): Promise<void> {
    const real = items.some((item) => item.kind === "folder") ? await serverFolderPlace(this.client, folder) : folder;
    for (const item of items) await this.deleteItem(folder, real, item, progress, 0);
  }

  /**
   * SITE CHMOD on items of `folder` and, when `recursive`, on everything in the folders among them;
   * returns how many were changed. A link inside is passed over, as `chmod -R` does: SITE CHMOD
   * would change what it points to, which may be outside the folder.
   */
  async chmod(folder: string, items: readonly ListedItem[], mode: number, recursive: boolean): Promise<number> {
    const real = recursive && items.some((item) => item.kind === "folder") ? await serverFolderPlace(this.client, folder) : folder;
    let changed = 0;
    for (const item of items) changed += await this.chmodItem(folder, real, item, { mode, recursive }, 0);
    return changed;
  }

  /** Throws when the walk left something alone: `done` says first what it did ("3 items were deleted."). */
  failIfLeftAlone(done: string): void {
    if (this.leftAlone.length === 0) return;
    const more = this.leftAlone.length - shownLeftAlone;
    const sentences = [done, ...this.leftAlone.slice(0, shownLeftAlone), ...(more > 0 ? [`${more} more were left alone.`] : [])];
    throw new UserFacingError("server-error", sentences.join(" "));
  }

  /** Deletes an item of `folder` (which is `real` on the server); false when it stays, holding something left alone. */
  private async deleteItem(folder: string, real: string, item: ListedItem, progress: DeleteProgress, depth: number): Promise<boolean> {
    const path = posix.join(folder, item.name);
    progress.next(path);
    if (item.kind === "folder") {
      const inside = await this.enter(path, real, item, depth);
      if (typeof inside !== "string") return this.deleteLink(path, inside.why, progress);
      const { items, all } = await this.children(path, ", with the folders that hold it");
      let emptied = all;
      for (const child of items) if (!(await this.deleteItem(path, inside, child, progress, depth + 1))) emptied = false;
      if (!emptied) return false;
      await this.client.removeEmptyDir(path);
    } else {
      await this.client.remove(path);
    }
    progress.deleted();
    return true;
  }

  /** DELE on a link the server lists as a folder, which removes the link and leaves its target; a server that refuses leaves it. */
  private async deleteLink(path: string, why: string, progress: DeleteProgress): Promise<boolean> {
    try {
      await this.client.remove(path);
    } catch (error) {
      if (!(error instanceof FTPError)) throw error;
      this.leftAlone.push(`${why}, and the server would not delete it as a link: left alone, with the folders that hold it.`);
      return false;
    }
    progress.deleted();
    return true;
  }

  /** SITE CHMOD on an item of `folder` (which is `real` on the server), and what is in it; a link inside is passed over. */
  private async chmodItem(
    folder: string,
    real: string,
    item: ListedItem,
    change: { mode: number; recursive: boolean },
    depth: number,
  ): Promise<number> {
    const path = posix.join(folder, item.name);
    const chmod = () => this.client.send(`SITE CHMOD ${change.mode.toString(8).padStart(3, "0")} ${path}`);
    if (!change.recursive || item.kind !== "folder") {
      if (depth > 0 && item.kind === "link") return 0;
      await chmod();
      return 1;
    }
    // A marked item is changed whatever it is (the user chose it), and first: "chmod -R 755" is how a folder that
    // cannot be entered is mended. A folder inside is looked into first, as it may be a link; one that cannot be
    // entered is changed, then entered.
    let changedFirst = depth === 0;
    if (changedFirst) await chmod();
    const inside = await this.enter(path, real, item, depth).catch(async (error: unknown) => {
      if (changedFirst || !(error instanceof FTPError)) throw error;
      changedFirst = true;
      await chmod();
      return this.enter(path, real, item, depth);
    });
    if (typeof inside !== "string") return changedFirst ? 1 : 0;
    if (!changedFirst) await chmod();
    let changed = 1;
    for (const child of (await this.children(path, "")).items) changed += await this.chmodItem(path, inside, child, change, depth + 1);
    return changed;
  }

  /**
   * Goes into a folder `depth` levels down and returns where it is on the server (PWD's answer), or,
   * for a link the server lists as a folder, why the walk takes it for one: PWD names another place
   * than the folder it is in (`real`) and its name, or the walk has been in a folder of its identity.
   */
  private async enter(path: string, real: string, item: ListedItem, depth: number): Promise<string | { why: string }> {
    this.options.checkOpen?.();
    if (depth > this.options.maxDepth) throw new UserFacingError("invalid-request", tooDeepMessage(path, this.options.maxDepth));
    if (item.unique !== undefined && this.entered.has(item.unique))
      return { why: `${path} leads into a folder this walk has been in already (a link the server lists as a folder)` };
    const at = await serverFolderPlace(this.client, path);
    if (at !== posix.join(real, item.name)) return { why: `${path} leads to ${at} (a link the server lists as a folder)` };
    if (item.unique !== undefined) this.entered.add(item.unique);
    return at;
  }

  /**
   * The items of a folder whose names are safe to follow; `all` is false when some were not.
   * `alsoKept` ends the sentence about such a name: a delete keeps the folders holding it.
   */
  private async children(folder: string, alsoKept: string): Promise<{ items: ListedItem[]; all: boolean }> {
    const items: ListedItem[] = [];
    const infos = await this.client.list(folder);
    for (const info of infos) {
      if (isSafeName(info.name)) items.push({ name: info.name, kind: toEntry(info).kind, unique: info.uniqueID });
      // JSON's quoting shows control characters as escapes, not as themselves.
      else this.leftAlone.push(`${JSON.stringify(info.name)} in ${folder} is not a safe file name: left alone${alsoKept}.`);
    }
    return { items, all: items.length === infos.length };
  }
}
