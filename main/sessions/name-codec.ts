/**
 * File names between the bytes a server sends and the text Ferry shows, in the encoding of the
 * site (shared/server-encoding.ts). A name that does not decode keeps its bytes as lone
 * surrogates, so that encoding it again gives back exactly the bytes the server listed.
 */
import iconv from "iconv-lite";
import type { ConnectRequest } from "../../shared/domain";
import { encodingLabels, readableName, type FixedEncoding } from "../../shared/server-encoding";
import { UserFacingError } from "../errors";

const slash = 0x2f;
const newline = 0x0a;
const replacement = "\ufffd";
/** A kept byte b is U+DC00 + b; only bytes from 0x80 up are ever kept. */
const keptBase = 0xdc00;

function isAscii(bytes: Buffer): boolean {
  return bytes.every((byte) => byte < 0x80);
}

/** Each byte as it is: ASCII as itself, any other as the surrogate that keeps it. */
function keepBytes(bytes: Buffer): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte < 0x80 ? byte : keptBase + byte);
  return text;
}

export class NameCodec {
  /** Decodes UTF-8 strictly: Node's decoder would put U+FFFD in place of a bad byte, and lose it. */
  private readonly strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

  constructor(
    /** What names are read as now; "auto" settles on one once the server's features are known. */
    public encoding: FixedEncoding,
  ) {}

  /** A name as text: decoded, or with the bytes that do not decode kept. */
  decode(bytes: Buffer): string {
    if (isAscii(bytes)) return bytes.toString("latin1");
    if (this.encoding === "utf8") {
      try {
        return this.strictUtf8.decode(bytes);
      } catch {
        return keepBytes(bytes);
      }
    }
    // A byte the code page leaves undefined decodes to U+FFFD (which iconv-lite encodes back to
    // it); a sequence a multi-byte encoding does not define may come back as other bytes.
    const text = iconv.decode(bytes, this.encoding, { stripBOM: false });
    return !text.includes(replacement) && iconv.encode(text, this.encoding).equals(bytes) ? text : keepBytes(bytes);
  }

  /**
   * Reply lines (a path in PWD's quotes, a file named in an error), decoded between their slashes
   * and line ends: a folder whose name does not decode leaves the folders above it readable. No
   * encoding Ferry offers has 0x2F or 0x0A inside a character.
   */
  decodeLine(bytes: Buffer): string {
    let text = "";
    let start = 0;
    for (let end = 0; end < bytes.length; end++) {
      const byte = bytes[end];
      if (byte !== slash && byte !== newline) continue;
      text += this.decode(bytes.subarray(start, end)) + String.fromCharCode(byte);
      start = end + 1;
    }
    return text + this.decode(bytes.subarray(start));
  }

  /** A command or path as bytes; a character the encoding cannot hold is refused with a sentence. */
  encode(text: string): Buffer {
    const parts: Buffer[] = [];
    let run = "";
    // By code point: a surrogate pair (💀 ends in U+DC80) is one character, a kept byte stands alone.
    for (const character of text) {
      const code = character.charCodeAt(0);
      if (character.length > 1 || code < keptBase + 0x80 || code > keptBase + 0xff) {
        run += character;
        continue;
      }
      if (run) parts.push(this.encodeText(run));
      run = "";
      parts.push(Buffer.of(code - keptBase));
    }
    if (run) parts.push(this.encodeText(run));
    return Buffer.concat(parts);
  }

  private encodeText(text: string): Buffer {
    if (this.encodes(text)) return iconv.encode(text, this.encoding);
    // Characters are tried one by one only on the way to the sentence.
    const missing = [...text].find((character) => !this.encodes(character));
    throw new UserFacingError(
      "invalid-request",
      `The server's file names are in ${encodingLabels[this.encoding]}, which has no “${readableName(missing ?? text)}”: ` +
        `choose a name without it, or another encoding for file names in the site's settings.`,
    );
  }

  /** Whether the text survives the encoding; U+FFFD is no character a legacy name can hold. */
  private encodes(text: string): boolean {
    if (this.encoding !== "utf8" && text.includes(replacement)) return false;
    return iconv.decode(iconv.encode(text, this.encoding), this.encoding, { stripBOM: false }) === text;
  }
}

/**
 * What a connection reads names as. "auto" is UTF-8 when the server announces `UTF8` in FEAT
 * (RFC 2640), else the site's fallback; before FEAT is known (the user name and password), UTF-8.
 */
export function nameEncodingFor(
  request: Pick<ConnectRequest, "encoding" | "fallbackEncoding">,
  features?: Map<string, string>,
): FixedEncoding {
  const encoding = request.encoding ?? "auto";
  if (encoding !== "auto") return encoding;
  if (!features || features.has("UTF8")) return "utf8";
  return request.fallbackEncoding ?? "utf8";
}
