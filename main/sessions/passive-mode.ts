import { FTPError, type FTPContext, type FTPResponse } from "basic-ftp";
import { connectForPassiveTransfer, enterPassiveModeIPv6, parsePasvResponse } from "basic-ftp/dist/transfer.js";
import { UserFacingError } from "../errors";

type PassiveMode = (ftp: FTPContext) => Promise<FTPResponse>;

/**
 * Passive mode that always connects to the control connection's host: for servers behind
 * NAT that announce an address nobody can reach. EPSV names no address at all; PASV's is ignored.
 */
export async function passiveToControlHost(ftp: FTPContext): Promise<FTPResponse> {
  try {
    return await enterPassiveModeIPv6(ftp);
  } catch {
    const response = await ftp.request("PASV");
    const host = ftp.socket.remoteAddress;
    if (!host) throw new Error("The control connection has no address to connect the data connection to.");
    await connectForPassiveTransfer(host, parsePasvResponse(response.message).port, ftp);
    return response;
  }
}

/**
 * Over IPv6, EPSV and nothing else (RFC 2428): PASV's reply has room for an IPv4 address only,
 * which on an IPv6 connection is at best another host. EPSV names just a port; the data
 * connection goes to the control connection's IPv6 address, whichever passive host the site chose.
 */
export async function passiveOverIpv6(ftp: FTPContext): Promise<FTPResponse> {
  try {
    return await enterPassiveModeIPv6(ftp);
  } catch (error) {
    if (!(error instanceof FTPError)) throw error;
    const reply = `${error.code} ${error.message.replace(/^\d{3}[ -]/, "").trim()}`;
    throw new UserFacingError(
      "server-error",
      `The server refused EPSV (it answered "${reply}"), which passive mode over IPv6 needs: PASV cannot name an IPv6 address. ` +
        `Connect to the server's IPv4 address or host name instead.`,
    );
  }
}

/**
 * The passive mode of a logged-in connection: EPSV alone over IPv6; over IPv4 the control
 * connection's host for a site behind NAT; otherwise undefined, leaving basic-ftp's (EPSV, then PASV).
 */
export function passiveModeFor(ftp: FTPContext, passiveHost: "server" | "control" | undefined): PassiveMode | undefined {
  if (ftp.socket.remoteFamily === "IPv6") return passiveOverIpv6;
  return passiveHost === "control" ? passiveToControlHost : undefined;
}
