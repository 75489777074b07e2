/**
 * The one contract between the renderer and main. Every channel name, payload type and
 * runtime schema lives here; both transports (Electron IPC and the web host's WebSocket)
 * validate against these schemas at the boundary.
 */
import { z } from "zod";
import { ServerCertificateSchema, TrustAnswerSchema, TrustedCertificateSchema } from "./certificate";
import { dropContract } from "./drop";
import { filesContract } from "./files";
import { siteContract } from "./site";
import { transferContract } from "./transfer";
import {
  ConnectRequestSchema,
  ListingSchema,
  LogEntrySchema,
  PathSchema,
  SessionIdSchema,
  SessionInfoSchema,
  UserErrorSchema,
} from "./domain";

/** Prompts: main asks the user and waits; no answer means the safe choice. */
export const prompts = {
  "sessions.password": {
    request: z.object({ host: z.string(), port: z.number().int(), user: z.string() }),
    /** null means the user cancelled. */
    answer: z.object({ password: z.string().max(1024) }).nullable(),
  },
  /** A certificate that did not verify and is not trusted yet, or that changed since it was. */
  "trust.certificate": {
    request: z.object({
      reason: z.enum(["unknown", "changed"]),
      certificate: ServerCertificateSchema,
      /** The SHA-256 trusted before, when the certificate changed. */
      previousSha256: z.string().optional(),
      /** False for an expired or not-yet-valid certificate: it can be accepted once, never stored. */
      canAlwaysTrust: z.boolean(),
    }),
    answer: TrustAnswerSchema,
  },
  ...transferContract.prompts,
} as const;

export type PromptName = keyof typeof prompts;
export type PromptRequest<P extends PromptName> = z.infer<(typeof prompts)[P]["request"]>;
export type PromptAnswer<P extends PromptName> = z.infer<(typeof prompts)[P]["answer"]>;

const PromptIdSchema = z.string().min(1).max(64);

/** The answer to one prompt: its channel, its id and an answer that fits that prompt's answer schema. */
function answerRequestOf<P extends PromptName>(
  channel: P,
): z.ZodObject<{ channel: z.ZodLiteral<P>; promptId: typeof PromptIdSchema; answer: (typeof prompts)[P]["answer"] }> {
  return z.object({ channel: z.literal(channel), promptId: PromptIdSchema, answer: prompts[channel].answer });
}

/** `prompts.answer`'s request: one member per prompt (a unit test checks that none is missing), chosen by its channel. */
export const PromptAnswerRequestSchema = z.discriminatedUnion("channel", [
  answerRequestOf("sessions.password"),
  answerRequestOf("trust.certificate"),
  answerRequestOf("transfers.overwrite"),
]);
/** The answer to prompt P (mapped over P, so that a generic P keeps channel and answer together). */
export type PromptAnswerRequest<P extends PromptName = PromptName> = { [K in P]: { channel: K; promptId: string; answer: PromptAnswer<K> } }[P];

/** Commands: the renderer asks, main answers. */
export const commands = {
  "app.info": {
    request: z.object({}),
    response: z.object({
      homePath: z.string(),
      platform: z.string(),
      version: z.string(),
      /** A connection to open at once: Ferry was started with an ftp:// or ftps:// URL. */
      startConnection: ConnectRequestSchema.optional(),
      /** Items can be dragged out to the desktop (the desktop app; not a browser). */
      canDragOut: z.boolean(),
    }),
  },
  "local.list": {
    request: z.object({ path: PathSchema, showHidden: z.boolean().optional() }),
    response: ListingSchema,
  },
  "sessions.open": {
    request: ConnectRequestSchema,
    response: SessionInfoSchema,
  },
  "sessions.close": {
    request: z.object({ sessionId: SessionIdSchema }),
    response: z.object({}),
  },
  "sessions.log": {
    request: z.object({ sessionId: SessionIdSchema }),
    response: z.object({ entries: z.array(LogEntrySchema) }),
  },
  "sessions.clear-log": {
    request: z.object({ sessionId: SessionIdSchema }),
    response: z.object({}),
  },
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
  "trust.list": {
    request: z.object({}),
    response: z.object({
      entries: z.array(TrustedCertificateSchema),
      /** Set when the trust store could not be read and was put aside. */
      notice: z.string().optional(),
    }),
  },
  "trust.remove": {
    request: z.object({ host: z.string().min(1).max(253), port: z.number().int().min(1).max(65535) }),
    response: z.object({}),
  },
  "prompts.answer": {
    request: PromptAnswerRequestSchema,
    response: z.object({}),
  },
  ...transferContract.commands,
  ...siteContract.commands,
  ...filesContract.commands,
  ...dropContract.commands,
} as const;

