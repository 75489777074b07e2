import { FTPError, type Client } from "basic-ftp";
import { mkdir, readdir } from "node:fs/promises";
import path, { basename, join, posix } from "node:path";
import { refuseIntoItself } from "../files/into-itself";
import { serverFolderPlace } from "../files/server-folder-place";
import { toUtcEntry } from "../listing/file-entry";
import { listToLookUp } from "../listing/incomplete-listing";
import type { FileEntry, TimePrecision } from "../../shared/domain";
import { entersFolder, transfersFile, type FileMask } from "../../shared/file-mask";
import { isSafeName } from "../../shared/files";
import { notOnServer, stoppedWith } from "../errors";
import { maxDepthOf, tooDeepMessage, type WalkLimits } from "../listing/folder-walk";
import { listOffsetMsOn } from "../sessions/server-clock";
import { noteOn } from "../sessions/session-log";
import { LocalTree } from "./local-entry-kind";
import { pathInside } from "./local-target";
import { setPermissions } from "./server-permissions";

export interface PlannedFile {
  source: string;
  target: string;
  size?: number | undefined;
  modified?: number | undefined;
  /** How finely a server's listing gave `modified` (a download's source). */
  timePrecision?: TimePrecision | undefined;
  /** Nothing to ask about its target: the plan made its folder, or the user chose to replace it (a synchronization's checklist). */
  fresh?: boolean;
  /**
   * Reached through a link to a folder: a move copies it and keeps it, as deleting it would delete
   * a file of the folder the link leads to, which is not in what the user moved.
   */
  keepSource?: boolean;
}

interface PlannedPair {
  source: string;
  target: string;
}

/**
 * What a walk finds, in the order it finds it: a file, a refused name (with the reason), a folder
 * it goes into (for its progress: no job), or a folder whose contents were all planned. A
 * synchronization also plans the deletion of a target, or a new time for it.
 */
export type PlannedItem =
  | ({ kind: "file" } & PlannedFile)
  | ({ kind: "skipped"; message: string } & PlannedPair)
  | { kind: "entered"; source: string }
  | ({ kind: "folder" } & PlannedPair)
  | ({ kind: "delete"; folder: boolean } & PlannedPair)
  | ({ kind: "set-time"; modified: number } & PlannedPair);

/**
 * Where a walk puts what it finds, as it finds it, so that the queue fills while the walk goes
 * on. When it answers with a promise the walk waits for it: the queue takes a chunk at a time.
 */
export type PlanSink = (item: PlannedItem) => void | Promise<void>;

/** What one F5/F6 (or drop) turns into, gathered whole: a file per job, the folders to remove after a move, and what was refused. */
export interface BatchPlan {
  files: PlannedFile[];
  /** Source folders, deepest first: a move removes them once everything in them has moved. */
  sourceFolders: PlannedPair[];
  skipped: (PlannedPair & { message: string })[];
}

/** How far a walk goes: the limits of any walk, and the mask of the transfer. */
export type PlanOptions = WalkLimits & { mask?: FileMask | undefined };

/**
 * What a transfer's mask lets a walk take, by the path from the folder the names are in
 * ("docs/a.txt"); everything when there is none. Ages such as *>1D count back from the walk's start.
 */
class MaskTest {
  private readonly now = Date.now();

  constructor(private readonly mask: FileMask | undefined) {}

  file(path: string, size: number | undefined, modified: number | undefined): boolean {
    return !this.mask || transfersFile(this.mask, { name: posix.basename(path), kind: "file", path, size, modified }, this.now);
  }

  folder(path: string): boolean {
    return !this.mask || entersFolder(this.mask, { name: posix.basename(path), kind: "folder", path });
  }
}

const unsafe = (name: string) => `Skipped ${JSON.stringify(name)}: the name is not safe to use as a file name.`;

/** What making a target folder found: it made the folder (so everything in it is new), the folder was there, or a file is in its way. */
type FolderMade = "made" | "there" | "file-in-the-way";

/** A file is never moved or renamed out of a folder's way: the folder is skipped, visibly, and the rest of the batch goes on. */
const fileInTheWay = (target: string) =>
  `Skipped: a file named ${basename(target)} is in the way, so this folder could not be made there and nothing in it was transferred.`;

/** Makes a local folder if it is missing. */
async function makeLocalFolder(target: string): Promise<FolderMade> {
  try {
    return (await mkdir(target, { recursive: true })) === undefined ? "there" : "made";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return "file-in-the-way";
    throw error;
  }
}

