import { UserFacingError } from "../errors";

/**
 * The proxy one session goes through, with its password opened: main's own, never sent to
 * the renderer nor written anywhere but sealed (proxy-store.ts).
 */
export interface ProxyRoute {
  kind: "socks5" | "http";
  host: string;
  port: number;
  /** Empty: no login. */
  user: string;
  password: string;
  /** SOCKS5: the proxy looks the server's name up (always so for HTTP CONNECT). */
  resolveOnProxy: boolean;
}

/** "host:port", an IPv6 literal in brackets, as the proxy is asked for it and as sentences name it. */
export function serverAddress(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** "127.0.0.1:1080": the proxy as every sentence about it names it. */
export function proxyAt(route: ProxyRoute): string {
  return serverAddress(route.host, route.port);
}

/** The proxy said no to Ferry itself (its login, its rules). */
export function proxyRefused(route: ProxyRoute, reason: string): UserFacingError {
  return new UserFacingError("proxy-failed", `The proxy at ${proxyAt(route)} refused the connection: ${reason}.`);
}

/** The proxy took the request but could not connect on to the server. */
export function proxyCouldNotReach(route: ProxyRoute, target: string, reason: string): UserFacingError {
  return new UserFacingError("proxy-failed", `The proxy at ${proxyAt(route)} could not reach the server ${target}: ${reason}.`);
}

/** The proxy answered, but not as a proxy of its kind does: most likely the wrong kind is set. */
export function proxyGarbled(route: ProxyRoute): UserFacingError {
  return new UserFacingError(
    "proxy-failed",
    `The proxy at ${proxyAt(route)} did not answer as ${route.kind === "socks5" ? "a SOCKS5" : "an HTTP"} proxy does. Check the proxy's type and port in the proxy settings.`,
  );
}

/**
 * Active mode has the server connect back to Ferry, which neither a SOCKS5 CONNECT nor an HTTP
 * CONNECT tunnel can carry: a session in active mode with a proxy set is refused before it
 * connects, with this sentence, rather than fail later at its first listing.
 */
export function refuseActiveModeThroughProxy(route: ProxyRoute | undefined): void {
  if (!route) return;
  throw new UserFacingError(
    "invalid-request",
    `Active mode cannot work through the proxy at ${proxyAt(route)}: the server would have to connect back to Ferry, ` +
      `and a proxy passes on only the connections Ferry makes. Choose passive mode for this site, or tick ` +
      `"Don't use the proxy for this site".`,
  );
}
