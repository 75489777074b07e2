import { FTPError, type Client } from "basic-ftp";
import { createSecureContext, type ConnectionOptions, type SecureContext, type TLSSocket } from "node:tls";
import type { TlsOptions } from "../../shared/certificate";
import { defaultPort, type ConnectRequest, type Security } from "../../shared/domain";
import { hostAndPort } from "../../shared/host-address";
import { encodingLabels } from "../../shared/server-encoding";
import { UserFacingError, withContext } from "../errors";
import { connectThroughProxy, passiveThroughProxy } from "../proxy/proxied-connection";
import { refuseActiveModeThroughProxy, type ProxyRoute } from "../proxy/proxy-route";
import type { CertificateTrust, EncryptedSecurity } from "../tls/certificate-trust";
import { clientCertificateOptions } from "../tls/client-certificate";
import { dataConnectionGroups } from "../tls/data-key-exchange";
import { pinDataConnections } from "../tls/pin-data-connections";
import { sessionCertificateAuthorities } from "../tls/trusted-roots";
import { skipCommandStacks } from "./command-stacks";
import { ListingClient } from "./listing-client";
import { logIn, type Credentials } from "./account-login";
import { dataConnections, DataModeChoice, passiveToServer } from "./data-connections";
import { shareKnownServer, type KnownServer } from "./known-server";
import { NameCodec, nameEncodingFor } from "./name-codec";
import { passiveModeFor } from "./passive-mode";
import { sendPostLoginCommands } from "./post-login-commands";
import { attachLog, type LogWriter } from "./session-log";

/** What a session connects with: the request, and the proxy it goes through (resolved by main, with its secret). */
export type RoutedRequest = ConnectRequest & { proxy?: ProxyRoute | undefined };

export interface OpenedConnection {
  client: Client;
  port: number;
  security: Security;
  startPath: string;
  /** What the session's other connections take as it is from this one. */
  known: KnownServer;
}

export const defaultTimeoutMs = 20_000;

const noTlsOptions: TlsOptions = {};
/** Per session's TLS settings, one context per group list (none: the default order), shared by its browsing and transfer connections. */
const secureContexts = new WeakMap<TlsOptions, Map<string, SecureContext>>();

/**
 * Built once: every data connection would otherwise parse the CA list and the client
 * certificate again (tens of milliseconds per file), and every new transfer connection too.
 */
function secureContextFor(tls: TlsOptions, groups?: string): SecureContext {
  let contexts = secureContexts.get(tls);
  if (!contexts) secureContexts.set(tls, (contexts = new Map()));
  let context = contexts.get(groups ?? "");
  if (!context) {
    const ca = sessionCertificateAuthorities(tls.trustedCaPem);
    context = createSecureContext({
      minVersion: tls.minVersion ?? "TLSv1.2",
      ...(ca ? { ca } : {}),
      ...clientCertificateOptions(tls.clientCertificate),
      ...(groups ? { ecdhCurve: groups } : {}),
    });
    contexts.set(groups ?? "", context);
  }
  return context;
}

/** `groups`: a key exchange group list led by the one the session's first connection agreed on, which saves a HelloRetryRequest. */
function tlsOptionsFor(request: ConnectRequest, groups?: string): ConnectionOptions {
  // Verification is done by CertificateTrust once the handshake is over, so that a
  // certificate that fails can be explained and, if the user agrees, trusted.
  return { host: request.host, rejectUnauthorized: false, secureContext: secureContextFor(request.tls ?? noTlsOptions, groups) };
}

/**
 * Data connections take the control connection's TLS options (basic-ftp), led by the key
 * exchange group the control connection agreed on: a server that has only that group then
 * needs no HelloRetryRequest, a round trip, on each of them.
 */
function leadDataConnectionsWithAgreedGroup(client: Client, request: ConnectRequest): string | undefined {
  const groups = dataConnectionGroups(client.ftp.socket as TLSSocket);
  if (groups) client.ftp.tlsOptions = { ...client.ftp.tlsOptions, secureContext: secureContextFor(request.tls ?? noTlsOptions, groups) };
  return groups;
}

/**
 * basic-ftp times out a silent reply, but not a TLS handshake that never finishes: this
 * bounds the whole connect. It stops while the user answers a question.
 */
