import { FTPError, type FTPContext, type FTPResponse, type ResponseHandler } from "basic-ftp";
import { once } from "node:events";
import { createServer, isIPv6, Socket, type Server } from "node:net";
import { connect as tlsConnect, TLSSocket } from "node:tls";
import type { ActiveModePreferences } from "../../shared/active-mode";
import { UserFacingError } from "../errors";
import { pinLaterDataSocket } from "../tls/pin-data-connections";

export interface ActiveModeOptions {
  /** The only local ports to listen on (the preference "Limit local ports used by Ferry"); any the system gives when unset. */
  ports?: { from: number; to: number };
  /** The address the server is told to connect to; the control connection's local address when unset. */
  externalAddress?: string;
  /** The server connected back: active mode works with it. */
  onConnected?: () => void;
  /** The server did not connect back (or said it could not). */
  onNoConnection?: (ftp: FTPContext) => void;
}

/** The preferences as active mode takes them: a port range only when limited, an address only when fixed. */
export function activeModeOptionsOf(preferences: ActiveModePreferences): Pick<ActiveModeOptions, "ports" | "externalAddress"> {
  return {
    ...(preferences.activePortsLimited ? { ports: { from: preferences.activePortFrom, to: preferences.activePortTo } } : {}),
    ...(preferences.activeAddressFrom === "fixed" && preferences.activeAddress !== ""
      ? { externalAddress: preferences.activeAddress }
      : {}),
  };
}

export const neverConnectedMessage =
  "The server did not connect back for active mode; a firewall or NAT may be in the way. Try passive mode in the site's settings.";

/** "::ffff:127.0.0.1" → "127.0.0.1": a dual-stack socket's IPv4 peer, as PORT names it and as it connects from. */
function plainAddress(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
}

/** Where the next listen in a port range starts, so that quick transfers do not queue up on one port. */
let nextInRange = 0;

async function listenOn(server: Server, host: string, port: number): Promise<boolean> {
  try {
    server.listen({ host, port, exclusive: true });
    await once(server, "listening");
    return true;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "EADDRINUSE") return false;
    throw error;
  }
}

/** A listening socket on the control connection's local address, in the port range when there is one. */
async function listen(host: string, ports: ActiveModeOptions["ports"]): Promise<Server> {
  const server = createServer();
  if (!ports) {
    await listenOn(server, host, 0);
    return server;
  }
  const from = Math.min(ports.from, ports.to);
  const size = Math.abs(ports.to - ports.from) + 1;
  for (let tried = 0; tried < size; tried++) {
    const port = from + ((nextInRange + tried) % size);
    if (await listenOn(server, host, port)) {
      nextInRange = (nextInRange + tried + 1) % size;
      return server;
    }
  }
  throw new UserFacingError(
    "connection-refused",
    `Every local port from ${from} to ${from + size - 1} is in use, so active mode has nowhere to listen. ` +
      `Widen "Limit local ports used by Ferry" in the preferences, or use passive mode.`,
  );
}

/** EPRT |1|…| or |2|…| (RFC 2428), PORT for an IPv4 server that knows no EPRT (RFC 959). */
async function announce(
  ftp: FTPContext,
  address: string,
  port: number,
  usePort: boolean,
): Promise<{ response: FTPResponse; usedPort: boolean }> {
  const ipv6 = isIPv6(address);
  if (!usePort || ipv6) {
    try {
      return { response: await ftp.request(`EPRT |${ipv6 ? 2 : 1}|${address}|${port}|`), usedPort: false };
    } catch (error) {
      if (ipv6 || !(error instanceof FTPError)) throw error;
    }
  }
  const portArgument = [...address.split("."), Math.floor(port / 256), port % 256].join(",");
  return { response: await ftp.request(`PORT ${portArgument}`), usedPort: true };
}

function refusal(error: unknown): unknown {
  if (!(error instanceof FTPError)) return error;
  const reply = `${error.code} ${error.message.replace(/^\d{3}[ -]/, "").trim()}`;
  return new UserFacingError(
    "server-error",
    `The server refused active mode (it answered "${reply}"). Choose passive mode in the site's settings.`,
  );
}

/**
 * Active mode as a basic-ftp transfer strategy. basic-ftp expects the data connection to stand
 * when the strategy returns and sends the transfer command after it; in active mode the server
 * connects only once it has that command. So the strategy listens and tells the server where,
 * leaves a stand-in data socket for basic-ftp's checks, and holds back the server's "150" (which
 * starts the transfer on the data socket) until the server has connected: its own connection,
 * from the control connection's peer address, then stands as the data socket. On an FTPS session
 * Ferry is the TLS client on it too (RFC 4217), resuming the control connection's session, and
 * its certificate is pinned as a passive data connection's is.
 */
