import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { z } from "zod";

/**
 * Replaces a file so that a reader (or a crash) sees either the old or the new content,
 * never a mix: write a temporary file beside it, flush it to disk, rename it over the old.
 */
export async function writeFileAtomic(path: string, content: string, mode = 0o600): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const file = await open(temporary, "wx", mode);
    try {
      await file.writeFile(content, "utf8");
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

async function syncFolder(folder: string): Promise<void> {
  // Makes the rename itself durable; not every platform can open a folder for this.
  try {
    const handle = await open(folder, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    return;
  }
}

export type JsonFileRead<T> =
  | { state: "missing" }
  | { state: "ok"; value: T }
  /** The file could not be parsed; it was renamed to `backup` and is left for the user. */
  | { state: "corrupt"; backup: string; reason: string };

/**
 * Reads a JSON settings file against its schema. A file that does not parse is moved aside
 * (never overwritten), so that the caller can start afresh without losing it.
 */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<JsonFileRead<T>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { state: "missing" };
    throw error;
  }
  let reason: string;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return { state: "ok", value: parsed.data };
    reason = parsed.error.issues[0]?.message ?? "it does not have the expected fields";
  } catch (error) {
    reason = error instanceof Error ? error.message : "it is not JSON";
  }
  const backup = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  await rename(path, backup);
  return { state: "corrupt", backup, reason };
}
