/**
 * WinSCP's "Keep remote directory up to date" (Ctrl+U): main watches a local folder and uploads
 * what is made or changed there to a server folder through the transfer queue, a moment after the
 * last change, until it is stopped or the tab's session is closed.
 */
import { z } from "zod";
import { PathSchema, SessionIdSchema } from "./domain";
import { FileMaskSchema } from "./file-mask";
import { LocalPathSchema } from "./local";

/** WinSCP waits this long after the last change before it uploads: a save that writes in pieces is uploaded once. */
export const defaultKeepDelayMs = 1000;

export const KeepIdSchema = z.string().regex(/^k[0-9]+$/);
export type KeepId = z.infer<typeof KeepIdSchema>;

export const KeepOptionsSchema = z.object({
  /** Files deleted in the local folder are deleted on the server too. */
  deleteOnServer: z.boolean(),
  /** What is watched, in WinSCP's mask language (`.git/; node_modules/; *.tmp` after a `|` leaves those out); "" takes everything. */
  mask: FileMaskSchema,
  /** Folders inside the local folder are watched too (and made on the server as needed); off, only its own files. */
  subfolders: z.boolean(),
  /** Before watching, files that are missing on the server or newer than the server's copy are uploaded. */
  initialSync: z.boolean(),
});
export type KeepOptions = z.infer<typeof KeepOptionsSchema>;

/** One line of a watch's running log: what was uploaded, deleted or could not be, in words. */
export const KeepLogEntrySchema = z.object({
  /** Milliseconds since the epoch. */
  at: z.number(),
  kind: z.enum(["info", "uploaded", "deleted", "error"]),
  text: z.string(),
});
export type KeepLogEntry = z.infer<typeof KeepLogEntrySchema>;

export const KeepWatchSchema = z.object({
  keepId: KeepIdSchema,
  sessionId: SessionIdSchema,
  localFolder: z.string(),
  remoteFolder: z.string(),
});
export type KeepWatch = z.infer<typeof KeepWatchSchema>;

export const keepUpToDateContract = {
  commands: {
    /** Starts watching: the folders must exist (the remote one is checked on the session's connection). */
    "keep.start": {
      request: z.object({ sessionId: SessionIdSchema, localFolder: LocalPathSchema, remoteFolder: PathSchema, options: KeepOptionsSchema }),
      response: KeepWatchSchema,
    },
    /** Stops a watch; uploads it already queued stay in the queue. A watch that already stopped is no error. */
    "keep.stop": { request: z.object({ keepId: KeepIdSchema }), response: z.object({}) },
  },
  events: {
    /** New lines of a watch's log. */
    "keep.log": z.object({ keepId: KeepIdSchema, entries: z.array(KeepLogEntrySchema) }),
    /** A watch stopped: asked to, its tab's session was closed, or the local folder went away (`reason` says which). */
    "keep.stopped": z.object({ keepId: KeepIdSchema, reason: z.string() }),
  },
} as const;
