import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { UserFacingError } from "../errors";
import { HandshakeEnded, HandshakeReader } from "./handshake-reader";
import { httpConnectHandshake } from "./http-connect-handshake";
import { proxyAt, type ProxyRoute } from "./proxy-route";
import { socks5Handshake } from "./socks5-handshake";

/** Why the proxy itself could not be talked to, in a sentence that names it (never an errno code). */
function unreachableProxy(route: ProxyRoute, error: unknown): UserFacingError {
  const at = proxyAt(route);
  if (error instanceof HandshakeEnded) {
    return new UserFacingError(
      error.why === "timeout" ? "timeout" : "proxy-failed",
      error.why === "timeout"
        ? `The proxy at ${at} did not answer in time.`
        : `The proxy at ${at} closed the connection before the tunnel to the server was set up. Check the proxy's type and port in the proxy settings.`,
    );
  }
  const code = error instanceof Error && "code" in error ? error.code : undefined;
  switch (code) {
    case "ECONNREFUSED":
      return new UserFacingError(
        "proxy-failed",
        `Nothing answers at the proxy's address ${at}. Check the proxy settings, or whether the proxy is running.`,
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new UserFacingError("proxy-failed", `The proxy's host name ${route.host} cannot be found. Check the proxy settings.`);
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return new UserFacingError("proxy-failed", `The proxy at ${at} cannot be reached from this computer.`);
    default:
      return new UserFacingError("proxy-failed", `The connection to the proxy at ${at} broke off.`);
  }
}

/**
 * A TCP connection to host:port through the proxy: once this resolves, what is written to the
 * socket reaches the server and what the server sends comes out of it, as if connected directly.
 * Used for the control connection and each data connection alike.
 */
export async function openTunnel(route: ProxyRoute, host: string, port: number, timeoutMs: number): Promise<Socket> {
  const socket = connect({ host: route.host, port: route.port });
  const reader = new HandshakeReader(socket, timeoutMs);
  try {
    await once(socket, "connect", { signal: AbortSignal.timeout(timeoutMs) }).catch((error: unknown) => {
      throw error instanceof Error && error.name === "AbortError" ? new HandshakeEnded("timeout") : error;
    });
    if (route.kind === "socks5") await socks5Handshake(socket, reader, route, host, port);
    else await httpConnectHandshake(socket, reader, route, host, port);
  } catch (error) {
    socket.destroy();
    throw error instanceof UserFacingError ? error : unreachableProxy(route, error);
  }
  reader.release();
  return socket;
}
