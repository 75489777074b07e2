import { access, stat, unlink } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { UserFacingError } from "../errors";

/**
 * A path inside `root` built from names a server chose. Whatever the names say, the result
 * never leaves `root`: a name that would is refused.
 */
export function pathInside(root: string, ...names: string[]): string {
  const base = resolve(root);
  const full = resolve(base, ...names);
  if (full !== base && !full.startsWith(base.endsWith(sep) ? base : `${base}${sep}`)) {
    throw new UserFacingError("invalid-request", `Refused to write outside ${base}: ${JSON.stringify(names.join("/"))}.`);
  }
  return full;
}

/** Where a download is written until it is complete and verified (WinSCP's convention). */
export function partialPathOf(target: string): string {
  return `${target}.filepart`;
}

/**
 * Whether a target was put in place whole: it is a file of the expected size and its partial
 * file is gone. That is how a download looks when Ferry was killed between the rename of its
 * .filepart and saving the queue.
 */
export async function landedWhole(target: string, size: number | undefined): Promise<boolean> {
  if (size === undefined || (await localExists(partialPathOf(target)))) return false;
  const info = await stat(target).catch(() => undefined);
  return info?.isFile() === true && info.size === size;
}

/**
 * Deletes the partial file of a target, never failing: unlink removes only a file, so a folder
 * the user has under that name stays.
 */
export function discardPartial(target: string): Promise<void> {
  return unlink(partialPathOf(target)).catch(() => undefined);
}

/** "report.pdf" → "report (1).pdf", the first name for which `exists` says no. */
export async function freeName(name: string, exists: (candidate: string) => Promise<boolean>): Promise<string> {
  const extension = extname(name);
  const stem = extension ? name.slice(0, -extension.length) : name;
  for (let n = 1; n < 10_000; n++) {
    const candidate = `${stem} (${n})${extension}`;
    if (!(await exists(candidate))) return candidate;
  }
  throw new UserFacingError("internal", `No free name found beside ${name}.`);
}

export async function localExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
