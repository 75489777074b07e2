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
    const started = Date.now();
    const content = JSON.stringify({ version: 1, jobs: this.current() }, withoutSpeed);
    this.pauseMs = Math.max(shortestPauseMs, (Date.now() - started) * pausePerWriteMs);
    this.writing = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.path, content));
  }
}