class ConnectDeadline {
  readonly expired: Promise<never>;
  private timer: NodeJS.Timeout | undefined;
  private fail: (error: Error) => void = () => undefined;
  private over = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly target: string,
  ) {
    this.expired = new Promise<never>((_, reject) => {
      this.fail = reject;
    });
    this.expired.catch(() => undefined);
    this.start();
  }

  async paused<T>(task: () => Promise<T>): Promise<T> {
    clearTimeout(this.timer);
    try {
      return await task();
    } finally {
      this.start();
    }
  }

  end(): void {
    this.over = true;
    clearTimeout(this.timer);
  }

  private start(): void {
    if (this.over) return;
    this.timer = setTimeout(
      () => this.fail(new UserFacingError("timeout", `${this.target} did not finish connecting in time.`)),
      this.timeoutMs,
    );
  }
}

/**
 * Opens and logs in one FTP control connection, in the order that keeps secrets safe:
 * connect, TLS, decide trust in the certificate, and only then USER and PASS.
 */
export async function openConnection(
  request: RoutedRequest,
  credentials: Credentials,
  trust: CertificateTrust,
  /** A certificate already accepted for this server (another connection of the same session): this connection must be encrypted too. */
  acceptedBefore?: EncryptedSecurity,
  /** Where the FTP dialogue and TLS events of this connection are written. */
  log?: LogWriter,
  /** The session's data connection mode, shared by its connections; without one, the request's mode alone. */
  dataMode: DataModeChoice = DataModeChoice.of(request),
  /** What the session's first connection learned of the server: a transfer connection does not ask again. */
  known?: KnownServer,
): Promise<OpenedConnection> {
  const port = request.port ?? defaultPort(request.encryption);
  const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
  let accepted = acceptedBefore;
  const explicit = request.encryption === "explicit-required" || request.encryption === "explicit-if-available";
  for (;;) {
    const client = new ListingClient(timeoutMs, new NameCodec(nameEncodingFor(request)));
    skipCommandStacks(client);
    if (log) {
      client.ftp.log = (message: string) => log.addFromClient(explicit ? beforeTls(message) : message);
      attachLog(client, log);
    }
    const deadline = new ConnectDeadline(timeoutMs, hostAndPort(request.host, port));
    const attempt: Attempt = {
      client,
      request,
      port,
      credentials,
      trust,
      deadline,
      dataMode,
      ...(accepted ? { accepted } : {}),
      ...(log ? { log } : {}),
      ...(known ? { known } : {}),
    };
    try {
      return await Promise.race([connectAndLogin(attempt), deadline.expired]);
    } catch (error) {
      client.close();
      const failure = withContext(error, { host: request.host, port });
      log?.add("error", failure.message);
      // The user's sentence leaves OpenSSL's words out; whoever reads the log may need them.
      if ((failure.code === "tls-failed" || failure.code === "client-certificate") && error instanceof Error) {
        log?.add("error", `TLS said: ${error.message.trim()}`);
      }
      // Servers drop a connection left waiting before login: a user who took their time to
      // decide gets one new try, on which the same certificate is not asked about again.
      if (attempt.decidedByUser && accepted !== attempt.decidedByUser && failure.code === "connection-lost") {
        accepted = attempt.decidedByUser;
        continue;
      }
      throw failure;
    } finally {
      deadline.end();
    }
  }
}

/** basic-ftp says "(No encryption)" on connecting, before AUTH TLS is even sent: say what is happening instead. */
function beforeTls(message: string): string {
  return message.startsWith("Connected to ") ? message.replace(/ \(No encryption\)$/, "; asking for TLS") : message;
}

interface Attempt {
  client: ListingClient;
  request: RoutedRequest;
  port: number;
  credentials: Credentials;
  trust: CertificateTrust;
  deadline: ConnectDeadline;
  dataMode: DataModeChoice;
  accepted?: EncryptedSecurity;
  /** Set when the user was asked about the certificate on this attempt, and accepted it. */
  decidedByUser?: EncryptedSecurity;
  log?: LogWriter;
  known?: KnownServer;
}

