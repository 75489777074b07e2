import { Client, type FileInfo } from "basic-ftp";
import { downloadTo } from "basic-ftp/dist/transfer.js";
import { pipeline } from "node:stream/promises";
import { UserFacingError } from "../errors";
import { ListingReader } from "../listing/listing-reader";
import { EncodedControl } from "./encoded-control";
import { compressedConnections, inflating } from "./mode-z";
import type { NameCodec } from "./name-codec";

/** vsftpd's "226 Transfer done (but failed to open directory)." */
const unopened = /failed to open directory/i;
export const unopenedFolder = "The server could not open the folder to list it: your user may not be allowed to read it.";

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
    return entries;
  }
}
