import { FTPError, type Client } from "basic-ftp";
import { noteOn } from "../sessions/session-log";

/**
 * Sets permissions with SITE CHMOD; a server that refuses keeps its own, and the sentence
 * returned says so (the transfer itself is fine, as WinSCP's "Ignore permission errors" has it).
 */
export async function setPermissions(client: Client, path: string, mode: string): Promise<string | undefined> {
  try {
    await client.send(`SITE CHMOD ${mode} ${path}`);
    return undefined;
  } catch (error) {
    if (!(error instanceof FTPError)) throw error;
    const refusal = `The server kept its own permissions for ${path}: it refused to set ${mode} (${error.code}).`;
    noteOn(client, "info", refusal);
    return refusal;
  }
}
