import { lookup } from "node:dns/promises";
import { isIP, type Socket } from "node:net";
import { UserFacingError } from "../errors";
import type { HandshakeReader } from "./handshake-reader";
import { proxyCouldNotReach, proxyGarbled, proxyRefused, serverAddress, type ProxyRoute } from "./proxy-route";

const version = 5;
const noLogin = 0x00;
const userPassword = 0x02;
const noneAcceptable = 0xff;
const connectCommand = 1;
const addressTypes = { ipv4: 1, name: 3, ipv6: 4 } as const;

/** RFC 1928's reply codes, in words; 2 and 8 are the proxy's refusal, the others its failure to reach the server. */
function replyFailure(route: ProxyRoute, target: string, code: number): Error {
  switch (code) {
    case 2:
      return proxyRefused(route, `its rules do not allow connections to ${target}`);
    case 3:
      return proxyCouldNotReach(route, target, "the network is unreachable from the proxy");
    case 4:
      return proxyCouldNotReach(route, target, "the host is unreachable from the proxy, or its name is unknown there");
    case 5:
      return proxyCouldNotReach(route, target, "nothing answers at that address (the connection was refused)");
    case 6:
      return proxyCouldNotReach(route, target, "the server did not answer in time");
    case 7:
      return proxyRefused(route, "it does not support the CONNECT command");
    case 8:
      return proxyRefused(
        route,
        route.resolveOnProxy ? `it does not take host names: turn off "DNS through the proxy"` : "it does not take this kind of address",
      );
    default:
      return proxyCouldNotReach(route, target, "the proxy reported a general failure");
  }
}

/** The server's address as RFC 1928 writes it: the name itself when the proxy looks it up, else an IP looked up here. */
async function destination(route: ProxyRoute, host: string): Promise<Buffer> {
  const literal = isIP(host) ? host : route.resolveOnProxy ? undefined : await lookUpHere(host);
  if (literal === undefined) {
    const name = Buffer.from(host, "utf8");
    return Buffer.from([addressTypes.name, name.length, ...name]);
  }
  if (isIP(literal) === 4) return Buffer.from([addressTypes.ipv4, ...literal.split(".").map(Number)]);
  return Buffer.concat([Buffer.from([addressTypes.ipv6]), ipv6Bytes(literal)]);
}

async function lookUpHere(host: string): Promise<string> {
  try {
    return (await lookup(host)).address;
  } catch {
    throw new UserFacingError(
      "host-not-found",
      `The server's name ${host} cannot be found from this computer. To let the proxy look it up, turn on "DNS through the proxy" in the proxy settings.`,
    );
  }
}

/** 16 bytes of an IPv6 literal, "::" and an embedded IPv4 tail included. */
function ipv6Bytes(address: string): Buffer {
  const [head = "", tail = ""] = address.split("::");
  const groups = (part: string) =>
    part === ""
      ? []
      : part.split(":").flatMap((group) => {
          if (!group.includes(".")) return [parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split(".").map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const front = groups(head);
  const back = address.includes("::") ? groups(tail) : [];
  const all = [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  const bytes = Buffer.alloc(16);
  all.forEach((group, index) => bytes.writeUInt16BE(group, index * 2));
  return bytes;
}

/**
 * Asks a SOCKS5 proxy (RFC 1928) to connect on to host:port, logging in with a user name and
 * password (RFC 1929) when the route has one. On return the socket is the tunnel.
 */
export async function socks5Handshake(
  socket: Socket,
  reader: HandshakeReader,
  route: ProxyRoute,
  host: string,
  port: number,
): Promise<void> {
  const target = serverAddress(host, port);
  const methods = route.user ? [noLogin, userPassword] : [noLogin];
  socket.write(Buffer.from([version, methods.length, ...methods]));
  const [answeredVersion, method] = await reader.read(2);
  if (answeredVersion !== version) throw proxyGarbled(route);
  if (method === noneAcceptable || (method !== noLogin && method !== userPassword)) {
    throw proxyRefused(
      route,
      route.user
        ? "it accepts no way of logging in that Ferry knows"
        : "it asks for a user name and password, and none is set in the proxy settings",
    );
  }
  if (method === userPassword) {
    const user = Buffer.from(route.user, "utf8");
    const password = Buffer.from(route.password, "utf8");
    if (user.length > 255 || password.length > 255)
      throw proxyRefused(route, "the user name or password is longer than SOCKS5 allows (255 bytes)");
    socket.write(Buffer.from([1, user.length, ...user, password.length, ...password]));
    const [, status] = await reader.read(2);
    if (status !== 0) throw proxyRefused(route, "authentication failed");
  }
  const portBytes = Buffer.alloc(2);
  portBytes.writeUInt16BE(port);
  socket.write(Buffer.concat([Buffer.from([version, connectCommand, 0]), await destination(route, host), portBytes]));
  const [replyVersion, reply, , boundType] = await reader.read(4);
  if (replyVersion !== version) throw proxyGarbled(route);
  if (reply !== 0) throw replyFailure(route, target, reply ?? 1);
  // The address the proxy connected from: of no use here, but it must be read past.
  const boundLength = boundType === addressTypes.ipv4 ? 4 : boundType === addressTypes.ipv6 ? 16 : (await reader.read(1))[0];
  if (boundLength === undefined || boundType === undefined || !Object.values<number>(addressTypes).includes(boundType))
    throw proxyGarbled(route);
  await reader.read(boundLength + 2);
}
