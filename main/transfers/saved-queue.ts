import { setImmediate as nextTurn } from "node:timers/promises";
import { z } from "zod";
import { isUnsettled, TransferJobSchema, type TransferJob } from "../../shared/transfer";
import { JsonStore, type Notify } from "../storage/json-store";
import { plainJob } from "./queued-job";

/** Unfinished jobs come back paused, so that nothing starts before the user says so; speed is a live figure and does not come back. */
const QueueFileSchema = z.object({ version: z.literal(1), jobs: z.array(TransferJobSchema) }).transform(({ jobs }) => {
  for (const job of jobs) {
    delete job.speed;
    if (isUnsettled(job.status)) job.status = "paused";
  }
  return jobs;
});

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
 * The queue kept on disk between runs, in one JSON store: finished jobs come back as history
 * and unfinished ones paused. Saves are debounced; a damaged file is kept aside and reported,
 * and the queue starts empty.
 */
export class SavedQueue {
  private readonly file: JsonStore<readonly TransferJob[]>;
  private timer: NodeJS.Timeout | undefined;
  private lastWrite: Promise<void> = Promise.resolve();
  private pauseMs = shortestPauseMs;
  /** A failed save is told once, not once per save, until a save succeeds again. */
  private failing = false;

  /** `current` gives the jobs to save at the moment of writing. */
  constructor(
    path: string,
    private readonly current: () => readonly TransferJob[],
    private readonly notify?: Notify,
  ) {
    this.file = new JsonStore<readonly TransferJob[]>({
      path,
      schema: QueueFileSchema,
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

  /** Saves soon: changes until then go into the same write. */
  save(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, this.pauseMs);
  }

  /** Saves now and waits for the write, and for any earlier one (the app is quitting). */
  async close(): Promise<void> {
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

  /**
   * The file's text a piece at a time, with a turn of the event loop between pieces: a queue of a
   * million jobs is hundreds of megabytes of text, which would hold up the app for seconds as one
   * string (and is near the longest string there can be).
   */
  private async *pieces(jobs: readonly TransferJob[]): AsyncGenerator<string> {
    let busyMs = 0;
    yield '{"version":1,"jobs":[';
    for (let start = 0; start < jobs.length; start += jobsPerPiece) {
      const started = Date.now();
      const piece = JSON.stringify(jobs.slice(start, start + jobsPerPiece).map((job) => plainJob(job, false))).slice(1, -1);
      busyMs += Date.now() - started;
      yield start === 0 ? piece : `,${piece}`;
      await nextTurn();
    }
    yield "]}";
    this.pauseMs = Math.max(shortestPauseMs, busyMs * pausePerWriteMs);
  }
}
