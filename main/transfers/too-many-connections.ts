import { FTPError } from "basic-ftp";
import { UserFacingError } from "../errors";

/**
 * How servers word a refused extra connection: vsftpd's "421 There are too many connections
 * from your internet address.", proftpd's "530 Sorry, the maximum number of clients (2) for
 * this user are already connected.", pure-ftpd's "421 Too many connections (2) from this IP",
 * FileZilla Server's "421 Too many users"…
 */
const refusal =
  /too many (connections|users|clients|sessions|logins)|maximum number of (clients|connections|users|sessions)|(connection|client|session|login) limit|already connected|per[ -]ip/i;

/**
 * The server's reply when opening a connection failed because it allows no more at once: a 421
 * or 530 that says so, not a wrong password (530 too) or a server going down (421 too).
 * Undefined for any other failure. Ferry's own sentence keeps the server's reply in brackets,
 * so a refusal is told either way.
 */
export function tooManyConnectionsReply(error: unknown): string | undefined {
  let reply: string | undefined;
  if (error instanceof FTPError && (error.code === 421 || error.code === 530))
    reply = `${error.code} ${error.message.replace(/^\d{3}[ -]/, "")}`;
  else if (error instanceof UserFacingError) reply = /\(((?:421|530) .*)\)\.?$/.exec(error.message)?.[1];
  return reply !== undefined && refusal.test(reply) ? reply.trim() : undefined;
}
