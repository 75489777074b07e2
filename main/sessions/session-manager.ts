import { defaultPort, type ConnectRequest, type Listing, type SessionId, type SessionInfo } from "../../shared/domain";
import type { EventMessage } from "../../shared/contract";
import { UserFacingError } from "../errors";
import type { PromptBroker } from "../prompts/prompt-broker";
import type { CertificateTrust } from "../tls/certificate-trust";
import type { SiteConnector } from "../transfers/connection-pool";
import { defaultTransferPreferences } from "../../shared/transfer";
import { defaultTimeoutMs, openConnection, type Credentials } from "./open-connection";
import { RemoteSession } from "./remote-session";
import { attachLog, SessionLog } from "./session-log";

/** Owns every open session; the renderer refers to them only by id. */
export class SessionManager {
  private readonly sessions = new Map<SessionId, RemoteSession>();
  /** How each open session was made, so that transfers can open connections of their own alike. */
  private readonly connectors = new Map<SessionId, SiteConnector>();
  private readonly logs = new Map<SessionId, SessionLog>();
  private readonly enders = new Map<SessionId, AbortController>();
  private logTimer: NodeJS.Timeout | undefined;
  private nextId = 1;

  constructor(
    private readonly prompts: PromptBroker,
    private readonly trust: CertificateTrust,
    private readonly emit: (message: EventMessage) => void,
    /** The preference that bounds folder walks; the default where no preferences are wired. */
    private readonly maxFolderDepth: () => Promise<number> = async () => defaultTransferPreferences.maxFolderDepth,
  ) {}

  async open(request: ConnectRequest): Promise<SessionInfo> {
    const credentials = await this.credentialsFor(request);
    const log = new SessionLog();
    const opened = await openConnection(request, credentials, this.trust, undefined, log);
    const accepted = opened.security.encrypted ? opened.security : undefined;
    const sameAgain = { ...request, port: opened.port };
    /** Aborted when the session ends: folder walks on its transfer connections stop with it. */
    const ended = new AbortController();
    const id: SessionId = `s${this.nextId++}`;
    this.logs.set(id, log);
    this.watchLogs();
    const info: SessionInfo = {
      id,
      host: request.host,
      port: opened.port,
      user: credentials.user,
      encryption: request.encryption,
      security: opened.security,
      startPath: opened.startPath,
    };
    const onLost = () => {
      ended.abort();
      this.sessions.delete(id);
      this.enders.delete(id);
      log.add("error", `The connection to ${info.host} was closed by the server or the network.`);
      this.emit({
        kind: "event",
        channel: "sessions.state",
        payload: {
          sessionId: id,
          state: "closed",
          error: { code: "connection-lost", message: `The connection to ${info.host} was closed by the server or the network.` },
        },
      });
    };
    const session = new RemoteSession(info, opened.client, onLost, {
      keepAliveSeconds: request.keepAliveSeconds,
      timeoutMs: request.timeoutMs ?? defaultTimeoutMs,
      // The certificate the user accepted for this session is not asked about again.
      reopen: async () => (await openConnection(sameAgain, credentials, this.trust, accepted, log)).client,
      maxFolderDepth: this.maxFolderDepth,
    });
    this.sessions.set(id, session);
    this.enders.set(id, ended);
    this.connectors.set(id, {
      closed: ended.signal,
      site: `${credentials.user}@${request.host}:${opened.port}`,
      // Transfer connections keep their dialogue out of the log, but their notes (a missing SIZE, a bad date) go in.
      connect: async () => {
        const { client } = await openConnection(sameAgain, credentials, this.trust, accepted);
        attachLog(client, log);
        return client;
      },
    });
    return info;
  }

  async list(sessionId: SessionId, path?: string, showHidden?: boolean, fresh?: boolean): Promise<Listing> {
    return this.get(sessionId).list(path, showHidden, fresh);
  }

  log(sessionId: SessionId): SessionLog {
    const log = this.logs.get(sessionId);
    if (!log) throw new UserFacingError("connection-lost", "This session is no longer connected.");
    return log;
  }

  /** New log lines reach the renderer a few times a second, not line by line. */
  private watchLogs(): void {
    if (this.logTimer) return;
    this.logTimer = setInterval(() => {
      for (const [sessionId, log] of this.logs) {
        const entries = log.takeNew();
        if (entries.length > 0) this.emit({ kind: "event", channel: "sessions.log-appended", payload: { sessionId, entries } });
      }
    }, 250);
    this.logTimer.unref();
  }

  /** The session itself, for file operations on its server. */
  session(sessionId: SessionId): RemoteSession {
    return this.get(sessionId);
  }

  /** Opens more connections like the session's own, for transfers. */
  connector(sessionId: SessionId): SiteConnector {
    const connector = this.connectors.get(sessionId);
    if (!connector || !this.sessions.has(sessionId)) throw new UserFacingError("connection-lost", "This session is no longer connected.");
    return connector;
  }

  close(sessionId: SessionId): void {
    this.enders.get(sessionId)?.abort();
    this.enders.delete(sessionId);
    this.connectors.delete(sessionId);
    this.logs.delete(sessionId);
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    session.close();
  }

  /** Closes the sessions to these sites (user@host:port) and tells the renderer why. */
  closeSites(sites: readonly string[], reason: string): void {
    const wanted = new Set(sites);
    for (const [id, connector] of [...this.connectors]) {
      if (!wanted.has(connector.site)) continue;
      this.close(id);
      this.emit({
        kind: "event",
        channel: "sessions.state",
        payload: { sessionId: id, state: "closed", error: { code: "connection-lost", message: reason } },
      });
    }
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  private get(sessionId: SessionId): RemoteSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new UserFacingError("connection-lost", "This session is no longer connected.");
    return session;
  }

  /** As WinSCP and FileZilla do: no user means anonymous, a user without a password is asked. */
  private async credentialsFor(request: ConnectRequest): Promise<Credentials> {
    const user = request.user.trim();
    if (user === "") return { user: "anonymous", password: "anonymous@" };
    if (request.password !== "") return { user, password: request.password };
    const port = request.port ?? defaultPort(request.encryption);
    const answer = await this.prompts.ask("sessions.password", { host: request.host, port, user }, null);
    if (answer === null) throw new UserFacingError("cancelled", "Connecting was cancelled: no password was given.");
    return { user, password: answer.password };
  }
}
