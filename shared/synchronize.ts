/**
 * WinSCP's Synchronize as the renderer sees it: the options of the Synchronize dialog, the
 * comparison that plans it (with its progress and a way to stop it), the checklist of actions
 * it found, and the start of exactly the actions the user kept checked.
 */
import { z } from "zod";
import { CompareCriteriaSchema, ToleranceMsSchema } from "./compare-folders";
import { PathSchema, SessionIdSchema, TimePrecisionSchema } from "./domain";
import { FileMaskSchema } from "./file-mask";
import { isAbsoluteLocalPath, localPathMessage } from "./local";

/** Which side is brought up to date: the server (Remote), this computer (Local), or each from the other (Both). WinSCP's names. */
export const syncDirections = ["remote", "local", "both"] as const;
export const SyncDirectionSchema = z.enum(syncDirections);
export type SyncDirection = z.infer<typeof SyncDirectionSchema>;
export const syncDirectionLabels: Record<SyncDirection, string> = {
  remote: "Remote (this computer → server)",
  local: "Local (server → this computer)",
  both: "Both",
};

/**
 * Copy what is new and newer; make the target equal to the source (older files too); or only set
 * the times of files that are the same but for their time. WinSCP's modes.
 */
export const syncModes = ["files", "mirror", "timestamps"] as const;
export const SyncModeSchema = z.enum(syncModes);
export type SyncMode = z.infer<typeof SyncModeSchema>;
export const syncModeLabels: Record<SyncMode, string> = {
  files: "Synchronize files (new and newer)",
  mirror: "Mirror files (newer and older)",
  timestamps: "Synchronize timestamps only",
};

/** Comparisons under way and plans waiting for Start are named by the renderer, so that it can stop one before it answers. */
export const SyncIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const SyncOptionsSchema = z
  .object({
    sessionId: SessionIdSchema,
    /** The folders compared: the pane's folders, as the user left them in the dialog. */
    localFolder: PathSchema,
    remoteFolder: PathSchema,
    direction: SyncDirectionSchema,
    mode: SyncModeSchema,
    criteria: CompareCriteriaSchema,
    toleranceMs: ToleranceMsSchema,
    /**
     * Also compare the contents of files of the same size, by the server's checksum (HASH, XSHA256…)
     * against this computer's: equal checksums are the same file whatever the times say.
     */
    checksum: z.boolean().optional(),
    /** Delete what is missing on the source side (not with Both, where nothing is the source). */
    deleteMissing: z.boolean(),
    /** What to take, in WinSCP's mask language, from the compared folders ("docs/a.txt", ".git/"); omitted: everything. */
    mask: FileMaskSchema.optional(),
    /** Off: only the files of the two folders themselves. */
    subfolders: z.boolean(),
  })
  .superRefine((options, context) => {
    if (!isAbsoluteLocalPath(options.localFolder)) context.addIssue({ code: "custom", path: ["localFolder"], message: localPathMessage });
    const problem = syncOptionsProblem(options);
    if (problem) context.addIssue({ code: "custom", path: ["direction"], message: problem });
  });
export type SyncOptions = z.infer<typeof SyncOptionsSchema>;

/** What WinSCP also refuses: a mirror, timestamps or deletion need one side to be the source. */
export function syncOptionsProblem(options: Pick<SyncOptions, "direction" | "mode" | "deleteMissing">): string | undefined {
  if (options.direction !== "both") return undefined;
  if (options.mode === "mirror") return "Mirroring makes one side equal to the other: choose Remote or Local.";
  if (options.mode === "timestamps") return "Timestamps are set from one side on the other: choose Remote or Local.";
  if (options.deleteMissing)
    return "With Both, neither side is the source, so nothing can be missing on it: choose Remote or Local to delete.";
  return undefined;
}

/** What a row of the checklist does. */
export const syncActionKinds = ["upload", "download", "delete-remote", "delete-local", "set-remote-time", "set-local-time"] as const;
export const SyncActionKindSchema = z.enum(syncActionKinds);
export type SyncActionKind = z.infer<typeof SyncActionKindSchema>;
export const syncActionLabels: Record<SyncActionKind, string> = {
  upload: "Upload",
  download: "Download",
  "delete-remote": "Delete on server",
  "delete-local": "Delete locally",
  "set-remote-time": "Set time on server",
  "set-local-time": "Set local time",
};

