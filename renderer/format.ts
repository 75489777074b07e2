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

/** 75 → "1:15", 3 725 → "1:02:05": the time left, as transfer queues show it. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
