import type { Socket } from "node:net";
import { notAHost } from "../../shared/host-address";
import { UserFacingError } from "../errors";
import type { HandshakeReader } from "./handshake-reader";
import { proxyCouldNotReach, proxyGarbled, proxyRefused, serverAddress, type ProxyRoute } from "./proxy-route";

/** A line of a proxy's answer longer than this, or more lines than this, are not believed to be one. */
const maxLineBytes = 8 * 1024;
const maxHeaderLines = 100;

/**
 * Asks an HTTP proxy for a tunnel to host:port with CONNECT (RFC 9110 §9.3.6), logging in with
 * Basic authentication when the route has a user. On return the socket is the tunnel.
 */
export async function httpConnectHandshake(
  socket: Socket,
  reader: HandshakeReader,
  route: ProxyRoute,
  host: string,
  port: number,
): Promise<void> {
  // The host is written into the request: a line break in it would add headers of the server's choosing.
  if (/[\s\p{Cc}]/u.test(host)) throw new UserFacingError("invalid-request", notAHost);
  const target = serverAddress(host, port);
  const login = route.user
    ? `Proxy-Authorization: Basic ${Buffer.from(`${route.user}:${route.password}`, "utf8").toString("base64")}\r\n`
    : "";
  socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${login}\r\n`);
  // The status line first: something that is no HTTP proxy (an FTP server's "220") is told at once.
  const statusLine = await reader.readThrough("\r\n", maxLineBytes);
  const status = statusLine?.toString("latin1").match(/^HTTP\/1\.[01] (\d{3})([^\r\n]{0,80})/);
  if (!status?.[1]) throw proxyGarbled(route);
  // Then the headers, read past up to the empty line that ends them: the tunnel starts after it.
  for (let lines = 0; ; lines++) {
    const line = await reader.readThrough("\r\n", maxLineBytes);
    if (!line || lines > maxHeaderLines) throw proxyGarbled(route);
    if (line.length === 2) break;
  }
  const code = Number(status[1]);
  const answered = `it answered "${code}${(status[2] ?? "").trimEnd()}"`;
  if (code >= 200 && code < 300) return;
  // tinyproxy answers a wrong Basic login with 401, not 407.
  if (code === 407 || code === 401)
    throw proxyRefused(
      route,
      route.user ? "authentication failed" : "it asks for a user name and password, and none is set in the proxy settings",
    );
  if (code === 403) throw proxyRefused(route, `its rules do not allow connections to ${target}`);
  // tinyproxy says 500 when the server refuses; others say 502 to 504.
  if (code === 500 || code === 502 || code === 503 || code === 504) throw proxyCouldNotReach(route, target, answered);
  throw proxyRefused(route, answered);
}
