import { posix, win32, type PlatformPath } from "node:path";
import { UserFacingError } from "../errors";

/** True when `path` is `folder` or lies below it. */
export function isWithin(folder: string, path: string, paths: PlatformPath): boolean {
  const rest = paths.relative(folder, path);
  return (
    rest === "" ||
    !(rest === ".." || rest.startsWith(`..${paths.sep}`) || paths.isAbsolute(rest) || (paths === win32 && /^[a-z]:/i.test(rest)))
  );
}

/** Refuses to copy or move a folder into itself or below itself, which would never end. */
export function refuseIntoItself(folder: string, names: string[], target: string, paths: PlatformPath = posix, verb = "move"): void {
  for (const name of names) {
    if (isWithin(paths.join(folder, name), target, paths))
      throw new UserFacingError("invalid-request", `Cannot ${verb} “${name}” into itself.`);
  }
}
