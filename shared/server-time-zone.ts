/**
 * A server's time zone as far as its listings go: many servers print LIST times in their own
 * local time (MLSD and MDTM are UTC by RFC 3659). WinSCP calls it "Timezone offset", FileZilla
 * "Adjust server time". Ferry keeps it as the server's offset from UTC in minutes, east positive:
 * a server in Tokyo is +540, and its LIST times are 9 hours ahead of the true time.
 */
import { z } from "zod";

/** As far as FileZilla lets a site adjust server times (24 hours either way). */
export const maxServerTimeOffsetMinutes = 24 * 60;

/** A server's offset from UTC in minutes, east positive; unset on a site: detected from MDTM. */
export const ServerTimeOffsetSchema = z.number().int().min(-maxServerTimeOffsetMinutes).max(maxServerTimeOffsetMinutes);

/** "UTC+09:00", "UTC−03:30", "UTC" for none: as the site form and the session log name an offset. */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return "UTC";
  const size = Math.abs(minutes);
  const hours = String(Math.floor(size / 60)).padStart(2, "0");
  return `UTC${minutes < 0 ? "−" : "+"}${hours}:${String(size % 60).padStart(2, "0")}`;
}

/** The offsets the site form offers: every quarter hour from UTC−12:00 to UTC+14:00, which covers the world's zones. */
export const utcOffsetChoices: readonly number[] = Array.from({ length: (26 * 60) / 15 + 1 }, (_, step) => -12 * 60 + step * 15);
