/**
 * The local disk as the Local pane browses it. Local paths are absolute: a relative one would
 * be read against the folder Ferry was started in, which the user never chose.
 */
import { z } from "zod";
import { ListingSchema, PathSchema } from "./domain";

/** "/home/me", "C:\Users\me", "C:/Users/me" or "\\server\share": absolute on one OS or another. */
export function isAbsoluteLocalPath(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("\\\\");
}

export const localPathMessage = "a local path must be absolute (start at the root of a disk)";

/** A path on this computer: absolute, in the OS's own form. */
export const LocalPathSchema = PathSchema.refine(isAbsoluteLocalPath, localPathMessage);

export const localContract = {
  commands: {
    "local.list": {
      request: z.object({ path: LocalPathSchema, showHidden: z.boolean().optional() }),
      response: ListingSchema,
    },
    /**
     * The folder this page's Local pane shows, to be told when it changes on disk (`local.changed`);
     * without a path, nothing is watched. Each call replaces the page's earlier one.
     */
    "local.watch": { request: z.object({ path: LocalPathSchema.optional() }), response: z.object({}) },
  },
  events: {
    /** Something in a watched folder was made, changed, renamed or deleted (a burst of changes is one event). */
    "local.changed": z.object({ path: z.string() }),
  },
} as const;
