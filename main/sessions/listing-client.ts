import { Client, type FileInfo } from "basic-ftp";
import { downloadTo } from "basic-ftp/dist/transfer.js";
import { pipeline } from "node:stream/promises";
import { ListingReader } from "../listing/listing-reader";
import { EncodedControl } from "./encoded-control";
import { compressedConnections, inflating } from "./mode-z";
import type { NameCodec } from "./name-codec";

/**
 * A basic-ftp client that parses listings as they arrive instead of collecting them into one
 * string first, so that a folder of a million entries lists, inflating it on a connection in
 * MODE Z. Everything else, the data
 * connection included (passive mode, TLS, the pinned certificate), is basic-ftp's own path.
 * Its control connection speaks the site's encoding of names (encoded-control.ts).
 */
export class ListingClient extends Client {
  declare readonly ftp: EncodedControl;
  /** What the server answered to FEAT last, for "auto" to choose the encoding of names by. */
  lastFeatures: Map<string, string> | undefined;

  constructor(timeout: number, names: NameCodec) {
    super(timeout);
    this.ftp = new EncodedControl(timeout, names);
  }

  override async features(): Promise<Map<string, string>> {
    this.lastFeatures = await super.features();
    return this.lastFeatures;
  }

  protected override async _requestListWithCommand(command: string): Promise<FileInfo[]> {
    // A listing given up on closes its data connection quietly: an error there would close the control connection too.
    const reader = new ListingReader(this.ftp.names, { onFailure: () => this.ftp.dataSocket?.destroy() });
    let broken: unknown;
    const inflate = compressedConnections.has(this) ? inflating() : undefined;
    const inflated = inflate ? pipeline(inflate, reader) : undefined;
    await downloadTo(inflate ?? reader, { ftp: this.ftp, tracker: this._progressTracker, command, remotePath: "", type: "list" }).catch(
      (error: unknown) => {
        broken = error;
      },
    );
    await inflated?.catch((error: unknown) => {
      broken ??= error;
    });
    // Why the reader stopped explains the broken transfer best.
    const entries = reader.entries();
    if (broken !== undefined) throw broken;
    return entries;
  }
}
