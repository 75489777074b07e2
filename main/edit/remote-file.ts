/**
 * The editor's reads and saves of a server file, on the session's own connection (small files,
 * in memory). A save never leaves a half-written file: it goes to a temporary name in the same
 * folder, is checked by size, and renamed onto the file; only a server that will not rename onto
 * an existing file gets a direct upload, checked by size too, and the session log says so.
 */
import { FTPError, type Client } from "basic-ftp";

import { posix } from "node:path";
import { Readable, Writable } from "node:stream";
import type { FileStamp, SaveGuard, SaveOutcome } from "../../shared/edit";
import { notOnServer, toUserError, UserFacingError } from "../errors";
import { listToLookUp } from "../listing/incomplete-listing";
import { namesEncodingOf } from "../sessions/encoded-control";
import { remoteModified, remoteSize } from "../transfers/remote-file-facts";
import { conflictWith, type ReadFile } from "./file-stamps";
import { temporaryName } from "./temporary-name";

/** Reads a server file into memory, never more than `limit` bytes, whatever size the server announced. */
export async function readRemoteFile(client: Client, path: string, limit: number): Promise<ReadFile> {
  const announced = await remoteSize(client, path);
  if (announced.exists === false) throw notOnServer(path);
  const size = announced.exists ? announced.size : undefined;
  if (size !== undefined && size > limit) return { kind: "too-large", size };
  const modified = await remoteModified(client, path);
  const chunks: Buffer[] = [];
  let read = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      read += chunk.length;
      if (read > limit) return callback(new Overrun());
      chunks.push(chunk);
      callback();
    },
  });
  try {
    await client.downloadTo(sink, path);
  } catch (error) {
    if (!(error instanceof Overrun)) throw error;
    // A server that announced no size gets the question "open anyway?"; one that lied about it, a refusal.
    if (size === undefined) return { kind: "too-large", size: read };
    throw new UserFacingError(
      "server-error",
      `The server sent more of ${path} than the ${size} bytes it announced, so Ferry stopped reading.`,
    );
  }
  const bytes = Buffer.concat(chunks);
  // A site set to Latin-1 or Windows-1252 (for its file names) likely keeps its files in it too.
  const western = ["latin1", "windows-1252"].includes(namesEncodingOf(client));
  const asciiAs = western ? "windows-1252" : "utf-8";
  return { kind: "read", bytes, stamp: { size: bytes.length, ...(modified === undefined ? {} : { modified }) }, asciiAs };
}

class Overrun extends Error {}

/** The file's size and time now; undefined when it is not there. */
async function stampOf(client: Client, path: string): Promise<FileStamp | undefined> {
  const size = await remoteSize(client, path);
  if (size.exists === false) return undefined;
  const modified = await remoteModified(client, path);
  return { size: size.exists ? (size.size ?? 0) : 0, ...(modified === undefined ? {} : { modified }) };
}

async function upload(client: Client, bytes: Buffer, path: string, shownPath: string): Promise<void> {
  try {
    await client.uploadFrom(Readable.from([bytes]), path);
  } catch (error) {
    if (!(error instanceof FTPError)) throw error;
    const why = toUserError(error).message.replace(/^The server (refused|answered with an error): /, "");
    throw new UserFacingError(
      error.code === 550 || error.code === 553 ? "permission-denied" : "server-error",
      `The server refused to save ${shownPath} (${why.replace(/\.+$/, "")}). Your text is kept in the editor.`,
    );
  }
  const stored = await remoteSize(client, path);
  if (stored.exists && stored.size !== undefined && stored.size !== bytes.length)
    throw new UserFacingError(
      "server-error",
      `The server kept ${stored.size} of the ${bytes.length} bytes of ${shownPath}. Your text is kept in the editor; save again.`,
    );
}

/**
 * What the folder's listing says of the file: its Unix permissions as SITE CHMOD takes them (the new
 * copy keeps them: a script stays executable), and whether it is a link (a rename would replace the
 * link with a file, so a link is written in place).
 */
async function listedAs(client: Client, folder: string, name: string): Promise<{ mode: string | undefined; link: boolean }> {
  const info = (await listToLookUp(client, folder).catch(() => [])).find((entry) => entry.name === name);
  const permissions = info?.permissions;
  return {
    mode: permissions ? `${permissions.user}${permissions.group}${permissions.world}` : undefined,
    link: info?.isSymbolicLink ?? false,
  };
}

/**
 * Writes `bytes` into the file, unless the guard says the file changed since it was opened (a
 * conflict for the user to settle). `note` writes a line into the session log.
 */
export async function saveRemoteFile(
  client: Client,
  folder: string,
  name: string,
  bytes: Buffer,
  guard: SaveGuard,
  note: (text: string) => void,
): Promise<SaveOutcome> {
  const path = posix.join(folder, name);
  const conflict = conflictWith(guard, await stampOf(client, path));
  if (conflict) return conflict;
  const { mode, link } = await listedAs(client, folder, name);
  if (link) {
    note(`${path} is a link: Ferry uploaded it in place, so that the link stays, and checked its size.`);
    await upload(client, bytes, path, path);
    return saved(client, path, "direct");
  }
  const temporary = posix.join(folder, temporaryName(name, "part"));
  try {
    await upload(client, bytes, temporary, path);
    if (mode) await client.send(`SITE CHMOD ${mode} ${temporary}`).catch(() => undefined);
  } catch (error) {
    await client.remove(temporary, true).catch(() => undefined);
    throw error;
  }
  let method: "renamed" | "direct" = "renamed";
  try {
    await client.rename(temporary, path);
  } catch (error) {
    if (!(error instanceof FTPError)) throw error;
    note(`The server would not rename ${temporary} onto ${path} (${error.code}): Ferry uploaded ${path} directly and checked its size.`);
    await client.remove(temporary, true).catch(() => undefined);
    await upload(client, bytes, path, path);
    method = "direct";
  }
  return saved(client, path, method);
}

async function saved(client: Client, path: string, method: "renamed" | "direct"): Promise<SaveOutcome> {
  const stamp = await stampOf(client, path);
  if (!stamp) throw notOnServer(path);
  return { kind: "saved", stamp, at: Date.now(), method };
}
