/**
 * Sessions to servers: opening and closing them, listing their folders, their logs, and the
 * password question asked when a site has none saved.
 */
import { z } from "zod";
import {
  ConnectRequestSchema,
  ListingSchema,
  LogEntrySchema,
  PathSchema,
  SessionIdSchema,
  SessionInfoSchema,
  UserErrorSchema,
} from "./domain";

const OneSessionSchema = z.object({ sessionId: SessionIdSchema });

export const sessionsContract = {
  commands: {
    "sessions.open": { request: ConnectRequestSchema, response: SessionInfoSchema },
    "sessions.close": { request: OneSessionSchema, response: z.object({}) },
    /** The whole log so far; new lines arrive as `sessions.log-appended` events. */
    "sessions.log": { request: OneSessionSchema, response: z.object({ entries: z.array(LogEntrySchema) }) },
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
    "sessions.state": z.object({
      sessionId: SessionIdSchema,
      state: z.enum(["connected", "closed"]),
      /** Why a session closed when the user did not close it. */
      error: UserErrorSchema.optional(),
    }),
    /** New lines of a session's log, batched a few times a second. */
    "sessions.log-appended": z.object({ sessionId: SessionIdSchema, entries: z.array(LogEntrySchema) }),
  },
  prompts: {
    "sessions.password": {
      request: z.object({ host: z.string(), port: z.number().int(), user: z.string() }),
      /** null means the user cancelled. */
      answer: z.object({ password: z.string().max(1024) }).nullable(),
    },
  },
} as const;
