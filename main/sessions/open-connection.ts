import { Client, FTPError } from "basic-ftp";
import type { ConnectionOptions, TLSSocket } from "node:tls";
import { defaultPort, type ConnectRequest, type Security } from "../../shared/domain";
import { UserFacingError, withContext } from "../errors";
import { sessionCertificateAuthorities } from "../tls/trusted-roots";
import { describeProblems, verifyServerCertificate } from "../tls/verify-server-certificate";

export interface OpenedConnection {
  client: Client;
  port: number;
  security: Security;
  startPath: string;
}

export interface Credentials {
  user: string;
  password: string;
}

const defaultTimeoutMs = 20_000;

function tlsOptionsFor(request: ConnectRequest): ConnectionOptions {
  const ca = sessionCertificateAuthorities(request.trustedCaPem);
  // Verification is done by verifyServerCertificate once the handshake is over, so that a
  // certificate that fails can be explained (and, later, trusted by the user).
  return {
    host: request.host,
    rejectUnauthorized: false,
    minVersion: "TLSv1.2",
    ...(ca ? { ca } : {}),
  };
}

/**
 * Opens and logs in one FTP control connection, in the order that keeps secrets safe:
 * connect, TLS, verify the certificate, and only then USER and PASS.
 */
export async function openConnection(request: ConnectRequest, credentials: Credentials): Promise<OpenedConnection> {
  const port = request.port ?? defaultPort(request.encryption);
  const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
  const client = new Client(timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  // basic-ftp times out a silent reply, but not a TLS handshake that never finishes.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UserFacingError("timeout", `${request.host}:${port} did not finish connecting in time.`)), timeoutMs);
  });
  try {
    return await Promise.race([connectAndLogin(client, request, port, credentials), deadline]);
  } catch (error) {
    client.close();
    throw withContext(error, { host: request.host, port });
  } finally {
    clearTimeout(timer);
  }
}

async function connectAndLogin(client: Client, request: ConnectRequest, port: number, credentials: Credentials): Promise<OpenedConnection> {
  const tlsOptions = tlsOptionsFor(request);
  let security: Security;
  if (request.encryption === "implicit") {
    await client.connectImplicitTLS(request.host, port, tlsOptions);
    security = settleTrust(client, request.host);
  } else {
    await client.connect(request.host, port);
    security = request.encryption === "plain" ? { encrypted: false } : await startExplicitTls(client, request, tlsOptions);
  }
  await client.login(credentials.user, credentials.password);
  await client.useDefaultSettings();
  const startPath = await client.pwd();
  return { client, port, security, startPath };
}

async function startExplicitTls(client: Client, request: ConnectRequest, tlsOptions: ConnectionOptions): Promise<Security> {
  try {
    await client.useTLS(tlsOptions);
  } catch (error) {
    // An FTP reply means the server declined AUTH TLS; anything else is a failed handshake.
    if (!(error instanceof FTPError)) throw error;
    const reply = `${error.code} ${error.message.replace(/^\d{3}[ -]/, "").trim()}`;
    if (request.encryption === "explicit-required") {
      throw new UserFacingError(
        "tls-unavailable",
        `The server does not support FTP over TLS (it answered AUTH TLS with "${reply}"). ` +
          `Ferry sent no user name or password. To connect without encryption, choose ` +
          `"Use explicit FTP over TLS if available" or "Plain FTP (insecure)".`,
      );
    }
    return {
      encrypted: false,
      warning: `The server does not support FTP over TLS (it answered AUTH TLS with "${reply}"): your password and files travel unencrypted.`,
    };
  }
  return settleTrust(client, request.host);
}

/** The point where the certificate-trust prompt will slot in, before anything secret is sent. */
function settleTrust(client: Client, host: string): Security {
  const socket = client.ftp.socket as TLSSocket;
  const verdict = verifyServerCertificate(socket, host);
  if (verdict.problems.length > 0) {
    throw new UserFacingError(
      "certificate-invalid",
      `The server's certificate could not be verified: ${describeProblems(verdict)}. ` +
        `SHA-256 fingerprint: ${verdict.sha256}. Ferry closed the connection before sending your password.`,
    );
  }
  return { encrypted: true, tlsVersion: verdict.tlsVersion, cipher: verdict.cipher, fingerprint: verdict.sha256 };
}
