/**
 * Sessions to servers: opening, reconnecting and closing them, listing their folders, the logs
 * of every connection attempt, and the password question asked when a site has none saved.
 */
import { z } from "zod";
import { ConnectRequestSchema, ListingSchema, LogEntrySchema, PathSchema, SessionIdSchema, SessionInfoSchema } from "./domain";

const OneSessionSchema = z.object({ sessionId: SessionIdSchema });

/** A tab's connection: a lost one keeps its tab and reconnects on the next action that needs the server. */
export const ConnectionStateSchema = z.discriminatedUnion("state", [
  z.object({ state: z.literal("connected") }),
  /** `reason`: why, in words (the server closed the connection, reconnecting gave up). */
  z.object({ state: z.literal("disconnected"), reason: z.string() }),
  /** `attempt` counts from 1 within one reconnect. */
  z.object({ state: z.literal("reconnecting"), attempt: z.number().int().min(1) }),
]);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

/**
 * One connection attempt, failed ones included, for the log panel's picker. Its log is read
 * with `sessions.log` under its `sessionId`, which becomes the tab's id when the attempt succeeds.
 */
export const ConnectAttemptSchema = z.object({
  sessionId: SessionIdSchema,
  /** user@host:port */
  target: z.string(),
  /** When the attempt started, in milliseconds since the epoch. */
  at: z.number(),
  outcome: z.enum(["connecting", "connected", "failed", "closed"]),
  /** Why it failed, in words. */
  error: z.string().optional(),
});
export type ConnectAttempt = z.infer<typeof ConnectAttemptSchema>;

export const sessionsContract = {
  commands: {
    "sessions.open": { request: ConnectRequestSchema, response: SessionInfoSchema },
    "sessions.close": { request: OneSessionSchema, response: z.object({}) },
    /** Reconnects a disconnected session now (the Reconnect button), with the same credentials and certificate. */
    "sessions.reconnect": { request: OneSessionSchema, response: z.object({}) },
    /** The connection attempts of this run, oldest first (bounded: the newest ones and every open session's). */
    "sessions.attempts": { request: z.object({}), response: z.object({ attempts: z.array(ConnectAttemptSchema) }) },
    /** The whole log so far; new lines arrive as `sessions.log-appended` events. */
    "sessions.log": {
      request: OneSessionSchema,
      /** `end`: the number of lines ever logged, so that appended lines already fetched are not shown twice. */
      response: z.object({ entries: z.array(LogEntrySchema), end: z.number().int().nonnegative() }),
    },
    "sessions.clear-log": { request: OneSessionSchema, response: z.object({}) },
    "sessions.list": {
      request: z.object({
        sessionId: SessionIdSchema,
        path: PathSchema.optional(),
        showHidden: z.boolean().optional(),
        /** Ask the server again instead of using the session's cached listing (Ctrl+R). */
        fresh: z.boolean().optional(),
      }),
      response: ListingSchema,
    },
  },
  events: {
    /** A session's connection was lost, is being reconnected, or is back. */
    "sessions.state": z.object({ sessionId: SessionIdSchema, connection: ConnectionStateSchema }),
    /** The list of connection attempts changed (one started or ended). */
    "sessions.attempts": z.object({ attempts: z.array(ConnectAttemptSchema) }),
    /** New lines of a session's log, batched a few times a second. */
    "sessions.log-appended": z.object({
      sessionId: SessionIdSchema,
      /** The position of the first of these lines among all lines ever logged. */
      from: z.number().int().nonnegative(),
      entries: z.array(LogEntrySchema),
    }),
  },
  prompts: {
    "sessions.password": {
      request: z.object({ host: z.string(), port: z.number().int(), user: z.string() }),
      /**
       * null means the user cancelled. `remember`: main keeps the password in memory until Ferry
       * exits, so that new tabs to the same user@host:port do not ask again (never on disk).
       */
      answer: z.object({ password: z.string().max(1024), remember: z.boolean().optional() }).nullable(),
    },
  },
} as const;
