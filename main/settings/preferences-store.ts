import { defaultTransferPreferences, TransferPreferencesSchema, type TransferPreferences } from "../../shared/transfer";
import { z } from "zod";
import { JsonStore, type Notify } from "../storage/json-store";

/**
 * A file from before "Small files at once" whose "At once" the user lowered below the default
 * (one at a time, for a server that wants no more): small files keep to it, as they did then.
 */
function fromBeforeSmallFiles(stored: unknown): unknown {
  if (typeof stored !== "object" || stored === null || "smallFilesParallel" in stored || !("parallel" in stored)) return stored;
  const { parallel } = stored;
  return typeof parallel === "number" && parallel < defaultTransferPreferences.parallel
    ? { ...stored, smallFilesParallel: parallel }
    : stored;
}

/** The user's preferences, in the user-data folder; a file that cannot be read is kept aside and reported. */
export class PreferencesStore {
  private readonly file: JsonStore<TransferPreferences>;
  private readonly listeners: ((preferences: TransferPreferences) => void)[] = [];

  constructor(path: string, notify?: Notify) {
    this.file = new JsonStore({
      path,
      schema: z.preprocess(fromBeforeSmallFiles, TransferPreferencesSchema),
      initial: defaultTransferPreferences,
      label: "Your preferences",
      afresh: "Ferry uses the default preferences",
      notify,
    });
  }

  get(): Promise<TransferPreferences> {
    return this.file.read();
  }

  async set(change: { [K in keyof TransferPreferences]?: TransferPreferences[K] | undefined }): Promise<TransferPreferences> {
    const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
    const next = await this.file.update((current) => TransferPreferencesSchema.parse({ ...current, ...defined }));
    for (const listener of this.listeners) listener(next);
    return next;
  }

  /** Hears every change, for what must follow one at once (the speed limits of running transfers). */
  onChange(listener: (preferences: TransferPreferences) => void): void {
    this.listeners.push(listener);
  }
}
