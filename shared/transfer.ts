/**
 * The transfer queue as the renderer sees it: jobs, their progress, what the user can do
 * with them, the transfer settings, and the question asked when a target already exists.
 */
import { z } from "zod";
import { PathSchema, SessionIdSchema } from "./domain";
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

export const TransferJobSchema = z.object({
  id: z.string(),
  /** Jobs added by one F5/F6 share a batch; a move removes source folders once its batch is done. */
  batchId: z.string(),
  direction: JobDirectionSchema,
  /** Move: the source is deleted once the copy is verified. */
  move: z.boolean(),
  /** file: copy one file; remove-source-folder: the end of a folder move. */
  kind: z.enum(["file", "remove-source-folder"]),
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
  /** Source modification time, ms since the epoch, when known. */
  modified: z.number().optional(),
  transferred: z.number().nonnegative(),
  status: TransferStatusSchema,
  /** Why a job failed or was skipped, in words. */
  message: z.string().optional(),
  /** Bytes per second, while running. */
  speed: z.number().nonnegative().optional(),
  attempts: z.number().int().nonnegative(),
});
export type TransferJob = z.infer<typeof TransferJobSchema>;

export const QueueSummarySchema = z.object({
  total: z.number().int(),
  active: z.number().int(),
  /** Bytes of unfinished jobs (queued, running, paused), and how much of them is done. */
  bytesTotal: z.number(),
  bytesDone: z.number(),
  /** Bytes per second over all running jobs. */
  speed: z.number(),
});
export type QueueSummary = z.infer<typeof QueueSummarySchema>;

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

const preferenceFields = {
  /** Transfers at once per server, on connections of their own. */
  parallel: z.number().int().min(1).max(10),
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
  /** How deep folder walks (transfers, deletes, permission changes) go: a server's tree that never ends stops here. */
  maxFolderDepth: z.number().int().min(1).max(10_000),
  /** Uploads follow links that lead outside the chosen folders; off, such a link is a skipped job (a link can point at ~/.ssh). */
  followLinksOutOfTree: z.boolean(),
};
/** A change names only what changes: no defaults fill in the rest. */
export const PreferencesChangeSchema = z.object(preferenceFields).partial();
/** A preferences file from before the drag-out limit, the depth limit or the link rule existed gets their defaults. */
export const TransferPreferencesSchema = z.object({
  ...preferenceFields,
  dragOutLimit: preferenceFields.dragOutLimit.default(50 * 1000 * 1000),
  maxFolderDepth: preferenceFields.maxFolderDepth.default(100),
  followLinksOutOfTree: preferenceFields.followLinksOutOfTree.default(false),
});
export type TransferPreferences = z.infer<typeof TransferPreferencesSchema>;
export const defaultTransferPreferences: TransferPreferences = {
  parallel: 2,
  retries: 3,
  whenTargetExists: "ask",
  dragOutLimit: 50 * 1000 * 1000,
  maxFolderDepth: 100,
  followLinksOutOfTree: false,
};

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
          /** The folder they go to, on the other side. */
          targetFolder: PathSchema,
        })
        .superRefine((request, context) => {
          const local = request.direction === "upload" ? "sourceFolder" : "targetFolder";
          if (!isAbsoluteLocalPath(request[local])) context.addIssue({ code: "custom", path: [local], message: localPathMessage });
        }),
      response: z.object({ added: z.number().int() }),
    },
    "transfers.list": {
      request: z.object({}),
      response: z.object({ jobs: z.array(TransferJobSchema), summary: QueueSummarySchema }),
    },
    "transfers.control": {
      request: z.object({
        action: z.enum(["pause", "resume", "cancel", "retry", "move-up", "move-down"]),
        /** Omitted: the whole queue. */
        jobIds: z.array(z.string()).max(100_000).optional(),
      }),
      response: z.object({}),
    },
    "transfers.remove-finished": { request: z.object({}), response: z.object({}) },
  },
  events: {
    /** Batched a few times a second: the jobs that changed, those removed, and the totals. */
    "transfers.changed": z.object({
      jobs: z.array(TransferJobSchema),
      removed: z.array(z.string()),
      summary: QueueSummarySchema,
    }),
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