/** How a walk of local files makes its target folders and names its target paths. */
interface LocalWalkTarget {
  join(folder: string, name: string): string;
  /** Makes the folder if it is missing; `inNewFolder`: its parent was made by this walk, so it cannot be there yet. */
  makeFolder(path: string, inNewFolder: boolean): Promise<FolderMade>;
}

/** Walks local files and folders, making each target folder (empty ones too) before the files in it. */
async function planFromLocal(
  sourceFolder: string,
  names: string[],
  targetFolder: string,
  target: LocalWalkTarget,
  sink: PlanSink,
  limits: PlanOptions = {},
): Promise<void> {
  const takes = new MaskTest(limits.mask);
  const tree = await LocalTree.of(
    names.map((name) => join(sourceFolder, name)),
    limits.followLinksOutOfTree,
  );
  const maxDepth = maxDepthOf(limits);
  /**
   * Walks one entry (`relative` is its path from the source folder); false when the mask left something of it out.
   * `throughLink`: the entry is reached through a link to a folder, so a move keeps it (only the link itself goes).
   */
  async function walk(
    source: string,
    relative: string,
    targetPath: string,
    inNewFolder: boolean,
    depth = 0,
    throughLink = false,
  ): Promise<boolean> {
    const entry = await tree.kindOf(source);
    if (entry.kind === "skip") {
      await sink({ kind: "skipped", source, target: targetPath, message: entry.reason });
      return true;
    }
    if (entry.kind === "file") {
      if (!takes.file(relative, entry.size, entry.modified)) return false;
      const file = { source, target: targetPath, size: entry.size, modified: entry.modified, fresh: inNewFolder };
      await sink({ kind: "file", ...file, ...(throughLink ? { keepSource: true } : {}) });
      return true;
    }
    if (!takes.folder(relative)) return false;
    stopIfEnded(limits);
    if (depth > maxDepth) {
      await sink({ kind: "skipped", source, target: targetPath, message: tooDeepMessage(source, maxDepth) });
      return true;
    }
    const folder = await target.makeFolder(targetPath, inNewFolder);
    if (folder === "file-in-the-way") {
      await sink({ kind: "skipped", source, target: targetPath, message: fileInTheWay(targetPath) });
      return true;
    }
    const made = folder === "made" || inNewFolder;
    await sink({ kind: "entered", source });
    let whole = true;
    const inside = throughLink || entry.link === true;
    for (const name of (await readdir(source)).sort()) {
      if (isSafeName(name))
        whole = (await walk(join(source, name), `${relative}/${name}`, target.join(targetPath, name), made, depth + 1, inside)) && whole;
      else await sink({ kind: "skipped", source: join(source, name), target: targetPath, message: unsafe(name) });
    }
    // A folder that a link leads into is the target's, not the moved tree's: a move removes the link only.
    if (!throughLink) await finishFolder(sink, whole, { source, target: targetPath });
    return whole;
  }
  for (const name of names) {
    if (isSafeName(name)) await walk(join(sourceFolder, name), name, target.join(targetFolder, name), false);
    else await sink({ kind: "skipped", source: sourceFolder, target: targetFolder, message: unsafe(name) });
  }
}

/** Local files and folders to upload; the folders are created on the server as the walk goes, with `folderMode` (octal) if given. */
export function planUpload(
  client: Client,
  sourceFolder: string,
  names: string[],
  targetFolder: string,
  sink: PlanSink,
  limits: PlanOptions & { folderMode?: string | undefined } = {},
): Promise<void> {
  /** CWD answers "is a folder there?" without a data connection. */
  const entered = (path: string) =>
    client.cd(path).then(
      () => true,
      () => false,
    );
  const makeFolder = async (path: string, inNewFolder: boolean): Promise<FolderMade> => {
    // In a folder this walk made nothing can be there yet: one MKD. Elsewhere CWD asks first, as
    // some servers (ftp-srv) answer MKD of an existing folder with success, which would make
    // everything in it look new and go over what is there without a question.
    const existed = !inNewFolder && (await entered(path));
    if (existed) return "there";
    try {
      await client.send(`MKD ${await client.protectWhitespace(path)}`);
    } catch (error) {
      if (!(error instanceof FTPError)) throw error;
      // Someone else may have made it meanwhile; else a file is in the way, or the server refused.
      if (inNewFolder && (await entered(path))) return "there";
      if (await remoteFileAt(client, path).catch(() => false)) return "file-in-the-way";
      if (inNewFolder) throw error;
      // The folder the upload goes to may be missing itself (a path typed in): every missing part of it is made.
      await client.ensureDir(path);
    }
    // A refusal is noted in the session log; the folder is there all the same.
    if (limits.folderMode) await setPermissions(client, path, limits.folderMode);
    return "made";
  };
  return whileSessionOpen(client, limits, () =>
    planFromLocal(sourceFolder, names, targetFolder, { join: posix.join, makeFolder }, sink, limits),
  );
}

