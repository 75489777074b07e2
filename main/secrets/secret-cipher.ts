import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmod, readFile, rename } from "node:fs/promises";
import { basename } from "node:path";
import { UserFacingError } from "../errors";
import { writeFileAtomic } from "../storage/json-file";

/**
 * Encrypts secrets (saved passwords, client keys) before they reach a file. main/ sees only
 * this port; the Electron host plugs in the OS keychain, the web host a key file.
 */
export interface SecretCipher {
  /** Whether the OS protects the key; false for a fallback that only obscures. */
  storage(): Promise<{ secure: boolean; description: string }>;
  encrypt(plain: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
  /** Why secrets sealed earlier may not open (their key was damaged and replaced), in a sentence; undefined when nothing is known. */
  keyProblem?(): Promise<string | undefined>;
}

/**
 * AES-256-GCM with a random key in a 0600 file beside the data: for the web host, which has
 * no OS keychain to ask. Whoever can read the key file can read the secrets.
 */
export class KeyFileCipher implements SecretCipher {
  private key: Promise<Buffer> | undefined;
  /** Where a damaged key file was put aside this run. */
  private keptAside: string | undefined;

  constructor(private readonly keyPath: string) {}

  async storage() {
    return { secure: true, description: `encrypted with a key kept in ${this.keyPath} (readable by your user only)` };
  }

  async encrypt(plain: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", await this.loadKey(), iv);
    const sealed = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64");
  }

  async decrypt(sealed: string): Promise<string> {
    const bytes = Buffer.from(sealed, "base64");
    const decipher = createDecipheriv("aes-256-gcm", await this.loadKey(), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  }

  async keyProblem(): Promise<string | undefined> {
    await this.loadKey().catch(() => undefined);
    if (!this.keptAside) return undefined;
    return `The key file that sealed them was damaged; it was kept as ${basename(this.keptAside)} beside it, and a new key was made.`;
  }

  private loadKey(): Promise<Buffer> {
    // A key that could not be had this time (a disk error) is tried again on the next use.
    this.key ??= this.readOrCreateKey().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  /**
   * A damaged key file (not a key, unreadable, a folder in its place) is renamed aside, never
   * overwritten, and a new key is made: the secrets it sealed are lost unless it is mended.
   */
  private async readOrCreateKey(): Promise<Buffer> {
    let key: Buffer | undefined;
    try {
      key = Buffer.from((await readFile(this.keyPath, "utf8")).trim(), "base64");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return this.createKey();
      // Only a folder in its place is damage; any other failure to read (a disk error, no permission) may pass, and the key is kept.
      if (code !== "EISDIR")
        throw new UserFacingError(
          "permission-denied",
          `The key file ${this.keyPath} cannot be read just now, so saved passwords cannot be used; Ferry left it as it is.`,
        );
    }
    if (key?.length === 32) {
      await chmod(this.keyPath, 0o600);
      return key;
    }
    const aside = `${this.keyPath}.damaged-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    try {
      await rename(this.keyPath, aside);
    } catch {
      throw new UserFacingError(
        "permission-denied",
        `The key file ${this.keyPath} is damaged and cannot be moved aside; saved passwords cannot be used until it is removed.`,
      );
    }
    this.keptAside = aside;
    return this.createKey();
  }

  private async createKey(): Promise<Buffer> {
    const key = randomBytes(32);
    await writeFileAtomic(this.keyPath, key.toString("base64"), 0o600);
    return key;
  }
}
