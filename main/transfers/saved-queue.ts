import { open } from "node:fs/promises";
import { setImmediate as nextTurn } from "node:timers/promises";
import { z } from "zod";
import { isUnsettled, TransferJobSchema, type TransferJob } from "../../shared/transfer";
import { readJsonFile, type JsonFileRead } from "../storage/json-file";
import { readJsonLines, type LineRead } from "../storage/json-lines-file";
import { JsonStore, type Notify } from "../storage/json-store";
import { FolderStrings, plainJob, QueuedJob, type BatchFacts, type JobEnd } from "./queued-job";

/**
 * The file is JSON Lines: this header, then one job a line. Written and read a piece at a time,
 * a queue of any size fits (one JSON string of it could not be longer than about 512 MB, some
 * 1.4 million jobs), and a damaged line costs that job, not the queue.
 */
const header = { version: 2 };
const HeaderSchema = z.object({ version: z.literal(2) });

/** The file before version 2: one JSON object with every job; still read, then saved as lines. */
const OldQueueFileSchema = z.object({ version: z.literal(1), jobs: z.array(TransferJobSchema) }).transform(({ jobs }) => jobs);
const oldFileStart = /^\s*\{\s*"version"\s*:\s*1\s*[,}]/;

/** The shortest pause between two saves; a burst of changes (a thousand small files ending) becomes one write. */
const shortestPauseMs = 300;
/** A big queue takes a while to write: the pause grows with it, so that saving never takes more than a tenth of the time. */
const pausePerWriteMs = 10;
/**
 * Jobs turned into text at a time, between turns of the event loop. Small pieces (under 100 KB of
 * text) stay out of V8's large-object space and the allocator's big blocks, which a million-job
 * queue would otherwise leave as ~150 MB of resident memory after each save.
 */
const jobsPerPiece = 250;

/**
 * The queue kept on disk between runs, in one JSON Lines store: finished jobs come back as
 * history and unfinished ones paused. Saves are debounced; a damaged line is skipped and
 * reported, a file that cannot be read at all is kept aside and reported, and the queue starts
 * empty.
 */
export class SavedQueue {
  private readonly file: JsonStore<readonly TransferJob[]>;
  private timer: NodeJS.Timeout | undefined;
  private lastWrite: Promise<void> = Promise.resolve();
  private pauseMs = shortestPauseMs;
  /** A failed save is told once, not once per save, until a save succeeds again. */
  private failing = false;
  /** Closed: the last save is written, and the file is left alone from then on (its folder may be going away). */
  private closed = false;
  /** The loaded jobs that were transferring when the queue was last saved. */
  private readonly interrupted = new WeakSet<TransferJob>();

  /** `current` gives the jobs to save at the moment of writing. */
  constructor(
    path: string,
    private readonly current: () => readonly TransferJob[],
    private readonly notify?: Notify,
  ) {
    this.file = new JsonStore<readonly TransferJob[]>({
      path,
      read: (at) => this.read(at),
      initial: [],
      text: (jobs) => this.pieces(jobs),
      label: "Your transfer queue",
      afresh: "the queue starts empty",
      notify,
    });
  }

  load(): Promise<readonly TransferJob[]> {
    return this.file.read();
  }

  /**
   * Whether a loaded job was transferring when the queue was last saved: only such a job can have
   * put its file in place just before Ferry ended. One that was waiting, or still asking about its
   * target, found the target as the user had it.
   */
  wasRunning(job: TransferJob): boolean {
    return this.interrupted.has(job);
  }

