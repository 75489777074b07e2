import { z } from "zod";
import { TrustedCertificateSchema, type TrustedCertificate } from "../../shared/certificate";
import { JsonStore, type Notify } from "../storage/json-store";

const TrustFileSchema = z.object({ version: z.literal(1), entries: z.array(TrustedCertificateSchema) }).transform((file) => file.entries);

/**
 * The certificates the user chose to always trust, one per host and port, kept in the
 * user-data folder. Only fingerprints and names are stored: nothing secret.
 */
export class TrustStore {
  private readonly file: JsonStore<TrustedCertificate[]>;
  /** Why the list started empty, for the trusted-certificates dialog too. */
  private notice: string | undefined;

  constructor(path: string, notify?: Notify) {
    this.file = new JsonStore({
      path,
      schema: TrustFileSchema,
      initial: [],
      toJson: (entries) => ({ version: 1, entries }),
      label: "Your trusted certificates",
      afresh: "Ferry started with an empty list",
      notify: (notice) => {
        this.notice = notice.detail ? `${notice.text} ${notice.detail}` : notice.text;
        notify?.(notice);
      },
    });
  }

  async find(host: string, port: number): Promise<TrustedCertificate | undefined> {
    return (await this.file.read()).find((entry) => sameTarget(entry, host, port));
  }

  async list(): Promise<{ entries: TrustedCertificate[]; notice?: string }> {
    const entries = await this.file.read();
    return { entries: [...entries], ...(this.notice ? { notice: this.notice } : {}) };
  }

  /** Trusts a certificate for a host and port, replacing whatever was trusted there before. */
  async trust(entry: TrustedCertificate): Promise<void> {
    await this.file.update((entries) => [...entries.filter((e) => !sameTarget(e, entry.host, entry.port)), entry]);
  }

  async remove(host: string, port: number): Promise<void> {
    await this.file.update((entries) => entries.filter((e) => !sameTarget(e, host, port)));
  }
}

function sameTarget(entry: TrustedCertificate, host: string, port: number): boolean {
  return entry.host.toLowerCase() === host.toLowerCase() && entry.port === port;
}
