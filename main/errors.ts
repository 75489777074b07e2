import { FTPError } from "basic-ftp";
import type { ErrorCode, UserError } from "../shared/domain";

/** An error whose message is written for the user; main throws these on purpose. */
export class UserFacingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}

interface ErrorContext {
  host?: string;
  port?: number;
}

const droppedConnectionReplies = new Set([421, 425, 426]);

const tlsErrorCodes = /^(ERR_SSL_|ERR_TLS_|EPROTO$)/;

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * Turns anything thrown while talking to a server or the disk into a sentence a user can
 * act on. Stack traces never leave main.
 */
export function toUserError(error: unknown, context: ErrorContext = {}): UserError {
  if (error instanceof UserFacingError) return { code: error.code, message: error.message };
  const where = context.host ? `${context.host}${context.port ? `:${context.port}` : ""}` : "the server";
  if (error instanceof FTPError) {
    const reply = `${error.code} ${oneLine(error.message.replace(/^\d{3}[ -]/, ""))}`;
    if (error.code === 530) {
      return { code: "auth-failed", message: `The server rejected the user name or password (${reply}).` };
    }
    if (error.code === 550) return { code: "not-found", message: `The server refused: ${reply}.` };
    // 421 (closing), 425 (no data connection) and 426 (data connection closed) are a dropped connection by another name.
    if (droppedConnectionReplies.has(error.code)) {
      return { code: "connection-lost", message: `The connection to ${where} broke off (${reply}).` };
    }
    return { code: "server-error", message: `The server answered with an error: ${reply}.` };
  }
  if (!(error instanceof Error)) return { code: "internal", message: "Something went wrong inside Ferry." };
  const code = (error as NodeJS.ErrnoException).code ?? "";
  switch (code) {
    case "ECONNREFUSED":
      return {
        code: "connection-refused",
        message: `${where} refused the connection. Check the host and port, and that an FTP server runs there.`,
      };
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
      return { code: "host-not-found", message: `Cannot find the host "${context.host ?? "?"}". Check its spelling.` };
    case "ETIMEDOUT":
      return { code: "timeout", message: `${where} did not answer in time.` };
    case "ECONNRESET":
    case "EPIPE":
      return { code: "connection-lost", message: `The connection to ${where} was lost.` };
    case "ENOENT":
      return { code: "not-found", message: `Not found: ${oneLine(error.message)}` };
    case "EACCES":
    case "EPERM":
      return { code: "permission-denied", message: `Permission denied: ${oneLine(error.message)}` };
    case "EEXIST":
    case "ENOTEMPTY":
      return { code: "exists", message: `A file or folder with that name already exists: ${oneLine(error.message)}` };
    case "ENOTDIR":
      return { code: "not-found", message: `Not a folder: ${oneLine(error.message)}` };
  }
  if (/^PASV returned another host/.test(error.message)) {
    return {
      code: "connection-refused",
      message: `${where} asked for the data connection to go to another address. If the server is behind NAT, choose "Use the server's host name" as the site's passive mode.`,
    };
  }
  if (/^Timeout/i.test(error.message)) {
    return { code: "timeout", message: `${where} did not answer in time.` };
  }
  // The alerts a server sends about the client's certificate (or its absence).
  if (/certificate required/i.test(error.message)) {
    return { code: "client-certificate", message: `${where} requires a client certificate. Choose one in the TLS options.` };
  }
  if (/alert (bad certificate|unknown ca|certificate unknown|unsupported certificate|certificate revoked|certificate expired)/i.test(error.message)) {
    return { code: "client-certificate", message: `${where} did not accept the client certificate: ${oneLine(error.message)}` };
  }
  if (tlsErrorCodes.test(code) || /SSL|TLS/.test(error.message)) {
    return { code: "tls-failed", message: `The secure connection to ${where} failed: ${oneLine(error.message)}` };
  }
  if (/closed|FIN packet/i.test(error.message)) {
    return { code: "connection-lost", message: `The connection to ${where} was lost: ${oneLine(error.message)}` };
  }
  return { code: "internal", message: oneLine(error.message) || "Something went wrong inside Ferry." };
}

/** The same, as an error to throw on, for layers that know the context (host and port). */
export function withContext(error: unknown, context: ErrorContext): UserFacingError {
  if (error instanceof UserFacingError) return error;
  const { code, message } = toUserError(error, context);
  return new UserFacingError(code, message);
}
