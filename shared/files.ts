/**
 * File operations on either pane: new folder, new file, rename, move, delete, permissions, checksums.
 * Names are single path segments, checked here so that no operation can climb out of
 * the folder it was asked about.
 */
import { z } from "zod";
import { PathSchema, SessionIdSchema } from "./domain";
import { isAbsoluteLocalPath, localPathMessage } from "./local";

/** A name that is one path segment: not "." or "..", no slash, backslash or control character. */
export function isSafeName(name: string): boolean {
  if (name === "" || name === "." || name === "..") return false;
  // eslint-disable-next-line no-control-regex
  return !/[/\\\u0000-\u001f\u007f]/.test(name);
}

export const NameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine(isSafeName, "a name must not be . or .., nor contain slashes or control characters");

/** Which pane an operation is about: the local disk, or a session's server. */
export const PaneTargetSchema = z.discriminatedUnion("side", [
  z.object({ side: z.literal("local") }),
  z.object({ side: z.literal("remote"), sessionId: SessionIdSchema }),
]);
export type PaneTarget = z.infer<typeof PaneTargetSchema>;

const NamesSchema = z.array(NameSchema).min(1).max(100_000);

/**
 * A request about names in one folder of a pane. Its local paths (the folder, and `paths` such
 * as a move's `to`) must be absolute: a relative one would be read against the folder Ferry was
 * started in.
 */
export function inPaneFolder<Shape extends z.ZodRawShape>(
  shape: Shape,
  paths: readonly ("folder" | (keyof Shape & string))[] = ["folder"],
) {
  return z
    .object({ target: PaneTargetSchema, folder: PathSchema, ...shape })
    .superRefine((request, context) => refuseRelativeLocalPaths(request, paths, context));
}

const LocalRequestSchema = z.looseObject({ target: z.object({ side: z.literal("local") }) });

function refuseRelativeLocalPaths(request: unknown, paths: readonly string[], context: z.RefinementCtx): void {
  const local = LocalRequestSchema.safeParse(request);
  if (!local.success) return;
  for (const key of paths) {
    const path = local.data[key];
    if (typeof path === "string" && !isAbsoluteLocalPath(path))
      context.addIssue({ code: "custom", path: [key], message: localPathMessage });
  }
}

/** A server's own checksum of a file: the algorithm ("SHA-256") and lower-case hex digits. */
export const FileChecksumSchema = z.object({ algorithm: z.string(), checksum: z.string().regex(/^[0-9a-f]+$/) });
export type FileChecksum = z.infer<typeof FileChecksumSchema>;

export const filesContract = {
  commands: {
    "files.mkdir": { request: inPaneFolder({ name: NameSchema }), response: z.object({}) },
    "files.new-file": { request: inPaneFolder({ name: NameSchema }), response: z.object({}) },
    "files.rename": { request: inPaneFolder({ from: NameSchema, to: NameSchema }), response: z.object({}) },
    /** Moves the names into another folder of the same pane (a rename on the server): a drop onto a folder. */
    "files.move": {
      request: inPaneFolder({ names: NamesSchema, to: PathSchema }, ["folder", "to"]),
      response: z.object({ moved: z.number().int() }),
    },
    /** Folders go with everything in them; locally, to the OS trash where the host has one. */
    "files.delete": {
      request: inPaneFolder({
        names: NamesSchema,
        /** Names this delete for `files.delete-progress` events and `files.cancel`. */
        operationId: z.string().min(1).max(64).optional(),
      }),
      /** Items deleted, everything inside the folders included. */
      response: z.object({ deleted: z.number().int() }),
    },
    /** Properties' Calculate: the size of the names, everything inside folders included; cancelled with `files.cancel`. */
    "files.size": {
      request: inPaneFolder({ names: NamesSchema, operationId: z.string().min(1).max(64) }),
      response: z.object({ bytes: z.number().nonnegative(), files: z.number().int(), folders: z.number().int() }),
    },
    "files.cancel": { request: z.object({ operationId: z.string().min(1).max(64) }), response: z.object({}) },
    /** Permissions, on the server (SITE CHMOD); the local disk refuses with a sentence. */
    "files.chmod": {
      request: inPaneFolder({
        names: NamesSchema,
        /** Unix permission bits, as SITE CHMOD takes them (0644 is 420). */
        mode: z.number().int().min(0).max(0o7777),
        recursive: z.boolean(),
      }),
      response: z.object({ changed: z.number().int() }),
    },
    /** Properties' Checksum: the server's hash of one file (HASH or an X command, the strongest its FEAT offers); the local disk refuses with a sentence. */
    "files.checksum": { request: inPaneFolder({ name: NameSchema }), response: FileChecksumSchema },
  },
  events: {
    /** How far a delete has come: items gone so far, and the one being deleted. */
    "files.delete-progress": z.object({ operationId: z.string(), done: z.number().int(), current: z.string() }),
  },
} as const;
