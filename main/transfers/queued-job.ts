import type { TimePrecision } from "../../shared/domain";
import type { BatchSettings, JobDirection, JobPhase, TransferJob, TransferStatus } from "../../shared/transfer";

/** Where a path's last part begins: after its last "/" (or "\" on Windows), or 0. */
function nameStart(path: string): number {
  return Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1;
}

/**
 * A string of its own: a slice of 13 characters or more is a view into the whole string and keeps
 * it alive, which would undo what splitting a path saves.
 */
function ownCopy(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/**
 * The folders of one batch's paths, each kept once: a million files in a thousand folders share a
 * thousand folder strings. A path is split into its folder (with the separator) and its name, and
 * put back together by joining the two, so it comes back exactly as it went in.
 */
export class FolderStrings {
  private readonly folders = new Map<string, string>();

  split(path: string): { folder: string; name: string } {
    const start = nameStart(path);
    const sliced = path.slice(0, start);
    let folder = this.folders.get(sliced);
    if (folder === undefined) {
      folder = ownCopy(sliced);
      this.folders.set(folder, folder);
    }
    return { folder, name: ownCopy(path.slice(start)) };
  }
}

/** One end of a job, split by `FolderStrings`. */
export interface JobEnd {
  folder: string;
  name: string;
}

/** What every job of a batch shares: one object for the batch, not four fields per job. */
export type BatchFacts = Pick<TransferJob, "batchId" | "direction" | "move" | "keepsSource" | "site" | "settings">;

/** What a walk planned, for a job of a batch. */
export interface QueuedJobFacts {
  id: string;
  batch: BatchFacts;
  kind: TransferJob["kind"];
  source: JobEnd;
  target: JobEnd;
  size: number | undefined;
  modified: number | undefined;
  /** How finely the server's listing gave `modified` (a download's source); undefined for a local source. */
  timePrecision: TimePrecision | undefined;
  status: TransferStatus;
  message: string | undefined;
  /** Its target folder was made by the walk that planned it: nothing can be in the way, so there is nothing to ask. */
  inNewFolder: boolean;
}

/**
 * A queue job as main keeps it while a walk's million jobs wait: what the batch's jobs have in
 * common is one shared object, its source and target are kept as a shared folder and a name (the
 * same name string at both ends when it did not change), and `localPath`, `remotePath` and
 * `sourcePath` are worked out from them when read. It reads and
 * changes as a `TransferJob`; `plainJob` makes the plain object that is sent or saved.
 */
/** What few jobs have at a time (a reason, a speed, a retry count, a phase, a checksum): one object when any is set, none otherwise. */
interface JobExtras {
  message: string | undefined;
  speed: number | undefined;
  attempts: number;
  phase: JobPhase | undefined;
  verified: string | undefined;
}

export class QueuedJob implements TransferJob {
  readonly id: string;
  private readonly batch: BatchFacts;
  readonly kind: TransferJob["kind"];
  private sourceFolder: string;
  private sourceName: string;
  private targetFolder: string;
  private targetName: string;
  size: number | undefined;
  modified: number | undefined;
  /** A fact of the plan, like `inNewFolder`: a download whose listing gave its time finely enough asks no MDTM. */
  readonly timePrecision: TimePrecision | undefined;
  transferred = 0;
  status: TransferStatus;
  /** Its index in the queue's order, kept by the scheduler. */
  slot = -1;
  private extras: JobExtras | undefined = undefined;
  /** A fact of the plan kept on the job itself: a set of a million ids beside the queue would cost more than the flag. */
  readonly inNewFolder: boolean;

  constructor(facts: QueuedJobFacts) {
    this.id = facts.id;
    this.batch = facts.batch;
    this.kind = facts.kind;
    this.sourceFolder = facts.source.folder;
    this.sourceName = facts.source.name;
    this.targetFolder = facts.target.folder;
    this.targetName = facts.target.name === facts.source.name ? facts.source.name : facts.target.name;
    this.size = facts.size;
    this.modified = facts.modified;
    this.timePrecision = facts.timePrecision;
    this.status = facts.status;
    this.message = facts.message;
    this.inNewFolder = facts.inNewFolder;
  }

  get message(): string | undefined {
    return this.extras?.message;
  }

  set message(message: string | undefined) {
    if (message !== undefined || this.extras) this.more().message = message;
  }

  get verified(): string | undefined {
    return this.extras?.verified;
  }

  set verified(verified: string | undefined) {
    if (verified !== undefined || this.extras) this.more().verified = verified;
  }

  get speed(): number | undefined {
    return this.extras?.speed;
  }

  set speed(speed: number | undefined) {
    if (speed !== undefined || this.extras) this.more().speed = speed;
  }

  get attempts(): number {
    return this.extras?.attempts ?? 0;
  }

  set attempts(attempts: number) {
    if (attempts !== 0 || this.extras) this.more().attempts = attempts;
  }

  get phase(): JobPhase | undefined {
    return this.extras?.phase;
  }

  set phase(phase: JobPhase | undefined) {
    if (phase !== undefined || this.extras) this.more().phase = phase;
  }

  get batchId(): string {
    return this.batch.batchId;
  }

  get direction(): JobDirection {
    return this.batch.direction;
  }

  get move(): boolean {
    return this.batch.move;
  }

  get keepsSource(): boolean | undefined {
    return this.batch.keepsSource;
  }

  get site(): string {
    return this.batch.site;
  }

  get settings(): BatchSettings | undefined {
    return this.batch.settings;
  }

  get localPath(): string {
    return this.direction === "upload" ? this.sourceFolder + this.sourceName : this.targetFolder + this.targetName;
  }

  set localPath(path: string) {
    if (this.direction === "upload") this.setSource(path);
    else this.setTarget(path);
  }

  get remotePath(): string {
    if (this.direction === "upload") return this.targetFolder + this.targetName;
    return this.direction === "download" ? this.sourceFolder + this.sourceName : "";
  }

  set remotePath(path: string) {
    if (this.direction === "upload") this.setTarget(path);
    else if (this.direction === "download") this.setSource(path);
  }

  get sourcePath(): string | undefined {
    return this.direction === "copy" ? this.sourceFolder + this.sourceName : undefined;
  }

  set sourcePath(path: string | undefined) {
    if (this.direction === "copy" && path !== undefined) this.setSource(path);
  }

  private more(): JobExtras {
    this.extras ??= { message: undefined, speed: undefined, attempts: 0, phase: undefined, verified: undefined };
    return this.extras;
  }

  private setSource(path: string): void {
    const start = nameStart(path);
    this.sourceFolder = path.slice(0, start);
    this.sourceName = path.slice(start);
  }

  private setTarget(path: string): void {
    const start = nameStart(path);
    this.targetFolder = path.slice(0, start);
    this.targetName = path.slice(start);
  }
}

/** Whether the walk that planned the job made its target folder (only a queue job knows; any other job is asked about). */
export function plannedInNewFolder(job: TransferJob): boolean {
  return job instanceof QueuedJob && job.inNewFolder;
}

/** How finely the listing its walk read gave the job's source time; undefined for any other job (its time is asked about). */
export function listedTimePrecision(job: TransferJob): TimePrecision | undefined {
  return job instanceof QueuedJob ? job.timePrecision : undefined;
}

/**
 * A job as a plain object of the contract's shape, as it is now: what the renderer is sent and what
 * `whenCompleted` gives. The saved queue leaves out the speed (`live` false), which is live; it keeps
 * the phase, which says after a kill whether a running job had got as far as transferring.
 */
export function plainJob(job: TransferJob, live = true): TransferJob {
  return {
    id: job.id,
    batchId: job.batchId,
    direction: job.direction,
    move: job.move,
    keepsSource: job.keepsSource,
    kind: job.kind,
    site: job.site,
    localPath: job.localPath,
    remotePath: job.remotePath,
    sourcePath: job.sourcePath,
    size: job.size,
    modified: job.modified,
    transferred: job.transferred,
    status: job.status,
    message: job.message,
    speed: live ? job.speed : undefined,
    attempts: job.attempts,
    phase: job.phase,
    verified: job.verified,
    settings: job.settings,
  };
}
