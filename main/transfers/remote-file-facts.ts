/** What a server says of one of its files (SIZE, MDTM, a listing's line), read as sizes and times Ferry can use. */
import { FTPError, type Client, type FileInfo } from "basic-ftp";
import { parseMLSxDate } from "basic-ftp/dist/parseListMLSD.js";
import { posix } from "node:path";
import { UserFacingError } from "../errors";
import { implausibleTime } from "../listing/plausible-time";
import { IncompleteListing } from "../listing/incomplete-listing";
import { ListingClient, unopenedFolder } from "../sessions/listing-client";
import { noteOn } from "../sessions/session-log";

/** A server's answer to "how big is this file?": missing, there (size unknown when the reply makes no sense), or unknown. */
export type RemoteSize = { exists: false } | { exists: true; size: number | undefined } | { exists: undefined };

/** Replies of a server that does not have a command at all (not "no such file"). */
const notImplemented = new Set([500, 502, 504]);

/** Whether the server answered that it does not have the command at all (500, 502, 504). */
export function notImplementedReply(error: unknown): error is FTPError {
  return error instanceof FTPError && notImplemented.has(error.code);
}

/** Connections whose server has no SIZE: asked once, then sizes come from listings. */
const withoutSize = new WeakSet<Client>();

/** Whether the connection's server answers SIZE (or has not been asked yet). */
export function answersSize(client: Client): boolean {
  return !withoutSize.has(client);
}

/**
 * SIZE of a remote file. A server without SIZE is asked through the listing of the file's folder
 * instead: a missing command is not a missing file. `exists` is undefined only when that fails too.
 */
export async function remoteSize(client: Client, path: string): Promise<RemoteSize> {
  const answer = await askSize(client, path);
  if (answer === "refused") return { exists: false };
  return answer ?? sizeFromListing(client, path);
}

/**
 * The size of a file the server has just said it stored. SIZE refused here is no missing file (a
 * write-only folder answers 550 "Permission denied"): the folder's listing tells, as on a server
 * without SIZE. An empty listing tells nothing (a write-only folder lists nothing): `exists` is
 * undefined then; a listing of other files without this one says it is not there.
 */
export async function storedSize(client: Client, path: string): Promise<RemoteSize> {
  const answer = await askSize(client, path);
  return answer === "refused" || answer === undefined ? sizeFromListing(client, path, true) : answer;
}

/** SIZE's answer: "refused" for a refusal (5xx) other than a missing command; undefined on a server without SIZE. */
async function askSize(client: Client, path: string): Promise<RemoteSize | "refused" | undefined> {
  if (withoutSize.has(client)) return undefined;
  try {
    return { exists: true, size: await client.size(path) };
  } catch (error) {
    if (!notImplementedReply(error)) {
      if (error instanceof FTPError && error.code >= 500) return "refused";
      // A 213 reply without a number (ftp-srv says "213 File status" for an empty file).
      if (error instanceof Error && /Can't parse response/.test(error.message)) return { exists: true, size: undefined };
      throw error;
    }
    withoutSize.add(client);
    noteOn(client, "info", `The server does not support SIZE (it answered ${error.code}): Ferry takes file sizes from folder listings.`);
    return undefined;
  }
}

async function sizeFromListing(client: Client, path: string, emptyTellsNothing = false): Promise<RemoteSize> {
  const name = posix.basename(path);
  const found = (listing: readonly FileInfo[]): RemoteSize | undefined => {
    const info = listing.find((entry) => entry.name === name);
    return info ? { exists: true, size: info.isFile ? info.size : undefined } : undefined;
  };
  try {
    const listing = await client.list(posix.dirname(path));
    return found(listing) ?? { exists: emptyTellsNothing && listing.length === 0 ? undefined : false };
  } catch (error) {
    // Listed only in part: a name it has is there, one it lacks may be.
    if (error instanceof IncompleteListing) return found(error.entries) ?? { exists: undefined };
    // Refused outright, or vsftpd's "226 … failed to open directory", which the listing client reads as a refusal.
    if (error instanceof FTPError || (error instanceof UserFacingError && error.message === unopenedFolder)) return { exists: undefined };
    throw error;
  }
}

/** What MLST says is at a server path: nothing, a folder, or a file with its size and time where given. */
export type PathFacts = { kind: "missing" } | { kind: "folder" } | { kind: "file"; size: number | undefined; modified: number | undefined };

/** Connections whose server's MLST replies could not be read: asked once, then the older commands tell. */
const withoutMlst = new WeakSet<Client>();

/**
 * One `MLST path`, on servers whose FEAT offers it: whether something is there, a folder or a file
 * and, for a file, its size and UTC time, in one round trip where CWD, SIZE and MDTM take three.
 * Undefined where MLST cannot tell (no MLST, a link, a reply without facts, a refusal other than
 * 550): the caller asks the older way. Only 550 means "nothing there", as SIZE's refusal does.
 */
export async function pathFacts(client: Client, path: string): Promise<PathFacts | undefined> {
  // FEAT, not the list commands left to try: basic-ftp drops MLSD from those after one refused listing.
  if (withoutMlst.has(client) || !(client instanceof ListingClient) || !(await client.features()).has("MLST")) return undefined;
  let reply: string;
  try {
    reply = (await client.send(`MLST ${await client.protectWhitespace(path)}`)).message;
  } catch (error) {
    if (!(error instanceof FTPError)) throw error;
    if (error.code === 550) return { kind: "missing" };
    if (notImplementedReply(error)) withoutMlst.add(client);
    return undefined;
  }
  // "250-Listing /a\r\n type=file;size=4;modify=20261203120000; /a\r\n250 End": the facts stand on the line that starts with a space.
  const line = reply.split(/\r?\n/).find((text) => text.startsWith(" ") && text.includes("="));
  const facts = new Map(
    (line?.trimStart().split(" ", 1)[0] ?? "")
      .split(";")
      .map((fact) => fact.split("="))
      .filter((pair): pair is [string, string] => pair.length === 2)
      .map(([name, value]) => [name.toLowerCase(), value]),
  );
  const type = facts.get("type")?.toLowerCase();
  if (type === "dir" || type === "cdir" || type === "pdir") return { kind: "folder" };
  if (type !== "file") {
    // No facts at all: this server's MLST says nothing Ferry can use. A link, or a type of its own: this path alone goes the older way.
    if (type === undefined) withoutMlst.add(client);
    return undefined;
  }
  const size = facts.get("size");
  const modify = facts.get("modify");
  const ms = modify === undefined ? undefined : parseMLSxDate(modify).getTime();
  return {
    kind: "file",
    size: size !== undefined && /^\d+$/.test(size) ? Number(size) : undefined,
    modified: ms === undefined || Number.isNaN(ms) ? undefined : usableTime(client, path, ms, "MLST"),
  };
}

/** MDTM of a remote file, or undefined when the server cannot say or says something absurd (noted in the log). */
export async function remoteModified(client: Client, path: string): Promise<number | undefined> {
  try {
    return usableTime(client, path, (await client.lastMod(path)).getTime(), "MDTM");
  } catch (error) {
    if (error instanceof FTPError) return undefined;
    throw error;
  }
}

/** A time to give a file, or undefined (with a line in the log) when it is no real date or an absurd one. */
export function usableTime(client: Client | undefined, path: string, ms: number | undefined, source: string): number | undefined {
  if (ms === undefined) return undefined;
  const problem = implausibleTime(ms);
  if (problem === undefined) return ms;
  if (client) noteOn(client, "info", `Ignored the time of ${path} from ${source}: it ${problem}. The file keeps the time it was written.`);
  return undefined;
}
