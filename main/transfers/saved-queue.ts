import { z } from "zod";
import { isUnsettled, TransferJobSchema, type TransferJob } from "../../shared/transfer";
import { JsonStore, type Notify } from "../storage/json-store";

/** Unfinished jobs come back paused, so that nothing starts before the user says so; speed is a live figure and does not come back. */
const QueueFileSchema = z.object({ version: z.literal(1), jobs: z.array(TransferJobSchema) }).transform(({ jobs }) => {
  for (const job of jobs) {
    delete job.speed;
    if (isUnsettled(job.status)) job.status = "paused";
  }
  return jobs;
});

const withoutSpeed = ({ speed: _speed, ...job }: TransferJob) => job;

/** The shortest pause between two saves; a burst of changes (a thousand small files ending) becomes one write. */
const shortestPauseMs = 300;
/** A big queue takes a while to write: the pause grows with it, so that saving never takes more than a tenth of the time. */
const pausePerWriteMs = 10;

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
      toJson: (jobs) => ({ version: 1, jobs: jobs.map(withoutSpeed) }),
      compact: true,
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
    const started = Date.now();
    // The store runs writes one after another, so this one ends after every earlier one.
    this.lastWrite = this.file.write(this.current()).then(
      () => {
        this.pauseMs = Math.max(shortestPauseMs, (Date.now() - started) * pausePerWriteMs);
        this.failing = false;
      },
      (error: unknown) => {
        if (!this.failing && !this.file.refusesWrites) this.notify?.({ text: error instanceof Error ? error.message : "Your transfer queue could not be saved." });
        this.failing = true;
      },
    );
  }
}
