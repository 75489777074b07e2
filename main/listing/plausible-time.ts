const dayMs = 86_400_000;

/**
 * Why a file time from a server cannot be used, or undefined when it can: not a date at all,
 * before 1970, or more than a day ahead (a day allows for time zones).
 */
export function implausibleTime(ms: number, now: number = Date.now()): string | undefined {
  if (!Number.isFinite(ms)) return "is not a date";
  if (ms < 0) return `is before 1970 (${new Date(ms).toISOString().slice(0, 10)})`;
  if (ms > now + dayMs) return `is in the future (${new Date(ms).toISOString().slice(0, 10)})`;
  return undefined;
}
