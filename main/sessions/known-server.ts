import type { Client } from "basic-ftp";

/**
 * What a session's first connection learned of its server, which its transfer connections take
 * as it is instead of asking again, each a round trip on every new connection: FEAT's answer, the
 * folder it logged in to, and the key exchange group its TLS handshake agreed on (undefined where
 * the default order leads with it). One object per session's server, shared by its connections,
 * so that what one of them learns later (no REST) holds for all.
 */
export interface KnownServer {
  features: Map<string, string>;
  startPath: string;
  tlsGroups: string | undefined;
  /** The server answered REST as a command it does not have: downloads start from the first byte. */
  withoutRestart: boolean;
}

const knownByConnection = new WeakMap<Client, KnownServer>();

/** The connection serves a session whose server is `known`. */
export function shareKnownServer(client: Client, known: KnownServer): void {
  knownByConnection.set(client, known);
}

/** What the connection's session knows of its server; undefined for a connection of no session. */
export function knownServerOf(client: Client): KnownServer | undefined {
  return knownByConnection.get(client);
}
