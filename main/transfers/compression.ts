import { FTPError, type Client } from "basic-ftp";
import { createDeflate, type Deflate } from "node:zlib";
import { compressedConnections } from "../sessions/mode-z";
import { noteOn } from "../sessions/session-log";

/** Connections whose server refused MODE Z, and those that upload plainly (those in MODE Z: `compressedConnections`). */
const refused = new WeakSet<Client>();
const plainUploads = new WeakSet<Client>();

/**
 * Whether this connection's data goes compressed (MODE Z, zlib on the data connection): asked for
 * and offered in the server's FEAT. The mode is set once per connection, and set back to MODE S
 * when a transfer on it no longer wants it. A server that refuses keeps sending plainly.
 */
export async function compressedData(client: Client, wanted: boolean, direction: "upload" | "download"): Promise<boolean> {
  if (!wanted || (direction === "upload" && plainUploads.has(client))) {
    if (compressedConnections.delete(client)) await client.send("MODE S");
    return false;
  }
  if (compressedConnections.has(client)) return true;
  if (refused.has(client) || !offersModeZ(await client.features())) return false;
  try {
    await client.send("MODE Z");
  } catch {
    refused.add(client);
    noteOn(client, "info", "The server refused compression (MODE Z): transfers go uncompressed.");
    return false;
  }
  compressedConnections.add(client);
  noteOn(client, "info", "Transfers on this connection are compressed (MODE Z).");
  return true;
}

/**
 * A compressed upload the server aborted (426, 451): proftpd 1.3.8's mod_deflate corrupts some
 * highly compressible uploads and aborts them (proftpd issue #1896, fixed in later releases). The
 * connection uploads uncompressed from then on (switching back to MODE Z for its downloads).
 */
export function abortedCompressedUpload(error: unknown): boolean {
  return error instanceof FTPError && (error.code === 426 || error.code === 451);
}

/** This connection uploads uncompressed from now on. */
export async function refuseCompressedUploads(client: Client, path: string): Promise<void> {
  plainUploads.add(client);
  noteOn(
    client,
    "info",
    `The server failed on the compressed upload of ${path}: it goes again uncompressed, as this connection's uploads will.`,
  );
  await compressedData(client, false, "upload");
}

/** zlib at a middling level: most of the gain on text for a fraction of the CPU of the best. */
export function compressing(): Deflate {
  return createDeflate({ level: 6 });
}

/** FEAT's "MODE Z" line (basic-ftp keys a feature by its first word). */
function offersModeZ(features: ReadonlyMap<string, string>): boolean {
  return (features.get("MODE") ?? "").toUpperCase().split(/\s+/).includes("Z");
}
