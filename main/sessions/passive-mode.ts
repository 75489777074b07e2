import type { FTPContext, FTPResponse } from "basic-ftp";
import { connectForPassiveTransfer, enterPassiveModeIPv6, parsePasvResponse } from "basic-ftp/dist/transfer.js";

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
