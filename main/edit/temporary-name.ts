import { randomBytes } from "node:crypto";

/** Bytes of the name a temporary name keeps: with the dot and the suffix it stays within the 255 bytes file systems allow. */
const keptBytes = 200;

/** The longest start of `name` within `bytes` bytes of UTF-8, never cutting a character in two. */
function clipped(name: string, bytes: number): string {
  let kept = "";
  let used = 0;
  for (const character of name) {
    used += Buffer.byteLength(character, "utf8");
    if (used > bytes) break;
    kept += character;
  }
  return kept;
}

/**
 * A name no one else uses, beside the file, for a save that replaces it whole:
 * ".index.php.ferry-3f2a.part". A long name is cut by its UTF-8 bytes, not its characters:
 * 120 Cyrillic letters are 240 bytes.
 */
export function temporaryName(name: string, suffix: "part" | "tmp"): string {
  return `.${clipped(name, keptBytes)}.ferry-${randomBytes(4).toString("hex")}.${suffix}`;
}
