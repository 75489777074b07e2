/**
 * What a site may add to logging in: an account for servers that ask for one (ACCT, FileZilla's
 * "Account" logon type) and raw commands sent after every login (FileZilla's "Post-login
 * commands", e.g. `SITE UMASK 002`).
 */
import { z } from "zod";

/**
 * Sent with ACCT when the server answers USER or PASS with 332. Not a secret: FileZilla keeps it
 * in the clear beside the user name, and like a user name it names who pays, not what proves it.
 */
export const AccountSchema = z
  .string()
  .max(256, "An account is at most 256 characters.")
  .refine((account) => !/[\0\r\n]/.test(account), "An account has no line breaks.");

/**
 * Commands Ferry sends itself, whose replies it waits for in its own way: logging in and out,
 * TLS, the transfer type, data connections and what runs over them. Sent behind its back they
 * would log the session out, drop TLS, turn binary transfers into text, or leave a reply
 * unread that the next command would take for its own.
 */
const ferrysOwn = new Set([
  ...["USER", "PASS", "ACCT", "REIN", "QUIT", "AUTH", "CCC", "PBSZ", "PROT", "TYPE", "MODE", "STRU"],
  ...["PASV", "EPSV", "LPSV", "PORT", "EPRT", "LPRT", "LIST", "NLST", "MLSD", "RETR", "STOR", "STOU", "APPE", "REST", "ABOR"],
]);

/** One raw FTP command: a line of its own, so no line breaks (they would smuggle in more commands). */
export const PostLoginCommandSchema = z
  .string()
  .trim()
  .min(1, "A command after login is not empty.")
  .max(512, "A command after login is at most 512 characters.")
  .refine((command) => !/[\0\r\n]/.test(command), "A command after login is one line.")
  .refine(
    (command) => !ferrysOwn.has(command.split(" ")[0]?.toUpperCase() ?? ""),
    "Ferry sends the login, TLS, transfer type and data connection commands itself (USER, AUTH, TYPE, PASV, LIST, RETR and the like): they cannot be commands after login.",
  );

/** The most commands after login a site has. */
export const maxPostLoginCommands = 20;

/** Sent in order on every connection of a session (browsing and transfers) once logged in. */
export const PostLoginCommandsSchema = z
  .array(PostLoginCommandSchema)
  .max(maxPostLoginCommands, `At most ${maxPostLoginCommands} commands after login.`);
