/**
 * The transfer queue as the renderer sees it: jobs, their progress, what the user can do
 * with them, the transfer settings, and the question asked when a target already exists.
 */
import { z } from "zod";
import { activeModePreferenceDefaults, activeModePreferenceFields, activeModePreferenceFieldsWithDefaults } from "./active-mode";
import { FileEntrySchema, PathSchema, SessionIdSchema } from "./domain";
import { FileMaskSchema } from "./file-mask";
import { isAbsoluteLocalPath, localPathMessage } from "./local";

export const TransferDirectionSchema = z.enum(["upload", "download"]);
export type TransferDirection = z.infer<typeof TransferDirectionSchema>;

/** A job also copies between two local folders: files dropped from the desktop onto the Local pane. */
export const JobDirectionSchema = z.enum(["upload", "download", "copy"]);
export type JobDirection = z.infer<typeof JobDirectionSchema>;

export const transferStatuses = ["queued", "running", "paused", "done", "failed", "skipped", "cancelled"] as const;
export const TransferStatusSchema = z.enum(transferStatuses);
export type TransferStatus = z.infer<typeof TransferStatusSchema>;

/** The `site` of copies between local folders. */
export const localSite = "this computer";

/** Where a job reads from and writes to, whichever way it goes. */
export function jobEnds(job: Pick<TransferJob, "direction" | "localPath" | "remotePath" | "sourcePath">): {
  source: string;
  target: string;
} {
  if (job.direction === "upload") return { source: job.localPath, target: job.remotePath };
  if (job.direction === "download") return { source: job.remotePath, target: job.localPath };
  return { source: job.sourcePath ?? "", target: job.localPath };
}

/** Finished one way or another: what "Remove finished" clears. */
export const finishedStatuses: readonly TransferStatus[] = ["done", "failed", "skipped", "cancelled"];

/** Queued or running: the job still has work ahead without the user doing anything. Paused and finished jobs are settled. */
export function isUnsettled(status: TransferStatus): boolean {
  return status === "queued" || status === "running";
}

/** What a running job is doing now ("waiting": for another job that writes its target), so that a row never shows a frozen 0 % meanwhile. */
export const jobPhases = ["waiting", "connecting", "checking", "transferring", "removing-source"] as const;
export const JobPhaseSchema = z.enum(jobPhases);
export type JobPhase = z.infer<typeof JobPhaseSchema>;

/**
 * The queue panel's views, as FileZilla's tabs: Queued (running first, then waiting and paused,
 * in queue order), Failed (failed, cancelled and skipped) and Done.
 */
export const queueViews = ["queued", "failed", "done"] as const;
export const QueueViewSchema = z.enum(queueViews);
export type QueueView = z.infer<typeof QueueViewSchema>;

/** The view a job of this status shows in. */
export function viewOf(status: TransferStatus): QueueView {
  if (status === "done") return "done";
  return status === "failed" || status === "cancelled" || status === "skipped" ? "failed" : "queued";
}

const countField = z.number().int().nonnegative();

export const QueueSummarySchema = z.object({
  total: countField,
  /** Queued or running jobs. */
  active: countField,
  /** Jobs of each status. */
  counts: z.object({
    queued: countField,
    running: countField,
    paused: countField,
    done: countField,
    failed: countField,
    skipped: countField,
    cancelled: countField,
  }),
  /**
   * Bytes of the whole batch until finished jobs are removed (every job but the skipped and the
   * cancelled), and how much of them arrived: a finished job keeps counting, so the total does not shrink.
   */
  bytesTotal: z.number(),
  bytesDone: z.number(),
  /** Bytes per second over all running jobs. */
  speed: z.number(),
  /** Queued or running jobs of each site (user@host:port): closing its last tab asks first. */
  unsettledBySite: z.record(z.string(), countField),
});
export type QueueSummary = z.infer<typeof QueueSummarySchema>;

/** The totals of an empty queue: a new object each time, since the tally counts into it. */
export function emptyQueueSummary(): QueueSummary {
  return {
    total: 0,
    active: 0,
    counts: { queued: 0, running: 0, paused: 0, done: 0, failed: 0, skipped: 0, cancelled: 0 },
    bytesTotal: 0,
    bytesDone: 0,
    speed: 0,
    unsettledBySite: {},
  };
}

/** Jobs in each view. */
export function viewCounts(summary: QueueSummary): Record<QueueView, number> {
  const { queued, running, paused, done, failed, skipped, cancelled } = summary.counts;
  return { queued: queued + running + paused, failed: failed + skipped + cancelled, done };
}

