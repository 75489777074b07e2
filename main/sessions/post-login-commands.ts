import type { Client } from "basic-ftp";
import type { LogWriter } from "./session-log";

/**
 * Sends a site's commands after login (FileZilla's "Post-login commands"), in order. A command
 * the server refuses (4xx, 5xx) is logged as an error and the connection goes on, as in
 * FileZilla: a `SITE UMASK` an old server does not know must not lock the user out. A
 * connection that breaks meanwhile still fails the connect.
 */
export async function sendPostLoginCommands(client: Client, commands: readonly string[], log?: LogWriter): Promise<void> {
  for (const command of commands) {
    const response = await client.sendIgnoringError(command);
    const text = response.message
      .replace(/^\d{3}[ -]/, "")
      .replace(/\s+/g, " ")
      .trim();
    const reply = `${response.code} ${text}`;
    if (response.code >= 400)
      log?.add("error", `The server refused the command after login "${command}" (${reply}); the connection goes on without it.`);
  }
}
