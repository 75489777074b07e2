import { FTPContext, type Client } from "basic-ftp";
import type { FixedEncoding } from "../../shared/server-encoding";
import { UserFacingError } from "../errors";
import type { NameCodec } from "./name-codec";

const newline = 0x0a;
const lineEnd = Buffer.from("\r\n");
/** As basic-ftp bounds a reply: a server that never ends a line is cut off there. */
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
    const end = data.length > maxPendingBytes ? data.length : data.lastIndexOf(newline) + 1;
    this.pending = Buffer.from(data.subarray(end));
    if (end > 0) super._onControlSocketData(this.names.decodeLine(data.subarray(0, end)));
  }
}

/** What a connection reads names as; a client made elsewhere (tests) speaks basic-ftp's UTF-8. */
export function namesEncodingOf(client: Client): FixedEncoding {
  return client.ftp instanceof EncodedControl ? client.ftp.names.encoding : "utf8";
}
