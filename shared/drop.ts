/**
 * Drag and drop beyond the two panes: files dropped from the desktop (as paths in the
 * desktop app, as streamed contents in the web host), and dragging out to the desktop.
 * Every drop ends in the transfer queue.
 */
import { z } from "zod";
import { PathSchema, SessionIdSchema } from "./domain";
import { inPaneFolder, isSafeName, NameSchema } from "./files";
import { LocalPathSchema } from "./local";

/** A path below a dropped folder's root, as "photos/2026/a.jpg": safe names joined by "/". */
export const RelativePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => path.split("/").every(isSafeName), "each part of a dropped path must be a safe name");

/** At most 1 MiB of file content per message, base64-encoded. */
export const maxDropChunkBytes = 1024 * 1024;
const Base64Schema = z
  .string()
  .max(Math.ceil(maxDropChunkBytes / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, "chunk data must be base64");

export const dropsContract = {
  commands: {
    /** Files dropped from the desktop, by path (the desktop app knows them), queued into a pane's folder. */
    "drops.paths": {
      request: inPaneFolder({ paths: z.array(LocalPathSchema).min(1).max(100_000) }),
      response: z.object({ added: z.number().int() }),
    },
    /** A drop whose contents arrive in chunks (the web host has no paths): a temporary folder for them. */
    "drops.begin": { request: z.object({}), response: z.object({ dropId: z.string() }) },
    /** Appends content to a dropped file (offset must be what was written so far), or creates a dropped folder. */
    "drops.write": {
      request: z.discriminatedUnion("kind", [
        z.object({
          kind: z.literal("file"),
          dropId: z.string().uuid(),
          path: RelativePathSchema,
          offset: z.number().int().nonnegative(),
          data: Base64Schema,
        }),
        z.object({ kind: z.literal("folder"), dropId: z.string().uuid(), path: RelativePathSchema }),
      ]),
      response: z.object({}),
    },
    /** Everything arrived: queue it into the pane's folder. The temporary copy goes once the queue is done with it. */
    "drops.queue": {
      request: inPaneFolder({ dropId: z.string().uuid() }),
      response: z.object({ added: z.number().int() }),
    },
    "drops.cancel": { request: z.object({ dropId: z.string().uuid() }), response: z.object({}) },
    /**
     * Drags items out to the desktop (desktop app only). Remote items are first downloaded to a
     * temporary folder through the queue, up to the drag-out limit; a bigger selection is refused.
     */
    "drag-out.start": {
      request: z.discriminatedUnion("side", [
        z.object({ side: z.literal("local"), folder: LocalPathSchema, names: z.array(NameSchema).min(1).max(100_000) }),
        z.object({
          side: z.literal("remote"),
          sessionId: SessionIdSchema,
          folder: PathSchema,
          names: z.array(NameSchema).min(1).max(100_000),
        }),
      ]),
      response: z.discriminatedUnion("state", [
        z.object({ state: z.literal("started") }),
        z.object({ state: z.literal("too-large"), bytes: z.number(), limit: z.number() }),
      ]),
    },
  },
} as const;
