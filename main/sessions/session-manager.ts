import type { Client } from "basic-ftp";
import {
  defaultKeepAliveSeconds,
  defaultPort,
  type ConnectRequest,
  type Listing,
  type SessionId,
  type SessionInfo,
} from "../../shared/domain";
import { hostAndPort } from "../../shared/host-address";
import type { ActiveModePreferences, DataConnectionMode } from "../../shared/active-mode";
import type { EventMessage } from "../../shared/contract";
import type { ConnectionState } from "../../shared/sessions";
import { defaultTransferPreferences, type TransferPreferences } from "../../shared/transfer";
import { toUserError, UserFacingError } from "../errors";
import type { PromptBroker } from "../prompts/prompt-broker";
import type { ProxyRoute } from "../proxy/proxy-route";
import type { CertificateTrust } from "../tls/certificate-trust";
import type { SiteConnector, SiteTransfers } from "../transfers/connection-pool";
import { activeModeOptionsOf } from "./active-mode";
import { ConnectAttempts } from "./connect-attempts";
import { DataModeChoice } from "./data-connections";
import { keepReconnecting } from "./keep-reconnecting";
import type { Credentials } from "./account-login";
import { defaultTimeoutMs, openConnection, type RoutedRequest } from "./open-connection";
import { RemoteSession } from "./remote-session";
import { attachClock, ServerClock } from "./server-clock";
import type { SessionLog } from "./session-log";

/** The preferences sessions follow. */
export type SessionPreferences = Pick<TransferPreferences, "maxFolderDepth" | "keepReconnectingSeconds" | keyof ActiveModePreferences>;

