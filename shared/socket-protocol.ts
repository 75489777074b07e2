/** The frames the web host and the renderer exchange over the WebSocket. */
import { z } from "zod";
import { CommandResultSchema } from "./contract";

export const CommandFrameSchema = z.object({
  kind: z.literal("command"),
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  payload: z.unknown(),
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