/** "57 done, 3 failed, 1 cancelled": the finished jobs by outcome, those with none left out; "nothing done" when there are none. */
export function finishedPhrase(counts: QueueSummary["counts"]): string {
  const parts = (["done", "failed", "cancelled", "skipped"] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(", ") : "nothing done";
}

/** Rows one `transfers.list` gives at most: a window of a view, never the whole queue. */
export const maxListCount = 500;
/** Changed jobs one `transfers.changed` carries at most; more, and it carries none (the renderer fetches its window again). */
export const maxChangedJobs = 200;

/** What to do with an existing target: asked, given to the rest of the queue, or standing (a preference). FileZilla's choices. */
export const overwriteActions = [
  "overwrite",
  "skip",
  "resume",
  "rename",
  "overwrite-if-newer",
  "overwrite-if-size-differs",
  "overwrite-if-size-differs-or-newer",
] as const;
export const OverwriteActionSchema = z.enum(overwriteActions);
export type OverwriteAction = z.infer<typeof OverwriteActionSchema>;
/** An answer to the question: one of the actions, or "cancel-batch" (Cancel all), which cancels the rest of the batch. */
export const OverwriteAnswerActionSchema = z.enum([...overwriteActions, "cancel-batch"]);
export type OverwriteAnswerAction = z.infer<typeof OverwriteAnswerActionSchema>;

/**
 * How a file's bytes travel (WinSCP's "Transfer type"): as they are (binary, TYPE I), as text
 * (TYPE A: lines end in CRLF on the wire and as the local platform has them on disk), or chosen
 * by name: text for names that match the text masks, binary for the rest.
 */
export const transferModes = ["binary", "text", "auto"] as const;
export const TransferModeSchema = z.enum(transferModes);
export type TransferMode = z.infer<typeof TransferModeSchema>;

/** WinSCP's default text masks: the names "Automatic" transfers as text. */
export const defaultTextMasks =
  "*.*html; *.htm; *.txt; *.php; *.php3; *.cgi; *.c; *.cpp; *.h; *.pas; *.bas; *.tex; *.pl; *.js; .htaccess; *.xtml; *.css; *.cfg; *.ini; *.sh; *.xml";

/** Unix permissions as WinSCP's "Set permissions" writes them: three or four octal digits, or "" for none. */
export const unixModePattern = /^([0-7]{3,4})?$/;
const unixMode = z.string().regex(unixModePattern);

const preferenceFields = {
  /** Transfers at once per server, on connections of their own. */
  parallel: z.number().int().min(1).max(10),
  /**
   * Small files (and deletions, times, folder walks) at once per server: their time goes to round
   * trips, not bytes, so more connections finish them sooner. Never fewer than `parallel`.
   */
  smallFilesParallel: z.number().int().min(1).max(10),
  /** New tries after a dropped connection or a timeout, with growing pauses between them. */
  retries: z.number().int().min(0).max(10),
  /** What to do when a target exists, without asking; "ask" shows the prompt. */
  whenTargetExists: z.enum(["ask", ...overwriteActions]),
  /** Bytes of server files that may be copied to a temporary folder to drag them out to the desktop. */
  dragOutLimit: z
    .number()
    .int()
    .min(0)
    .max(100 * 1000 * 1000 * 1000),
  /**
   * What F4 edits a file with: Ferry's editor, the system's default application for its type, or
   * a program of the user's choice (`editCommand`); the last two only in the desktop app.
   */
  editWith: z.enum(["ferry", "default-app", "program"]),
  /** The program for "a program I choose": a command line where `%s` stands for the file (added at the end when missing). */
  editCommand: z.string().max(2000),
  /** Enter or a double-click on a file: copies it to the other pane (FileZilla's habit), or opens it (F4, or F3 for an image). */
  doubleClickFile: z.enum(["transfer", "open"]),
  /** Bytes above which F3 and F4 ask before opening a file in Ferry's editor or viewer. */
  editSizeLimit: z
    .number()
    .int()
    .min(1000)
    .max(1000 * 1000 * 1000),
  /** How deep folder walks (transfers, deletes, permission changes) go: a server's tree that never ends stops here. */
  maxFolderDepth: z.number().int().min(1).max(10_000),
  /** Uploads follow links that lead outside the chosen folders; off, such a link is a skipped job (a link can point at ~/.ssh). */
  followLinksOutOfTree: z.boolean(),
  /** WinSCP's "Keep reconnecting for": how long a lost session tries again, with growing pauses, before it gives up. */
  keepReconnectingSeconds: z.number().int().min(0).max(3600),
  /** What happens once the queue has nothing left to run, as WinSCP offers: nothing, a notice, or disconnecting the sessions it used. */
  whenQueueDone: z.enum(["nothing", "notify", "disconnect"]),
  /** Each transfer is checked against the server's checksum of the whole file where the server offers HASH or XSHA256/XSHA1/XMD5. */
  verifyChecksums: z.boolean(),
  /** The copy gets the source's modification time (downloads; uploads where the server has MFMT; local copies). */
  preserveTimestamps: z.boolean(),
  /** Permissions (octal, "644") set with SITE CHMOD on uploaded files, and on folders an upload makes; "" keeps the server's default. */
  uploadFileMode: unixMode,
  uploadFolderMode: unixMode,
  /**
   * WinSCP's "Ignore permission errors": a server that refuses SITE CHMOD or MFMT after an upload
   * leaves the job done with a note; off, the job fails with that sentence.
   */
  ignorePermissionErrors: z.boolean(),
  /** Speed limits for all downloads and all uploads together, in KB/s (1 KB = 1000 bytes); 0 = no limit. */
  downloadLimit: z.number().int().min(0).max(10_000_000),
  uploadLimit: z.number().int().min(0).max(10_000_000),
  /** Binary, text or automatic (by the text masks). */
  transferMode: TransferModeSchema,
  /** The names an automatic transfer sends as text, in the file mask language. */
  textMasks: z.string().max(2000),
  /** Compress the data (MODE Z) where the server offers it: fewer bytes on a slow link, more CPU at both ends. */
  compression: z.boolean(),
  /** Active mode's ports and address, and trying the other mode when one fails (shared/active-mode.ts). */
  ...activeModePreferenceFields,
};
/** A change names only what changes: no defaults fill in the rest. */
export const PreferencesChangeSchema = z.object(preferenceFields).partial();
/**
 * What a saved site may set for its own transfers in place of the preferences (WinSCP's per-site transfer settings);
 * a speed limit of 0 means none for this site, whatever the queue's.
 */
export const TransferOverridesSchema = z
  .object(preferenceFields)
  .pick({
    uploadFileMode: true,
    uploadFolderMode: true,
    preserveTimestamps: true,
    verifyChecksums: true,
    transferMode: true,
    compression: true,
    ignorePermissionErrors: true,
    downloadLimit: true,
    uploadLimit: true,
  })
  .partial();
export type TransferOverrides = z.infer<typeof TransferOverridesSchema>;

/**
 * What one F5/F6 may set for its own files (the Copy dialog's transfer settings), over the site's and the preferences.
 * `whenTargetExists` answers the "target exists" question for the batch, whatever the preference or an
 * "apply to all" says: keep-up-to-date overwrites the server's copy without asking, as WinSCP does.
 */
export const BatchSettingsSchema = z
  .object(preferenceFields)
  .pick({ transferMode: true, preserveTimestamps: true, uploadFileMode: true, uploadFolderMode: true })
  .extend({ whenTargetExists: OverwriteActionSchema })
  .partial();
export type BatchSettings = z.infer<typeof BatchSettingsSchema>;

export const TransferJobSchema = z.object({
  id: z.string(),
  /** Jobs added by one F5/F6 share a batch; a move removes source folders once its batch is done. */
  batchId: z.string(),
  direction: JobDirectionSchema,
  /** Move: the source is deleted once the copy is verified. */
  move: z.boolean(),
  /** A move's file reached through a link to a folder: copied and kept, as deleting it would delete a file the link leads to. */
  keepsSource: z.boolean().optional(),
  /**
   * file: copy one file; remove-source-folder: the end of a folder move; delete-file, delete-folder
   * (with what it holds) and set-time: a synchronization's deletions and times, which act on the
   * job's target (the server's side for an upload, this computer's for a download) and move no bytes.
   */
  kind: z.enum(["file", "remove-source-folder", "delete-file", "delete-folder", "set-time"]),
  /** user@host:port of the server side; `localSite` for a copy on this computer. */
  site: z.string(),
  /** The local end: the source of an upload, the target of a download or a copy. */
  localPath: z.string(),
  /** The server end; empty for a copy. */
  remotePath: z.string(),
  /** A copy's source file. */
  sourcePath: z.string().optional(),
  /** Bytes of the source, when known. */
  size: z.number().nonnegative().optional(),
  /** Source modification time, ms since the epoch, when known; for set-time, the time the target gets. */
  modified: z.number().optional(),
  transferred: z.number().nonnegative(),
  status: TransferStatusSchema,
  /** Why a job failed or was skipped, in words. */
  message: z.string().optional(),
  /** Bytes per second, while running. */
  speed: z.number().nonnegative().optional(),
  attempts: z.number().int().nonnegative(),
  /** While running: the step it is at. */
  phase: JobPhaseSchema.optional(),
  /** Done and checked against the server's own checksum of the file: the algorithm ("SHA-256"). */
  verified: z.string().optional(),
  /** The transfer settings its F5/F6 chose, over the site's and the preferences. */
  settings: BatchSettingsSchema.optional(),
});
export type TransferJob = z.infer<typeof TransferJobSchema>;

/**
 * The preferences as a site's (or a batch's) transfers use them: what the site sets wins, the rest
 * comes from the preferences. A site's speed limits are not here: they are a bucket its transfers
 * share, which the queue chooses for each piece (`ConnectionPool.limitOf`).
 */
export function withOverrides(
  preferences: TransferPreferences,
  overrides: TransferOverrides | BatchSettings | undefined,
): TransferPreferences {
  const set = Object.entries(overrides ?? {}).filter(
    ([key, value]) => value !== undefined && key !== "downloadLimit" && key !== "uploadLimit",
  );
  return { ...preferences, ...Object.fromEntries(set) };
}
/**
 * A preferences file from before small files at once, the drag-out limit, the depth limit, the link rule, the speed limits, checksums, timestamps,
 * upload permissions, "Ignore permission errors" or the ways of opening files existed gets their defaults.
 */
export const TransferPreferencesSchema = z.object({
  ...preferenceFields,
  smallFilesParallel: preferenceFields.smallFilesParallel.default(8),
  dragOutLimit: preferenceFields.dragOutLimit.default(50 * 1000 * 1000),
  editSizeLimit: preferenceFields.editSizeLimit.default(10 * 1000 * 1000),
  editWith: preferenceFields.editWith.default("ferry"),
  editCommand: preferenceFields.editCommand.default(""),
  doubleClickFile: preferenceFields.doubleClickFile.default("transfer"),
  maxFolderDepth: preferenceFields.maxFolderDepth.default(100),
  followLinksOutOfTree: preferenceFields.followLinksOutOfTree.default(false),
  keepReconnectingSeconds: preferenceFields.keepReconnectingSeconds.default(60),
  whenQueueDone: preferenceFields.whenQueueDone.default("nothing"),
  verifyChecksums: preferenceFields.verifyChecksums.default(true),
  preserveTimestamps: preferenceFields.preserveTimestamps.default(true),
  uploadFileMode: preferenceFields.uploadFileMode.default(""),
  uploadFolderMode: preferenceFields.uploadFolderMode.default(""),
  ignorePermissionErrors: preferenceFields.ignorePermissionErrors.default(true),
  downloadLimit: preferenceFields.downloadLimit.default(0),
  uploadLimit: preferenceFields.uploadLimit.default(0),
  transferMode: preferenceFields.transferMode.default("binary"),
  textMasks: preferenceFields.textMasks.default(defaultTextMasks),
  compression: preferenceFields.compression.default(false),
  ...activeModePreferenceFieldsWithDefaults,
});
export type TransferPreferences = z.infer<typeof TransferPreferencesSchema>;
export const defaultTransferPreferences: TransferPreferences = {
  parallel: 2,
  smallFilesParallel: 8,
  retries: 3,
  whenTargetExists: "ask",
  dragOutLimit: 50 * 1000 * 1000,
  editSizeLimit: 10 * 1000 * 1000,
  editWith: "ferry",
  editCommand: "",
  doubleClickFile: "transfer",
  maxFolderDepth: 100,
  followLinksOutOfTree: false,
  keepReconnectingSeconds: 60,
  whenQueueDone: "nothing",
  verifyChecksums: true,
  preserveTimestamps: true,
  uploadFileMode: "",
  uploadFolderMode: "",
  ignorePermissionErrors: true,
  downloadLimit: 0,
  uploadLimit: 0,
  transferMode: "binary",
  textMasks: defaultTextMasks,
  compression: false,
  ...activeModePreferenceDefaults,
};

/** A walk of folders under way (planning a transfer of folders): how far it has come. */
export const FolderWalkSchema = z.object({
  batchId: z.string(),
  direction: JobDirectionSchema,
  /** The folder the chosen items are in, on the source side. */
  folder: z.string(),
  folders: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  /** The user asked it to stop; it stops at the next folder, or when the listing under way is cut off. */
  stopping: z.boolean(),
});
export type FolderWalk = z.infer<typeof FolderWalkSchema>;

const FileFactsSchema = z.object({ path: z.string(), size: z.number().optional(), modified: z.number().optional() });

export const transfersContract = {
  commands: {
    "transfers.add": {
      request: z
        .object({
          sessionId: SessionIdSchema,
          direction: TransferDirectionSchema,
          move: z.boolean(),
          /** The folder the names are in, on the source side. */
          sourceFolder: PathSchema,
          names: z.array(z.string().min(1).max(1024)).min(1).max(100_000),
          /** A download's names as the remote pane listed them: the walk need not list their folder again. */
          listed: z.array(FileEntrySchema).max(100_000).optional(),
          /** The folder they go to, on the other side. */
          targetFolder: PathSchema,
          /** The Copy dialog's transfer settings for these files; none: the site's and the preferences'. */
          settings: BatchSettingsSchema.optional(),
          /** F5's "File mask": what of the names and the folders below them to take; omitted, everything. */
          mask: FileMaskSchema.optional(),
        })
        .superRefine((request, context) => {
          const local = request.direction === "upload" ? "sourceFolder" : "targetFolder";
          if (!isAbsoluteLocalPath(request[local])) context.addIssue({ code: "custom", path: [local], message: localPathMessage });
        }),
      response: z.object({ added: z.number().int() }),
    },
    /** A window of one view: the renderer holds the rows in sight, never the whole queue. */
    "transfers.list": {
      request: z.object({
        view: QueueViewSchema,
        from: z.number().int().nonnegative(),
        count: z.number().int().nonnegative().max(maxListCount),
      }),
      response: z.object({
        jobs: z.array(TransferJobSchema),
        /** Jobs in the view. */
        total: countField,
        summary: QueueSummarySchema,
        revision: countField,
      }),
    },
    "transfers.control": {
      request: z.object({
        action: z.enum(["pause", "resume", "cancel", "retry", "move-up", "move-down"]),
        /** Omitted: the whole queue. */
        jobIds: z.array(z.string()).max(100_000).optional(),
        /** Only the jobs of this site (user@host:port): a closing tab cancels what is left for its server. */
        site: z.string().max(2000).optional(),
      }),
      response: z.object({}),
    },
    "transfers.remove-finished": { request: z.object({}), response: z.object({}) },
    /** Stops a walk of folders; the jobs it queued so far stay in the queue. */
    "transfers.cancel-walk": { request: z.object({ batchId: z.string().max(100) }), response: z.object({}) },
  },
  events: {
    /**
     * Batched a few times a second: the totals, a revision that grows with every change, and the
     * jobs that changed when they are few and nothing was added, removed or moved. Without
     * `jobs`, the renderer fetches the window it shows again.
     */
    "transfers.changed": z.object({
      revision: countField,
      summary: QueueSummarySchema,
      jobs: z.array(TransferJobSchema).max(maxChangedJobs).optional(),
    }),
    /** A few times a second while folders are walked: every walk under way (none once the last one ended). */
    "transfers.walks": z.object({ walks: z.array(FolderWalkSchema) }),
  },
  prompts: {
    "transfers.overwrite": {
      request: z.object({
        direction: JobDirectionSchema,
        source: FileFactsSchema,
        target: FileFactsSchema,
        /** True when the target is smaller than the source, so that it can be resumed. */
        canResume: z.boolean(),
        /** The target is a folder where the file would go: a clash of its own, answered only by skip or rename. */
        targetIsFolder: z.boolean().optional(),
        /** A free name beside the target, for "Rename". */
        suggestedName: z.string(),
        /** Other files of the same batch whose targets exist too ("4 more in this batch"); `orMore` when Ferry stopped counting. */
        moreInBatch: z.object({ count: z.number().int().nonnegative(), orMore: z.boolean() }),
      }),
      answer: z.object({
        action: OverwriteAnswerActionSchema,
        /** For "rename": the name to use instead. */
        newName: z.string().min(1).max(1024).optional(),
        /** Use the same action for every other existing target in this queue. */
        applyToAll: z.boolean(),
      }),
    },
  },
} as const;
