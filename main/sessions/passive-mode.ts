import { FTPError, type FTPContext, type FTPResponse } from "basic-ftp";
import { isLoopback } from "basic-ftp/dist/netUtils.js";
import { connectForPassiveTransfer, parseEpsvResponse, parsePasvResponse } from "basic-ftp/dist/transfer.js";
import type { Socket } from "node:net";
import { connect as connectTls, TLSSocket } from "node:tls";
import { UserFacingError } from "../errors";

type PassiveMode = (ftp: FTPContext) => Promise<FTPResponse>;

/** Where the server listens for the data connection, and its reply that said so. */
interface Listening {
  response: FTPResponse;
  host: string;
  port: number;
}

/**
 * Whether the data connection may still be connecting when the transfer command goes out: true
 * once passive mode has worked for the session (data-connections.ts), false for its first one.
 */
export type BeginsEarly = () => boolean;

function controlHost(ftp: FTPContext): string {
  const host = ftp.socket.remoteAddress;
  if (!host) throw new Error("The control connection has no address to connect the data connection to.");
  return host;
}

/** EPSV: a port on the control connection's host. */
async function epsv(ftp: FTPContext): Promise<Listening> {
  const response = await ftp.request("EPSV");
  return { response, host: controlHost(ftp), port: parseEpsvResponse(response.message) };
}

/** PASV, its address ignored: the control connection's host, for a server behind NAT that names one nobody can reach. */
async function pasvAtControlHost(ftp: FTPContext): Promise<Listening> {
  const response = await ftp.request("PASV");
  return { response, host: controlHost(ftp), port: parsePasvResponse(response.message).port };
}

/** PASV whose address must be the control connection's host, as basic-ftp's default: no data connection to a third host. */
async function pasvAtSameHost(ftp: FTPContext): Promise<Listening> {
  const response = await ftp.request("PASV");
  const target = parsePasvResponse(response.message);
  const host = controlHost(ftp).replace(/^::ffff:/i, "");
  if (host !== target.host && !(isLoopback(host) && isLoopback(target.host))) {
    // Worded as basic-ftp words it: errors.ts turns it into the sentence about the site's passive mode.
    throw new Error(`PASV returned another host (${target.host}) for the data connection than the one connected to (${host}).`);
  }
  return { response, host, port: target.port };
}

/**
 * Starts the data connection and hands it over at once, as FileZilla does: the transfer command
 * then travels while TCP connects, which saves a round trip per file and per folder listed.
 * basic-ftp's transfers wait for the TLS handshake before they write; a connection that fails
 * now fails the transfer on this connection (its data socket's error closes it), which is
 * retried on another.
 */
function beginPassiveConnection(ftp: FTPContext, { host, port }: Listening): void {
  const raw = ftp._newSocket();
  raw.connect({ port, host, ...(ftp.ipFamily ? { family: ftp.ipFamily } : {}) });
  let socket: Socket = raw;
  const control = ftp.socket;
  if (control instanceof TLSSocket) {
    // Resuming the control connection's TLS session (TLS 1.3 tickets are single-use: the newest one).
    const secure = connectTls({ ...ftp.tlsOptions, socket: raw, session: ftp.tlsSessionStore ?? control.getSession() });
    secure.on("session", (session: Buffer) => {
      ftp.tlsSessionStore = session;
    });
    socket = secure;
  }
  ftp.dataSocket = socket;
  // The context's timeout handler closes the connection with a sentence; the transfer sets its own once connected.
  socket.setTimeout(ftp.timeout);
  raw.once("connect", () => socket.setTimeout(0));
}

async function connectData(ftp: FTPContext, listening: Listening, early: BeginsEarly): Promise<FTPResponse> {
  if (early()) beginPassiveConnection(ftp, listening);
  else await connectForPassiveTransfer(listening.host, listening.port, ftp);
  return listening.response;
}

/** EPSV, and PASV where it fails, both to the control connection's host: for sites behind NAT. */
function passiveToControlHost(early: BeginsEarly): PassiveMode {
  return async (ftp) => {
    try {
      return await connectData(ftp, await epsv(ftp), early);
    } catch {
      return connectData(ftp, await pasvAtControlHost(ftp), early);
    }
  };
}

/**
 * Over IPv6, EPSV and nothing else (RFC 2428): PASV's reply has room for an IPv4 address only,
 * which on an IPv6 connection is at best another host. EPSV names just a port; the data
 * connection goes to the control connection's IPv6 address, whichever passive host the site chose.
 */
function passiveOverIpv6(early: BeginsEarly): PassiveMode {
  return async (ftp) => {
    try {
      return await connectData(ftp, await epsv(ftp), early);
    } catch (error) {
      if (!(error instanceof FTPError)) throw error;
      const reply = `${error.code} ${error.message.replace(/^\d{3}[ -]/, "").trim()}`;
      throw new UserFacingError(
        "server-error",
        `The server refused EPSV (it answered "${reply}"), which passive mode over IPv6 needs: PASV cannot name an IPv6 address. ` +
          `Connect to the server's IPv4 address or host name instead.`,
      );
    }
  };
}

/** EPSV, then PASV (its address the control connection's host), keeping the one that worked, as basic-ftp's default does. */
function passiveToServer(early: BeginsEarly): PassiveMode {
  let chosen: ((ftp: FTPContext) => Promise<Listening>) | undefined;
  return async (ftp) => {
    if (chosen) return connectData(ftp, await chosen(ftp), early);
    try {
      const response = await connectData(ftp, await epsv(ftp), early);
      chosen = epsv;
      return response;
    } catch {
      const response = await connectData(ftp, await pasvAtSameHost(ftp), early);
      chosen = pasvAtSameHost;
      return response;
    }
  };
}

/**
 * The passive mode of a logged-in connection: EPSV alone over IPv6; over IPv4 the control
 * connection's host for a site behind NAT; otherwise EPSV, then PASV.
 */
export function passiveModeFor(ftp: FTPContext, passiveHost: "server" | "control" | undefined, early: BeginsEarly): PassiveMode {
  if (ftp.socket.remoteFamily === "IPv6") return passiveOverIpv6(early);
  return passiveHost === "control" ? passiveToControlHost(early) : passiveToServer(early);
}
