const units = ["B", "KB", "MB", "GB", "TB", "PB"];

/**
 * 1 536 → "1.5 KB", 67 108 864 → "67 MB": decimal units (1 KB = 1 000 bytes) everywhere Ferry
 * shows a size, so that a unit means the same in the panes, the queue and the dialogs.
 */
export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return "";
  if (bytes < 1000) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  while (unit < units.length - 1 && Number(value.toFixed(value < 10 ? 1 : 0)) >= 1000) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "67 108 864 bytes": the exact count, for hovers and Properties. */
export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString()} ${bytes === 1 ? "byte" : "bytes"}`;
}

// A four-digit year whatever the locale's short style would do ("1/2/26" is ambiguous).
const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});
const dateWithSecondsFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** A pane's Modified column: the date with a four-digit year and the time to the minute, in the user's locale. */
export function formatDate(ms: number | undefined): string {
  return ms === undefined ? "" : dateFormat.format(ms);
}

/** The same to the second, for the hover. */
export function formatDateWithSeconds(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : dateWithSecondsFormat.format(ms);
}

const longDateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Unambiguous dates for certificates and the trust list: "23 Nov 2026, 14:05". */
export function formatDateTime(ms: number): string {
  return longDateFormat.format(ms);
}

/** 75 → "1:15", 3 725 → "1:02:05": the time left, as transfer queues show it. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
