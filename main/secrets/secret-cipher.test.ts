import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KeyFileCipher } from "./secret-cipher";

describe("the key file cipher", () => {
  it("keeps a key it cannot read just now, says so, and uses it once it can be read again", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ferry-key-"));
    const folder = join(dir, "data");
    const keyPath = join(folder, "secret.key");
    await mkdir(folder);
    const sealed = await new KeyFileCipher(keyPath).encrypt("pw");
    const key = await readFile(keyPath, "utf8");

    // The data folder is out of reach for a moment (here: a file in its place).
    await rm(folder, { recursive: true });
    await writeFile(folder, "in the way");
    const cipher = new KeyFileCipher(keyPath);
    await expect(cipher.decrypt(sealed)).rejects.toThrow("cannot be read just now");

    await rm(folder);
    await mkdir(folder);
    await writeFile(keyPath, key);
    expect(await cipher.decrypt(sealed)).toBe("pw");
    expect(await readdir(folder)).toEqual(["secret.key"]);
    expect(await cipher.keyProblem()).toBeUndefined();
  });
});
