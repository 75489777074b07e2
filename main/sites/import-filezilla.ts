import { XMLParser } from "fast-xml-parser";
import type { EncryptionMode } from "../../shared/domain";
import { siteDefaults } from "../../shared/site";
import { UserFacingError } from "../errors";
import type { ImportedSite, SiteImport } from "./site-import";

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

/** FileZilla's logon types: 0 anonymous, 1 normal (password saved), 2 ask, 3 interactive, 4 account. */
const anonymousLogon = 0;

interface XmlText {
  "#text"?: string | number;
  "@_encoding"?: string;
}
type XmlValue = string | number | XmlText | undefined;
interface XmlServer {
  Host?: XmlValue;
  Port?: XmlValue;
  Protocol?: XmlValue;
  User?: XmlValue;
  Pass?: XmlValue;
  Logontype?: XmlValue;
  Name?: XmlValue;
  RemoteDir?: XmlValue;
  LocalDir?: XmlValue;
  Comments?: XmlValue;
  EncodingType?: XmlValue;
  PasvMode?: XmlValue;
}
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

/** Reads FileZilla's sitemanager.xml: folders, hosts, ports, encryption, users, and base64 passwords. */
export function importFileZilla(xml: string): SiteImport {
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === "Folder" || name === "Server",
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
  const result: SiteImport = { sites: [], skipped: [], notes: [] };
  const walk = (folder: XmlFolder, path: string[]) => {
    for (const server of folder.Server ?? []) {
      const name = text(server.Name) || text(server.Host) || "Unnamed site";
      const protocol = Number(text(server.Protocol) || "0");
      const encryption = encryptionOf[protocol];
      if (!encryption) {
        result.skipped.push({ name, reason: `${protocolNames[protocol] ?? `protocol ${protocol}`} is not FTP or FTPS` });
        continue;
      }
      const logon = Number(text(server.Logontype) || "1");
      const pass = server.Pass;
      const password =
        typeof pass === "object" && pass["@_encoding"] === "base64" ? Buffer.from(text(pass), "base64").toString("utf8") : text(pass);
      const port = Number(text(server.Port));
      const remote = remoteDirectory(text(server.RemoteDir));
      const local = text(server.LocalDir);
      const site: ImportedSite = {
        folderPath: path,
        settings: {
          ...siteDefaults,
          name,
          host: text(server.Host),
          ...(port > 0 && port < 65536 ? { port } : {}),
          encryption,
          user: logon === anonymousLogon ? "" : text(server.User),
          ...(remote && remote !== "/" ? { initialRemotePath: remote } : {}),
          ...(local ? { initialLocalPath: local } : {}),
          encoding: text(server.EncodingType) === "Custom" ? "latin1" : "utf8",
          notes: text(server.Comments),
        },
        ...(password && logon !== anonymousLogon ? { password } : {}),
      };
      if (!site.settings.host) result.skipped.push({ name, reason: "it has no host" });
      else result.sites.push(site);
    }
    for (const child of folder.Folder ?? []) walk(child, [...path, text(child["#text"]) || "Folder"]);
  };
  walk(typeof servers === "object" ? servers : {}, []);
  return result;
}
