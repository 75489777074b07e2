import { z } from "zod";
import { TrustedCertificateSchema, type TrustedCertificate } from "../../shared/certificate";
import { readJsonFile, writeFileAtomic } from "../storage/json-file";

const TrustFileSchema = z.object({
  version: z.literal(1),
  entries: z.array(TrustedCertificateSchema),
});

/**
 * The certificates the user chose to always trust, one per host and port, kept in the
 * user-data folder. Only fingerprints and names are stored: nothing secret.
 */
export class TrustStore {
  private entries: TrustedCertificate[] | undefined;
  private notice: string | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  async find(host: string, port: number): Promise<TrustedCertificate | undefined> {
    return (await this.load()).find((entry) => sameTarget(entry, host, port));
  }

  async list(): Promise<{ entries: TrustedCertificate[]; notice?: string }> {
    const entries = await this.load();
    return { entries: [...entries], ...(this.notice ? { notice: this.notice } : {}) };
  }

  /** Trusts a certificate for a host and port, replacing whatever was trusted there before. */
  async trust(entry: TrustedCertificate): Promise<void> {
    const entries = await this.load();
    this.entries = [...entries.filter((e) => !sameTarget(e, entry.host, entry.port)), entry];
    await this.save();
  }

  async remove(host: string, port: number): Promise<void> {
    const entries = await this.load();
    this.entries = entries.filter((e) => !sameTarget(e, host, port));
    await this.save();
  }

  private async load(): Promise<TrustedCertificate[]> {
    if (this.entries) return this.entries;
    const read = await readJsonFile(this.path, TrustFileSchema);
    if (read.state === "corrupt") {
      this.notice = `The trusted certificates file could not be read (${read.reason}). It was kept as ${read.backup}; Ferry started with an empty list.`;
    }
    this.entries = read.state === "ok" ? read.value.entries : [];
    return this.entries;
  }

  private save(): Promise<void> {
    // Writes go one after another, each with the newest list.
    const content = JSON.stringify({ version: 1, entries: this.entries ?? [] }, null, 2);
    this.writing = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.path, content));
    return this.writing;
  }
}

function sameTarget(entry: TrustedCertificate, host: string, port: number): boolean {
  return entry.host.toLowerCase() === host.toLowerCase() && entry.port === port;
}
