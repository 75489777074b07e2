/**
 * A file's bytes as the editor's text and back: the encoding (UTF-8, UTF-8 with BOM, Windows-1252,
 * Latin-1) and the line ends (LF, CRLF, CR, mixed) are found when a file is read and kept when it
 * is written, so that a save changes only what the user changed.
 */
import iconv from "iconv-lite";
import type { LineEnding, TextEncoding } from "../../shared/edit";
import { UserFacingError } from "../errors";

export interface DecodedText {
  /** Lines end in "\n" only; any other CR stays a character of its line. */
  text: string;
  encoding: TextEncoding;
  lineEnding: LineEnding;
}

const bom = Buffer.from([0xef, 0xbb, 0xbf]);
/** Bytes Windows-1252 leaves undefined: a file with any of them is read as Latin-1, which keeps every byte. */
const undefinedIn1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** A NUL byte: no text file has one (UTF-16 files included, which Ferry does not edit). */
export function isBinary(bytes: Uint8Array): boolean {
  return bytes.includes(0);
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function detectEncoding(bytes: Buffer, asciiAs: TextEncoding): TextEncoding {
  // A BOM over bytes that are not UTF-8 (a file added to by another program) is read byte for byte like the rest.
  if (bytes.subarray(0, 3).equals(bom) && isUtf8(bytes.subarray(3))) return "utf-8-bom";
  if (bytes.every((byte) => byte < 0x80)) return asciiAs;
  if (isUtf8(bytes)) return "utf-8";
  return bytes.some((byte) => undefinedIn1252.has(byte)) ? "iso-8859-1" : "windows-1252";
}

/**
 * CRLF when every LF follows a CR, LF when none does, mixed when some do; CR (old Mac) when no line
 * ends in LF. Each reads into text whose "\n" the same line end writes back, so that a file saved
 * unchanged keeps every byte: a stray CR (before a CRLF, or alone in an LF file) stays a character.
 */
function detectLineEnding(text: string): LineEnding {
  const lf = text.split("\n").length - 1;
  if (lf === 0) return text.includes("\r") ? "cr" : "lf";
  const crlf = text.split("\r\n").length - 1;
  if (crlf === lf) return "crlf";
  return crlf === 0 ? "lf" : "mixed";
}

function toEditorLines(raw: string, lineEnding: LineEnding): string {
  if (lineEnding === "crlf") return raw.replaceAll("\r\n", "\n");
  if (lineEnding === "cr") return raw.replaceAll("\r", "\n");
  return raw;
}

function toFileLines(text: string, lineEnding: LineEnding): string {
  if (lineEnding === "crlf") return text.replaceAll("\n", "\r\n");
  if (lineEnding === "cr") return text.replaceAll("\n", "\r");
  return text;
}

/**
 * A text file's bytes as text; undefined for a binary file. Plain ASCII reads the same in every
 * encoding here: `asciiAs` says which one it is saved in (the site's, where it has one).
 */
export function decodeText(bytes: Buffer, asciiAs: TextEncoding = "utf-8"): DecodedText | undefined {
  if (isBinary(bytes)) return undefined;
  const encoding = detectEncoding(bytes, asciiAs);
  const raw = encoding === "utf-8-bom" ? bytes.subarray(3).toString("utf8") : iconv.decode(bytes, encoding);
  const lineEnding = detectLineEnding(raw);
  return { text: toEditorLines(raw, lineEnding), encoding, lineEnding };
}

/**
 * The editor's text as the file's bytes. A character the encoding cannot hold is refused with a
 * sentence rather than written as "?": the user picks UTF-8 or changes the text.
 */
export function encodeText(text: string, encoding: TextEncoding, lineEnding: LineEnding): Buffer {
  const lines = toFileLines(text, lineEnding);
  if (encoding === "utf-8") return Buffer.from(lines, "utf8");
  if (encoding === "utf-8-bom") return Buffer.concat([bom, Buffer.from(lines, "utf8")]);
  const bytes = iconv.encode(lines, encoding);
  const back = iconv.decode(bytes, encoding);
  if (back !== lines) {
    const wanted = [...lines];
    const got = [...back];
    const character = wanted.find((one, index) => one !== got[index]) ?? "";
    throw new UserFacingError(
      "invalid-request",
      `The text has a character ${encoding === "iso-8859-1" ? "Latin-1" : "Windows-1252"} cannot hold (“${character}”): choose UTF-8 in the editor's status line, or remove it, then save again.`,
    );
  }
  return bytes;
}
