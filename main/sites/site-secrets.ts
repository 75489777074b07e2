import { z } from "zod";
import { ClientCertificateSchema } from "../../shared/certificate";
import type { SecretCipher } from "../secrets/secret-cipher";

const SecretsSchema = z.object({ password: z.string().optional(), clientCertificate: ClientCertificateSchema.optional() });
export type Secrets = z.infer<typeof SecretsSchema>;

export type SecretChange<T> = { change: "keep" } | { change: "forget" } | { change: "set"; value: T };

/** Which secrets a site holds, or that they were sealed with a key that is gone. */
type SecretKinds = ReadonlySet<keyof Secrets> | "unreadable";

/**
 * Seals and opens sites' secrets through the cipher port, and remembers which secrets each site
 * holds: learned once when the file is read, then kept up to date as secrets are sealed, so that
 * listing the sites never decrypts anything.
 */
export class SiteSecrets {
  private readonly kinds = new Map<string, SecretKinds>();

  constructor(private readonly cipher: SecretCipher) {}

  /** Opens every site's secrets once; returns how many sites' secrets could not be opened. */
  async learn(sites: readonly { id: string; secret?: string | undefined }[]): Promise<number> {
    let unreadable = 0;
    for (const site of sites) {
      if (!site.secret) continue;
      const secrets = await this.open(site.secret);
      if (!secrets) unreadable++;
      this.kinds.set(site.id, secrets ? kindsOf(secrets) : "unreadable");
    }
    return unreadable;
  }

  /** A site's secrets; undefined when they were sealed with a key that is gone. */
  async open(sealed: string | undefined): Promise<Secrets | undefined> {
    if (!sealed) return {};
    try {
      return SecretsSchema.parse(JSON.parse(await this.cipher.decrypt(sealed)));
    } catch {
      return undefined;
    }
  }

  /** Seals `secrets` for the site `id`; undefined when there is nothing to keep. */
  async seal(id: string, secrets: Secrets): Promise<string | undefined> {
    const kinds = kindsOf(secrets);
    if (kinds.size === 0) {
      this.kinds.delete(id);
      return undefined;
    }
    const sealed = await this.cipher.encrypt(JSON.stringify(secrets));
    this.kinds.set(id, kinds);
    return sealed;
  }

  /** A copy of a site keeps the same sealed secrets. */
  copy(fromId: string, toId: string): void {
    const kinds = this.kinds.get(fromId);
    if (kinds) this.kinds.set(toId, kinds);
  }

  has(id: string, key: keyof Secrets): boolean {
    const kinds = this.kinds.get(id);
    return kinds !== undefined && kinds !== "unreadable" && kinds.has(key);
  }

  unreadable(id: string): boolean {
    return this.kinds.get(id) === "unreadable";
  }
}

function kindsOf(secrets: Secrets): Set<keyof Secrets> {
  return new Set((Object.keys(secrets) as (keyof Secrets)[]).filter((key) => secrets[key] !== undefined));
}

/** Applies the changes a save asks for to a site's secrets. */
export function changeSecrets(
  current: Secrets,
  password: SecretChange<string>,
  clientCertificate: SecretChange<NonNullable<Secrets["clientCertificate"]>>,
): Secrets {
  const next: Secrets = { ...current };
  const apply = <K extends keyof Secrets>(key: K, change: SecretChange<NonNullable<Secrets[K]>>) => {
    if (change.change === "forget") delete next[key];
    else if (change.change === "set") next[key] = change.value;
  };
  apply("password", password);
  apply("clientCertificate", clientCertificate);
  return next;
}
