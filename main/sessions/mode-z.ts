import type { Client } from "basic-ftp";
import { constants, createInflate, type Inflate } from "node:zlib";

/**
 * Connections in MODE Z: their listings come compressed like their files. Kept in the sessions
 * layer, where listings are read; the transfers switch the mode (transfers/compression.ts).
 */
export const compressedConnections = new WeakSet<Client>();

/**
 * What a connection in MODE Z receives, inflated. A stream that ends without zlib's trailer (an
 * empty file or listing a server sends as nothing at all) ends what came instead of failing:
 * the size check or the server's reply says whether it is whole.
 */
export function inflating(): Inflate {
  return createInflate({ finishFlush: constants.Z_SYNC_FLUSH });
}
