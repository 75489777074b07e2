import { FTPError, type Client } from "basic-ftp";
import type { TimePrecision } from "../../shared/domain";
import { createWriteStream } from "node:fs";
import { rename, rm, stat, utimes } from "node:fs/promises";
import { dirname } from "node:path";
import type { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { notOnServer, UserFacingError } from "../errors";
import { noteOn } from "../sessions/session-log";
import { inflating } from "../sessions/mode-z";
import { boundedSink, EndlessTransfer, overrunLimit } from "./bounded-sink";
import { hashing, transferChecksum, verifyAgainstServer, type TransferChecksum } from "./checksums";
import { abortedCompressedUpload, compressedData, compressing, refuseCompressedUploads } from "./compression";
import { restartRefused, resumesDownloads } from "./download-restarts";
import { openRegularFile, regularFile } from "./local-entry-kind";
import { sameStamp, stampOf, type LocalFileStamp } from "./local-file-stamp";
import { partialPathOf } from "./local-target";
import { answersSize, remoteModified, remoteSize, storedSize, usableTime, type RemoteSize } from "./remote-file-facts";
import { PermissionsRefused, setModified, setPermissions } from "./server-permissions";
import { throttle, type SpeedLimit } from "./speed-limit";
import {
  countingWire,
  crlfLines,
  downloadSizeAgrees,
  inTextMode,
  toLocalLines,
  uploadSizeAgrees,
  type LineEndings,
  type WireCount,
} from "./text-mode";

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

/**
 * What an upload's data passes through on its way from the file to the connection: line ends
 * made CRLF (text mode; counted for the size check), the checksum of the file's bytes, compression
 * and the shared speed limit, which counts what goes on the wire.
 */
function uploadStages(copy: FileCopy, checksum: TransferChecksum | undefined, compressed: boolean, wire: WireCount): Transform[] {
  return [
    ...(copy.text ? [crlfLines(), countingWire(wire)] : []),
    checksum ? hashing(checksum.hash) : undefined,
    compressed ? compressing() : undefined,
    copy.limit ? throttle(copy.limit) : undefined,
  ].filter((stage) => stage !== undefined);
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
 * Uploads, appending to what the server already has when resuming, then checks what the server
 * has, sets the modification time where the server supports MFMT and the permissions asked for.
 * Gives a sentence for the job when the server refused those, or fails with it when permission
 * errors are not to be ignored.
 *
 * The check is one command: the server's checksum where checksums are on and the server offers
 * one (it covers the size too), else SIZE. The server's 226 alone is its word, not a check; what
 * was read from the file is counted as well, so a file that changed while it was sent is caught
 * either way.
 */
export async function uploadFile(client: Client, asked: FileCopy): Promise<TransferOutcome> {
  const stamp = stampOf(await regularFile(asked.localPath));
  const copy = asked.text || !continuesSameFile(client, asked, stamp) ? { ...asked, resume: false } : asked;
  const expected = stamp.size;
  const existing = copy.resume ? await remoteSize(client, copy.remotePath) : undefined;
  let start = existing?.exists ? (existing.size ?? 0) : 0;
  if (start > expected) start = 0;
  copy.onProgress(start);
  const checksum = copy.text ? undefined : await transferChecksum(client, copy.checksums, copy.localPath, start);
  const compressed = await compressedData(client, copy.compress ?? false, "upload");
  const wire: WireCount = { bytes: 0, crlf: 0 };
  if (start < expected || expected === 0) {
    copy.onSending?.(stamp);
    const input = (await openRegularFile(copy.localPath)).createReadStream({ start, highWaterMark: readBlock(expected - start) });
    const stages = uploadStages(copy, checksum, compressed, wire);
    // A read error reaches the upload through the last stage, which the pipeline destroys with it.
    if (stages.length > 0) void pipeline([input, ...stages]).catch(() => undefined);
    const source = stages.at(-1) ?? input;
    // The wire's bytes are not the file's when converted or compressed: progress counts what was read then.
    if (copy.text || compressed) {
      let read = start;
      input.on("data", (chunk) => copy.onProgress((read += chunk.length)));
    } else client.trackProgress((info) => copy.onProgress(start + info.bytes));
    const upload = () => (start > 0 ? client.appendFrom(source, copy.remotePath) : client.uploadFrom(source, copy.remotePath));
    let sendPlainly = false;
    try {
      await (copy.text ? inTextMode(client, upload) : upload());
    } catch (error) {
      if (!(compressed && abortedCompressedUpload(error))) throw error;
      sendPlainly = true;
    } finally {
      client.trackProgress();
      input.destroy();
      for (const stage of stages) stage.destroy();
    }
    // Once more, whole (what the aborted upload left on the server cannot be trusted) and uncompressed.
    if (sendPlainly) {
      await refuseCompressedUploads(client, copy.remotePath);
      return uploadFile(client, { ...asked, resume: false });
    }
    // What was read went out: a file that changed meanwhile is caught here, whichever check the server's copy gets. One
    // written to in place keeps its size but not its time; one deleted meanwhile was read whole, as it was.
    const sent = start + input.bytesRead;
    const now = await stat(copy.localPath).catch(() => undefined);
    if (sent !== expected || (now && !sameStamp(stampOf(now), stamp))) throw new ChangedWhileSent(copy.localPath, expected, sent);
  }
  // The server's checksum checks the whole upload, its size included: SIZE is asked only without one.
  const sizeUnchecked = checksum ? undefined : await checkUploadedSize(client, copy, expected, wire);
  // The time and permissions first: a checksum the server takes too long over can cost the connection.
  const refusals = [
    copy.keepTime !== false && copy.modified !== undefined ? await setModified(client, copy.remotePath, copy.modified) : undefined,
    copy.mode ? await setPermissions(client, copy.remotePath, copy.mode) : undefined,
  ].filter((refusal) => refusal !== undefined);
  if (refusals.length > 0 && copy.ignorePermissionErrors === false) throw new PermissionsRefused(refusals.join(" "));
  const verified = checksum ? await verifyAgainstServer(client, checksum, copy.remotePath, expected) : undefined;
  // A server that would not give its checksum of this file is asked its size instead.
  const unchecked = checksum && verified === undefined ? await checkUploadedSize(client, copy, expected, wire) : sizeUnchecked;
  const notes = [unchecked, ...refusals].filter((note) => note !== undefined);
  return { verified, note: notes.length > 0 ? notes.join(" ") : undefined };
}

/**
 * Checks the size the server reports for an upload: one that tells it must agree. A server whose
 * SIZE and listing say nothing of the file (a write-only folder refuses both, or lists nothing)
 * cannot be checked: the upload is done on the server's word, and the sentence returned says so.
 */
async function checkUploadedSize(client: Client, copy: FileCopy, expected: number, wire: WireCount): Promise<string | undefined> {
  const uploaded = await storedSize(client, copy.remotePath);
  if (!uploaded.exists || uploaded.size === undefined) {
    const unchecked = `The server did not tell the size of ${copy.remotePath}, so Ferry could not check that its upload is complete.`;
    noteOn(client, "info", unchecked);
    return unchecked;
  }
  const whole = copy.text ? uploadSizeAgrees(uploaded.size, wire) : uploaded.size === expected;
  if (!whole) throw new IncompleteTransfer(`The upload of ${copy.localPath}`, copy.text ? wire.bytes : expected, uploaded.size);
  return undefined;
}

/** Whether a resumed upload appends to what an earlier attempt sent from this same file; one edited since is sent from its first byte. */
function continuesSameFile(client: Client, copy: FileCopy, now: LocalFileStamp): boolean {
  if (!copy.resume || copy.sentFrom === undefined || sameStamp(copy.sentFrom, now)) return true;
  noteOn(client, "info", `${copy.localPath} changed since part of it was uploaded: Ferry sends it again from the start.`);
  return false;
}

/**
 * A local file that changed while it was uploaded: what the server has is no copy of it. Worth
 * another try, from the first byte: the job does not resume it.
 */
export class ChangedWhileSent extends UserFacingError {
  constructor(path: string, expected: number, read: number) {
    super(
      "connection-lost",
      read === expected
        ? `${path} was written to while it was uploaded.`
        : `${path} changed while it was uploaded: it had ${expected} bytes when the upload started, and ${read} were sent.`,
    );
  }
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
