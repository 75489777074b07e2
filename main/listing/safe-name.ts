/**
 * A name from a remote listing is used to build paths and FTP commands. Names that could
 * climb out of the folder or inject a command are not shown at all.
 */
export function isSafeEntryName(name: string): boolean {
  if (name === "" || name === "." || name === "..") return false;
  // Slashes climb folders; control characters (NUL, CR, LF, ESC…) inject commands or fool terminals.
  // eslint-disable-next-line no-control-regex
  return !/[/\\\u0000-\u001f\u007f]/.test(name);
}
