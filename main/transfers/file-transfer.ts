/**
 * One file copied: what every copy is told (`FileCopy`) and how it ends; downloads, landed from a
 * `.filepart` only once whole; and copies on this computer, landed the same way. Uploads are in
 * file-upload.ts.
 */
import { FTPError, type Client } from "basic-ftp";
import type { TimePrecision } from "../../shared/domain";
import { createWriteStream } from "node:fs";
import { rename, rm, stat, utimes } from "node:fs/promises";
import { dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import { notOnServer, UserFacingError } from "../errors";
import { noteOn } from "../sessions/session-log";
import { inflating } from "../sessions/mode-z";
import { boundedSink, EndlessTransfer, overrunLimit } from "./bounded-sink";
import { hashing, transferChecksum, verifyAgainstServer } from "./checksums";
import { compressedData } from "./compression";
import { restartRefused, resumesDownloads } from "./download-restarts";
import { openRegularFile, regularFile } from "./local-entry-kind";
import type { LocalFileStamp } from "./local-file-stamp";
import { partialPathOf } from "./local-target";
import { answersSize, remoteModified, remoteSize, usableTime, type RemoteSize } from "./remote-file-facts";
import { throttle, type SpeedLimit } from "./speed-limit";
import { countingWire, downloadSizeAgrees, inTextMode, toLocalLines, type LineEndings, type WireCount } from "./text-mode";

/** One file to copy, as the transfer functions need it. */
export interface FileCopy {
  localPath: string;
  remotePath: string;
  /** Continue from what is already at the target (a .filepart locally, the file on the server). */
  resume: boolean;
  /** Source modification time to give the target, ms since the epoch. */
  modified?: number | undefined;
  /**
   * How finely a download's listing gave `modified`. To the second (MLSD) or the minute (a recent
   * LIST line, as lftp takes it) it is the time the file gets, and MDTM is not asked; a LIST line
   * of an older file gives only the day, and a time from elsewhere no precision: MDTM is asked then.
   */
  timePrecision?: TimePrecision | undefined;
  /**
   * Source size from its listing. A download that does not resume takes it as the size to check
   * the download against, without asking SIZE; a download that resumes asks the server.
   */
  size?: number | undefined;
  /** Absolute bytes at the target so far. */
  onProgress(bytes: number): void;
  /** Stops a local copy (a server transfer is stopped by closing its connection); its .filepart stays for a resume. */
  signal?: AbortSignal | undefined;
  /** The speed limit a server transfer shares with others of its direction, asked for each piece (a site's edit can change it). */
  limit?: (() => SpeedLimit) | undefined;
  /** false: the copy keeps the time it was written, not the source's. */
  keepTime?: boolean | undefined;
  /** Permissions (octal) an upload sets with SITE CHMOD once it is complete. */
  mode?: string | undefined;
  /** Check the copy against the server's checksum of the file, where the server offers one. */
  checksums?: boolean | undefined;
  /**
   * Text mode (TYPE A): lines end in CRLF on the wire and as the local platform has them here
   * (these line endings). A text transfer starts from the beginning (sizes differ across the
   * conversion, so a resume cannot know where it stopped) and has no checksum to compare.
   */
  text?: LineEndings | undefined;
  /** Compress the data (MODE Z) where the server offers it. */
  compress?: boolean | undefined;
  /** false: an upload whose time or permissions the server refused fails instead of being done with a note. */
  ignorePermissionErrors?: boolean | undefined;
  /**
   * The local file as this upload's job last began sending it. A resume appends only while the file
   * still matches it; one edited since is sent again from its first byte. None: the resume
   * continues a server file the user chose to resume.
   */
  sentFrom?: LocalFileStamp | undefined;
  /** An upload begins sending its local file, as the stamp says it is now. */
  onSending?: ((stamp: LocalFileStamp) => void) | undefined;
}

/** How a server transfer ended besides the copy itself: the checksum that matched, and what the server refused (permissions). */
export interface TransferOutcome {
  verified?: string | undefined;
  note?: string | undefined;
  /** The server told nothing that checks its copy (no size, no checksum): a move keeps its source. */
  unchecked?: boolean | undefined;
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
export function readBlock(bytes: number): number {
  return Math.min(readBytes, Math.max(64 * 1024, bytes));
}

/** A transfer that ended short: worth another try, resuming. */
export class IncompleteTransfer extends UserFacingError {
  constructor(what: string, expected: number, actual: number) {
    super(
      "connection-lost",
      actual > expected
        ? `${what} came to ${actual} bytes, more than the ${expected} expected.`
        : `${what} stopped after ${actual} of ${expected} bytes.`,
    );
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

/** A transfer that brought more than its source has: not worth another try. */
class OversizedTransfer extends UserFacingError {
  constructor(what: string, expected: number) {
    super("server-error", `${what} brought more than the ${expected} bytes announced for it, so Ferry stopped and did not keep it.`);
  }
}

/**
 * A download checked against its listing's size that brought more than the listing said, cut off
 * where a download against SIZE would be: the file may have grown since it was listed, so it is
 * worth another try, which resumes and so asks the server's SIZE (a server that lies then fails
 * as `OversizedTransfer`).
 */
class GrownSinceListed extends UserFacingError {
  constructor(what: string, expected: number) {
    super("connection-lost", `${what} brought more than the ${expected} bytes its listing showed: the file may have grown since.`);
  }
}

/** Removes an empty file; one the system will not remove yet stays, as a partial file of nothing. */
async function removeIfEmpty(path: string): Promise<void> {
  if ((await stat(path).catch(() => undefined))?.size === 0) await rm(path, { force: true }).catch(() => undefined);
}

/** Puts a finished .filepart in place, only when it has the expected size, with the source's time. */
async function landPartial(
  copy: FileCopy,
  what: string,
  expected: number | undefined,
  modified: number | undefined,
  verify?: () => Promise<void>,
): Promise<void> {
  const partial = partialPathOf(copy.localPath);
  const actual = await localSize(partial);
  if (expected !== undefined && actual > expected) {
    await rm(partial, { force: true });
    throw new OversizedTransfer(what, expected);
  }
  if (expected !== undefined && actual !== expected) throw new IncompleteTransfer(what, expected, actual);
  // Checked before it replaces anything: a copy that differs never takes the target's place.
  await verify?.();
  if (modified !== undefined) await utimes(partial, new Date(), new Date(modified));
  await rename(partial, copy.localPath);
}

/**
 * Downloads into `<target>.filepart` and renames it into place only once its size matches
 * the server's, so that an interrupted download never clobbers what was there. A server that
 * sends more than it announced is cut off, and so is one that sends a file of unknown size
 * without end once the disk gets down to its reserve: it can never fill the disk. A resume on a
 * server without REST downloads the file again from its first byte.
 *
 * A download that starts afresh with its listing's size and time asks neither SIZE nor MDTM:
 * RETR is its only command besides the data connection's. The listing's size still checks it,
 * and the server is asked only when that check fails or RETR is refused (see `askAfterListed`).
 */
export async function downloadFile(client: Client, asked: FileCopy): Promise<TransferOutcome> {
  const copy = asked.text || !resumesDownloads(client) ? { ...asked, resume: false } : asked;
  // A resume asks where the file stands now; so does a download whose size nothing listed.
  // On a server without SIZE the listing's size is enough then too: no extra listing per file.
  if (copy.size === undefined || (copy.resume && answersSize(client)))
    return downloadAgainst(client, copy, await remoteSize(client, copy.remotePath), false);
  try {
    return await downloadAgainst(client, copy, { exists: true, size: copy.size }, true);
  } catch (error) {
    return askAfterListed(client, copy, error);
  }
}

/**
 * A download checked against its listing's size that came out another size, or whose RETR the
 * server refused: the file may have changed, or gone, since it was listed. The server's SIZE
 * tells; a file of another size now is downloaded again, whole, against what the server says now
 * (its time from MDTM), and everything else fails as it did.
 */
async function askAfterListed(client: Client, copy: FileCopy, error: unknown): Promise<TransferOutcome> {
  const otherSize = error instanceof IncompleteTransfer || error instanceof OversizedTransfer;
  if (!otherSize && !(error instanceof FTPError && error.code >= 500)) throw error;
  const now = await remoteSize(client, copy.remotePath);
  if (now.exists === false) throw notOnServer(copy.remotePath);
  if (!otherSize || !now.exists || now.size === undefined || now.size === copy.size) throw error;
  noteOn(
    client,
    "info",
    `${copy.remotePath} changed since it was listed (${copy.size} bytes then, ${now.size} now): Ferry downloads it again.`,
  );
  return downloadAgainst(client, { ...copy, resume: false, size: now.size, modified: undefined, timePrecision: undefined }, now, false);
}

/** The time a download gives its file: the listing's when it is to the minute or finer, else MDTM's (the listing's where MDTM says nothing). */
async function timeToGive(client: Client, copy: FileCopy): Promise<number | undefined> {
  if (copy.keepTime === false) return undefined;
  const listedFinely = copy.timePrecision === "second" || copy.timePrecision === "minute";
  if (listedFinely && copy.modified !== undefined) return usableTime(client, copy.remotePath, copy.modified, "the listing");
  return (await remoteModified(client, copy.remotePath)) ?? usableTime(client, copy.remotePath, copy.modified, "the listing");
}

/** The download itself, checked against what is known of the file on the server (`listed`: its size is the listing's). */
async function downloadAgainst(client: Client, copy: FileCopy, remote: RemoteSize, listed: boolean): Promise<TransferOutcome> {
  if (remote.exists === false) throw notOnServer(copy.remotePath);
  const expected = (remote.exists ? remote.size : undefined) ?? copy.size;
  const what = `The download of ${copy.remotePath}`;
  if (expected === undefined)
    noteOn(client, "info", `The size of ${copy.remotePath} is unknown: its download cannot be checked for completeness.`);
  const start = await resumeFrom(copy, expected);
  const checksum = copy.text ? undefined : await transferChecksum(client, copy.checksums, partialPathOf(copy.localPath), start);
  const compressed = await compressedData(client, copy.compress ?? false, "download");
  const wire: WireCount = { bytes: 0, crlf: 0 };
  if (expected === undefined || start < expected || expected === 0) {
    // Text on a platform with CRLF can come to twice the server's bytes (every line end gets its CR).
    const limit = expected === undefined ? undefined : overrunLimit((copy.text ? 2 : 1) * (expected - start));
    const tooMuch = (bytes: number) =>
      expected === undefined
        ? new EndlessTransfer(what, start + bytes)
        : listed
          ? new GrownSinceListed(what, expected)
          : new OversizedTransfer(what, expected);
    const stages = [
      copy.limit ? throttle(copy.limit) : undefined,
      compressed ? inflating() : undefined,
      ...(copy.text ? [countingWire(wire), toLocalLines(copy.text)] : []),
      checksum ? hashing(checksum.hash) : undefined,
    ].filter((stage) => stage !== undefined);
    const { sink, done } = boundedSink(partialOutput(copy, start), limit, dirname(copy.localPath), tooMuch, stages, (bytes) =>
      copy.onProgress(Math.min(start + bytes, expected ?? Infinity)),
    );
    const download = () => client.downloadTo(sink, copy.remotePath, start);
    let failed: unknown;
    try {
      await (copy.text ? inTextMode(client, download) : download());
    } catch (error) {
      failed = error;
    }
    sink.end();
    // A download is not done before its last bytes are on the disk; the disk's own refusal says more than what the
    // download made of it (a data stream cut off by a full disk).
    const unwritten = await done;
    const error = isDiskError(unwritten) || failed === undefined ? (unwritten ?? failed) : failed;
    if (error !== undefined) {
      // From `start` on, basic-ftp sends REST first: a server without it is asked for the whole file instead (FileZilla does
      // so too), and the partial file is written over from its first byte.
      if (start > 0 && restartRefused(client, error, copy.remotePath))
        return downloadAgainst(client, { ...copy, resume: false }, remote, listed);
      if (error instanceof OversizedTransfer || error instanceof EndlessTransfer || error instanceof GrownSinceListed)
        await rm(partialPathOf(copy.localPath), { force: true });
      // A download the server refused (a file gone since its listing) leaves no empty partial file to resume.
      else if (error instanceof FTPError && start === 0) await removeIfEmpty(partialPathOf(copy.localPath));
      throw atPath(error, partialPathOf(copy.localPath));
    }
  }
  if (copy.text && expected !== undefined && !downloadSizeAgrees(expected, wire)) throw new IncompleteTransfer(what, expected, wire.bytes);
  const modified = await timeToGive(client, copy);
  let verified: string | undefined;
  await landPartial(copy, what, copy.text ? undefined : expected, modified, async () => {
    if (!checksum) return;
    verified = await verifyAgainstServer(client, checksum, copy.remotePath, expected, () =>
      rm(partialPathOf(copy.localPath), { force: true }),
    );
  });
  return { verified };
}

/** Codes of the local disk's refusals, which name the file they are about. */
const diskCodes = new Set(["EROFS", "ENOSPC", "EDQUOT", "EACCES", "EPERM", "EISDIR", "ENAMETOOLONG", "EBUSY", "EIO", "EFBIG"]);

/**
 * A disk error of the local file, as the user must read it: one that reaches the download
 * through the data stream can come without the file's path ("could not use a file"), so the
 * path the download writes to is filled in.
 */
function atPath(error: unknown, path: string): unknown {
  if (isDiskError(error) && error.path === undefined) error.path = path;
  return error;
}

/** Whether `error` is the local disk's refusal. */
function isDiskError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error && typeof error.code === "string" && diskCodes.has(error.code);
}

/**
 * Copies a local file the way a download lands: into `<target>.filepart` (continuing what is
 * there when resuming), checked for size, given the source's time, then renamed into place.
 */
export async function copyLocalFile(sourcePath: string, copy: FileCopy): Promise<void> {
  const source = await regularFile(sourcePath);
  const start = await resumeFrom(copy, source.size);
  let written = start;
  const input = (await openRegularFile(sourcePath)).createReadStream({ start, highWaterMark: readBlock(source.size - start) });
  input.on("data", (chunk) => copy.onProgress((written += chunk.length)));
  await pipeline(input, partialOutput(copy, start), { signal: copy.signal });
  await landPartial(copy, `The copy of ${sourcePath}`, source.size, copy.keepTime === false ? undefined : source.mtimeMs);
}