  /** Saves soon: changes until then go into the same write. */
  save(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, this.pauseMs);
  }

  /** Saves now and waits for the write, and for any earlier one (the app is quitting). */
  async close(): Promise<void> {
    if (this.closed) return this.lastWrite;
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.write();
    await this.lastWrite;
  }

  private write(): void {
    // The list as it is now (each job is written as it is when its piece is made); the store
    // runs writes one after another, so this one ends after every earlier one.
    this.lastWrite = this.file.write(this.current().slice()).then(
      () => {
        this.failing = false;
      },
      (error: unknown) => {
        if (!this.failing && !this.file.refusesWrites)
          this.notify?.({ text: error instanceof Error ? error.message : "Your transfer queue could not be saved." });
        this.failing = true;
      },
    );
  }

  private async read(path: string): Promise<JsonFileRead<readonly TransferJob[]>> {
    const restored = new RestoredJobs((job) => this.interrupted.add(job));
    if (await isOldFile(path)) {
      const old = await readJsonFile(path, OldQueueFileSchema);
      if (old.state !== "ok") return old;
      return { state: "ok", value: old.value.flatMap((job) => restored.jobOf(job) ?? []) };
    }
    const read = await readJsonLines(path, (json, first) => restored.lineOf(json, first));
    if (read.state !== "ok") return read;
    const { items, damaged, backup } = read.value;
    if (damaged > 0) {
      const lines = damaged === 1 ? "1 damaged line, which was skipped" : `${damaged} damaged lines, which were skipped`;
      this.notify?.({
        text: `Your transfer queue had ${lines}; the other ${items.length} ${items.length === 1 ? "job is" : "jobs are"} back.`,
        ...(backup ? { detail: `The file as it was is kept as ${backup}.` } : {}),
      });
    }
    return { state: "ok", value: items };
  }

  /**
   * The file's text a piece at a time, with a turn of the event loop between pieces: a queue of a
   * million jobs is hundreds of megabytes of text, which would hold up the app for seconds as one
   * string (and is near the longest string there can be).
   */
  private async *pieces(jobs: readonly TransferJob[]): AsyncGenerator<string> {
    let busyMs = 0;
    yield `${JSON.stringify(header)}\n`;
    for (let start = 0; start < jobs.length; start += jobsPerPiece) {
      const started = Date.now();
      let piece = "";
      for (const job of jobs.slice(start, start + jobsPerPiece)) piece += `${JSON.stringify(plainJob(job, false))}\n`;
      busyMs += Date.now() - started;
      yield piece;
      await nextTurn();
    }
    this.pauseMs = Math.max(shortestPauseMs, busyMs * pausePerWriteMs);
  }
}

/** Whether the file is in the format before version 2 (one JSON object): told by its first bytes. */
async function isOldFile(path: string): Promise<boolean> {
  try {
    const file = await open(path, "r");
    try {
      const { buffer, bytesRead } = await file.read(Buffer.alloc(64), 0, 64, 0);
      return oldFileStart.test(buffer.toString("utf8", 0, bytesRead));
    } finally {
      await file.close();
    }
  } catch {
    // The reader that follows says what is wrong with the file.
    return false;
  }
}

/**
 * Jobs read back from the file, made compact as a walk makes them (`QueuedJob`): a batch's jobs
 * share one object for what they have in common and their folder strings, so that a restart with
 * a million jobs in the queue costs what planning them did. Unfinished jobs come back paused, so
 * that nothing starts before the user says so; speed is a live figure and does not come back.
 */
class RestoredJobs {
  private readonly batches = new Map<string, BatchFacts>();
  private readonly folders = new FolderStrings();

  /** `onRunning` hears of each job that was transferring when it was saved. */
  constructor(private readonly onRunning: (job: TransferJob) => void) {}

  lineOf(json: unknown, first: boolean): LineRead<TransferJob> {
    if (first && HeaderSchema.safeParse(json).success) return { kind: "header" };
    const parsed = TransferJobSchema.safeParse(json);
    const job = parsed.success ? this.jobOf(parsed.data) : undefined;
    return job ? { kind: "item", item: job } : { kind: "damaged" };
  }

  jobOf(plain: TransferJob): TransferJob | undefined {
    const ends = this.endsOf(plain);
    if (!ends) return undefined;
    const job = new QueuedJob({
      id: plain.id,
      batch: this.batchOf(plain),
      kind: plain.kind,
      ...ends,
      size: plain.size,
      modified: plain.modified,
      // How finely its listing gave the time is not saved: a restored download asks the server for it.
      timePrecision: undefined,
      status: isUnsettled(plain.status) ? "paused" : plain.status,
      message: plain.message,
      inNewFolder: false,
    });
    job.transferred = plain.transferred;
    job.attempts = plain.attempts;
    job.verified = plain.verified;
    if (plain.status === "running" && plain.phase === "transferring") this.onRunning(job);
    return job;
  }

  /** Where the job copies from and to; a copy without its source is damaged. */
  private endsOf(job: TransferJob): { source: JobEnd; target: JobEnd } | undefined {
    const [source, target] =
      job.direction === "upload"
        ? [job.localPath, job.remotePath]
        : job.direction === "download"
          ? [job.remotePath, job.localPath]
          : [job.sourcePath, job.localPath];
    if (source === undefined) return undefined;
    return { source: this.folders.split(source), target: this.folders.split(target) };
  }

  private batchOf({ batchId, direction, move, keepsSource, site, settings }: TransferJob): BatchFacts {
    const known = this.batches.get(batchId);
    if (known?.direction === direction && known.move === move && known.keepsSource === keepsSource && known.site === site) return known;
    // A batch's jobs agree on these (but a move's kept files); one that does not (a file edited by hand) gets facts of its own.
    const batch = { batchId, direction, move, keepsSource, site, settings };
    if (!known) this.batches.set(batchId, batch);
    return batch;
  }
}
