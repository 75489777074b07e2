import { FTPError, type Client } from "basic-ftp";
import { UserFacingError } from "../errors";
import { noteOn } from "../sessions/session-log";

/**
 * Sets permissions with SITE CHMOD; a server that refuses keeps its own, and the sentence
 * returned says so (the transfer itself is fine, as WinSCP's "Ignore permission errors" has it).
 */
export async function setPermissions(client: Client, path: string, mode: string): Promise<string | undefined> {
  return refusalOf(
    client,
    `SITE CHMOD ${mode} ${path}`,
    (code) => `The server kept its own permissions for ${path}: it refused to set ${mode} (${code}).`,
  );
}

/** Sets a file's modification time with MFMT where the server offers it; a refusal is returned as a sentence, as above. */
export async function setModified(client: Client, path: string, ms: number): Promise<string | undefined> {
  if (!(await client.features()).has("MFMT")) return undefined;
  const stamp = new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return refusalOf(client, `MFMT ${stamp} ${path}`, (code) => `The server kept its own modification time: it refused MFMT (${code}).`);
}

async function refusalOf(client: Client, command: string, sentence: (code: number) => string): Promise<string | undefined> {
  try {
    await client.send(command);
    return undefined;
  } catch (error) {
    if (!(error instanceof FTPError)) throw error;
    const refusal = sentence(error.code);
    noteOn(client, "info", refusal);
    return refusal;
  }
}

/** What the server refused after an upload, when "Ignore permission errors" is off: the job fails with it. */
export class PermissionsRefused extends UserFacingError {
  constructor(refusals: string) {
    super("permission-denied", refusals);
  }
}
