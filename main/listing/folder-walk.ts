import { defaultTransferPreferences } from "../../shared/transfer";

/** How far a walk of a folder tree may go, and what stops it. */
export interface WalkLimits {
  /** Levels of folders below the one chosen; the preference `maxFolderDepth`. */
  maxDepth?: number | undefined;
  /** Aborted when the walk should stop (its session was closed). */
  signal?: AbortSignal | undefined;
  /** Local walks: follow links to places outside the chosen items; the preference `followLinksOutOfTree`. */
  followLinksOutOfTree?: boolean | undefined;
}

export function maxDepthOf(limits: WalkLimits): number {
  return limits.maxDepth ?? defaultTransferPreferences.maxFolderDepth;
}

/** The sentence for a folder the walk did not enter, so that a tree that never ends stops. */
export function tooDeepMessage(path: string, maxDepth: number): string {
  return `Did not go into ${path}: it is nested more than ${maxDepth} folders deep (the limit is a preference).`;
}
