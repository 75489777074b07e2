import type { TransferJob, TransferPreferences } from "../../shared/transfer";

/**
 * Below this size a file's time goes to round trips, not bytes: at 60 ms a data connection and its
 * commands cost about 0.3 s, while 1 MB at 200 Mbit/s takes 0.04 s. More connections finish a
 * queue of such files sooner; bigger files share the link, which more connections only divide.
 * In the queue's units: "Files under 1 MB", as the settings say.
 */
export const smallFileBytes = 1_000_000;

/** A server's jobs at once: all of them, and of those the big files. */
export interface AtOnce {
  all: number;
  big: number;
}

type AtOncePreferences = Pick<TransferPreferences, "parallel" | "smallFilesParallel">;
type Sized = Pick<TransferJob, "kind" | "size">;

/** A file that is not quick work for the server: 1 MB or more, or of unknown size. Deletions and time sets are quick. */
export function isBigFile(job: Sized): boolean {
  return job.kind === "file" && (job.size === undefined || job.size >= smallFileBytes);
}

/**
 * How many of a server's jobs may run at once. A saved site's own number is the user's word for
 * that server and holds for every job; otherwise up to `smallFilesParallel` jobs run (never fewer
 * than `parallel`), of which at most `parallel` are big files. The server's connection limit caps
 * both (the connection pool).
 */
export function atOnceLimits(preferences: AtOncePreferences, siteParallel: number | undefined): AtOnce {
  if (siteParallel !== undefined) return { all: siteParallel, big: siteParallel };
  return { all: Math.max(preferences.parallel, preferences.smallFilesParallel), big: preferences.parallel };
}

/**
 * Whether a server that runs `running` may start this job too (no job: any job). A big file waits
 * only for the big files running, not for small ones: it keeps its place in the queue's order.
 */
export function hasRoomFor(limits: AtOnce, running: AtOnce, job?: Sized): boolean {
  return running.all < limits.all && (job === undefined || !isBigFile(job) || running.big < limits.big);
}
