import { FTPError, type Client, type FileInfo } from "basic-ftp";
import * as unixParser from "basic-ftp/dist/parseListUnix.js";
import { UserFacingError } from "../errors";
import { EncodedControl } from "../sessions/encoded-control";
import { ListingReader } from "./listing-reader";

/**
 * Per connection, for speed alone (every reply must prove itself): whether its server's `STAT path`
 * replies have proven themselves ("yes"), or are not asked for ("no", after a first reply that did not).
 */
const trust = new WeakMap<Client, "yes" | "no">();

/**
 * A folder's LIST lines read from `STAT path` on the control connection, as lftp's
 * `ftp:use-stat-for-list` does: no data connection, so no passive port, TLS handshake or round
 * trips of its own. Only for servers without MLSD (whose times to the second a synchronization
 * wants), and only where the reply proves itself by listing the folder's own "." entry: vsftpd
 * answers a missing folder with an empty status and an unreadable one with the folder's own
 * line, pure-ftpd answers both as it answers an empty folder, and a listing misread as empty
 * would have a mirror delete the other side's files. Undefined means "list it the usual way";
 * a server whose replies never proved themselves is not asked again on that connection.
 *
 * A name holding a line break can still end the reply early and forge what follows (vsftpd does
 * not escape it): a listing read here may lack entries. So a synchronization lists a folder
 * again by LIST before a row relies on something missing from it (synchronize-service.ts).
 */
export async function listOverControl(client: Client, path: string): Promise<FileInfo[] | undefined> {
  const control = client.ftp;
  // A path that starts with "-" reads as ls options to some servers; vsftpd lists a folder it cannot open as its
  // parent filtered by the last name, a pattern if it holds one of * ? [ ] { }.
  if (trust.get(client) === "no" || !path.startsWith("/") || /[*?[\]{}]/.test(path) || client.availableListCommands.includes("MLSD"))
    return undefined;
  if (!(control instanceof EncodedControl)) return undefined;
  const entries = await statusListing(client, control, path);
  if (!entries) {
    if (trust.get(client) !== "yes") trust.set(client, "no");
    return undefined;
  }
  trust.set(client, "yes");
  return entries;
}

/** The entries of STAT's reply, if every line of it between the first and the last is a Unix listing line and "." is among them. */
async function statusListing(client: Client, control: EncodedControl, path: string): Promise<FileInfo[] | undefined> {
  const reader = new ListingReader(control.names);
  let listed = 0;
  let ownFolder = false;
  let unread = false;
  const diversion = control.divertReplyBody(
    (bytes) => {
      // proftpd starts each line with a space; a listing line itself starts with its type and permissions.
      const line = bytes
        .toString("latin1")
        .replace(/\r?\n$/, "")
        .trimStart();
      if (line === "" || line.startsWith("total")) return;
      const dot = dotFolder(line);
      if (dot === ".") ownFolder = true;
      else if (dot === "..") return;
      else if (unixParser.testLine(line)) {
        listed++;
        reader.write(Buffer.from(`${line}\n`, "latin1"));
      } else unread = true;
    },
    () =>
      new UserFacingError(
        "server-error",
        `The server's listing of ${path} went on after its end (a file name in it may hold a line break): the folder is not compared.`,
      ),
  );
  try {
    await client.send(`STAT ${path}`);
    // Whatever of the listing came after its last line arrives before NOOP's reply, which the diversion waits for.
    await client.send("NOOP");
  } catch (error) {
    if (!(error instanceof FTPError)) throw error;
    return undefined;
  } finally {
    diversion.stop();
  }
  await new Promise<void>((read) => reader.end(read));
  if (unread || !ownFolder) return undefined;
  let entries: FileInfo[];
  try {
    entries = reader.entries();
  } catch {
    return undefined;
  }
  // Every line an entry: no status text read as a name.
  return entries.length === listed ? entries : undefined;
}

const swappedName = "ferry-own-folder";

/** "." or ".." for a Unix listing line of a folder of that name (as the parser reads it with the name swapped for another). */
function dotFolder(line: string): "." | ".." | undefined {
  const dot = / (\.\.?)$/.exec(line);
  if (!dot) return undefined;
  const info = unixParser.parseLine(`${line.slice(0, dot.index)} ${swappedName}`);
  return info?.name === swappedName && info.isDirectory ? (dot[1] as "." | "..") : undefined;
}
