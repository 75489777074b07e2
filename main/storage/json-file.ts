import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { copyFile, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { z } from "zod";

/**
 * Replaces a file so that a reader (or a crash) sees either the old or the new content,
 * never a mix: write a temporary file beside it, flush it to disk, rename it over the old.
 */
export async function writeFileAtomic(path: string, content: string | AsyncIterable<string>, mode = 0o600): Promise<void> {
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
  /** The file could not be read or parsed; it was renamed to `backup` and is left for the user. */
  | { state: "corrupt"; backup: string; reason: string }
  /** The file could not be read, nor moved aside: it is still in its place. */
  | { state: "unreadable"; reason: string };

/**
 * Reads a JSON data file against its schema. Never throws: a file that cannot be read or
 * parsed (a folder in its place, no permission, not JSON, the wrong fields) is moved aside
 * (never overwritten), so that the caller can start afresh without losing it.
 */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<JsonFileRead<T>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { state: "missing" };
    return moveAside(path, whyUnreadable(code));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return moveAside(path, "it is not valid JSON");
  }
  let parsed: { success: true; data: T } | { success: false };
  try {
    parsed = schema.safeParse(json);
  } catch {
    // zod lets an exception from a transform (a migration) escape safeParse: the file is as unusable as a wrong one.
    parsed = { success: false };
  }
  if (parsed.success) return { state: "ok", value: parsed.data };
  return moveAside(path, "it does not hold what Ferry expects there");
}

/** Why a data file could not be read, in words. */
export function whyUnreadable(code: string | undefined): string {
  switch (code) {
    case "EISDIR":
      return "a folder is in its place";
    case "EACCES":
    case "EPERM":
      return "Ferry is not allowed to read it";
    case "ENOTDIR":
      return "a file is where its folder should be";
    case "ERR_STRING_TOO_LONG":
      return "it is too large to read in one piece";
    default:
      return "the disk would not give it back";
  }
}

/** A name beside `path` for a copy of it that is kept: `sites.json.corrupt-2024-05-01T10-00-00-000Z`. */
function besidePath(path: string, kind: string): string {
  return `${path}.${kind}-${new Date().toISOString().replace(/[:.]/g, "-")}`;
}

/** Renames a file that could not be read out of the way (never deletes it), so that the caller can start afresh. */
export async function moveAside<T>(path: string, reason: string): Promise<JsonFileRead<T>> {
  const backup = besidePath(path, "corrupt");
  try {
    await rename(path, backup);
  } catch {
    return { state: "unreadable", reason };
  }
  return { state: "corrupt", backup, reason };
}

/**
 * Copies a file beside itself (`kind` names the copy) before it is replaced by a version that
 * leaves something out, so that nothing of the user's is lost. Its path, or undefined when it
 * could not be copied.
 */
export async function keepCopy(path: string, kind: string): Promise<string | undefined> {
  const copy = besidePath(path, kind);
  try {
    await copyFile(path, copy, constants.COPYFILE_EXCL);
  } catch {
    return undefined;
  }
  return copy;
}
