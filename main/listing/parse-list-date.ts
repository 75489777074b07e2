import type { TimePrecision } from "../../shared/domain";

const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * Reads the date of a Unix `LIST` line ("Nov 23 19:17" or "Nov 23  2025"), which basic-ftp
 * leaves as text. Dates without a year are in the last twelve months, as `ls` prints them.
 * Returns milliseconds since the epoch (UTC) and how finely the line gave them (a year: the day
 * only; a time: the minute), or undefined for text it does not know.
 */
export function parseListDate(raw: string, now: Date = new Date()): { time: number; precision: TimePrecision } | undefined {
  const match = /^([A-Za-z]{3})\s+(\d{1,2})\s+(?:(\d{4})|(\d{1,2}):(\d{2}))$/.exec(raw.trim());
  if (!match) return undefined;
  const month = months.indexOf(match[1]!.toLowerCase());
  if (month < 0) return undefined;
  const day = Number(match[2]);
  if (match[3]) return { time: Date.UTC(Number(match[3]), month, day), precision: "day" };
  const hours = Number(match[4]);
  const minutes = Number(match[5]);
  let year = now.getUTCFullYear();
  const candidate = Date.UTC(year, month, day, hours, minutes);
  // A date more than a day ahead belongs to last year (allows for time zones).
  if (candidate > now.getTime() + 86_400_000) year -= 1;
  return { time: Date.UTC(year, month, day, hours, minutes), precision: "minute" };
}
