import type { Client } from "basic-ftp";
import { posix } from "node:path";

/**
 * Where a server folder is, links in its path followed as far as the server tells: PWD after CWD.
 * Walks that delete compare it with where the folder's name says it is, to tell a link the server
 * lists as a folder from a real one. PWD doubles a quote in a name (RFC 959), which basic-ftp
 * leaves doubled: undone here, or a folder named `say "hi"` would look like a link.
 */
export async function serverFolderPlace(client: Client, folder: string): Promise<string> {
  await client.cd(folder);
  return posix.normalize((await client.pwd()).replaceAll('""', '"')).replace(/(.)\/$/, "$1");
}
