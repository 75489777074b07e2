import { FTPError, type Client, type FTPContext, type FTPResponse } from "basic-ftp";
import { positiveCompletion } from "basic-ftp/dist/parseControlResponse.js";
import { parseEpsvResponse, parsePasvResponse } from "basic-ftp/dist/transfer.js";
import type { Socket } from "node:net";
import { connect as connectTls, TLSSocket, type ConnectionOptions } from "node:tls";
import { proxyKindLabels } from "../../shared/proxy";
import { openTunnel } from "./proxy-tunnel";
import { proxyAt, serverAddress, type ProxyRoute } from "./proxy-route";

/**
 * basic-ftp's `connect` and `connectImplicitTLS`, with a tunnel through the proxy as the control
 * socket: the greeting is awaited as basic-ftp awaits it. `implicitTls`: TLS starts at once,
 * inside the tunnel, for the server (its certificate is the server's, not the proxy's).
 */
export async function connectThroughProxy(
  client: Client,
  route: ProxyRoute,
  host: string,
  port: number,
  implicitTls?: ConnectionOptions,
): Promise<FTPResponse> {
  const tunnel = await openTunnel(route, host, port, client.ftp.timeout);
  if (implicitTls) {
    // As basic-ftp does: the TLS session is bound to the server's name, so that data connections can resume it.
    const tlsOptions = { ...implicitTls, host: implicitTls.host ?? host };
    client.ftp.socket = connectTls({ ...tlsOptions, socket: tunnel });
    client.ftp.tlsOptions = tlsOptions;
  } else {
    client.ftp.socket = tunnel;
  }
  client.ftp.log(`Connected to ${serverAddress(host, port)} through the ${proxyKindLabels[route.kind]} proxy at ${proxyAt(route)}`);
  return client.ftp.handle(undefined, (response, task) => {
    if (response instanceof Error) task.reject(response);
    else if (positiveCompletion(response.code)) task.resolve(response);
    else task.reject(new FTPError(response));
  });
}

/** One data connection through the proxy, wrapped in TLS as basic-ftp wraps a direct one (resuming the control connection's session). */
async function connectDataThroughProxy(ftp: FTPContext, route: ProxyRoute, host: string, port: number): Promise<void> {
  const tunnel: Socket = await openTunnel(route, host, port, ftp.timeout);
  const control = ftp.socket;
  if (!(control instanceof TLSSocket)) {
    ftp.dataSocket = tunnel;
    return;
  }
  const secure = connectTls({ ...ftp.tlsOptions, socket: tunnel, session: ftp.tlsSessionStore ?? control.getSession() });
  // TLS 1.3 tickets are single-use: the next data connection resumes with the newest.
  secure.on("session", (session: Buffer) => {
    ftp.tlsSessionStore = session;
  });
  ftp.dataSocket = secure;
}

/**
 * Passive mode through the proxy. The control socket's peer is the proxy, so the data
 * connection goes to the server's name instead: EPSV names only a port, on the server; of
 * PASV's reply only the port is taken, whichever passive host the site chose. Without a proxy
 * a data connection never goes to another host than the server's either (passive-mode.ts and
 * basic-ftp), and a server that names one (127.0.0.9, 169.254.169.254) must not make the proxy
 * connect there for it. EPSV is tried first, and not again once the server has refused it.
 */
export function passiveThroughProxy(route: ProxyRoute, serverHost: string): (ftp: FTPContext) => Promise<FTPResponse> {
  let epsv = true;
  return async (ftp) => {
    if (epsv) {
      try {
        const response = await ftp.request("EPSV");
        await connectDataThroughProxy(ftp, route, serverHost, parseEpsvResponse(response.message));
        return response;
      } catch (error) {
        if (!(error instanceof FTPError)) throw error;
        epsv = false;
      }
    }
    const response = await ftp.request("PASV");
    await connectDataThroughProxy(ftp, route, serverHost, parsePasvResponse(response.message).port);
    return response;
  };
}