async function connectAndLogin(attempt: Attempt): Promise<OpenedConnection> {
  const { client, request, port, credentials } = attempt;
  const { host, proxy } = request;
  if (request.dataConnectionMode === "active") refuseActiveModeThroughProxy(proxy);
  const tlsOptions = tlsOptionsFor(request, attempt.known?.tlsGroups);
  let security: Security;
  if (request.encryption === "implicit") {
    await (proxy ? connectThroughProxy(client, proxy, host, port, tlsOptions) : client.connectImplicitTLS(host, port, tlsOptions));
    security = await decideTrust(attempt);
  } else {
    await (proxy ? connectThroughProxy(client, proxy, host, port) : client.connect(host, port));
    security = request.encryption === "plain" ? { encrypted: false } : await startExplicitTls(attempt, tlsOptions);
  }
  const tlsGroups = security.encrypted ? leadDataConnectionsWithAgreedGroup(client, request) : undefined;
  await logIn(client, credentials, request.account);
  // FEAT is asked once per connection, and not at all where the session knows its answer; the settings after
  // login depend on the encoding of names it chooses.
  if (attempt.known) client.lastFeatures = attempt.known.features;
  await client.features();
  settleNameEncoding(attempt);
  await client.useDefaultSettings();
  // A proxy carries only the connections Ferry makes: through one, passive mode alone.
  const passive = proxy ? passiveThroughProxy(proxy, host) : (passiveModeFor(client.ftp, request.passiveHost) ?? passiveToServer());
  client.prepareTransfer = dataConnections(attempt.dataMode, passive, proxy === undefined);
  await sendPostLoginCommands(client, request.postLoginCommands ?? [], attempt.log);
  // Transfers name every path from the root: a transfer connection needs no folder of its own to start in.
  if (attempt.known) {
    shareKnownServer(client, attempt.known);
    return { client, port, security, startPath: attempt.known.startPath, known: attempt.known };
  }
  if (request.initialRemotePath) await client.cd(request.initialRemotePath);
  const startPath = await client.pwd();
  const known = { features: client.lastFeatures ?? new Map<string, string>(), startPath, tlsGroups, withoutRestart: false };
  shareKnownServer(client, known);
  return { client, port, security, startPath, known };
}

/** Once FEAT is known, "auto" chooses: UTF-8 if the server announces it, else the site's fallback. The log says which. */
function settleNameEncoding({ client, request, log, known }: Attempt): void {
  const names = client.ftp.names;
  names.encoding = nameEncodingFor(request, client.lastFeatures);
  // The session's first connection said it already.
  if (known) return;
  const label = encodingLabels[names.encoding];
  const auto = (request.encoding ?? "auto") === "auto";
  // A site set to UTF-8 reads names as basic-ftp always did: nothing worth a line.
  if (!auto && names.encoding === "utf8") return;
  log?.add(
    "info",
    !auto
      ? `File names are read as ${label}, as the site's settings say.`
      : client.lastFeatures?.has("UTF8")
        ? "The server announces UTF-8: file names are read as UTF-8."
        : `The server does not announce UTF-8: file names are read as ${label}, the site's fallback.`,
  );
}

async function startExplicitTls(attempt: Attempt, tlsOptions: ConnectionOptions): Promise<Security> {
  const { client, request } = attempt;
  try {
    await client.useTLS(tlsOptions);
  } catch (error) {
    // An FTP reply means the server declined AUTH TLS; anything else is a failed handshake.
    if (!(error instanceof FTPError)) throw error;
    const reply = `${error.code} ${error.message.replace(/^\d{3}[ -]/, "").trim()}`;
    // A session whose first connection was encrypted stays so, whatever its setting allows: the server
    // proved it speaks TLS, so a refusal now is a broken server or someone stripping TLS on the way.
    if (attempt.accepted) {
      throw new UserFacingError(
        "tls-unavailable",
        `The server refused TLS on a new connection after the session had been encrypted (it answered AUTH TLS with "${reply}"): ` +
          `Ferry did not send your password in plain text. Someone between you and the server may be removing the encryption.`,
      );
    }
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
  return decideTrust(attempt);
}

const trustWords: Record<EncryptedSecurity["trust"], string> = {
  verified: "verified",
  pinned: "matches the pinned fingerprint",
  trusted: "trusted by you",
  "accepted-once": "accepted for this session",
};

/** Before anything secret is sent: the certificate must be trusted, and so must every data connection's. */
async function decideTrust(attempt: Attempt): Promise<EncryptedSecurity> {
  const { client, request, port, deadline } = attempt;
  const socket = client.ftp.socket as TLSSocket;
  const { security, asked } = await attempt.trust.decide({
    socket,
    host: request.host,
    port,
    tls: request.tls,
    ...(attempt.accepted ? { accepted: attempt.accepted } : {}),
    whileAsking: (ask) => deadline.paused(ask),
  });
  if (asked) attempt.decidedByUser = security;
  attempt.log?.add(
    "tls",
    `TLS handshake done: ${security.tlsVersion}, ${security.cipher}; certificate SHA-256 ${security.fingerprint} (${trustWords[security.trust]}).`,
  );
  pinDataConnections(client, security.fingerprint, attempt.log);
  return security;
}
