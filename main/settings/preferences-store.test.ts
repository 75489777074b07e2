import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultTransferPreferences, type TransferPreferences } from "../../shared/transfer";
import { PreferencesStore } from "./preferences-store";

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** A store reading a preferences file with the defaults, and `stored` over them; `smallFilesParallel` only where `stored` has it. */
async function storeOf(stored: Partial<TransferPreferences>): Promise<PreferencesStore> {
  const folder = await mkdtemp(join(tmpdir(), "ferry-preferences-"));
  folders.push(folder);
  const path = join(folder, "preferences.json");
  const before: Partial<TransferPreferences> = { ...defaultTransferPreferences };
  delete before.smallFilesParallel;
  await writeFile(path, JSON.stringify({ ...before, ...stored }));
  return new PreferencesStore(path);
}

describe('a preferences file from before "Small files at once"', () => {
  it("where the user set one transfer at a time keeps small files to one too", async () => {
    const preferences = await (await storeOf({ parallel: 1, retries: 3 })).get();
    expect(preferences).toMatchObject({ parallel: 1, smallFilesParallel: 1, retries: 3 });
  });

  it("at the default or above gives small files their default of 8", async () => {
    expect(await (await storeOf({ parallel: 2 })).get()).toMatchObject({ parallel: 2, smallFilesParallel: 8 });
    expect(await (await storeOf({ parallel: 4 })).get()).toMatchObject({ parallel: 4, smallFilesParallel: 8 });
  });

  it("does not touch a file that has the setting", async () => {
    expect(await (await storeOf({ parallel: 1, smallFilesParallel: 6 })).get()).toMatchObject({ parallel: 1, smallFilesParallel: 6 });
  });
});
