import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmod, readFile } from "node:fs/promises";
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
}

/**
 * AES-256-GCM with a random key in a 0600 file beside the data: for the web host, which has
 * no OS keychain to ask. Whoever can read the key file can read the secrets.
 */
export class KeyFileCipher implements SecretCipher {
  private key: Promise<Buffer> | undefined;

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

  private loadKey(): Promise<Buffer> {
    this.key ??= this.readOrCreateKey();
    return this.key;
  }

  private async readOrCreateKey(): Promise<Buffer> {
    let text: string;
    try {
      text = await readFile(this.keyPath, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      const key = randomBytes(32);
      await writeFileAtomic(this.keyPath, key.toString("base64"), 0o600);
      return key;
    }
    await chmod(this.keyPath, 0o600);
    const key = Buffer.from(text.trim(), "base64");
    if (key.length !== 32) throw new Error(`The key file ${this.keyPath} is damaged; saved passwords cannot be read.`);
    return key;
  }
}
