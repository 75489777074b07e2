const units = ["B", "KB", "MB", "GB", "TB"];

/** 1 536 → "1.5 KB": human units, as the panes of WinSCP show them. */
export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return "";
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "short" });

export function formatDate(ms: number | undefined): string {
  return ms === undefined ? "" : dateFormat.format(ms);
}

const longDateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Unambiguous dates for certificates and the trust list: "23 Nov 2026, 14:05". */
export function formatDateTime(ms: number): string {
  return longDateFormat.format(ms);
}
