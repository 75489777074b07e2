import { FTPError, type Client } from "basic-ftp";
import { createReadStream, createWriteStream } from "node:fs";
import { rename, stat, utimes } from "node:fs/promises";
import { finished, pipeline } from "node:stream/promises";
import { UserFacingError } from "../errors";
import { partialPathOf } from "./local-target";

/** One file to copy, as the transfer functions need it. */
export interface FileCopy {
  localPath: string;
  remotePath: string;
  /** Continue from what is already at the target (a .filepart locally, the file on the server). */
  resume: boolean;
  /** Source modification time to give the target, ms since the epoch. */
  modified?: number | undefined;
  /** Source size from its listing, for servers whose SIZE says nothing useful. */
  size?: number | undefined;
  /** Absolute bytes at the target so far. */
  onProgress(bytes: number): void;
}

/**
 * Downloads are written in blocks this big. With Node's default (16 KiB for writes) the disk
 * side, not TLS, caps a download at about a third of what the network gives.
 */
const sinkBytes = 4 * 1024 * 1024;

/**
 * A read stream allocates a whole new block for every read, so a small file gets a block its
 * size. Blocks stay at 256 KiB at most: 4 MiB ones came as fresh memory each time (50 000–85 000
 * page faults per GiB uploaded) and were no faster.
 */
const readBytes = 256 * 1024;
function readBlock(bytes: number): number {
  return Math.min(readBytes, Math.max(64 * 1024, bytes));
}

/** A transfer that ended short: worth another try, resuming. */
export class IncompleteTransfer extends UserFacingError {
  constructor(what: string, expected: number, actual: number) {
    super("connection-lost", `${what} ended after ${actual} of ${expected} bytes.`);
  }
}

export type RemoteSize = { exists: false } | { exists: true; size: number | undefined };

/** SIZE of a remote file: missing, or there with its size (unknown when the reply makes no sense). */
export async function remoteSize(client: Client, path: string): Promise<RemoteSize> {
  try {
    return { exists: true, size: await client.size(path) };
  } catch (error) {
    if (error instanceof FTPError && error.code >= 500) return { exists: false };
    // A 213 reply without a number (ftp-srv says "213 File status" for an empty file).
    if (error instanceof Error && /Can't parse response/.test(error.message)) return { exists: true, size: undefined };
    throw error;
  }
}

/** MDTM of a remote file, or undefined when the server cannot say. */
export async function remoteModified(client: Client, path: string): Promise<number | undefined> {
  try {
    return (await client.lastMod(path)).getTime();
  } catch (error) {
    if (error instanceof FTPError) return undefined;
    throw error;
  }
}

async function localSize(path: string): Promise<number> {
  return stat(path).then(
    (info) => info.size,
    () => 0,
  );
}

/** Where a local target continues from: what its .filepart holds when resuming (never past the source's size). */
async function resumeFrom(copy: FileCopy, expected: number | undefined): Promise<number> {
  const held = copy.resume ? await localSize(partialPathOf(copy.localPath)) : 0;
  const start = expected === undefined || held > expected ? 0 : held;
  copy.onProgress(start);
  return start;
}

function partialOutput(copy: FileCopy, start: number) {
  return createWriteStream(partialPathOf(copy.localPath), { flags: start > 0 ? "a" : "w", highWaterMark: sinkBytes });
}

/** Puts a finished .filepart in place, only when it has the expected size, with the source's time. */
async function landPartial(copy: FileCopy, what: string, expected: number | undefined, sourceModified: () => Promise<number | undefined>): Promise<void> {
  const partial = partialPathOf(copy.localPath);
  const actual = await localSize(partial);
  if (expected !== undefined && actual !== expected) throw new IncompleteTransfer(what, expected, actual);
  const modified = await sourceModified();
  if (modified !== undefined) await utimes(partial, new Date(), new Date(modified));
  await rename(partial, copy.localPath);
}

/**
 * Downloads into `<target>.filepart` and renames it into place only once its size matches
 * the server's, so that an interrupted download never clobbers what was there.
 */
export async function downloadFile(client: Client, copy: FileCopy): Promise<void> {
  const remote = await remoteSize(client, copy.remotePath);
  if (!remote.exists) throw new UserFacingError("not-found", `${copy.remotePath} is no longer on the server.`);
  const expected = remote.size ?? copy.size;
  const start = await resumeFrom(copy, expected);
  if (expected === undefined || start < expected || expected === 0) {
    const output = partialOutput(copy, start);
    client.trackProgress((info) => copy.onProgress(start + info.bytes));
    try {
      await client.downloadTo(output, copy.remotePath, start);
    } finally {
      client.trackProgress();
      output.end();
      await finished(output).catch(() => undefined);
    }
  }
  await landPartial(copy, `The download of ${copy.remotePath}`, expected, async () => (await remoteModified(client, copy.remotePath)) ?? copy.modified);
}

function mfmtStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** A connection's FEAT answer, asked once: a server's features do not change while it is connected. */
const featuresByConnection = new WeakMap<Client, Promise<Map<string, string>>>();
function featuresOf(client: Client): Promise<Map<string, string>> {
  let features = featuresByConnection.get(client);
  if (!features) featuresByConnection.set(client, (features = client.features()));
  return features;
}

/**
 * Uploads, appending to what the server already has when resuming, then checks the size
 * the server reports and sets the modification time where the server supports MFMT.
 */
export async function uploadFile(client: Client, copy: FileCopy): Promise<void> {
  const expected = (await stat(copy.localPath)).size;
  const existing = copy.resume ? await remoteSize(client, copy.remotePath) : undefined;
  let start = existing?.exists ? (existing.size ?? 0) : 0;
  if (start > expected) start = 0;
  copy.onProgress(start);
  if (start < expected || expected === 0) {
    const input = createReadStream(copy.localPath, { start, highWaterMark: readBlock(expected - start) });
    client.trackProgress((info) => copy.onProgress(start + info.bytes));
    try {
      if (start > 0) await client.appendFrom(input, copy.remotePath);
      else await client.uploadFrom(input, copy.remotePath);
    } finally {
      client.trackProgress();
      input.destroy();
    }
  }
  const uploaded = await remoteSize(client, copy.remotePath);
  // A server whose SIZE says nothing useful cannot be checked; one that answers must agree.
  const actual = uploaded.exists ? uploaded.size : 0;
  if (actual !== undefined && actual !== expected) throw new IncompleteTransfer(`The upload of ${copy.localPath}`, expected, actual);
  if (copy.modified !== undefined && (await featuresOf(client)).has("MFMT")) {
    // A server that refuses MFMT keeps its own time; the upload itself is fine.
    await client.send(`MFMT ${mfmtStamp(copy.modified)} ${copy.remotePath}`).catch(() => undefined);
  }
}

/**
 * Copies a local file the way a download lands: into `<target>.filepart` (continuing what is
 * there when resuming), checked for size, given the source's time, then renamed into place.
 */
export async function copyLocalFile(sourcePath: string, copy: FileCopy): Promise<void> {
  const source = await stat(sourcePath);
  const start = await resumeFrom(copy, source.size);
  let written = start;
  const input = createReadStream(sourcePath, { start, highWaterMark: readBlock(source.size - start) });
  input.on("data", (chunk) => copy.onProgress((written += chunk.length)));
  await pipeline(input, partialOutput(copy, start));
  await landPartial(copy, `The copy of ${sourcePath}`, source.size, async () => source.mtimeMs);
}
