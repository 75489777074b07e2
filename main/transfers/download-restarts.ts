import type { Client } from "basic-ftp";
import { knownServerOf } from "../sessions/known-server";
import { noteOn } from "../sessions/session-log";
import { notImplementedReply } from "./remote-file-facts";

/** Whether a download on this connection can continue where an earlier one stopped (REST), as far as its session knows. */
export function resumesDownloads(client: Client): boolean {
  return knownServerOf(client)?.withoutRestart !== true;
}

/**
 * Whether `error`, the answer to a download sent with REST, says the server does not have REST
 * (500, 502, 504) rather than that the file cannot be had. The connection's session remembers it,
 * so that its downloads start from the first byte without asking again, and the log says so.
 */
export function restartRefused(client: Client, error: unknown, path: string): boolean {
  const known = knownServerOf(client);
  // basic-ftp's error does not say whether REST or RETR was refused: a server whose FEAT names REST has it, and its
  // refusal was RETR's (vsftpd's "500 OOPS"), which must not turn resuming off for the whole session.
  if (!notImplementedReply(error) || known?.features.has("REST")) return false;
  if (known) known.withoutRestart = true;
  noteOn(
    client,
    "info",
    `The server cannot resume downloads (it answered REST with ${error.code}): Ferry downloads ${path} again from the start, as it will every download of this session.`,
  );
  return true;
}
