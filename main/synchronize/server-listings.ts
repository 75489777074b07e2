/**
 * How a synchronization reads a server folder: STAT on the control connection where the server
 * proves it, LIST otherwise, the times corrected for the server's time zone; which folders read
 * by STAT must be listed again by LIST before the plan may rely on them; and when a folder that
 * does not list is missing rather than unreadable.
 */
import { FTPError, type Client, type FileInfo } from "basic-ftp";
import { posix } from "node:path";
import type { FileEntry } from "../../shared/domain";
import type { SyncAction } from "../../shared/synchronize";
import type { FolderListings } from "./sync-plan";
import { listOverControl } from "../listing/control-listing";
import { unopenedFolder } from "../sessions/listing-client";
import { UserFacingError } from "../errors";
import { toUtcEntry } from "../listing/file-entry";
import { clockOf, listOffsetMsOn } from "../sessions/server-clock";

/**
 * A server folder's entries, their LIST times corrected for the server's time zone as the session
 * knows it (`offsetMs`), which a listing may detect as the pane's does; `byStatus` when they were
 * read from STAT (control-listing.ts), unless `byList`.
 */
export async function listUtc(
  client: Client,
  path: string,
  byList = false,
): Promise<{ entries: FileEntry[]; byStatus: boolean; offsetMs: number }> {
  const byStatus = byList ? undefined : await listOverControl(client, path);
  const infos = byStatus ?? (await client.list(path));
  if (!byStatus && (await listsItself(client, path, infos))) throw new UserFacingError("permission-denied", unopenedFolder);
  await clockOf(client)?.detect(client, path, infos);
  const offsetMs = listOffsetMsOn(client);
  const twice = nameListedTwice(infos);
  // A name holding a line break can forge a line of its own for another file: which of the two is the file, nobody can tell.
  if (twice !== undefined)
    throw new UserFacingError("server-error", `The server's listing of ${path} names ${twice} twice, so the folder is not compared.`);
  return { entries: infos.map((info) => toUtcEntry(info, offsetMs)), byStatus: byStatus !== undefined, offsetMs };
}

/** A listed time shifted by `deltaMs`; MLSD's times (to the second) are UTC whatever the offset. */
function shifted(entry: FileEntry, deltaMs: number): FileEntry {
  if (entry.modified === undefined || entry.timePrecision === "second") return entry;
  return { ...entry, modified: entry.modified + deltaMs };
}

/**
 * Gives every listing the LIST times of `offsetMs`, the session's offset now: folders listed at
 * once were read with the offset of their moment (`readWith`, by folder, brought up to date too),
 * and a later one may have detected the server's time zone meanwhile.
 */
export function withOneOffset(listings: FolderListings, readWith: Map<string, number>, offsetMs: number): void {
  for (const [path, used] of readWith) {
    const entries = listings.get(path);
    if (used === offsetMs || !entries) continue;
    listings.set(
      path,
      entries.map((entry) => shifted(entry, used - offsetMs)),
    );
    readWith.set(path, offsetMs);
  }
}

/** A name that two entries of a listing have, if any. */
function nameListedTwice(infos: readonly FileInfo[]): string | undefined {
  const seen = new Set<string>();
  for (const { name } of infos) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/**
 * A server folder's entries by LIST or MLSD (not STAT, whose reply may lack names that would then
 * be uploaded over), or undefined when the server has no such folder: it refuses the listing with
 * 550 and CWD into the folder with 550 too. Any other failure throws: a folder taken for missing
 * has every local file in it uploaded over the server's copies, newer or not.
 */
export async function listUtcIfThere(client: Client, path: string): Promise<FileEntry[] | undefined> {
  try {
    return (await listUtc(client, path, true)).entries;
  } catch (error) {
    if (refusedWith550(error) && (await refusesEntry(client, path))) return undefined;
    throw error;
  }
}

/** 550, "file unavailable": how servers answer for a path they do not have, and also for one they will not show. */
const refusedWith550 = (error: unknown) => error instanceof FTPError && error.code === 550;

/**
 * Whether the server refuses CWD into the folder, which answers "is a folder there?" (as
 * planUpload asks it) where a refused listing does not. The connection's working folder is kept.
 */
async function refusesEntry(client: Client, path: string): Promise<boolean> {
  const before = await client.pwd();
  try {
    await client.cd(path);
  } catch (error) {
    if (refusedWith550(error)) return true;
    throw error;
  }
  await client.cd(before);
  return false;
}

/**
 * vsftpd lists a folder it cannot open as its parent filtered by the folder's name: one entry,
 * the folder itself. Read as the folder's contents, everything in it would be missing on the
 * server. A folder that really holds only a folder of its own name tells itself apart when that
 * folder is listed: vsftpd lists it (or filters the folder), where an unopenable folder cannot
 * be opened for that either and says so in its 226 (ListingClient's refusal).
 */
async function listsItself(client: Client, path: string, infos: readonly FileInfo[]): Promise<boolean> {
  const [only, ...more] = infos;
  if (more.length > 0 || only === undefined || !only.isDirectory || only.name !== posix.basename(path)) return false;
  try {
    await client.list(posix.join(path, only.name));
    return false;
  } catch (error) {
    if (error instanceof UserFacingError && error.message === unopenedFolder) return true;
    throw error;
  }
}

/**
 * The server folders read from STAT whose listing a row relies on lacking something: a name in a
 * file could have ended STAT's reply early (control-listing.ts), and what such a listing lacks
 * would be uploaded over, or deleted here as missing on the server.
 */
export function foldersToListAgain(actions: readonly SyncAction[], byStatus: ReadonlySet<string>): string[] {
  const folders = new Set<string>();
  for (const action of actions) {
    if (action.remote) continue;
    const folder = action.path.includes("/") ? action.path.slice(0, action.path.lastIndexOf("/")) : "";
    if (byStatus.has(folder)) folders.add(folder);
  }
  return [...folders];
}