/** Events: main tells the renderer. */
export const events = {
  "sessions.state": z.object({
    sessionId: SessionIdSchema,
    state: z.enum(["connected", "closed"]),
    /** Why a session closed when the user did not close it. */
    error: UserErrorSchema.optional(),
  }),
  /** New lines of a session's log, batched a few times a second. */
  "sessions.log-appended": z.object({ sessionId: SessionIdSchema, entries: z.array(LogEntrySchema) }),
  /** A prompt ended (answered in any window, timed out, cancelled): every window drops it. */
  "prompts.closed": z.object({ promptId: PromptIdSchema }),
  ...transferContract.events,
  ...filesContract.events,
} as const;

export type CommandName = keyof typeof commands;
export type EventName = keyof typeof events;

export type CommandRequest<C extends CommandName> = z.infer<(typeof commands)[C]["request"]>;
export type CommandResponse<C extends CommandName> = z.infer<(typeof commands)[C]["response"]>;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const commandNames = Object.keys(commands) as CommandName[];
export const CommandNameSchema = z.enum(commandNames as [CommandName, ...CommandName[]]);
export const EventNameSchema = z.enum(Object.keys(events) as [EventName, ...EventName[]]);
export const PromptNameSchema = z.enum(Object.keys(prompts) as [PromptName, ...PromptName[]]);

/** What a command returns across a transport: errors travel as data, never as stack traces. */
export type CommandResult<C extends CommandName> =
  | { ok: true; value: CommandResponse<C> }
  | { ok: false; error: z.infer<typeof UserErrorSchema> };

export const CommandResultSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: UserErrorSchema }),
]);

/** A message from main to the renderer: an event or a prompt. */
export const MainMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("event"), channel: EventNameSchema, payload: z.unknown() }),
  z.object({
    kind: z.literal("prompt"),
    channel: PromptNameSchema,
    promptId: PromptIdSchema,
    payload: z.unknown(),
  }),
]);
export type EventMessage = { [E in EventName]: { kind: "event"; channel: E; payload: EventPayload<E> } }[EventName];
/** Prompt P as the renderer receives it (mapped over P, so that a generic P keeps channel and payload together). */
export type PromptMessageOf<P extends PromptName> = { [K in P]: { kind: "prompt"; channel: K; promptId: string; payload: PromptRequest<K> } }[P];
export type PromptMessage = PromptMessageOf<PromptName>;

/**
 * Checks a message from main against the contract. The renderer trusts nothing it did not
 * validate, whichever transport carried it.
 */
export function parseMainMessage(raw: unknown): EventMessage | PromptMessage | undefined {
  const envelope = MainMessageSchema.safeParse(raw);
  if (!envelope.success) return undefined;
  const message = envelope.data;
  if (message.kind === "event") {
    const payload = events[message.channel].safeParse(message.payload);
    return payload.success ? ({ ...message, payload: payload.data } as EventMessage) : undefined;
  }
  const payload = prompts[message.channel].request.safeParse(message.payload);
  return payload.success ? ({ ...message, payload: payload.data } as PromptMessage) : undefined;
}

/** What the preload exposes as `window.ferry`, and what the web transport implements too. */
export interface FerryBridge {
  invoke<C extends CommandName>(channel: C, request: CommandRequest<C>): Promise<CommandResult<C>>;
  /** Subscribes to events and prompts; returns the unsubscribe function. */
  subscribe(listener: (message: EventMessage | PromptMessage) => void): () => void;
  /** The path of a file dropped from the desktop; only the desktop app knows it (the web host gets contents). */
  pathForFile?(file: File): string;
}