/** Owns every open session; the renderer refers to them only by id. */
export class SessionManager {
  private readonly sessions = new Map<SessionId, RemoteSession>();
  /** How each open session was made, so that transfers can open connections of their own alike. */
  private readonly connectors = new Map<SessionId, SiteConnector>();
  private readonly enders = new Map<SessionId, AbortController>();
  /** Each open session's server time zone, which its listings take off LIST times. */
  private readonly clocks = new Map<SessionId, ServerClock>();
  private readonly attempts: ConnectAttempts;
  /** Passwords the user asked Ferry to remember until it exits ("Remember for this session"), by user@host:port. Never written anywhere. */
  private readonly rememberedPasswords = new Map<string, string>();
  private logTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly prompts: PromptBroker,
    private readonly trust: CertificateTrust,
    private readonly emit: (message: EventMessage) => void,
    /** The preferences; the defaults where no preferences are wired. */
    private readonly preferences: () => Promise<SessionPreferences> = async () => defaultTransferPreferences,
    /** The proxy sessions go through, with its password (the proxy settings); none where none is wired. */
    private readonly proxy: () => Promise<ProxyRoute | undefined> = async () => undefined,
    /** Saves the data connection mode that worked in place of a saved site's own ("If the default mode fails, try the other"). */
    private readonly rememberDataMode?: (siteId: string, mode: DataConnectionMode) => Promise<void>,
  ) {
    this.attempts = new ConnectAttempts((attempts) => this.emit({ kind: "event", channel: "sessions.attempts", payload: { attempts } }));
  }

  async open(asked: ConnectRequest): Promise<SessionInfo> {
    // The proxy as set when the session opens serves all its connections, reconnections included.
    const request: RoutedRequest = { ...asked, proxy: asked.noProxy ? undefined : await this.proxy() };
    const { credentials, remember } = await this.credentialsFor(request);
    const target = targetOf(credentials.user, request);
    const { sessionId: id, log } = this.attempts.start(target);
    this.watchLogs();
    const preferences = await this.preferences();
    const dataMode = new DataModeChoice(
      request.dataConnectionMode ?? "passive",
      preferences.tryOtherDataMode,
      activeModeOptionsOf(preferences),
      (mode) => this.learnedDataMode(id, mode, log),
    );
    let opened: Awaited<ReturnType<typeof openConnection>>;
    try {
      opened = await openConnection(request, credentials, this.trust, undefined, log, dataMode);
    } catch (error) {
      const failure = toUserError(error);
      // A remembered password that no longer works is forgotten: the next try asks.
      if (failure.code === "auth-failed") this.rememberedPasswords.delete(target);
      this.attempts.end(id, "failed", failure.message);
      throw error;
    }
    this.attempts.end(id, "connected");
    if (remember) this.rememberedPasswords.set(target, credentials.password);
    const accepted = opened.security.encrypted ? opened.security : undefined;
    const sameAgain = { ...request, port: opened.port };
    /** Aborted when the session is closed: folder walks on its transfer connections stop with it, and so does reconnecting. */
    const ended = new AbortController();
    const info: SessionInfo = {
      id,
      host: request.host,
      port: opened.port,
      user: credentials.user,
      encryption: request.encryption,
      security: opened.security,
      startPath: opened.startPath,
    };
    // The certificate the user accepted for this session is not asked about again, nor is the password.
    // What transfer connections take as known of the server; a reconnect (perhaps to a restarted, upgraded server) learns it again.
    let known = opened.known;
    const connectAgain = async () => {
      const again = await openConnection(sameAgain, credentials, this.trust, accepted, log, dataMode);
      known = again.known;
      return again.client;
    };
    const clock = new ServerClock(request.serverTimeOffsetMinutes, log);
    const session = new RemoteSession(
      info,
      opened.client,
      (reason) => {
        log.add("error", reason);
        this.tell(id, { state: "disconnected", reason });
      },
      {
        keepAliveSeconds: request.keepAliveSeconds ?? defaultKeepAliveSeconds,
        timeoutMs: request.timeoutMs ?? defaultTimeoutMs,
        reopen: connectAgain,
        reconnect: () => this.reconnect(id, log, connectAgain, ended.signal),
        maxFolderDepth: async () => (await this.preferences()).maxFolderDepth,
        clock,
      },
    );
    this.sessions.set(id, session);
    this.enders.set(id, ended);
    this.clocks.set(id, clock);
    const site = `${credentials.user}@${hostAndPort(request.host, opened.port)}`;
    let transferConnections = 0;
    this.connectors.set(id, {
      closed: ended.signal,
      site,
      // Transfer connections write their dialogue and notes into the session's log, each line tagged with the connection.
      connect: async () => {
        const { client } = await openConnection(
          sameAgain,
          credentials,
          this.trust,
          accepted,
          log.tagged(`transfer ${++transferConnections}`),
          dataMode,
          known,
        );
        // Transfers read LIST times on their own connections (folder walks): they take the same offset off.
        attachClock(client, clock);
        return client;
      },
      browsingConnections: () => this.sessionsTo(site),
      lend: () => session.lend(),
      note: (text) => log.add("info", text),
    });
    return info;
  }

  /** A lost session connects again, trying with back-off for as long as the preference says. */
  private async reconnect(id: SessionId, log: SessionLog, connect: () => Promise<Client>, signal: AbortSignal): Promise<Client> {
    const { keepReconnectingSeconds } = await this.preferences();
    try {
      const client = await keepReconnecting({
        connect,
        keepTryingMs: keepReconnectingSeconds * 1000,
        signal,
        onAttempt: (attempt) => {
          log.add("info", attempt === 1 ? "Reconnecting…" : `Reconnecting, try ${attempt}…`);
          this.tell(id, { state: "reconnecting", attempt });
        },
      });
      this.tell(id, { state: "connected" });
      return client;
    } catch (error) {
      const reason = toUserError(error).message;
      log.add("error", reason);
      if (!signal.aborted) this.tell(id, { state: "disconnected", reason });
      throw error;
    }
  }

  /** The other data connection mode worked where the site's did not: said in the log, and kept for a saved site. */
  private learnedDataMode(id: SessionId, mode: DataConnectionMode, log: SessionLog): void {
    const [worked, failed] = mode === "active" ? ["active", "Passive"] : ["passive", "Active"];
    const siteId = this.connectors.get(id)?.siteId;
    if (!siteId || !this.rememberDataMode) {
      log.add("info", `${failed} mode did not work and ${worked} mode did: this session uses ${worked} mode from now on.`);
      return;
    }
    log.add("info", `${failed} mode did not work and ${worked} mode did: Ferry saved ${worked} mode in this site's settings.`);
    this.rememberDataMode(siteId, mode).catch(() => log.add("error", `Ferry could not save ${worked} mode in this site's settings.`));
  }

  private tell(sessionId: SessionId, connection: ConnectionState): void {
    this.emit({ kind: "event", channel: "sessions.state", payload: { sessionId, connection } });
  }

  async list(sessionId: SessionId, path?: string, showHidden?: boolean, fresh?: boolean): Promise<Listing> {
    return this.get(sessionId).list(path, showHidden, fresh);
  }

  /**
   * How far the session's server prints LIST times ahead of UTC, in milliseconds (the site's
   * setting, or what was detected from MDTM; 0 when neither): what the session takes off LIST
   * times. Every FileEntry that main gives out for the session, and every transfer's source time,
   * is already corrected by it: it is for saying so, never for shifting those times again.
   */
  timeOffsetMs(sessionId: SessionId): number {
    return this.clocks.get(sessionId)?.offsetMs ?? 0;
  }

  /** Connects a disconnected session again now (the Reconnect button); a connected one is left as it is. */
  async reconnectNow(sessionId: SessionId): Promise<void> {
    await this.get(sessionId).reconnect();
  }

  /** The log of a session or of a failed attempt, while it is kept. */
  log(sessionId: SessionId): SessionLog {
    const log = this.attempts.log(sessionId);
    if (!log) throw new UserFacingError("not-found", "That connection's log is no longer kept.");
    return log;
  }

  connectAttempts() {
    return this.attempts.list();
  }

  /** New log lines reach the renderer a few times a second, not line by line. */
  private watchLogs(): void {
    if (this.logTimer) return;
    this.logTimer = setInterval(() => {
      for (const [sessionId, log] of this.attempts.logs()) {
        const { from, entries } = log.takeNew();
        if (entries.length > 0) this.emit({ kind: "event", channel: "sessions.log-appended", payload: { sessionId, from, entries } });
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

  /** How many sessions are open to a server (user@host:port): each holds a browsing connection. */
  private sessionsTo(site: string): number {
    let count = 0;
    for (const connector of this.connectors.values()) if (connector.site === site) count++;
    return count;
  }

  /** A session opened from a saved site, or one whose site was edited: its transfers take the site's settings. */
  useSiteSettings(sessionId: SessionId, site: SiteTransfers): SiteConnector {
    const connector = { ...this.connector(sessionId), ...site };
    this.connectors.set(sessionId, connector);
    return connector;
  }

  /** The open sessions made from a saved site. */
  openedFrom(siteId: string): SessionId[] {
    return [...this.connectors].flatMap(([id, connector]) => (connector.siteId === siteId ? [id] : []));
  }

  close(sessionId: SessionId): void {
    this.enders.get(sessionId)?.abort();
    this.enders.delete(sessionId);
    this.connectors.delete(sessionId);
    this.clocks.delete(sessionId);
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    session.close();
    this.attempts.end(sessionId, "closed");
  }

  /** Disconnects the sessions to these sites (user@host:port), saying why; their tabs stay and reconnect on the next action. */
  disconnectSites(sites: readonly string[], reason: string): void {
    const wanted = new Set(sites);
    for (const [id, connector] of this.connectors) if (wanted.has(connector.site)) this.sessions.get(id)?.disconnect(reason);
  }

  closeAll(): void {
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  private get(sessionId: SessionId): RemoteSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new UserFacingError("connection-lost", "This session is no longer connected.");
    return session;
  }

  /**
   * As WinSCP and FileZilla do: no user means anonymous, a user without a password is asked
   * (unless the user asked Ferry to remember it for this run).
   */
  private async credentialsFor(request: ConnectRequest): Promise<{ credentials: Credentials; remember: boolean }> {
    const user = request.user.trim();
    if (user === "") return { credentials: { user: "anonymous", password: "anonymous@" }, remember: false };
    if (request.password !== "") return { credentials: { user, password: request.password }, remember: false };
    const remembered = this.rememberedPasswords.get(targetOf(user, request));
    if (remembered !== undefined) return { credentials: { user, password: remembered }, remember: false };
    const port = request.port ?? defaultPort(request.encryption);
    const answer = await this.prompts.ask("sessions.password", { host: request.host, port, user }, null);
    if (answer === null) throw new UserFacingError("cancelled", "Connecting was cancelled: no password was given.");
    return { credentials: { user, password: answer.password }, remember: answer.remember === true };
  }
}

/** user@host:port, as the attempts list and remembered passwords name a server. */
function targetOf(user: string, request: ConnectRequest): string {
  return `${user}@${hostAndPort(request.host, request.port ?? defaultPort(request.encryption))}`;
}