/** One side of a row: what the file or folder there is, when it is there. */
export const SyncSideSchema = z.object({
  kind: z.enum(["file", "folder", "link"]),
  size: z.number().nonnegative().optional(),
  modified: z.number().optional(),
  /** How finely the server's listing knew the time: a download with it asks no MDTM. */
  timePrecision: TimePrecisionSchema.optional(),
  /** A folder: the files in it (what a new folder's upload or a deletion takes with it). */
  files: z.number().int().nonnegative().optional(),
});
export type SyncSide = z.infer<typeof SyncSideSchema>;

export const SyncActionSchema = z.object({
  id: z.number().int().nonnegative(),
  kind: SyncActionKindSchema,
  /** From the compared folders, "/"-separated: "css/site.css". */
  path: z.string(),
  /** Why: "new", "newer", "older", "size differs", "missing on the source". */
  reason: z.string(),
  local: SyncSideSchema.optional(),
  remote: SyncSideSchema.optional(),
  /** Bytes this action moves (a new folder's files together); 0 for deletions and times. */
  bytes: z.number().nonnegative(),
});
export type SyncAction = z.infer<typeof SyncActionSchema>;

/** What the comparison could not look at or decide (a folder that cannot be listed, a file and a folder of one name); the rest went on. */
export const SyncProblemSchema = z.object({ path: z.string(), message: z.string() });
export type SyncProblem = z.infer<typeof SyncProblemSchema>;

/** Rows one comparison may give: a tree of more differences than this is better mirrored in parts. */
export const maxSyncActions = 200_000;

export const SyncPlanSchema = z.object({
  planId: SyncIdSchema,
  actions: z.array(SyncActionSchema).max(maxSyncActions),
  problems: z.array(SyncProblemSchema),
  /** What was compared: folders and files on both sides together. */
  folders: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
});
export type SyncPlan = z.infer<typeof SyncPlanSchema>;

/** "3 uploads (1.2 MB), 1 deletion on the server": the checked rows of a checklist, by kind. */
export function countByKind(actions: readonly SyncAction[]): Record<SyncActionKind, number> {
  const counts = Object.fromEntries(syncActionKinds.map((kind) => [kind, 0])) as Record<SyncActionKind, number>;
  for (const action of actions) counts[action.kind]++;
  return counts;
}

export const synchronizeContract = {
  commands: {
    /** Walks both trees and plans; answers once the walk ended, with `synchronize.progress` events meanwhile. */
    "synchronize.compare": {
      request: z.object({ syncId: SyncIdSchema, options: SyncOptionsSchema }),
      response: SyncPlanSchema,
    },
    /** Stops a comparison under way: it answers with a "stopped" error. */
    "synchronize.cancel": { request: z.object({ syncId: SyncIdSchema }), response: z.object({}) },
    /** Queues exactly these rows of the plan; the plan is spent (Start again needs a new comparison). */
    "synchronize.start": {
      request: z.object({ planId: SyncIdSchema, actionIds: z.array(z.number().int().nonnegative()).max(maxSyncActions) }),
      response: z.object({ queued: z.number().int().nonnegative() }),
    },
    /** The checklist was closed without Start: main forgets the plan. */
    "synchronize.discard": { request: z.object({ planId: SyncIdSchema }), response: z.object({}) },
  },
  events: {
    /** A few times a second while a comparison walks: folders listed of the folders found so far on both sides. */
    "synchronize.progress": z.object({
      syncId: SyncIdSchema,
      foldersListed: z.number().int().nonnegative(),
      foldersFound: z.number().int().nonnegative(),
      /** Once the walks ended, with checksums asked for: files whose checksums were compared, of those to compare. */
      checksums: z.object({ done: z.number().int().nonnegative(), of: z.number().int().nonnegative() }).optional(),
    }),
  },
} as const;
