import { FTPError } from "basic-ftp";
import type { ErrorCode, UserError } from "../shared/domain";
import { hostAndPort } from "../shared/host-address";

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

/** The sentence an operation that was stopped ends with: its signal's reason when that is one for the user, else `otherwise`. */
export function stoppedWith(signal: AbortSignal | undefined, otherwise: string): UserFacingError {
  return signal?.reason instanceof UserFacingError ? signal.reason : new UserFacingError("cancelled", otherwise);
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

/** What a file system call was doing, in words: "create the folder /a/b". */
function localAction(error: NodeJS.ErrnoException): string {
  const path = error.path ?? "a file";
  switch (error.syscall) {
    case "mkdir":
      return `create the folder ${path}`;
    case "rmdir":
      return `remove the folder ${path}`;
    case "unlink":
    case "rm":
      return `delete ${path}`;
    case "scandir":
    case "opendir":
      return `read the folder ${path}`;
    case "rename":
      return `put ${path} in place`;
    case "write":
      return "write the file";
    default:
      return `use ${path}`;
  }
}

/** A local disk's refusal (full, read-only, no permission, wrong kind of entry) as a sentence without errno codes. */
function localDiskError(error: NodeJS.ErrnoException): UserError | undefined {
  const action = localAction(error);
  const path = error.path ?? "the file";
  switch (error.code) {
    case "ENOSPC":
    case "EDQUOT":
      return { code: "disk-full", message: `The disk is full: Ferry could not ${action}. Free some space, then retry.` };
    case "EROFS":
      return { code: "permission-denied", message: `The disk is read-only: Ferry could not ${action}.` };
    case "EACCES":
    case "EPERM":
      return { code: "permission-denied", message: `Permission denied: Ferry may not ${action}.` };
    case "EISDIR":
    case "ERR_FS_EISDIR":
      return {
        code: "exists",
        message: error.path ? `${error.path} is a folder, where Ferry expected a file.` : "A folder stands where Ferry expected a file.",
      };
    case "ENAMETOOLONG":
      return { code: "invalid-request", message: `The name is too long for this disk: Ferry could not ${action}.` };
    case "ENOENT":
      // Node's recursive mkdir says ENOENT when the folder it goes in cannot be written.
      if (error.syscall === "mkdir")
        return { code: "not-found", message: `Ferry could not create the folder ${path}: the folder it goes in is missing or read-only.` };
      return { code: "not-found", message: `${path} does not exist (any more).` };
    case "EEXIST":
    case "ENOTEMPTY":
      return { code: "exists", message: `A file or folder named ${path} already exists.` };
    case "ENOTDIR":
      return { code: "not-found", message: `${path} is not a folder: a part of it is a file.` };
    case "EBUSY":
    case "ETXTBSY":
      return { code: "permission-denied", message: `${path} is in use by another program: Ferry could not ${action}.` };
    case "ELOOP":
      return { code: "invalid-request", message: `${path} is a link that leads round in a circle: Ferry could not ${action}.` };
    case "EMFILE":
    case "ENFILE":
      return { code: "internal", message: `Too many files are open at once: Ferry could not ${action}. Retry in a moment.` };
  }
  // Any other refusal of the system's, in words: its code and the library's text are no help to a user.
  if (error.path !== undefined && /^E[A-Z]+$/.test(error.code ?? "")) {
    return { code: "internal", message: `The system refused: Ferry could not ${action} (the disk or the file may have failed).` };
  }
  return undefined;
}

/**
 * Why a TLS handshake failed, in words a user can act on. OpenSSL's own text
 * ("error:0A00010B:SSL routines::wrong version number") goes to the session log instead.
 */
function tlsFailure(detail: string, where: string): string {
  if (/WRONG_VERSION_NUMBER|wrong version number|packet length too long|unknown protocol|HTTP_REQUEST/i.test(detail)) {
    return `${where} did not answer in TLS. Check the site's encryption: explicit FTP over TLS usually uses port 21, implicit FTPS port 990.`;
  }
  if (/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|unsupported protocol|protocol version/i.test(detail)) {
    return `${where} and Ferry have no TLS version in common. If the site's TLS options ask for TLS 1.3, choose 1.2; a server that offers only TLS 1.1 or older is not safe to use.`;
  }
  if (/NO_SHARED_CIPHER|no shared cipher|NO_CIPHERS|no ciphers/i.test(detail)) {
    return `${where} and Ferry could not agree on a cipher for the secure connection. The server may only offer outdated ones.`;
  }
  // Before TLS 1.3 a server that wants a client certificate and gets none says only this.
  if (/HANDSHAKE_FAILURE|handshake failure/i.test(detail)) {
    return `${where} refused the secure connection. It may require a client certificate (choose one in the TLS options) or offer only outdated ciphers.`;
  }
  if (/KEY_TOO_SMALL|key too small|MD_TOO_WEAK|md too weak|DH_KEY_TOO_SMALL|CA_MD_TOO_WEAK/i.test(detail)) {
    return `${where} uses a key or signature too weak to be safe, so Ferry did not connect.`;
  }
  if (/BAD_RECORD_MAC|bad record mac|DECRYPTION_FAILED|decryption failed/i.test(detail)) {
    return `The secure connection to ${where} was damaged in transit. Retry; if it happens again, something between you and the server alters the traffic.`;
  }
  return `The secure connection to ${where} could not be set up.`;
}

/** "the server did not answer" → "The server did not answer": a sentence may start with `where`. */
function capitalized(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/**
 * Turns anything thrown while talking to a server or the disk into a sentence a user can
 * act on. Stack traces never leave main.
 */
export function toUserError(error: unknown, context: ErrorContext = {}): UserError {
  if (error instanceof UserFacingError) return { code: error.code, message: error.message };
  const where = context.host ? hostAndPort(context.host, context.port) : "the server";
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
  }
  // zlib's refusal of what a server sent compressed (MODE Z): a cut stream may come right the next time.
  if (code === "Z_BUF_ERROR") return { code: "connection-lost", message: `The compressed data from ${where} stopped short (MODE Z).` };
  if (code.startsWith("Z_")) {
    return {
      code: "server-error",
      message: `The compressed data from ${where} could not be read (MODE Z). Turn off "Compress transfers" for this site.`,
    };
  }
  const disk = localDiskError(error as NodeJS.ErrnoException);
  if (disk) return disk;
  if (/^PASV returned another host/.test(error.message)) {
    return {
      code: "connection-refused",
      message: `${where} asked for the data connection to go to another address. If the server is behind NAT, choose "Use the server's host name" as the site's passive mode.`,
    };
  }
  if (/^Timeout/i.test(error.message)) {
    return { code: "timeout", message: `${where} did not answer in time.` };
  }
  // basic-ftp's cut-off for a reply without end: a server gone wrong, or one that means harm.
  if (/control response exceeded maximum allowed size/i.test(error.message)) {
    return { code: "server-error", message: `${where} sent a reply far longer than any FTP reply, so Ferry closed the connection.` };
  }
  // The alerts a server sends about the client's certificate (or its absence).
  if (/certificate required/i.test(error.message)) {
    return { code: "client-certificate", message: `${where} requires a client certificate. Choose one in the TLS options.` };
  }
  if (
    /alert (bad certificate|unknown ca|certificate unknown|unsupported certificate|certificate revoked|certificate expired)/i.test(
      error.message,
    )
  ) {
    return {
      code: "client-certificate",
      message: `${where} did not accept the client certificate (it may be expired, revoked or not issued by an authority the server trusts). Choose another one in the TLS options.`,
    };
  }
  if (tlsErrorCodes.test(code) || /SSL|TLS/.test(error.message)) {
    return { code: "tls-failed", message: capitalized(tlsFailure(`${code} ${error.message}`, where)) };
  }
  if (/closed|FIN packet/i.test(error.message)) {
    return { code: "connection-lost", message: `The connection to ${where} was lost.` };
  }
  return { code: "internal", message: oneLine(error.message) || "Something went wrong inside Ferry." };
}

/**
 * A server file that cannot be fetched by its name. A name that is not valid UTF-8 reaches
 * Ferry with replacement characters (�), and the server knows no file by that spelling.
 */
export function notOnServer(path: string): UserFacingError {
  if (path.includes("\uFFFD")) {
    return new UserFacingError(
      "not-found",
      `${path} has a name that is not valid UTF-8 text, so Ferry cannot ask the server for it. Rename it on the server (another client may manage), then try again.`,
    );
  }
  return new UserFacingError("not-found", `${path} is no longer on the server.`);
}

/** The same, as an error to throw on, for layers that know the context (host and port). */
export function withContext(error: unknown, context: ErrorContext): UserFacingError {
  if (error instanceof UserFacingError) return error;
  const { code, message } = toUserError(error, context);
  return new UserFacingError(code, message);
}
