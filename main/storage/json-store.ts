import type { z } from "zod";
import { UserFacingError } from "../errors";
import { readJsonFile, writeFileAtomic, type JsonFileRead } from "./json-file";

/** A notice as a store raises it: the notice board gives it its id. */
export interface NoticeText {
  text: string;
  detail?: string;
}
export type Notify = (notice: NoticeText) => void;

/** How a store reads its file: one JSON value against a schema, or a reader of its own (a file too large for one string). */
export type JsonStoreSource<T> =
  | {
      /** Turns the file's JSON into the value; a transform may reshape it (a record into a Map). */
      schema: z.ZodType<T, unknown>;
    }
  | {
      /** Reads the file as `readJsonFile` does: never throws, moves aside what it cannot read. */
      read(path: string): Promise<JsonFileRead<T>>;
    };

export type JsonStoreOptions<T> = JsonStoreSource<T> & {
  path: string;
  /** The value while there is no file, or after one could not be read. Never mutated. */
  initial: T;
  /** What the value is written as; the value itself by default. */
  toJson?: (value: T) => unknown;
  /**
   * Writes the value as text, in place of indented JSON: a file that can grow large (the queue)
   * is written compact and a piece at a time, so that the app keeps answering while it is.
   */
  text?: (value: T) => string | AsyncIterable<string>;
  /** The file's content in words, for sentences: "Your bookmarks". */
  label: string;
  /** What starting from `initial` means to the user: "Ferry started with no bookmarks". */
  afresh: string;
  /** Where a problem with the file is told; tools and tests that do not listen leave it out. */
  notify?: Notify | undefined;
};

/**
 * One JSON data file: loaded once, changed one write after another, written atomically. A
 * file that cannot be read is kept aside, reported through `notify`, and the store starts
 * from `initial`; no data file can stop Ferry starting.
 *
 * Values are replaced, never mutated: `update` gets the newest value and returns the next.
 */
export class JsonStore<T> {
  private loading: Promise<{ value: T }> | undefined;
  /** The tail of the write queue; never rejects, so one failed write does not stop the next. */
  private writes: Promise<unknown> = Promise.resolve();
  /** Why writes are refused: the file could not be read nor moved aside, so it must not be replaced. */
  private refusal: string | undefined;

  constructor(private readonly options: JsonStoreOptions<T>) {
    // Read at once, so that a damaged file is reported when Ferry starts, not when first used.
    // Loading does not reject (readJsonFile never throws); the catch only keeps that promise from ever ending the process.
    this.loaded().catch(() => undefined);
  }

  /** Writes are refused: the file could not be read nor moved aside. The load's notice has said so already. */
  get refusesWrites(): boolean {
    return this.refusal !== undefined;
  }

  /** The value as last written (or loaded). */
  async read(): Promise<T> {
    return (await this.loaded()).value;
  }

  /**
   * Changes the value and writes it. Concurrent updates run one after another, each on the
   * value the one before it left, so none loses another's change. A failed write leaves the
   * value as it was and rejects with a sentence.
   */
  update(change: (value: T) => T | Promise<T>): Promise<T> {
    const done = this.writes.then(async () => {
      const box = await this.loaded();
      const next = await change(box.value);
      await this.save(next);
      box.value = next;
      return next;
    });
    this.writes = done.catch(() => undefined);
    return done;
  }

  /** Replaces the value: what a file module with `save(value)` needs. */
  async write(value: T): Promise<void> {
    await this.update(() => value);
  }

  private loaded(): Promise<{ value: T }> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<{ value: T }> {
    const { path, initial, label, afresh, notify } = this.options;
    const read = "read" in this.options ? await this.options.read(path) : await readJsonFile(path, this.options.schema);
    if (read.state === "ok") return { value: read.value };
    if (read.state === "corrupt") {
      notify?.({ text: `${label} could not be read (${read.reason}), so ${afresh}.`, detail: `The file was kept as ${read.backup}.` });
    } else if (read.state === "unreadable") {
      this.refusal = `${label} could not be saved: ${path} could not be read (${read.reason}), and Ferry does not replace what it cannot read.`;
      notify?.({
        text: `${label} could not be read (${read.reason}), so ${afresh} and will not save changes to it.`,
        detail: `The file is ${path}.`,
      });
    }
    return { value: initial };
  }

  private async save(value: T): Promise<void> {
    if (this.refusal) throw new UserFacingError("permission-denied", this.refusal);
    const text = this.options.text
      ? this.options.text(value)
      : JSON.stringify(this.options.toJson ? this.options.toJson(value) : value, null, 2);
    try {
      await writeFileAtomic(this.options.path, text);
    } catch (error) {
      const why = whyNotWritten((error as NodeJS.ErrnoException).code);
      throw new UserFacingError("permission-denied", `${this.options.label} could not be saved (${why}).`);
    }
  }
}

function whyNotWritten(code: string | undefined): string {
  switch (code) {
    case "ENOSPC":
    case "EDQUOT":
      return "the disk is full";
    case "EROFS":
      return "the disk is read-only";
    case "EACCES":
    case "EPERM":
      return "Ferry is not allowed to write there";
    case "EISDIR":
    case "ENOTEMPTY":
    case "EEXIST":
      return "a folder is in its place";
    case "ENOTDIR":
      return "a file is where its folder should be";
    default:
      return "the disk refused the write";
  }
}
