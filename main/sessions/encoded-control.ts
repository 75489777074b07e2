import { FTPContext, type Client } from "basic-ftp";
import type { FixedEncoding } from "../../shared/server-encoding";
import { UserFacingError } from "../errors";
import type { NameCodec } from "./name-codec";

const newline = 0x0a;
const lineEnd = Buffer.from("\r\n");
/** A reply's last line, or a one-line reply: its code alone or followed by a space (as basic-ftp reads them). */
const lastLine = /^\d{3}(?:[ \r\n]|$)/;
/** As basic-ftp bounds a reply: a line that never ends is cut off there. */
const maxPendingBytes = 64 * 1024;

/**
 * basic-ftp's control connection in the site's encoding of names. basic-ftp takes only Node's
 * own encodings, so its socket reads Latin-1 (every byte as itself) and this context turns bytes
 * into text and back at its edge, with the session's `NameCodec`: every command (CWD, RETR, STOR,
 * RNFR, RNTO, MKD, RMD, DELE, SIZE, MDTM, …) goes out in it, every reply (PWD's path) is read in
 * it, and the session log, fed from here, shows the decoded names.
 */
export class EncodedControl extends FTPContext {
  /** The bytes of a reply line not complete yet: a character may be split between two chunks. */
  private pending = Buffer.alloc(0);
  /** Where the body of a reply goes instead (divertReplyBody). */
  private diversion: Diversion | undefined;

  constructor(
    timeout: number,
    readonly names: NameCodec,
  ) {
    super(timeout, "latin1");
  }

  /** As basic-ftp's own, with the command encoded; a name the encoding cannot hold fails before anything is sent. */
  override send(command: string): void {
    const password = command.startsWith("PASS");
    const description = password ? "PASS ###" : command;
    if (/[\r\n\0]/.test(command)) throw new Error(`Invalid command: Contains control characters. (${description})`);
    const bytes = password ? this.encodedPassword(command) : this.names.encode(command);
    this.log(`> ${description}`);
    this.socket.write(Buffer.concat([bytes, lineEnd]));
  }

  /** The refusal names no character of the password, which the log and the error banner would show. */
  private encodedPassword(command: string): Buffer {
    try {
      return this.names.encode(command);
    } catch {
      throw new UserFacingError(
        "auth-failed",
        "The password has a character the site's encoding for file names cannot hold: choose UTF-8 for file names in the site's settings.",
      );
    }
  }

  /** Whole lines only are decoded, and passed on to basic-ftp's reply parser. */
  protected override _onControlSocketData(chunk: string): void {
    const data = Buffer.concat([this.pending, Buffer.from(chunk, "latin1")]);
    const wholeLines = data.lastIndexOf(newline) + 1;
    const endless = data.length - wholeLines > maxPendingBytes;
    // A diverted reply is read by whole lines: one that does not end is no listing line.
    if (endless && this.diversion) return this.closeWithError(this.diversion.overrun());
    const end = endless ? data.length : wholeLines;
    this.pending = Buffer.from(data.subarray(end));
    const lines = this.diversion ? this.divert(data.subarray(0, end)) : data.subarray(0, end);
    if (lines.length > 0) super._onControlSocketData(this.names.decodeLine(lines));
  }

  /**
   * The lines between the first and the last of the next reply go to `take`, as bytes, instead
   * of into the reply: a folder's listing in STAT's reply is read as a LIST is, with names in the
   * site's encoding, and neither held in one string (basic-ftp caps a reply at 64 KiB) nor
   * written into the session log line by line. A one-line reply ends the diversion.
   *
   * After the reply's last line, the next line must be a one-line reply (the caller's next
   * command's, a NOOP): anything else means the reply ended early, as when a file name holds a
   * line break and "213 End of status" after it. Then the connection is closed with `overrun()`,
   * as its replies would no longer match its commands. `stop` ends the diversion.
   */
  divertReplyBody(take: (line: Buffer) => void, overrun: () => Error): { stop(): void } {
    const diversion: Diversion = { take, overrun, ended: false };
    this.diversion = diversion;
    return {
      stop: () => {
        if (this.diversion === diversion) this.diversion = undefined;
      },
    };
  }

  /** What of `data` basic-ftp sees: the reply's first and last lines, and what comes after. */
  private divert(data: Buffer): Buffer {
    const kept: Buffer[] = [];
    for (let start = 0; start < data.length;) {
      const stop = data.indexOf(newline, start);
      const line = data.subarray(start, stop < 0 ? data.length : stop + 1);
      start += line.length;
      const diversion = this.diversion;
      const head = line.toString("latin1", 0, 4);
      if (!diversion) kept.push(line);
      else if (diversion.code === undefined) {
        // "213-Status follows:" (211, 212 elsewhere) opens the body; anything else is the whole reply.
        const opening = /^(21[123])-/.exec(head);
        if (opening) diversion.code = opening[1];
        else this.diversion = undefined;
        kept.push(line);
      } else if (diversion.ended) {
        this.diversion = undefined;
        if (!lastLine.test(head)) {
          this.closeWithError(diversion.overrun());
          return Buffer.alloc(0);
        }
        kept.push(line);
      } else if (head.startsWith(diversion.code) && lastLine.test(head)) {
        diversion.ended = true;
        kept.push(line);
      } else diversion.take(line);
    }
    return Buffer.concat(kept);
  }
}

interface Diversion {
  take(line: Buffer): void;
  overrun(): Error;
  /** The reply's code, once its first line said it goes on. */
  code?: string | undefined;
  /** Its last line came: the next line must be a one-line reply. */
  ended: boolean;
}

/** What a connection reads names as; a client made elsewhere (tests) speaks basic-ftp's UTF-8. */
export function namesEncodingOf(client: Client): FixedEncoding {
  return client.ftp instanceof EncodedControl ? client.ftp.names.encoding : "utf8";
}
