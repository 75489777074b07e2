import { safeStorage } from "electron";
import type { SecretCipher } from "../../main/secrets/secret-cipher";

/**
 * Saved passwords sealed by the OS keychain through Electron's safeStorage (the async API).
 * On Linux without a keyring, Electron falls back to a fixed key ("basic_text"): that is
 * reported as not secure, and the site manager says so.
 */
export class SafeStorageCipher implements SecretCipher {
  async storage() {
    const available = await safeStorage.isAsyncEncryptionAvailable();
    const backend = process.platform === "linux" ? safeStorage.getSelectedStorageBackend() : "os";
    if (!available || backend === "basic_text") {
      return { secure: false, description: "this system has no keyring, so saved passwords would only be obscured, not encrypted" };
    }
    return { secure: true, description: "encrypted by your system's keychain" };
  }

  async encrypt(plain: string): Promise<string> {
    return (await safeStorage.encryptStringAsync(plain)).toString("base64");
  }

  async decrypt(sealed: string): Promise<string> {
    return (await safeStorage.decryptStringAsync(Buffer.from(sealed, "base64"))).result;
  }
}
