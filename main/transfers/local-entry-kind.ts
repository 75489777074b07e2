import type { Stats } from "node:fs";
import { constants, lstatSync } from "node:fs";
import { lstat, open, realpath, stat, type FileHandle } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { toUserError, UserFacingError } from "../errors";

/**
 * What a local walk does with one entry: copy it as a file, go into it as a folder (`link`: a link
 * to one, followed), or skip it for a reason the user sees.
 */
export type LocalEntry =
  { kind: "file"; size: number; modified: number } | { kind: "folder"; link?: true } | { kind: "skip"; reason: string };

/** What an entry that is neither a regular file nor a folder is, in words. */
function oddKind(info: Stats): string {
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  return "not a regular file";
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`);
}

/** How many of a folder's files the thread pool looks at at once. */
const lookedAtTogether = 256;
/** Looks on this thread for this long, then other work gets a turn. */
const turnMs = 4;
/** One look on this thread that took longer than this (a network share, a busy disk): the rest of the folder goes through the thread pool. */
const slowLookMs = 1;

/** A look at a path on the calling thread (lstat), and the clock that times it: given by tests. */
export interface LooksOnThisThread {
  lstat(path: string): Stats | undefined;
  now(): number;
}

const ownLooks: LooksOnThisThread = {
  lstat: (path) => lstatSync(path, { throwIfNoEntry: false }),
  now: () => performance.now(),
};

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/**
 * The local tree a transfer walks: what each entry is and whether the walk may follow it.
 * Only regular files and folders are taken; a link is followed only to a place inside the
 * items the user chose (unless the preference allows more), so that a link in a project
 * folder cannot send `~/.ssh/id_rsa` to a server; a folder already walked is not walked twice.
 */
export class LocalTree {
  private readonly visited = new Set<string>();

  private constructor(
    private readonly roots: string[],
    private readonly followLinksOutOfTree: boolean,
    private readonly looks: LooksOnThisThread,
  ) {}

  /** The tree of the chosen items (a chosen link is the user's own choice: its target is part of the tree). */
  static async of(chosen: string[], followLinksOutOfTree = false, looks: LooksOnThisThread = ownLooks): Promise<LocalTree> {
    const roots = await Promise.all(chosen.map((path) => realpath(path).catch(() => resolve(path))));
    return new LocalTree(roots, followLinksOutOfTree, looks);
  }

  /**
   * What each of a folder's files is, for names its listing calls regular files. A comparison
   * looks at every file of a tree, and an lstat on this thread costs a fifth of the CPU of one
   * through the thread pool. So they are looked at on this thread, which lets other work in
   * every few milliseconds, until one look is slow (a network share, a busy disk): the rest of
   * the folder goes through the thread pool, many at once. A slow disk costs this thread one
   * look per folder; one that hangs between listing a folder and looking at its files holds it up.
   */
  async filesIn(folder: string, names: readonly string[]): Promise<Map<string, LocalEntry>> {
    const kinds = new Map<string, LocalEntry>();
    /** Gone, changed into something else since the listing, or not to be read: the full look says what each is now, and why. */
    const fullLook: string[] = [];
    let here = true;
    let turnStarted = this.looks.now();
    for (const name of names) {
      const started = this.looks.now();
      const look = here ? this.lookHere(join(folder, name)) : undefined;
      here &&= this.looks.now() - started <= slowLookMs;
      if (look) kinds.set(name, look);
      else fullLook.push(name);
      if (this.looks.now() - turnStarted > turnMs) {
        await nextTurn();
        turnStarted = this.looks.now();
      }
    }
    for (let start = 0; start < fullLook.length; start += lookedAtTogether)
      await Promise.all(
        fullLook.slice(start, start + lookedAtTogether).map(async (name) => kinds.set(name, await this.kindOf(join(folder, name)))),
      );
    return kinds;
  }

  /** A regular file's facts, looked at on this thread; undefined for anything else or a failed look. */
  private lookHere(path: string): LocalEntry | undefined {
    try {
      const info = this.looks.lstat(path);
      return info?.isFile() ? { kind: "file", size: info.size, modified: info.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  }

  async kindOf(path: string): Promise<LocalEntry> {
    try {
      let info = await lstat(path);
      let real = path;
      const link = info.isSymbolicLink();
      if (link) {
        const followed = await this.follow(path);
        if (typeof followed === "object") return followed;
        real = followed;
        info = await stat(path);
      } else if (info.isDirectory()) {
        real = await realpath(path);
      }
      if (info.isFile()) return { kind: "file", size: info.size, modified: info.mtimeMs };
      if (!info.isDirectory()) return { kind: "skip", reason: `Skipped ${path}: it is ${oddKind(info)}, not a file or folder.` };
      // A link back up the tree would walk for ever, and one to a folder already taken would take it twice. A folder
      // itself is always taken, also after a link to it ("current" -> "releases/r2" is walked first): the tree keeps its shape.
      if (link && this.visited.has(real))
        return { kind: "skip", reason: `Skipped ${path}: it leads back to ${real}, which this transfer already takes.` };
      this.visited.add(real);
      return link ? { kind: "folder", link } : { kind: "folder" };
    } catch (error) {
      if (errnoOf(error) === "ENOENT") return { kind: "skip", reason: `Skipped ${path}: it is no longer there.` };
      return { kind: "skip", reason: `Skipped ${path}: ${toUserError(error).message}` };
    }
  }

  /** Where a link leads, or why the walk does not follow it. */
  private async follow(path: string): Promise<string | LocalEntry> {
    try {
      const real = await realpath(path);
      if (!this.followLinksOutOfTree && !this.roots.some((root) => isInside(real, root))) {
        return {
          kind: "skip",
          reason: `Skipped ${path}: it is a link to ${real}, outside the folders chosen (following such links is a preference).`,
        };
      }
      return real;
    } catch (error) {
      if (errnoOf(error) === "ELOOP") return { kind: "skip", reason: `Skipped ${path}: it is a link that leads back to itself.` };
      if (errnoOf(error) === "ENOENT") return { kind: "skip", reason: `Skipped ${path}: it is a link to something that does not exist.` };
      throw error;
    }
  }
}

/**
 * Opens a local source for reading, only if it is a regular file now: one swapped for a FIFO
 * or a device since the walk would block or never end, so its job fails instead. Opening does
 * not wait for a FIFO's writer.
 */
export async function openRegularFile(path: string): Promise<FileHandle> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new UserFacingError("invalid-request", `${path} is ${oddKind(info)} now, not a file, so Ferry did not read it.`);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The facts of a local source about to be read, only if it is a regular file. */
export async function regularFile(path: string): Promise<Stats> {
  const handle = await openRegularFile(path);
  try {
    return await handle.stat();
  } finally {
    await handle.close();
  }
}
