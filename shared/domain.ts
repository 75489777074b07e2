import { z } from "zod";
import { DataConnectionModeSchema } from "./active-mode";
import { TlsOptionsSchema } from "./certificate";
import { isHostName, notAHost } from "./host-address";
import { AccountSchema, PostLoginCommandsSchema } from "./login-commands";
import { FixedEncodingSchema, ServerEncodingSchema } from "./server-encoding";
import { ServerTimeOffsetSchema } from "./server-time-zone";

/** The four encryption modes, named as FileZilla and WinSCP name them. */
export const encryptionModes = ["explicit-required", "explicit-if-available", "implicit", "plain"] as const;
export const EncryptionModeSchema = z.enum(encryptionModes);
export type EncryptionMode = z.infer<typeof EncryptionModeSchema>;

export const encryptionModeLabels: Record<EncryptionMode, string> = {
  "explicit-required": "Require explicit FTP over TLS",
  "explicit-if-available": "Use explicit FTP over TLS if available",
  implicit: "Require implicit FTP over TLS",
  plain: "Plain FTP (insecure)",
};

export function defaultPort(mode: EncryptionMode): number {
  return mode === "implicit" ? 990 : 21;
}

export const SessionIdSchema = z.string().regex(/^s[0-9]+$/);
export type SessionId = z.infer<typeof SessionIdSchema>;

/** An absolute path: POSIX on the server, the OS's own form locally. No NUL, no line breaks. */
export const PathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !/[\0\r\n]/.test(p), "a path must not contain NUL or line breaks");

/**
 * How finely a listing knows a file's time: MLSD gives seconds, a Unix LIST minutes (and only the
 * day for files older than about six months). A LIST time is in the server's own time zone, which
 * main takes off (the session's server time offset) before an entry leaves it.
 */
export const TimePrecisionSchema = z.enum(["second", "minute", "day"]);
export type TimePrecision = z.infer<typeof TimePrecisionSchema>;

export const FileEntrySchema = z.object({
  name: z.string(),
  kind: z.enum(["file", "folder", "link"]),
  /** Bytes; undefined where the listing does not say. */
  size: z.number().nonnegative().optional(),
  /** Milliseconds since the epoch. */
  modified: z.number().optional(),
  /** How finely `modified` is known where the listing rounded it; absent: to the millisecond (local files). */
  timePrecision: TimePrecisionSchema.optional(),
  /** Unix permissions as the server prints them (rwxr-xr-x); remote only. */
  permissions: z.string().optional(),
  /** Owner and group as the server names them; remote only. */
  owner: z.string().optional(),
  group: z.string().optional(),
});
export type FileEntry = z.infer<typeof FileEntrySchema>;

export const ListingSchema = z.object({
  path: z.string(),
  /** The folder above, or undefined at a root. */
  parent: z.string().optional(),
  entries: z.array(FileEntrySchema),
  /** Entries left out because their names are unsafe (`/`, `..`, NUL, line breaks). */
  rejectedNames: z.number().int().nonnegative(),
  /** Why the listing lacks entries the folder holds (the server cut it short), as a sentence to show. */
  incomplete: z.string().optional(),
});
export type Listing = z.infer<typeof ListingSchema>;

/** Keep-alive is on unless a site turns it off, every 30 s as WinSCP's dummy commands. */
export const defaultKeepAliveSeconds = 30;

/** A host name or IP literal (shared/host-address.ts); whatever else a file or a form holds is refused, not sent. */
export const HostSchema = z.string().trim().min(1, "Enter a host name").max(253).refine(isHostName, notAHost);

export const ConnectRequestSchema = z.object({
  host: HostSchema,
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().max(256),
  password: z.string().max(1024),
  encryption: EncryptionModeSchema,
  tls: TlsOptionsSchema.optional(),
  /** Milliseconds to wait for the server; default 20 s. */
  timeoutMs: z.number().int().min(100).max(300_000).optional(),
  /** "control": data connections go to the control connection's host, whatever PASV says. */
  passiveHost: z.enum(["server", "control"]).optional(),
  /** Connect directly, not through the proxy the preferences set (shared/proxy.ts). */
  noProxy: z.boolean().optional(),
  /** Passive (the default) or active data connections (shared/active-mode.ts). */
  dataConnectionMode: DataConnectionModeSchema.optional(),
  /** How the server encodes file names; default "auto", falling back to `fallbackEncoding` (default UTF-8). */
  encoding: ServerEncodingSchema.optional(),
  fallbackEncoding: FixedEncodingSchema.optional(),
  /** Seconds between NOOPs that keep an idle session open; 0: none; unset: `defaultKeepAliveSeconds`. */
  keepAliveSeconds: z.number().int().min(0).max(3600).optional(),
  /** The folder to open after logging in. */
  initialRemotePath: PathSchema.optional(),
  /** How far the server's LIST times are from UTC, in minutes (east positive); unset: detected from MDTM. */
  serverTimeOffsetMinutes: ServerTimeOffsetSchema.optional(),
  /** Sent with ACCT when the server asks for an account (332). */
  account: AccountSchema.optional(),
  /** Raw commands sent after login on every connection of the session. */
  postLoginCommands: PostLoginCommandsSchema.optional(),
});
export type ConnectRequest = z.infer<typeof ConnectRequestSchema>;

export const SecuritySchema = z.discriminatedUnion("encrypted", [
  z.object({
    encrypted: z.literal(true),
    tlsVersion: z.string(),
    cipher: z.string(),
    /** SHA-256 of the server certificate, colon-separated hex. */
    fingerprint: z.string(),
    /** Why Ferry accepted the certificate. */
    trust: z.enum(["verified", "pinned", "trusted", "accepted-once"]),
  }),
  z.object({
    encrypted: z.literal(false),
    /** Why the session is unencrypted, in words, when the user did not ask for plain FTP. */
    warning: z.string().optional(),
  }),
]);
export type Security = z.infer<typeof SecuritySchema>;

export const SessionInfoSchema = z.object({
  id: SessionIdSchema,
  host: z.string(),
  port: z.number().int(),
  user: z.string(),
  encryption: EncryptionModeSchema,
  security: SecuritySchema,
  startPath: z.string(),
  /** The saved site the session was opened from, which names its tab; absent for quick connect. */
  siteId: z.string().optional(),
  siteName: z.string().optional(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/** One line of a session's log: the FTP dialogue, TLS events and errors. */
export const LogEntrySchema = z.object({
  at: z.number(),
  kind: z.enum(["command", "reply", "tls", "info", "error"]),
  text: z.string(),
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

/** An error as the user sees it: a code for tests and logic, a sentence for people. */
export const errorCodes = [
  "invalid-request",
  "auth-failed",
  "connection-refused",
  "host-not-found",
  "timeout",
  "tls-unavailable",
  "tls-failed",
  "certificate-invalid",
  "certificate-rejected",
  "certificate-mismatch",
  "exists",
  "client-certificate",
  "connection-lost",
  "not-found",
  "permission-denied",
  "disk-full",
  "checksum-mismatch",
  "cancelled",
  /** The proxy (shared/proxy.ts) failed: not there, refused the login, or could not reach the server. */
  "proxy-failed",
  "server-error",
  "internal",
] as const;
export const ErrorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const UserErrorSchema = z.object({ code: ErrorCodeSchema, message: z.string() });
export type UserError = z.infer<typeof UserErrorSchema>;
