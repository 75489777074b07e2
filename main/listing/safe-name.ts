/**
 * A name from a remote listing is used to build paths and FTP commands. Names that could
 * climb out of the folder or inject a command are not shown at all.
 */
export function isSafeEntryName(name: string): boolean {
  if (name === "" || name === "." || name === "..") return false;
  return !/[/\\\0\r\n]/.test(name);
}
