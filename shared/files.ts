/**
 * File operations on either pane: new folder, new file, rename, delete, permissions.
 * Names are single path segments, checked here so that no operation can climb out of
 * the folder it was asked about.
 */
import { z } from "zod";
import { PathSchema, SessionIdSchema } from "./domain";

/** A name that is one path segment: not "." or "..", no slash, backslash or control character. */
export function isSafeName(name: string): boolean {
  if (name === "" || name === "." || name === "..") return false;
  // eslint-disable-next-line no-control-regex
  return !/[/\\\u0000-\u001f\u007f]/.test(name);
}

export const NameSchema = z.string().min(1).max(255).refine(isSafeName, "a name must not be . or .., nor contain slashes or control characters");

/** Which pane an operation is about: the local disk, or a session's server. */
export const PaneTargetSchema = z.discriminatedUnion("side", [
  z.object({ side: z.literal("local") }),
  z.object({ side: z.literal("remote"), sessionId: SessionIdSchema }),
]);
export type PaneTarget = z.infer<typeof PaneTargetSchema>;

const inFolder = { target: PaneTargetSchema, folder: PathSchema };

export const filesContract = {
  commands: {
    "files.mkdir": { request: z.object({ ...inFolder, name: NameSchema }), response: z.object({}) },
    "files.new-file": { request: z.object({ ...inFolder, name: NameSchema }), response: z.object({}) },
    "files.rename": { request: z.object({ ...inFolder, from: NameSchema, to: NameSchema }), response: z.object({}) },
    /** Folders go with everything in them; locally, to the OS trash where the host has one. */
    "files.delete": {
      request: z.object({
        ...inFolder,
        names: z.array(NameSchema).min(1).max(100_000),
        /** Names this delete for `files.delete-progress` events and `files.cancel`. */
        operationId: z.string().min(1).max(64).optional(),
      }),
      /** Items deleted, everything inside the folders included. */
      response: z.object({ deleted: z.number().int() }),
    },
    "files.cancel": { request: z.object({ operationId: z.string().min(1).max(64) }), response: z.object({}) },
    "files.chmod": {
      request: z.object({
        sessionId: SessionIdSchema,
        folder: PathSchema,
        names: z.array(NameSchema).min(1).max(100_000),
        /** Unix permission bits, as SITE CHMOD takes them (0644 is 420). */
        mode: z.number().int().min(0).max(0o7777),
        recursive: z.boolean(),
      }),
      response: z.object({ changed: z.number().int() }),
    },
    /** Bookmarked folders of the disk ("local") or of one server (user@host:port). */
    "bookmarks.get": { request: z.object({ key: z.string().min(1).max(600) }), response: z.object({ paths: z.array(z.string()) }) },
    "bookmarks.set": {
      request: z.object({ key: z.string().min(1).max(600), paths: z.array(PathSchema).max(500) }),
      response: z.object({}),
    },
  },
  events: {
    /** How far a delete has come: items gone so far, and the one being deleted. */
    "files.delete-progress": z.object({ operationId: z.string(), done: z.number().int(), current: z.string() }),
  },
} as const;