/** Whether the server has a file (not a folder) at the path: asked only once making a folder there failed. */
async function remoteFileAt(client: Client, path: string): Promise<boolean> {
  const name = posix.basename(path);
  return (await listToLookUp(client, posix.dirname(path))).some((entry) => entry.name === name && !entry.isDirectory);
}

/** Local files and folders to copy into another local folder (a drop from the desktop onto the Local pane). */
export async function planLocalCopy(
  sourceFolder: string,
  names: string[],
  targetFolder: string,
  sink: PlanSink,
  limits: PlanOptions = {},
): Promise<void> {
  refuseIntoItself(sourceFolder, names, targetFolder, path, "copy");
  return planFromLocal(sourceFolder, names, targetFolder, { join, makeFolder: makeLocalFolder }, sink, limits);
}

/**
 * Walks server files and folders to download, creating the local folders as it goes. Names
 * come from the server, so each one is checked and every local path is kept inside the
 * target folder; a hostile name is skipped with a visible reason and the rest goes on.
 */
export function planDownload(
  client: Client,
  sourceFolder: string,
  names: string[],
  targetFolder: string,
  sink: PlanSink,
  /** `move`: the sources go once downloaded, so a folder that is a link is told from a real one before it is entered. */
  limits: PlanOptions & { move?: boolean | undefined } = {},
  /** The names as the remote pane listed them. */
  listed?: readonly FileEntry[],
): Promise<void> {
  return whileSessionOpen(client, limits, () => walkServerFolders(client, sourceFolder, names, targetFolder, sink, limits, listed));
}

/** The source folder's entries for the names: as the pane listed them where it listed every one of them, else listed now. */
async function entriesOf(
  client: Client,
  folder: string,
  names: readonly string[],
  listed: readonly FileEntry[] = [],
): Promise<Map<string, FileEntry>> {
  const given = new Map(listed.map((entry) => [entry.name, entry]));
  if (names.every((name) => given.has(name))) return given;
  const offsetMs = listOffsetMsOn(client);
  return new Map((await client.list(folder)).map((info) => [info.name, toUtcEntry(info, offsetMs)]));
}

