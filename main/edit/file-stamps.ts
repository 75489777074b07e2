/** What both sides (server and disk) give the editor: a file read within a limit, and the conflict check before a save. */
import type { FileStamp, SaveGuard, SaveOutcome, TextEncoding } from "../../shared/edit";

/**
 * A file read into memory, or the size that kept it from being read. `asciiAs`: the encoding a file
 * of plain ASCII is taken to be, so that the first "é" typed into it is written as its site writes it.
 */
export type ReadFile = { kind: "read"; bytes: Buffer; stamp: FileStamp; asciiAs?: TextEncoding } | { kind: "too-large"; size: number };

/** Whether two stamps describe the same file: the size, and the time where both sides know it. */
function sameFile(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && (a.modified === undefined || b.modified === undefined || a.modified === b.modified);
}

/** The conflict a save must not write over, or undefined when the guard allows the file as it is now. */
export function conflictWith(guard: SaveGuard, now: FileStamp | undefined): Extract<SaveOutcome, { kind: "conflict" }> | undefined {
  const conflict = { kind: "conflict" as const, ...(now ? { current: now } : {}) };
  if (guard.kind === "overwrite") return undefined;
  if (guard.kind === "new") return now ? conflict : undefined;
  return now && sameFile(guard.stamp, now) ? undefined : conflict;
}
