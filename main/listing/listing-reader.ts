import type { FileInfo } from "basic-ftp";
import * as dosParser from "basic-ftp/dist/parseListDOS.js";
import * as mlsdParser from "basic-ftp/dist/parseListMLSD.js";
import * as unixParser from "basic-ftp/dist/parseListUnix.js";
import { Writable } from "node:stream";
import { UserFacingError } from "../errors";
import type { NameCodec } from "../sessions/name-codec";
import { ConnectionGivenUp } from "../sessions/stall-watchdog";

type LineParser = typeof unixParser;

/** basic-ftp's parsers, in its order: MLSD last, as it accepts a name alone. */
const parsers: LineParser[] = [dosParser, unixParser, mlsdParser];

/** Far above what a pane is for, and low enough that main and the renderer keep their memory. */
export const maxListingEntries = 5_000_000;
/** No real listing line comes near this; a server sending one without end is stopped. */
export const maxListingLineBytes = 64 * 1024;

const newline = 0x0a;
const notAscii = /[^\x20-\x7e]/;
/**
 * `ls`'s "total 42" in any language ("insgesamt 42"): one word and a number, which no Unix or DOS
 * entry's line is. An MLSD line is also one token and a name, "type=dir;…; 2024": its facts hold "=".
 */
const lsTotal = /^(total\b|[^\s=;]+\s+\d+$)/;
const carriageReturn = 0x0d;

/** A listing given up on part way, so that its connection is replaced. */
export class ListingTooLarge extends ConnectionGivenUp {
  constructor(reason: string) {
    super("server-error", `Ferry stopped reading the folder listing: ${reason}`);
  }
}

export interface ListingReaderOptions {
  maxEntries?: number | undefined;
  /** Called once when reading stops part way: the listing's data connection should be closed. */
  onFailure?: () => void;
}

/**
 * Reads a LIST or MLSD listing as it arrives, line by line, with basic-ftp's own line parsers,
 * so that a folder of millions of entries never becomes one string (basic-ftp's string writer
 * stops at 40 MiB). The parser is the first that accepts a line, and reads the whole listing.
 * Lines are parsed as Latin-1, which keeps every byte, and only the names in them are decoded, in
 * the session's encoding: a name that does not decode keeps its bytes, whatever else the line holds.
 */
export class ListingReader extends Writable {
  private rest = Buffer.alloc(0);
  private parser: LineParser | undefined;
  private readonly infos: FileInfo[] = [];
  private lines = 0;
  /** Lines that name something, which the listing's parser could not read. */
  private unread = 0;

  /** Why reading stopped, if it did. */
  private failure: Error | undefined;

  constructor(
    private readonly names: NameCodec,
    private readonly options: ListingReaderOptions = {},
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.attempt(() => this.take(chunk));
    callback();
  }

  override _final(callback: () => void): void {
    this.attempt(() => this.takeLine(this.rest, 0, this.rest.length));
    callback();
  }

  /** How many lines of the listing could not be read: what they name is missing from its entries. */
  get unreadLines(): number {
    return this.parser ? this.unread : 0;
  }

  /** The entries, once the whole listing was read; throws why reading stopped, if it did. */
  entries(): FileInfo[] {
    if (this.failure) throw this.failure;
    if (this.parser) return this.parser.transformList(this.infos);
    if (this.lines === 0) return [];
    throw new UserFacingError(
      "server-error",
      "The server sent a folder listing in a format Ferry cannot read (neither Unix, DOS nor MLSD style).",
    );
  }

  /**
   * Failures are not passed on as stream errors: basic-ftp closes the whole connection on an error
   * of its data connection. The rest of a listing given up on is dropped.
   */
  private attempt(step: () => void): void {
    if (this.failure) return;
    try {
      step();
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.options.onFailure?.();
    }
  }

  private take(chunk: Buffer): void {
    const data = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let end = data.indexOf(newline); end >= 0; end = data.indexOf(newline, start)) {
      this.takeLine(data, start, end);
      start = end + 1;
    }
    if (data.length - start > maxListingLineBytes)
      throw new ListingTooLarge(`one of its lines is longer than ${maxListingLineBytes / 1024} KiB.`);
    // A copy, so that the rest of a line does not keep the whole chunk alive.
    this.rest = Buffer.from(data.subarray(start));
  }

  private takeLine(data: Buffer, start: number, end: number): void {
    const stop = end > start && data[end - 1] === carriageReturn ? end - 1 : end;
    const line = data.toString("latin1", start, stop);
    // As basic-ftp does: blank lines and "total 42" (here in any language) are no entries.
    if (line.trim() === "" || lsTotal.test(line)) return;
    const maxEntries = this.options.maxEntries ?? maxListingEntries;
    if (++this.lines > maxEntries) {
      throw new ListingTooLarge(
        `the folder has more than ${maxEntries.toLocaleString("en-US")} entries, more than Ferry shows in one folder.`,
      );
    }
    this.parser ??= parsers.find((parser) => parser.testLine(line));
    // A line its parser reads but passes over ("." and "..", MLSD's cdir and pdir) is no entry; one it cannot read is one lost.
    if (!this.parser?.testLine(line)) {
      this.unread++;
      return;
    }
    const info = this.parser.parseLine(line);
    if (info) this.infos.push(this.decoded(info));
  }

  private decoded(info: FileInfo): FileInfo {
    // Most names are printable ASCII, which reads the same in every encoding: a million of them cost no buffer each.
    const decode = (text: string) => (notAscii.test(text) ? this.names.decode(Buffer.from(text, "latin1")) : text);
    info.name = decode(info.name);
    if (info.link) info.link = decode(info.link);
    if (info.user) info.user = decode(info.user);
    if (info.group) info.group = decode(info.group);
    return info;
  }
}