async function walkServerFolders(
  client: Client,
  sourceFolder: string,
  names: string[],
  targetFolder: string,
  sink: PlanSink,
  limits: PlanOptions & { move?: boolean | undefined },
  listed: readonly FileEntry[] | undefined,
): Promise<void> {
  const takes = new MaskTest(limits.mask);
  let files = 0;
  const maxDepth = maxDepthOf(limits);
  const progress = new WalkProgress(client);
  /**
   * Walks one entry (`relative` is its path from the source folder); false when the mask left
   * something of it out. `above` holds the identities (MLSD's "unique" fact) of the folders it is in.
   */
  async function walk(
    source: string,
    relative: string,
    target: string,
    entry: FileEntry,
    realParent: string | undefined,
    throughLink: boolean,
    depth = 0,
    above: ReadonlySet<string> = new Set(),
  ): Promise<boolean> {
    if (entry.kind !== "folder") {
      if (!takes.file(relative, entry.size, entry.modified)) return false;
      files++;
      const file = { source, target, size: entry.size, modified: entry.modified, timePrecision: entry.timePrecision };
      await sink({ kind: "file", ...file, ...(throughLink ? { keepSource: true } : {}) });
      return true;
    }
    if (!takes.folder(relative)) return false;
    stopIfEnded(limits);
    if (depth > maxDepth) {
      // Nothing is made for a folder not entered: a tree that never ends leaves no trail of empty folders.
      await sink({ kind: "skipped", source, target, message: tooDeepMessage(source, maxDepth) });
      return true;
    }
    progress.entering(source, files);
    if ((await makeLocalFolder(target)) === "file-in-the-way") {
      await sink({ kind: "skipped", source, target, message: fileInTheWay(target) });
      return true;
    }
    // A move deletes each file once downloaded. A link the server lists as a folder would have it delete the files of
    // the folder the link leads to, outside what the user moved: on a move, each folder is asked where it is first (as
    // a delete does, server-tree-walk.ts), and what a link leads to is copied, not moved.
    const at = realParent !== undefined && !throughLink ? await serverFolderPlace(client, source) : undefined;
    const link = at !== undefined && at !== posix.join(realParent ?? "", posix.basename(source));
    const real = link ? undefined : at;
    if (link) await sink({ kind: "skipped", source, target, message: copiedNotMoved(source) });
    await sink({ kind: "entered", source });
    let whole = !link;
    const offsetMs = listOffsetMsOn(client);
    for (const info of await client.list(source)) {
      const child = toUtcEntry(info, offsetMs);
      const id = child.kind === "folder" ? info.uniqueID : undefined;
      if (id !== undefined && above.has(id)) {
        // A server that shows a link as a folder (proftpd, pure-ftpd) gives it its target's identity: a link back up
        // would be walked round and round, each time a level deeper, each link doubling the walk.
        await sink({ kind: "skipped", source: posix.join(source, child.name), target, message: loopBack(posix.join(source, child.name)) });
      } else if (isSafeName(child.name)) {
        const inside = await walk(
          posix.join(source, child.name),
          `${relative}/${child.name}`,
          pathInside(target, child.name),
          child,
          real,
          throughLink || link,
          depth + 1,
          id === undefined ? above : new Set([...above, id]),
        );
        whole = inside && whole;
      } else {
        await sink({ kind: "skipped", source: posix.join(source, child.name), target, message: unsafe(child.name) });
      }
    }
    // A folder a link leads into is not the moved tree's: it stays, and so do the folders holding the link.
    if (!throughLink && !link) await finishFolder(sink, whole, { source, target });
    return whole && !link;
  }
  const listing = await entriesOf(client, sourceFolder, names, listed);
  const sourceReal =
    limits.move && names.some((name) => listing.get(name)?.kind === "folder") ? await serverFolderPlace(client, sourceFolder) : undefined;
  for (const name of names) {
    const entry = listing.get(name);
    if (!isSafeName(name)) await sink({ kind: "skipped", source: sourceFolder, target: targetFolder, message: unsafe(name) });
    else if (!entry) {
      const source = posix.join(sourceFolder, name);
      await sink({ kind: "skipped", source, target: targetFolder, message: notOnServer(source).message });
    } else await walk(posix.join(sourceFolder, name), name, pathInside(targetFolder, name), entry, sourceReal, false);
  }
}

/** Why a folder of a move stays on the server: it is a link the server lists as a folder. */
function copiedNotMoved(path: string): string {
  return `Kept ${path} on the server: it leads to another folder (a link the server lists as a folder), whose files were copied, not moved.`;
}

/** Why a server folder that is a folder above it again was not entered. */
function loopBack(path: string): string {
  return `Skipped: ${path} is a folder it is already in (a link back up, as the server tells): Ferry did not go round it again.`;
}

/**
 * A folder walked to its end: a move removes it once everything in it has moved, unless the
 * mask left something in it, which stays where it is with its folder.
 */
async function finishFolder(sink: PlanSink, whole: boolean, folder: PlannedPair): Promise<void> {
  if (whole) await sink({ kind: "folder", ...folder });
}

/** Ends a walk whose signal was aborted: with the abort's own sentence (the user stopped it), or because the session closed. */
function stopIfEnded(limits: WalkLimits): void {
  if (limits.signal?.aborted) throw stoppedWith(limits.signal, "Looking through the folders stopped: the session was closed.");
}

/** Runs a walk that stops at once when its session closes or the user stops it: its connection is closed, which ends the listing under way. */
async function whileSessionOpen<T>(client: Client, limits: WalkLimits, walk: () => Promise<T>): Promise<T> {
  const signal = limits.signal;
  stopIfEnded(limits);
  const stop = () => client.close();
  signal?.addEventListener("abort", stop, { once: true });
  try {
    return await walk();
  } catch (error) {
    stopIfEnded(limits);
    throw error;
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}

/** Tells the session log, now and then, how far a long walk of server folders has come. */
class WalkProgress {
  private folders = 0;
  private lastNote = Date.now();

  constructor(private readonly client: Client) {}

  entering(folder: string, files: number): void {
    this.folders++;
    const now = Date.now();
    if (now - this.lastNote < 1000) return;
    this.lastNote = now;
    noteOn(this.client, "info", `Looking through ${folder}: ${this.folders} folders and ${files} files so far.`);
  }
}
