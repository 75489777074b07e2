/**
 * The contract between the renderer and main, merged from one module per domain (app.ts,
 * sessions.ts, certificate.ts for trust, prompts.ts, files.ts, local.ts, transfer.ts,
 * preferences.ts, proxy.ts, bookmarks.ts, site.ts, drop.ts, notices.ts, edit.ts, synchronize.ts, keep-up-to-date.ts): each
 * declares its channels and their schemas; this file only merges them and holds the generic types and helpers.
 *
 * Both transports (Electron IPC and the web host's WebSocket) validate every command request
 * at main's boundary (the router), and the renderer validates every event and prompt it
 * receives (`parseMainMessage`). Command responses are not validated in main, which builds
 * them from these types; the renderer checks them against their schemas in development and
 * tests.
 */
import { z } from "zod";
import { appContract } from "./app";
import { bookmarksContract } from "./bookmarks";
import { trustContract } from "./certificate";
import { UserErrorSchema } from "./domain";
import { dropsContract } from "./drop";
import { editContract, externalEditContract } from "./edit";
import { filesContract } from "./files";
import { keepUpToDateContract } from "./keep-up-to-date";
import { localContract } from "./local";
import { noticesContract } from "./notices";
import { preferencesContract } from "./preferences";
import { proxyContract } from "./proxy";
import { prompts, promptsContract, PromptIdSchema, type PromptName, type PromptRequest } from "./prompts";
import { sessionsContract } from "./sessions";
import { sitesContract } from "./site";
import { synchronizeContract } from "./synchronize";
import { transfersContract } from "./transfer";

/** Commands: the renderer asks, main answers. */
export const commands = {
  ...appContract.commands,
  ...sessionsContract.commands,
  ...trustContract.commands,
  ...promptsContract.commands,
  ...filesContract.commands,
  ...localContract.commands,
  ...transfersContract.commands,
  ...preferencesContract.commands,
  ...proxyContract.commands,
  ...bookmarksContract.commands,
  ...sitesContract.commands,
  ...dropsContract.commands,
  ...noticesContract.commands,
  ...editContract.commands,
  ...externalEditContract.commands,
  ...keepUpToDateContract.commands,
  ...synchronizeContract.commands,
} as const;

/** Events: main tells the renderer. */
export const events = {
  ...appContract.events,
  ...sessionsContract.events,
  ...promptsContract.events,
  ...filesContract.events,
  ...localContract.events,
  ...transfersContract.events,
  ...noticesContract.events,
  ...keepUpToDateContract.events,
  ...synchronizeContract.events,
  ...externalEditContract.events,
} as const;

/** Prompts: main asks the user and waits; no answer means the safe choice. */
export {
  prompts,
  PromptAnswerRequestSchema,
  type PromptAnswerRequest,
  type PromptAnswer,
  type PromptName,
  type PromptRequest,
} from "./prompts";

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
  { ok: true; value: CommandResponse<C> } | { ok: false; error: z.infer<typeof UserErrorSchema> };

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
export type PromptMessageOf<P extends PromptName> = {
  [K in P]: { kind: "prompt"; channel: K; promptId: string; payload: PromptRequest<K> };
}[P];
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
