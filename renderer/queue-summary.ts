import { finishedPhrase, type QueueSummary } from "../shared/transfer";
import { formatDuration, formatSize } from "./format";

/** "0:13": the time left at this speed, or nothing when it cannot be told. */
export function timeLeft(remaining: number, speed: number | undefined): string {
  return speed && speed > 0 && remaining > 0 ? formatDuration(remaining / speed) : "";
}

/**
 * The queue's one-line summary, as it is: "2 running, 40 waiting, 1 paused, 3 failed — 829 MB of
 * 3.0 GB (27 %), 168 MB/s, 0:13 left" while anything runs, over the whole batch until finished
 * jobs are removed; "Finished: 57 done, 3 failed" when nothing is left; paused jobs are never
 * called finished.
 */
export function summaryText(summary: QueueSummary): string {
  const { counts } = summary;
  if (summary.total === 0) return "No transfers";
  if (summary.active === 0) {
    const finished = finishedPhrase(counts);
    if (counts.paused === 0) return `Finished: ${finished}`;
    return counts.paused === summary.total
      ? `Nothing running: ${counts.paused} paused`
      : `Nothing running: ${counts.paused} paused, ${finished}`;
  }
  const states = [
    [counts.running, "running"],
    [counts.queued, "waiting"],
    [counts.paused, "paused"],
    [counts.failed, "failed"],
    [counts.cancelled, "cancelled"],
    [counts.skipped, "skipped"],
  ] as const;
  const what = states
    .filter(([count]) => count > 0)
    .map(([count, word]) => `${count} ${word}`)
    .join(", ");
  const percent = summary.bytesTotal > 0 ? Math.floor((summary.bytesDone / summary.bytesTotal) * 100) : 0;
  let text = `${what} — ${formatSize(summary.bytesDone)} of ${formatSize(summary.bytesTotal)} (${percent} %)`;
  if (summary.speed > 0) {
    text += `, ${formatSize(summary.speed)}/s`;
    const left = timeLeft(summary.bytesTotal - summary.bytesDone, summary.speed);
    if (left) text += `, ${left} left`;
  }
  return text;
}

/** "Speed limit: 400 KB/s down, 1.0 MB/s up", naming only the limits that are on; "" with none. */
export function speedLimitText(limits: { downloadLimit: number; uploadLimit: number }): string {
  const parts = [
    [limits.downloadLimit, "down"],
    [limits.uploadLimit, "up"],
  ] as const;
  const on = parts.filter(([kb]) => kb > 0).map(([kb, way]) => `${formatSize(kb * 1000)}/s ${way}`);
  return on.length === 0 ? "" : `Speed limit: ${on.join(", ")}`;
}
