import type { EncryptionMode } from "../../shared/domain";
import { siteDefaults } from "../../shared/site";
import { UserFacingError } from "../errors";
import { addImportedSite, type SiteImport } from "./site-import";

// WinSCP's "simple" password obfuscation (its Security.cpp): not encryption, just a
// reversible scramble keyed by user name and host.
const magic = 0xa3;
const flag = 0xff;
const internal = 0x00;
const internal2 = 0x02;
const hex = "0123456789ABCDEF";

/** Undoes WinSCP's password scramble; undefined when the value is not in that form. */
export function decodeWinScpPassword(encoded: string, user: string, host: string): string | undefined {
  let rest = encoded.toUpperCase();
  const next = (): number => {
    const high = hex.indexOf(rest[0] ?? "");
    const low = hex.indexOf(rest[1] ?? "");
    rest = rest.slice(2);
    return ~(((high << 4) + low) ^ magic) & 0xff;
  };
  if (!/^[0-9A-F]+$/.test(rest) || rest.length % 2 !== 0) return undefined;
  const first = next();
  let length: number;
  if (first === flag) {
    const version = next();
    if (version === internal) length = next();
    else if (version === internal2) length = (next() << 8) + next();
    else return undefined;
  } else {
    length = first;
  }
  const shift = next();
  rest = rest.slice(shift * 2);
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) bytes.push(next());
  const text = Buffer.from(bytes).toString("utf8");
  if (first !== flag) return text;
  const key = `${user}${host}`;
  return text.startsWith(key) ? text.slice(key.length) : undefined;
}

/** WinSCP's FSProtocol numbers; 5 is FTP. Sessions without one are SFTP, WinSCP's default. */
const protocolNames: Record<string, string> = { "0": "SCP", "1": "SFTP", "2": "SFTP", "6": "WebDAV", "7": "S3" };
/** Ftps: 0 none, 1 implicit, 2 explicit SSL, 3 explicit TLS. */
const encryptionOf: Record<string, EncryptionMode> = { "0": "plain", "1": "implicit", "2": "explicit-required", "3": "explicit-required" };

const decode = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/**
 * WinSCP.ini's sections and keys. The `ini` package reads dots in section names as nesting,
 * and WinSCP session names are full of dots (host names), so this reads the plain format itself.
 */
function parseIni(content: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const line of content.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const header = /^\s*\[(.*)\]\s*$/.exec(line);
    if (header) current = sections[header[1] ?? ""] ??= {};
    else if (current && line.includes("=") && !/^\s*[;#]/.test(line)) {
      const at = line.indexOf("=");
      current[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return sections;
}

/** Reads the sessions of a WinSCP.ini: FTP and FTPS ones become sites, others are listed as skipped. */
export function importWinScp(content: string): SiteImport {
  const ini = parseIni(content);
  const sessions = Object.entries(ini).filter(([section]) => section.startsWith("Sessions\\"));
  if (sessions.length === 0 && !Object.keys(ini).some((section) => section.startsWith("Configuration"))) {
    throw new UserFacingError("invalid-request", "This is not a WinSCP.ini file: it has no [Sessions\\…] sections.");
  }
  const security = ini["Configuration\\Security"];
  const masterPassword = String(security?.UseMasterPassword ?? "0") === "1";
  const result: SiteImport = { sites: [], skipped: [], notes: [], siteNotes: [] };
  for (const [section, values = {}] of sessions) {
    const path = decode(section.slice("Sessions\\".length)).split("/");
    const name = path.pop() || "Unnamed site";
    const value = (key: string) => decode(values[key] ?? "");
    if (name === "Default Settings") continue;
    const protocol = value("FSProtocol") || "1";
    if (protocol !== "5") {
      result.skipped.push({ name, reason: `${protocolNames[protocol] ?? `protocol ${protocol}`} is not FTP or FTPS` });
      continue;
    }
    const host = value("HostName");
    if (!host) {
      result.skipped.push({ name, reason: "it has no host" });
      continue;
    }
    const user = value("UserName");
    const stored = value("Password");
    let password: string | undefined;
    if (stored && masterPassword)
      result.notes.push(`The password of ${name} is protected by WinSCP's master password and was not imported.`);
    else if (stored) {
      password = decodeWinScpPassword(stored, user, host);
      if (password === undefined) result.notes.push(`The password of ${name} could not be read and was not imported.`);
    }
    // WinSCP counts its time difference from the local computer's zone, not from UTC as Ferry does.
    const timeDifference = Number(value("TimeDifference") || "0");
    const notes = timeDifference !== 0 ? ["time difference not carried over: set the server's time zone in the site's settings"] : [];
    const port = Number(value("PortNumber"));
    const remote = value("RemoteDirectory");
    const local = value("LocalDirectory");
    addImportedSite(
      result,
      {
        folderPath: path,
        settings: {
          ...siteDefaults,
          name,
          host,
          ...(port > 0 && port < 65536 ? { port } : {}),
          encryption: encryptionOf[value("Ftps") || "0"] ?? "explicit-required",
          user,
          ...(remote.startsWith("/") ? { initialRemotePath: remote } : {}),
          ...(local ? { initialLocalPath: local } : {}),
        },
        ...(password ? { password } : {}),
      },
      notes,
    );
  }
  return result;
}
