import { XMLParser } from "fast-xml-parser";
import type { EncryptionMode } from "../../shared/domain";
import { encodingNamed } from "../../shared/server-encoding";
import { ServerTimeOffsetSchema } from "../../shared/server-time-zone";
import { siteDefaults, type SiteSettings } from "../../shared/site";
import { UserFacingError } from "../errors";
import { postLoginCommandsOf } from "./filezilla-login-commands";
import { addImportedSite, type ImportedSite, type SiteImport } from "./site-import";

/** FileZilla's ServerProtocol numbers (server.h) that Ferry speaks. */
const encryptionOf: Record<number, EncryptionMode> = { 0: "explicit-if-available", 3: "implicit", 4: "explicit-required", 6: "plain" };
const protocolNames: Record<number, string> = {
  1: "SFTP",
  2: "HTTP",
  5: "HTTPS",
  7: "S3",
  8: "Storj",
  9: "WebDAV",
  10: "Azure Files",
  11: "Azure Blob",
  12: "OpenStack Swift",
  13: "Google Cloud Storage",
  14: "Google Drive",
  15: "Dropbox",
  16: "OneDrive",
  17: "Backblaze B2",
  18: "Box",
};

/** FileZilla's logon types (LogonType in server.h). */
const logonTypes = { anonymous: 0, normal: 1, ask: 2, interactive: 3, account: 4 } as const;

/** FileZilla's colour labels by number (site_colours in sitemanager.cpp), as Ferry's; cyan has no match. */
const colours: Record<number, { colour: SiteSettings["colour"]; note?: string }> = {
  1: { colour: "red" },
  2: { colour: "green" },
  3: { colour: "blue" },
  4: { colour: "yellow" },
  6: { colour: "purple", note: "colour label magenta shown as purple" },
  7: { colour: "orange" },
};

/** FileZilla's server types (ServerType in server.h) other than the default and Unix. */
const serverTypes: Record<number, string> = {
  2: "VMS",
  3: "DOS",
  4: "MVS",
  5: "VxWorks",
  6: "z/VM",
  7: "HP NonStop",
  8: "DOS with virtual paths",
  9: "Cygwin",
  10: "DOS with forward slashes",
};

type XmlValue = string | number | XmlText | undefined;
interface XmlText {
  "#text"?: string | number;
  "@_encoding"?: string;
}
type XmlServer = Record<string, XmlValue>;
interface XmlFolder {
  "#text"?: string | number;
  Folder?: XmlFolder[];
  Server?: XmlServer[];
}

function text(value: XmlValue): string {
  if (value === undefined) return "";
  if (typeof value === "object") return String(value["#text"] ?? "");
  return String(value);
}

/** FileZilla's RemoteDir is "1 0 4 home 3 www": 1 for Unix paths, a prefix length, then length-prefixed segments. */
function remoteDirectory(encoded: string): string | undefined {
  const match = /^(\d+) (\d+) ?(.*)$/.exec(encoded.trim());
  if (!match || match[1] !== "1") return undefined;
  const segments: string[] = [];
  let rest = match[3] ?? "";
  while (rest) {
    const head = /^(\d+) /.exec(rest);
    if (!head) return undefined;
    const length = Number(head[1]);
    segments.push(rest.slice(head[0].length, head[0].length + length));
    rest = rest.slice(head[0].length + length).replace(/^ /, "");
  }
  return `/${segments.join("/")}`;
}

/** Reads FileZilla's sitemanager.xml: folders, hosts, ports, encryption, users, base64 passwords, and the time adjustment. */
export function importFileZilla(xml: string): SiteImport {
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === "Folder" || name === "Server" || name === "Command",
    parseTagValue: false,
    trimValues: true,
  });
  let document: { FileZilla3?: { Servers?: XmlFolder } };
  try {
    document = parser.parse(xml, true) as typeof document;
  } catch (error) {
    throw new UserFacingError(
      "invalid-request",
      `This is not a FileZilla site manager file: ${error instanceof Error ? error.message : "it is not XML"}.`,
    );
  }
  const servers = document.FileZilla3?.Servers;
  if (servers === undefined)
    throw new UserFacingError("invalid-request", "This is not a FileZilla site manager file: it has no <Servers> list.");
  const result: SiteImport = { sites: [], skipped: [], notes: [], siteNotes: [] };
  const walk = (folder: XmlFolder, path: string[]) => {
    for (const server of folder.Server ?? []) {
      const name = text(server.Name) || text(server.Host) || "Unnamed site";
      const protocol = Number(text(server.Protocol) || "0");
      const encryption = encryptionOf[protocol];
      if (!encryption) {
        result.skipped.push({ name, reason: `${protocolNames[protocol] ?? `protocol ${protocol}`} is not FTP or FTPS` });
        continue;
      }
      if (!text(server.Host)) {
        result.skipped.push({ name, reason: "it has no host" });
        continue;
      }
      const { site, notes } = siteOf(server, name, path);
      addImportedSite(result, site, notes);
    }
    for (const child of folder.Folder ?? []) walk(child, [...path, text(child["#text"]) || "Folder"]);
  };
  walk(typeof servers === "object" ? servers : {}, []);
  return result;
}

