/** The frames the web host and the renderer exchange over the WebSocket. */
import { z } from "zod";
import { CommandResultSchema, type CommandName, type CommandResult } from "./contract";
import { maxImportCharacters } from "./site";

export const CommandFrameSchema = z.object({
  kind: z.literal("command"),
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  // JSON has no undefined: a frame without a payload is malformed, not a command without a request.
  payload: z.unknown().refine((payload) => payload !== undefined, "The command has no payload."),
});
export type CommandFrame = z.infer<typeof CommandFrameSchema>;

export const ResultFrameSchema = z.object({
  kind: z.literal("result"),
  id: z.number().int().nonnegative(),
  result: CommandResultSchema,
});
export type ResultFrame = z.infer<typeof ResultFrameSchema>;

/** The path of the socket on the web host; the token travels as its `token` parameter. */
export const socketPath = "/ws";

/**
 * The largest command frame, in UTF-8 bytes, sized so that the largest request the contract
 * allows always fits: a `sites.import` file of `maxImportCharacters` UTF-16 code units, where
 * JSON writes a control character as `\u001f` (6 bytes, the worst case per code unit).
 */
export const maxCommandFrameBytes = maxImportCharacters * 6 + 1024 * 1024;

/** Close codes (RFC 6455) for frames that cannot be answered because they carry no command id. */
export const closeCodes = { unsupportedData: 1003, policyViolation: 1008 } as const;

export type ParsedCommandFrame =
  | { ok: true; frame: CommandFrame }
  /** Malformed, but its id is known: it gets an error answer. */
  | { ok: false; reply: ResultFrame }
  /** Not a command at all: nobody waits for an answer, so the socket is closed. */
  | { ok: false; reply?: undefined };

/** Reads a text frame from the renderer; never throws. */
export function parseCommandFrame(text: string): ParsedCommandFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false };
  }
  const frame = CommandFrameSchema.safeParse(raw);
  if (frame.success) return { ok: true, frame: frame.data };
  const id = CommandFrameSchema.pick({ id: true }).safeParse(raw);
  if (!id.success) return { ok: false };
  const issue = frame.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return { ok: false, reply: errorFrame(id.data.id, `Ferry could not read this command (${where}${issue?.message ?? "malformed"}).`) };
}

export function errorFrame(id: number, message: string): ResultFrame {
  const result: CommandResult<CommandName> = { ok: false, error: { code: "invalid-request", message } };
  return { kind: "result", id, result };
}
