import type { Client } from "basic-ftp";
import type { SessionLog } from "./session-log";

/** One command sent after login, and what the server said to it. */
export interface PostLoginReply {
  command: string;
  /** The reply, code first, on one line. */
  reply: string;
  accepted: boolean;
}

/**
 * Sends a site's commands after login (FileZilla's "Post-login commands"), in order. A command
 * the server refuses (4xx, 5xx) is logged as an error and the connection goes on, as in
 * FileZilla: a `SITE UMASK` an old server does not know must not lock the user out. A
 * connection that breaks meanwhile still fails the connect.
 */
export async function sendPostLoginCommands(client: Client, commands: readonly string[], log?: SessionLog): Promise<PostLoginReply[]> {
  const replies: PostLoginReply[] = [];
  for (const command of commands) {
    const response = await client.sendIgnoringError(command);
    const text = response.message
      .replace(/^\d{3}[ -]/, "")
      .replace(/\s+/g, " ")
      .trim();
    const reply = `${response.code} ${text}`;
    const accepted = response.code < 400;
    if (!accepted)
      log?.add("error", `The server refused the command after login "${command}" (${reply}); the connection goes on without it.`);
    replies.push({ command, reply, accepted });
  }
  return replies;
}

/**
 * Transfer connections keep their FTP dialogue out of the session log; the commands after login
 * and their replies go in all the same, so that the log shows each connection got them.
 */
export function notePostLoginReplies(log: SessionLog, replies: readonly PostLoginReply[]): void {
  for (const { command, reply, accepted } of replies)
    log.add(
      accepted ? "info" : "error",
      `Transfer connection, after login: ${command} → ${reply}${accepted ? "" : " (refused; it goes on)"}`,
    );
}
