import { defaultTransferPreferences, TransferPreferencesSchema, type TransferPreferences } from "../../shared/transfer";
import { readJsonFile, writeFileAtomic } from "../storage/json-file";

/** The user's preferences, in the user-data folder; a file that cannot be read is kept aside. */
export class PreferencesStore {
  private current: TransferPreferences | undefined;

  constructor(private readonly path: string) {}

  async get(): Promise<TransferPreferences> {
    if (this.current) return this.current;
    const read = await readJsonFile(this.path, TransferPreferencesSchema);
    const current = read.state === "ok" ? read.value : defaultTransferPreferences;
    this.current = current;
    return current;
  }

  async set(change: { [K in keyof TransferPreferences]?: TransferPreferences[K] | undefined }): Promise<TransferPreferences> {
    const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
    const next = TransferPreferencesSchema.parse({ ...(await this.get()), ...defined });
    await writeFileAtomic(this.path, JSON.stringify(next, null, 2));
    this.current = next;
    return next;
  }
}
