/**
 * Uploads: a local file sent to the server (appended to what an earlier attempt of this same
 * file sent, when resuming), then checked there and given its time and permissions.
 */
import type { Client } from "basic-ftp";
import { stat } from "node:fs/promises";
import type { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { UserFacingError } from "../errors";
import { noteOn } from "../sessions/session-log";
import { hashing, transferChecksum, verifyAgainstServer, type TransferChecksum } from "./checksums";
import { abortedCompressedUpload, compressedData, compressing, refuseCompressedUploads } from "./compression";
import { IncompleteTransfer, readBlock, type FileCopy, type TransferOutcome } from "./file-transfer";
import { openRegularFile, regularFile } from "./local-entry-kind";
import { sameStamp, stampOf, type LocalFileStamp } from "./local-file-stamp";
import { remoteSize, storedSize } from "./remote-file-facts";
import { PermissionsRefused, setModified, setPermissions } from "./server-permissions";
import { throttle } from "./speed-limit";
import { countingWire, crlfLines, inTextMode, uploadSizeAgrees, type WireCount } from "./text-mode";

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
  return { verified, note: notes.length > 0 ? notes.join(" ") : undefined, unchecked: unchecked !== undefined };
}

/**
 * Checks the size the server reports for an upload: one that tells it must agree, and a listing
 * of the folder without the file fails it. A server whose SIZE and listing say nothing of the file
 * (a write-only folder refuses both, or lists nothing) cannot be checked: the upload is done on
 * the server's word, and the sentence returned says so.
 */
async function checkUploadedSize(client: Client, copy: FileCopy, expected: number, wire: WireCount): Promise<string | undefined> {
  const uploaded = await storedSize(client, copy.remotePath);
  // Listed without it: the server does not have what it said it stored.
  if (uploaded.exists === false) throw new IncompleteTransfer(`The upload of ${copy.localPath}`, expected, 0);
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
