import type { Socket } from "node:net";
import type { Server as TlsServer, TlsOptions as TlsServerOptions } from "node:tls";
import { FtpSrv } from "ftp-srv";
import { freePort } from "./free-port";
import { serverStates, type ServerState } from "./ftp-srv-patches";
import type { KeyAndCertificate } from "./test-certificates";
import { throttledFileSystem } from "./throttled-file-system";

export type TestServerTls = "none" | "explicit" | "implicit";

export interface TestServerOptions {
  root: string;
  tls: TestServerTls;
  certificate?: KeyAndCertificate;
  /** A different certificate for data connections, as an interceptor of them would present. */
  dataCertificate?: KeyAndCertificate;
  /** Require a client certificate issued by this CA (PEM). */
  clientCaPem?: string;
  /** The newest TLS version the server speaks (an old server). */
  maxTlsVersion?: "TLSv1.2";
  /** Slows every download and upload down to this rate, so that tests can act mid-transfer. */
  bytesPerSecond?: number;
  /** Pauses before each deletion, so that tests can act while a delete is under way. */
  deleteMs?: number;
  user?: string;
  password?: string;
  /** The loopback address it listens on: 127.0.0.1, or ::1 for IPv6 (where EPSV names no address). */
  host?: "127.0.0.1" | "::1";
}

export interface RunningTestServer {
  port: number;
  user: string;
  password: string;
  /** The commands the server received, in order (directives only: USER, PASS, PBSZ…). */
  received(): string[];
  /** Presents another certificate from the next connection on, as a renewed or hijacked server would. */
  replaceCertificate(certificate: KeyAndCertificate): void;
  /** Answers AUTH TLS with 502 from the next connection on, as a man in the middle who strips TLS would. */
  refuseTls(): void;
  /** Cuts every control and data connection at once, as a crash or a network failure would. */
  dropConnections(): void;
  close(): Promise<void>;
}

const quietLog = {
  child() {
    return quietLog;
  },
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
};

function tlsServerOf(server: FtpSrv): TlsServer {
  return (server as unknown as { server: TlsServer }).server;
}

interface DroppableConnection {
  commandSocket?: Socket;
  connector?: { socket?: Socket };
}

/**
 * A real FTP(S) server in this process (ftp-srv), bound to 127.0.0.1 (or ::1), serving a folder of a
 * test's own. Passive ports come from a range of their own per server.
 */
export async function startTestServer(options: TestServerOptions): Promise<RunningTestServer> {
  const port = await freePort();
  const user = options.user ?? "ferry";
  const password = options.password ?? "s3cret-pass";
  // Below Linux's ephemeral ports (32768+), so a passive port never meets a client's own port.
  const pasvBase = 10_000 + ((port * 7) % 20_000);
  const tlsFor = (certificate: KeyAndCertificate): TlsServerOptions => ({
    key: certificate.keyPem,
    cert: certificate.certPem,
    ...(options.maxTlsVersion ? { maxVersion: options.maxTlsVersion } : {}),
    ...(options.clientCaPem ? { ca: options.clientCaPem, requestCert: true, rejectUnauthorized: true } : {}),
  });
  const state: ServerState = { controlTls: options.certificate ? tlsFor(options.certificate) : {}, received: [] };
  const dataCertificate = options.dataCertificate ?? options.certificate;
  const server = new FtpSrv({
    url: `${options.tls === "implicit" ? "ftps" : "ftp"}://${options.host === "::1" ? "[::1]" : "127.0.0.1"}:${port}`,
    pasv_url: options.host ?? "127.0.0.1",
    pasv_min: pasvBase,
    pasv_max: pasvBase + 200,
    anonymous: false,
    greeting: ["Ferry test server"],
    log: quietLog as never,
    // ftp-srv reads these for implicit TLS and for every data connection.
    ...(options.tls !== "none" && dataCertificate ? { tls: tlsFor(dataCertificate) } : {}),
  });
  if (options.tls !== "none") serverStates.set(server, state);
  server.on("login", ({ connection, username, password: given }, resolve, reject) => {
    if (username !== user || given !== password) reject(new Error("Login incorrect"));
    else if (options.bytesPerSecond || options.deleteMs) {
      const throttle = { bytesPerSecond: options.bytesPerSecond, deleteMs: options.deleteMs };
      resolve({ root: options.root, fs: throttledFileSystem(connection, options.root, throttle) as never });
    } else resolve({ root: options.root });
  });
  await server.listen();
  if (options.tls === "implicit" && options.certificate) tlsServerOf(server).setSecureContext(tlsFor(options.certificate));
  return {
    port,
    user,
    password,
    received: () => [...state.received],
    dropConnections() {
      const connections = (server as unknown as { connections: Record<string, DroppableConnection> }).connections;
      for (const connection of Object.values(connections)) {
        connection.connector?.socket?.destroy();
        connection.commandSocket?.destroy();
      }
    },
    refuseTls() {
      state.refuseTls = true;
    },
    replaceCertificate(certificate) {
      state.controlTls = tlsFor(certificate);
      (server as unknown as { options: { tls: TlsServerOptions } }).options.tls = tlsFor(certificate);
      if (options.tls === "implicit") tlsServerOf(server).setSecureContext(tlsFor(certificate));
    },
    async close() {
      await server.close();
    },
  };
}
