import type { Client, FTPContext } from "basic-ftp";
import { TLSSocket } from "node:tls";
import { UserFacingError } from "../errors";
import type { LogWriter } from "../sessions/session-log";

type PrepareTransfer = Client["prepareTransfer"];

/** Each pinned connection's check, for data connections that stand only after the strategy returned (active mode's). */
const checks = new WeakMap<FTPContext, (socket: TLSSocket) => void>();

/** Holds a data connection made after the transfer strategy returned (active mode's) to the session's certificate, as a passive one is. */
export function pinLaterDataSocket(ftp: FTPContext, socket: TLSSocket): void {
  checks.get(ftp)?.(socket);
}

/**
 * Makes every data connection of a client prove it talks to the same server as the control
 * connection, once its handshake is done and before a byte of the transfer moves. A resumed
 * session proves it by itself: only the holder of the accepted connection's session secret
 * can resume it (and Node shows no peer certificate then). A full handshake must present
 * exactly the certificate accepted for the session.
 */
export function pinDataConnections(client: Client, acceptedSha256: string, log?: LogWriter): void {
  let strategy: PrepareTransfer = client.prepareTransfer;
  const pin = (socket: TLSSocket) => {
    const check = () => {
      if (socket.isSessionReused()) {
        log?.add("tls", `Data connection: TLS session reused (${socket.getProtocol() ?? "TLS"}).`);
        return;
      }
      const presented = socket.getPeerX509Certificate()?.fingerprint256;
      if (presented === acceptedSha256) {
        log?.add("tls", "Data connection: new TLS session; its certificate is the one accepted for this session.");
        return;
      }
      log?.add("error", `Data connection presented another certificate (SHA-256 ${presented ?? "none"}); the transfer was stopped.`);
      socket.destroy(
        new UserFacingError(
          "certificate-mismatch",
          `Security error: the data connection presented a different certificate (SHA-256 ${presented ?? "none"}) from the ` +
            `one accepted for this session (${acceptedSha256}). Someone may be intercepting the connection; Ferry stopped the transfer.`,
        ),
      );
    };
    // basic-ftp hands over the data socket as its handshake starts, before any I/O could finish it.
    socket.once("secureConnect", check);
  };
  checks.set(client.ftp, pin);
  const pinned: PrepareTransfer = async (ftp) => {
    const response = await strategy(ftp);
    if (ftp.dataSocket instanceof TLSSocket) pin(ftp.dataSocket);
    return response;
  };
  // basic-ftp replaces prepareTransfer with the first strategy that worked: keep wrapping it.
  Object.defineProperty(client, "prepareTransfer", {
    configurable: true,
    get: () => pinned,
    set: (next: PrepareTransfer) => {
      strategy = next;
    },
  });
}
