/**
 * Host names, IPv4 and IPv6 literals as people type and read them. Ferry keeps a host bare
 * ("::1", "ftp.example.com"); an IPv6 literal takes brackets only where a port follows it or it
 * stands in a URL ("[::1]:2121", RFC 3986), so that the colons of the address and the port's
 * colon can be told apart.
 */
import type { EncryptionMode } from "./domain";

/** Whether the host is an IPv6 literal (bare, without brackets): only those hold a colon. */
export function isIpv6Literal(host: string): boolean {
  return host.includes(":") && isIpv6Address(host);
}

/** The host as it stands before ":port" or in a URL: an IPv6 literal in brackets, anything else as is. */
export function urlHost(host: string): string {
  return isIpv6Literal(host) ? `[${host}]` : host;
}

/** host:port, with an IPv6 literal in brackets: "[::1]:2121", "ftp.example.com:21". */
export function hostAndPort(host: string, port: number | undefined): string {
  return port === undefined ? host : `${urlHost(host)}:${port}`;
}

/**
 * The URL parser (of the browser and of Node alike) knows IPv6 literals: anything it takes
 * between brackets is one. A zone ("fe80::1%eth0") it does not take, and neither does Ferry.
 */
function isIpv6Address(address: string): boolean {
  try {
    return address.includes(":") && new URL(`ftp://[${address}]/`).hostname !== "";
  } catch {
    return false;
  }
}

/**
 * Whether a host is one Ferry connects to: a name (letters of any script, digits, "-" and "_",
 * in labels between dots), an IPv4 address or a bare IPv6 literal. Anything else (spaces, line
 * breaks, "/", "@") is no host, and must never reach a proxy's request or a command line.
 */
export function isHostName(host: string): boolean {
  return isIpv6Literal(host) || /^[\p{L}\p{M}\p{N}_-]+(\.[\p{L}\p{M}\p{N}_-]+)*\.?$/u.test(host);
}

/** A host as Ferry keeps it: "[::1]" typed into a site's Host field is the IPv6 address ::1. */
export function bareHost(typed: string): string {
  const host = typed.trim();
  const inside = /^\[(.*)\]$/.exec(host)?.[1];
  return inside !== undefined && isIpv6Address(inside) ? inside : host;
}

/** What the quick connect bar's host field says, read: the host, and what a URL or "host:port" adds to the other fields. */
export interface HostField {
  host: string;
  port?: number;
  user?: string;
  /** The folder a URL names, to open after logging in. */
  path?: string;
  /** ftps:// asks for implicit TLS; ftp:// leaves the encryption as chosen. */
  encryption?: EncryptionMode;
}

export type ReadHostField = { field: HostField } | { problem: string };

const portProblem = "The port after the host must be a number from 1 to 65535.";
export const notAHost = "A host is a name such as ftp.example.com or an IP address: letters, digits, dots and hyphens, no spaces.";

/**
 * Reads a host as typed into quick connect: a name or IPv4 address ("ftp.example.com",
 * "192.0.2.7"), either with ":port"; an IPv6 literal bare ("::1", which then has no port, as
 * its last colon is its own) or in brackets ("[::1]", "[::1]:2121"); or a whole URL
 * ("ftp://anna@[::1]:2121/pub"). A password in a URL is ignored (a field of its own holds it)
 * and no sentence repeats what was typed, which may hold one.
 */
export function readHostField(text: string): ReadHostField {
  const typed = text.trim();
  if (typed === "") return { problem: "Enter a host name or address." };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(typed)) return readUrl(typed);
  if (/\s/.test(typed)) return { problem: "A host name has no spaces." };
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(typed);
  if (bracketed) {
    const address = bracketed[1] ?? "";
    if (!isIpv6Address(address)) return { problem: "Between [ and ] Ferry expects an IPv6 address, such as [::1] or [2001:db8::7]." };
    return withPort(address, bracketed[2]);
  }
  const colons = typed.split(":").length - 1;
  if (colons > 1) {
    if (!isIpv6Address(typed))
      return { problem: "That is neither a host name nor an IPv6 address. To give an IPv6 address a port, write it as [address]:port." };
    return { field: { host: typed } };
  }
  if (colons === 1) {
    const [host = "", port] = typed.split(":");
    if (host === "") return { problem: "Enter the host name before the port." };
    if (!isHostName(host)) return { problem: notAHost };
    return withPort(host, port);
  }
  if (!isHostName(typed)) return { problem: notAHost };
  return { field: { host: typed } };
}

function withPort(host: string, port: string | undefined): ReadHostField {
  if (port === undefined) return { field: { host } };
  const number = /^\d{1,5}$/.test(port) ? Number(port) : 0;
  if (number < 1 || number > 65535) return { problem: portProblem };
  return { field: { host, port: number } };
}

function readUrl(typed: string): ReadHostField {
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return { problem: "That address is not a valid URL. Write it as ftp://user@host:port/folder, or type the host alone." };
  }
  if (url.protocol !== "ftp:" && url.protocol !== "ftps:") return { problem: "Ferry opens ftp:// and ftps:// addresses only." };
  if (url.hostname === "") return { problem: "That address names no server." };
  let user: string;
  let path: string;
  try {
    user = decodeURIComponent(url.username);
    path = decodeURIComponent(url.pathname);
  } catch {
    return { problem: "The user name or folder in that address is not valid percent-encoding (such as %ff)." };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return {
    field: {
      host,
      ...(url.port ? { port: Number(url.port) } : {}),
      ...(user ? { user } : {}),
      ...(path && path !== "/" && !/[\0\r\n]/.test(path) ? { path } : {}),
      ...(url.protocol === "ftps:" ? { encryption: "implicit" as const } : {}),
    },
  };
}
