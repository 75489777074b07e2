import type { ConnectRequest } from "../../shared/domain";

/** A start URL read: the connection to open, or why there is none, in a sentence that never repeats the URL (it may hold a password). */
export type ParsedFtpUrl = { request: ConnectRequest } | { problem: string };

const opensWithout = "so Ferry opens without connecting.";

/**
 * `ftp://user@host:port/path` or `ftps://…` from the command line, as a connection to open.
 * ftp:// asks for TLS if the server has it (with the usual visible warning when not), as
 * FileZilla does; ftps:// is implicit TLS. A password in the URL is ignored: it is asked for.
 */
export function parseFtpUrl(text: string): ParsedFtpUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `The address Ferry was started with is not a URL, ${opensWithout}` };
  }
  if (url.protocol !== "ftp:" && url.protocol !== "ftps:")
    return { problem: `Ferry was started with an address that is not ftp:// or ftps://, ${opensWithout}` };
  if (!url.hostname) return { problem: `The address Ferry was started with names no server, ${opensWithout}` };
  const path = decoded(url.pathname);
  const user = decoded(url.username);
  if (path === undefined || user === undefined) {
    return {
      problem: `The address Ferry was started with has a user name or folder that is not valid percent-encoding (such as %ff), ${opensWithout}`,
    };
  }
  return {
    request: {
      host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      ...(url.port ? { port: Number(url.port) } : {}),
      user,
      password: "",
      encryption: url.protocol === "ftps:" ? "implicit" : "explicit-if-available",
      ...(path && path !== "/" && !/[\0\r\n]/.test(path) ? { initialRemotePath: path } : {}),
    },
  };
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