export function activeMode(options: ActiveModeOptions = {}): (ftp: FTPContext) => Promise<FTPResponse> {
  // An IPv4 server that answered EPRT with an error gets PORT from then on.
  let usePort = false;
  return async (ftp) => {
    const local = ftp.socket.localAddress;
    const peer = ftp.socket.remoteAddress;
    if (!local || !peer) throw new Error("Server closed connection unexpectedly.");
    const server = await listen(local, options.ports);
    // A TCP server listening on a host and port always has an address with a port.
    const listening = server.address();
    const port = listening !== null && typeof listening === "object" ? listening.port : 0;
    let response: FTPResponse;
    try {
      const announced = await announce(ftp, plainAddress(options.externalAddress ?? local), port, usePort);
      usePort = announced.usedPort;
      response = announced.response;
    } catch (error) {
      server.close();
      throw refusal(error);
    }
    waitForServer(ftp, server, plainAddress(peer), options);
    return response;
  };
}

/** The data socket as basic-ftp sees it: the accepted connection, wrapped in TLS on an FTPS session. */
function dataSocketOf(ftp: FTPContext, accepted: Socket): Socket {
  if (!(ftp.socket instanceof TLSSocket)) return accepted;
  const secure = tlsConnect({ ...ftp.tlsOptions, socket: accepted, session: ftp.tlsSessionStore ?? ftp.socket.getSession() });
  // A TLS 1.3 server's ticket is for one use: the next data connection resumes with the newest.
  secure.on("session", (session: Buffer) => {
    ftp.tlsSessionStore = session;
  });
  pinLaterDataSocket(ftp, secure);
  return secure;
}

function waitForServer(ftp: FTPContext, server: Server, peer: string, options: ActiveModeOptions): void {
  let arrived: Socket | undefined;
  let over = false;
  let timer: NodeJS.Timeout | undefined;
  let whenArrived: () => void = () => undefined;
  const arrival = new Promise<void>((resolve) => {
    whenArrived = resolve;
  });
  const end = () => {
    over = true;
    clearTimeout(timer);
    server.close();
  };
  server.on("connection", (socket: Socket) => {
    if (over || plainAddress(socket.remoteAddress ?? "") !== peer) {
      // Anyone else who finds the port before the server does gets nothing.
      if (!over)
        ftp.log(
          `A connection from ${socket.remoteAddress ?? "an unknown address"} to the active mode port was refused: it is not the server's.`,
        );
      socket.destroy();
      return;
    }
    end();
    arrived = socket;
    ftp.dataSocket = dataSocketOf(ftp, socket);
    // The control connection's timeout was off while the server was connecting (see below).
    ftp.socket.setTimeout(ftp.timeout);
    options.onConnected?.();
    whenArrived();
  });
  server.on("error", (error) => ftp.closeWithError(error));
  // A stand-in for basic-ftp's check that a data connection stands before it sends the command.
  ftp.dataSocket = new Socket();
  const handle = ftp.handle;
  ftp.handle = (command, responseHandler) => {
    ftp.handle = handle;
    // Replies wait, in order, behind a "150" that waits for the server's connection.
    let held: Promise<void> | undefined;
    const deliver: ResponseHandler = (response, task) => {
      if (response instanceof Error) {
        const couldNotConnect = response instanceof FTPError && response.code === 425 && !arrived;
        if (!over) end();
        if (couldNotConnect) options.onNoConnection?.(ftp);
        responseHandler(
          couldNotConnect
            ? new UserFacingError(
                "connection-refused",
                `The server could not connect back for active mode (it answered "${response.message.trim()}"); ` +
                  "a firewall or NAT may be in the way. Try passive mode in the site's settings.",
              )
            : response,
          task,
        );
        return;
      }
      const preliminary = response.code === 150 || response.code === 125;
      if (held) held = held.then(() => responseHandler(response, task));
      else if (preliminary && !arrived) held = arrival.then(() => responseHandler(response, task));
      else responseHandler(response, task);
      // A final reply can come before the server's connection is taken (a short listing): while a
      // "150" waits for it, the port stays open, or the connection would be turned away as late.
      if (!preliminary && response.code >= 200 && !over && !held) end();
    };
    const task = handle.call(ftp, command, deliver);
    if (!over) {
      // Until the server connects, this clock stands in for the control connection's: a server
      // that cannot reach Ferry often says nothing at all.
      ftp.socket.setTimeout(0);
      timer = setTimeout(() => {
        end();
        options.onNoConnection?.(ftp);
        ftp.closeWithError(new UserFacingError("timeout", neverConnectedMessage));
      }, ftp.timeout);
    }
    return task;
  };
}
