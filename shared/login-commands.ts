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
  .max(256)
  .refine((account) => !/[\0\r\n]/.test(account), "An account has no line breaks.");

/** One raw FTP command: a line of its own, so no line breaks (they would smuggle in more commands). */
export const PostLoginCommandSchema = z
  .string()
  .trim()
  .min(1, "A command after login is not empty.")
  .max(512)
  .refine((command) => !/[\0\r\n]/.test(command), "A command after login is one line.");

/** The most commands after login a site has. */
export const maxPostLoginCommands = 20;

/** Sent in order on every connection of a session (browsing and transfers) once logged in. */
export const PostLoginCommandsSchema = z.array(PostLoginCommandSchema).max(maxPostLoginCommands);