/** The elements of a <Server> that `siteOf` reads (or knows to leave out, saying so); any other one is listed as not carried over. */
const understood = new Set([
  "Host",
  "Port",
  "Protocol",
  "Type",
  "User",
  "Pass",
  "Account",
  "Logontype",
  "Name",
  "Comments",
  "Colour",
  "LocalDir",
  "RemoteDir",
  "EncodingType",
  "CustomEncoding",
  "PasvMode",
  "MaximumMultipleConnections",
  "TimezoneOffset",
  "BypassProxy",
  "PostLoginCommands",
  "SyncBrowsing",
  "DirectoryComparison",
]);

/** One FTP(S) site, and what of it did not come along, each in a few words. */
function siteOf(server: XmlServer, name: string, path: string[]): { site: ImportedSite; notes: string[] } {
  const notes: string[] = [];
  const number = (element: string) => Number(text(server[element]) || "0");
  const logon = Number(text(server.Logontype) || "1");
  const pass = server.Pass;
  const passEncoding = typeof pass === "object" ? pass["@_encoding"] : undefined;
  let password: string | undefined;
  if (passEncoding === "crypt") notes.push("password not imported: protected by FileZilla's master password");
  else if (passEncoding === "base64") password = Buffer.from(text(pass), "base64").toString("utf8");
  else password = text(pass) || undefined;
  if (logon === logonTypes.anonymous) password = undefined;

  const port = number("Port");
  const remote = remoteDirectory(text(server.RemoteDir));
  const local = text(server.LocalDir);
  const colour = colours[number("Colour")];
  if (number("Colour") !== 0 && !colour) notes.push("colour label cyan not carried over: Ferry has no cyan label");
  if (colour?.note) notes.push(colour.note);
  const connections = number("MaximumMultipleConnections");
  if (connections > 10) notes.push(`a limit of ${connections} connections lowered to 10, Ferry's most`);

  const encodingType = text(server.EncodingType);
  const customEncoding = text(server.CustomEncoding);
  const custom = encodingType === "Custom" ? encodingNamed(customEncoding) : undefined;
  if (encodingType === "Custom" && !custom)
    notes.push(`file name encoding ${customEncoding || "(custom)"} not carried over: Ferry reads names in Auto mode`);
  const serverType = serverTypes[number("Type")];
  if (serverType) notes.push(`server type ${serverType} not carried over: Ferry reads the listing format itself`);
  // FileZilla adds its offset to the server's times; Ferry keeps the server's zone, which takes it off.
  const adjustMinutes = number("TimezoneOffset");
  const timeOffset = ServerTimeOffsetSchema.safeParse(-adjustMinutes);
  if (adjustMinutes !== 0 && !timeOffset.success)
    notes.push(`time adjustment of ${adjustMinutes} minutes not carried over: more than 24 hours`);
  const commands = postLoginCommandsOf(server.PostLoginCommands);
  if (commands.left > 0)
    notes.push(`${commands.left} of the commands after logon not carried over: past Ferry's 20, too long, or one Ferry sends itself`);
  if (number("SyncBrowsing") !== 0) notes.push("synchronized browsing not carried over");
  if (number("DirectoryComparison") !== 0) notes.push("directory comparison not carried over");
  for (const [element, value] of Object.entries(server)) {
    if (understood.has(element) || element.startsWith("@_") || element === "#text") continue;
    const setting = text(value);
    if (setting && setting !== "0") notes.push(`setting ${element} (${setting}) not carried over`);
  }

  const settings: SiteSettings = {
    ...siteDefaults,
    name,
    host: text(server.Host),
    ...(port > 0 && port < 65536 ? { port } : {}),
    encryption: encryptionOf[number("Protocol")] ?? siteDefaults.encryption,
    user: logon === logonTypes.anonymous ? "" : text(server.User),
    // FileZilla keeps an account only for its "Account" logon type, and sends it when the server asks (332): so does Ferry.
    account: logon === logonTypes.account ? text(server.Account) : "",
    postLoginCommands: commands.commands,
    ...(remote && remote !== "/" ? { initialRemotePath: remote } : {}),
    ...(local ? { initialLocalPath: local } : {}),
    ...(connections > 0 ? { maxConnections: Math.min(connections, 10) } : {}),
    encoding: custom ?? (encodingType === "UTF-8" ? "utf8" : "auto"),
    noProxy: number("BypassProxy") !== 0,
    // MODE_DEFAULT is FileZilla's preference, passive out of the box: Ferry's default too.
    dataConnectionMode: text(server.PasvMode) === "MODE_ACTIVE" ? "active" : "passive",
    ...(adjustMinutes !== 0 && timeOffset.success ? { serverTimeOffsetMinutes: timeOffset.data } : {}),
    colour: colour?.colour ?? "none",
    notes: text(server.Comments),
  };
  return { site: { folderPath: path, settings, ...(password ? { password } : {}) }, notes };
}
