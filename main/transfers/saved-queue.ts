import { setImmediate as nextTurn } from "node:timers/promises";
import { z } from "zod";
import { isUnsettled, TransferJobSchema, type TransferJob } from "../../shared/transfer";
import { readJsonFile, writeFileAtomic } from "../storage/json-file";

const QueueFileSchema = z.object({ version: z.literal(1), jobs: z.array(TransferJobSchema) });

/** Speed is a live figure: it is neither saved nor restored. */
const withoutSpeed = (key: string, value: unknown) => (key === "speed" ? undefined : value);

/** The shortest pause between two saves; a burst of changes (a thousand small files ending) becomes one write. */
const shortestPauseMs = 300;
/** A big queue takes a while to write: the pause grows with it, so that saving never takes more than a tenth of the time. */
const pausePerWriteMs = 10;
/** Jobs turned into text at a time, between turns of the event loop: a few milliseconds each. */
const jobsPerPiece = 2000;

/**
 * The queue kept on disk between runs, in one file written atomically: finished jobs come
 * back as history and unfinished ones paused, so that nothing starts before the user says so.
 * A damaged file is kept aside and the queue starts empty.
 */
export class SavedQueue {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private pauseMs = shortestPauseMs;

  /** `current` gives the jobs to save at the moment of writing. */
  constructor(
    private readonly path: string,
    private readonly current: () => readonly TransferJob[],
  ) {}

  async load(): Promise<TransferJob[]> {
    const read = await readJsonFile(this.path, QueueFileSchema);
    if (read.state !== "ok") return [];
    const jobs = read.value.jobs;
    for (const job of jobs) {
      delete job.speed;
      if (isUnsettled(job.status)) job.status = "paused";
    }
    return jobs;
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
    await this.writing;
  }

  private write(): void {
    // The list as it is now; each job is written as it is when its piece is made.
    const jobs = this.current().slice();
    this.writing = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.path, this.pieces(jobs)));
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
      const piece = JSON.stringify(jobs.slice(start, start + jobsPerPiece), withoutSpeed).slice(1, -1);
      busyMs += Date.now() - started;
      yield start === 0 ? piece : `,${piece}`;
      await nextTurn();
    }
    yield "]}";
    this.pauseMs = Math.max(shortestPauseMs, busyMs * pausePerWriteMs);
  }
}
