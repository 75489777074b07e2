import type { ConnectRequest } from "../../shared/domain";

/**
 * `ftp://user@host:port/path` or `ftps://…` from the command line, as a connection to open.
 * ftp:// asks for TLS if the server has it (with the usual visible warning when not), as
 * FileZilla does; ftps:// is implicit TLS. A password in the URL is ignored: it is asked for.
 */
export function parseFtpUrl(text: string): ConnectRequest | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if ((url.protocol !== "ftp:" && url.protocol !== "ftps:") || !url.hostname) return undefined;
  const path = decodeURIComponent(url.pathname);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    ...(url.port ? { port: Number(url.port) } : {}),
    user: decodeURIComponent(url.username),
    password: "",
    encryption: url.protocol === "ftps:" ? "implicit" : "explicit-if-available",
    ...(path && path !== "/" && !/[\0\r\n]/.test(path) ? { initialRemotePath: path } : {}),
  };
}
