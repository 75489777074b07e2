import { Client, FTPError, type FileInfo } from "basic-ftp";
import { downloadTo } from "basic-ftp/dist/transfer.js";
import { pipeline } from "node:stream/promises";
import { UserFacingError } from "../errors";
import { IncompleteListing } from "../listing/incomplete-listing";
import { ListingReader } from "../listing/listing-reader";
import { EncodedControl } from "./encoded-control";
import { compressedConnections, inflating } from "./mode-z";
import type { NameCodec } from "./name-codec";

/** vsftpd's "226 Transfer done (but failed to open directory)." */
const unopened = /failed to open directory/i;
export const unopenedFolder = "The server could not open the folder to list it: your user may not be allowed to read it.";
/** pure-ftpd's "226 Output truncated to 10000 matches", past its max_ls_files (LIST and MLSD alike). */
const truncated = /^(?:\d{3}[- ])?(.*truncat.*)$/im;

/** Replies that say the server has no such command, or not with that argument ("LIST -a"). */
const unknownCommand = new Set([500, 501, 502, 504]);

/** The MLSD facts Ferry reads, as basic-ftp asks for them. */
const mlsdFacts = ["type", "size", "modify", "unique", "unix.mode", "unix.owner", "unix.group", "unix.ownername", "unix.groupname"];

/** Whether FEAT's MLST line ("type*;size*;modify;…", a star on each fact that is on) offers one of those facts switched off. */
function someFactOff(offered: string): boolean {
  return offered
    .split(";")
    .map((fact) => fact.trim())
    .some((fact) => !fact.endsWith("*") && mlsdFacts.includes(fact.toLowerCase()));
}

/**
 * A basic-ftp client that parses listings as they arrive instead of collecting them into one
 * string first, so that a folder of a million entries lists, inflating it on a connection in
 * MODE Z. Everything else, the data
 * connection included (passive mode, TLS, the pinned certificate), is basic-ftp's own path.
 * Its control connection speaks the site's encoding of names (encoded-control.ts).
 */
export class ListingClient extends Client {
  declare readonly ftp: EncodedControl;
  /** What the server answered to FEAT, for "auto" to choose the encoding of names by; given by the session to a transfer connection. */
  lastFeatures: Map<string, string> | undefined;
  /** FEAT's answer as it is asked: two callers at once ask the server once. */
  private featuresAsked: Promise<Map<string, string>> | undefined;

  constructor(timeout: number, names: NameCodec) {
    super(timeout);
    this.ftp = new EncodedControl(timeout, names);
  }

  /**
   * Asked once per connection (after login; a server's features do not change while it is
   * connected): a transfer connection given the session's answer (open-connection.ts) does not ask at all.
   */
  override features(): Promise<Map<string, string>> {
    const known = this.lastFeatures;
    this.featuresAsked ??= known ? Promise.resolve(known) : super.features().then((features) => (this.lastFeatures = features));
    return this.featuresAsked;
  }

  /**
   * basic-ftp's settings after login, less the round trips every connection would spend for
   * nothing: no `STRU F` (every server's default), `OPTS UTF8 ON` only where names are read as
   * UTF-8 (it would switch a server whose names are read in another encoding), `OPTS MLST` only
   * where FEAT shows a fact Ferry reads switched off.
   */
  override async useDefaultSettings(): Promise<void> {
    const mlst = (await this.features()).get("MLST");
    this.availableListCommands = mlst === undefined ? ["LIST -a", "LIST"] : ["MLSD", "LIST -a", "LIST"];
    await this.send("TYPE I");
    if (this.ftp.names.encoding === "utf8") await this.sendIgnoringError("OPTS UTF8 ON");
    if (mlst !== undefined && someFactOff(mlst)) await this.sendIgnoringError(`OPTS MLST ${mlsdFacts.map((fact) => `${fact};`).join("")}`);
    if (this.ftp.hasTLS) {
      await this.sendIgnoringError("PBSZ 0");
      await this.sendIgnoringError("PROT P");
    }
  }

  /**
   * basic-ftp's list: MLSD, then `LIST -a`, then `LIST`, and the one that lists is used from then
   * on. But only a lasting refusal (5xx) moves on to the next: after a passing one (425, 450)
   * plain LIST would list the folder without its hidden files (.htaccess), which a mirror would
   * then delete. And a command is given up for good only when the server says it has no such
   * command; one refused for one folder (550) is asked again for the next.
   * An incomplete listing says which folder it is of, where one is named.
   */
  override async list(path = ""): Promise<FileInfo[]> {
    const validPath = await this.protectWhitespace(path);
    const unknown = new Set<string>();
    let lastError: FTPError | undefined;
    for (const candidate of this.availableListCommands) {
      await this.prepareTransfer(this.ftp);
      try {
        const infos = await this._requestListWithCommand(validPath === "" ? candidate : `${candidate} ${validPath}`);
        const before = this.availableListCommands.slice(0, this.availableListCommands.indexOf(candidate));
        this.availableListCommands = [...before.filter((command) => !unknown.has(command)), candidate];
        return infos;
      } catch (error) {
        if (error instanceof IncompleteListing && path !== "") throw error.of(path);
        if (!(error instanceof FTPError) || error.code < 500) throw error;
        if (unknownCommand.has(error.code)) unknown.add(candidate);
        lastError = error;
      }
    }
    throw lastError ?? new UserFacingError("server-error", "The server offers no command to list a folder.");
  }

  protected override async _requestListWithCommand(command: string): Promise<FileInfo[]> {
    // A listing given up on closes its data connection quietly: an error there would close the control connection too.
    const reader = new ListingReader(this.ftp.names, { onFailure: () => this.ftp.dataSocket?.destroy() });
    let broken: unknown;
    const inflate = compressedConnections.has(this) ? inflating() : undefined;
    const inflated = inflate ? pipeline(inflate, reader) : undefined;
    const done = await downloadTo(inflate ?? reader, {
      ftp: this.ftp,
      tracker: this._progressTracker,
      command,
      remotePath: "",
      type: "list",
    }).catch((error: unknown) => {
      broken = error;
    });
    await inflated?.catch((error: unknown) => {
      broken ??= error;
    });
    // vsftpd sends an unreadable folder's listing empty, and says so only in its 226: it is no empty folder.
    if (done && unopened.test(done.message)) throw new UserFacingError("permission-denied", unopenedFolder);
    // Why the reader stopped explains the broken transfer best.
    const entries = reader.entries();
    if (broken !== undefined) throw broken;
    const cut = done ? truncated.exec(done.message)?.[1]?.trim() : undefined;
    if (cut !== undefined || reader.unreadLines > 0)
      throw new IncompleteListing(entries, { truncated: cut, unreadLines: reader.unreadLines });
    return entries;
  }
}
