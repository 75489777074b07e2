import type { Client } from "basic-ftp";
import { EOL } from "node:os";
import { posix } from "node:path";
import { Transform } from "node:stream";
import { matchesFileMask, parseFileMask, type FileMask } from "../../shared/file-mask";
import type { TransferPreferences } from "../../shared/transfer";

/** How lines end in local text files: the platform's convention (CRLF on Windows, LF elsewhere). */
export type LineEndings = "lf" | "crlf";
export const localLineEndings: LineEndings = EOL === "\r\n" ? "crlf" : "lf";

const cr = 0x0d;
const lf = 0x0a;

/**
 * Every line ends in CRLF: a bare LF gets its CR, a CRLF stays as it is (never CRCRLF). What
 * text mode sends on the wire (RFC 959's NVT-ASCII), and what a CRLF platform keeps on disk.
 */
export function crlfLines(): Transform {
  let previous = -1;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const parts: Buffer[] = [];
      let from = 0;
      for (let at = chunk.indexOf(lf); at !== -1; at = chunk.indexOf(lf, at + 1)) {
        const before = at > 0 ? chunk[at - 1] : previous;
        if (before === cr) continue;
        parts.push(chunk.subarray(from, at), crBuffer);
        from = at;
      }
      parts.push(chunk.subarray(from));
      if (chunk.length > 0) previous = chunk[chunk.length - 1] ?? -1;
      callback(null, parts.length === 1 ? chunk : Buffer.concat(parts));
    },
  });
}
const crBuffer = Buffer.from([cr]);

/** Lines end in LF: a CR before an LF goes (a lone CR stays). A CR that ends a chunk waits to see what follows it. */
export function lfLines(): Transform {
  let heldCr = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const parts: Buffer[] = [];
      if (heldCr && chunk[0] !== lf) parts.push(crBuffer);
      heldCr = false;
      let from = 0;
      for (let at = chunk.indexOf(lf); at !== -1; at = chunk.indexOf(lf, at + 1)) {
        if (at > 0 && chunk[at - 1] === cr) {
          parts.push(chunk.subarray(from, at - 1));
          from = at;
        }
      }
      const end = chunk.length > 0 && chunk[chunk.length - 1] === cr ? chunk.length - 1 : chunk.length;
      heldCr = end < chunk.length;
      parts.push(chunk.subarray(from, end));
      callback(null, Buffer.concat(parts));
    },
    flush(callback) {
      callback(null, heldCr ? crBuffer : undefined);
    },
  });
}

/** Lines as the local platform keeps them, from what the wire carried. */
export function toLocalLines(local: LineEndings): Transform {
  return local === "crlf" ? crlfLines() : lfLines();
}

/** What a text transfer carried on the wire: its bytes, and how many of its line ends were CRLF. */
export interface WireCount {
  bytes: number;
  crlf: number;
}

/** Counts the wire side of a text transfer as it passes, for the size check at the end. */
export function countingWire(count: WireCount): Transform {
  let previous = -1;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      count.bytes += chunk.length;
      for (let at = chunk.indexOf(lf); at !== -1; at = chunk.indexOf(lf, at + 1)) {
        if ((at > 0 ? chunk[at - 1] : previous) === cr) count.crlf++;
      }
      if (chunk.length > 0) previous = chunk[chunk.length - 1] ?? -1;
      callback(null, chunk);
    },
  });
}

/**
 * Whether the server's size of an uploaded file agrees with what the text upload carried: the
 * wire's bytes (a server that keeps what it gets), or one byte less per CRLF (one that keeps its
 * own LF). A size in between is a copy short of either, not a whole one.
 */
export function uploadSizeAgrees(serverSize: number, wire: WireCount): boolean {
  return serverSize === wire.bytes || serverSize === wire.bytes - wire.crlf;
}

/**
 * Whether the server's size of a downloaded file agrees with what the text download carried. A
 * server that converts sends a CRLF for each of its LF but keeps a CRLF the file already has, so
 * a file with both line ends comes to any size from one less per CRLF to the wire's bytes.
 */
export function downloadSizeAgrees(serverSize: number, wire: WireCount): boolean {
  return serverSize <= wire.bytes && serverSize >= wire.bytes - wire.crlf;
}

/**
 * Runs one transfer in text mode (TYPE A), then puts the connection back to binary (TYPE I),
 * which everything else on it expects (SIZE, resumes, checksums).
 */
export async function inTextMode<T>(client: Client, transfer: () => Promise<T>): Promise<T> {
  await client.send("TYPE A");
  try {
    return await transfer();
  } finally {
    // A connection that cannot go back to binary is closed: a later binary transfer on it would be converted.
    await client.send("TYPE I").catch(() => client.close());
  }
}

/** Parsed text masks by their text: a queue's jobs share one or two. */
const parsedMasks = new Map<string, FileMask | undefined>();

function textMasksOf(text: string): FileMask | undefined {
  if (!parsedMasks.has(text)) {
    // Each edit of the preference is a new text: only the latest few matter.
    if (parsedMasks.size >= 8) parsedMasks.clear();
    const parsed = parseFileMask(text);
    parsedMasks.set(text, parsed.ok ? parsed.mask : undefined);
  }
  return parsedMasks.get(text);
}

/** Whether a file goes in text mode: always, never, or (automatic) when its name matches the text masks. */
export function sendsAsText(preferences: Pick<TransferPreferences, "transferMode" | "textMasks">, path: string): boolean {
  if (preferences.transferMode !== "auto") return preferences.transferMode === "text";
  const masks = textMasksOf(preferences.textMasks);
  return masks !== undefined && matchesFileMask(masks, { name: posix.basename(path.replaceAll("\\", "/")), kind: "file" });
}
