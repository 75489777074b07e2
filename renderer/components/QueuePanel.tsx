import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import { useShallow } from "zustand/react/shallow";
import {
  jobEnds,
  overwriteActions,
  type JobDirection,
  type OverwriteAction,
  type TransferJob,
  type TransferPreferences,
} from "../../shared/transfer";
import { formatDuration, formatSize } from "../format";
import { useTransferStore } from "../stores/transfer-store";

const statusWords: Record<TransferJob["status"], string> = {
  queued: "Queued",
  running: "Transferring",
  paused: "Paused",
  done: "Done",
  failed: "Failed",
  skipped: "Skipped",
  cancelled: "Cancelled",
};

export const overwriteActionLabels: Record<OverwriteAction, string> = {
  overwrite: "Overwrite",
  "overwrite-if-newer": "Overwrite if newer",
  "overwrite-if-size-differs": "Overwrite if size differs",
  "overwrite-if-size-differs-or-newer": "Overwrite if size differs or newer",
  resume: "Resume",
  rename: "Rename",
  skip: "Skip",
};

const operationNames: Record<JobDirection, string> = { upload: "Upload", download: "Download", copy: "Copy" };

function operation(job: TransferJob): string {
  if (job.kind === "remove-source-folder") return "Remove folder";
  return `${operationNames[job.direction]}${job.move ? " (move)" : ""}`;
}

/** Every job row is one line high (see .queue-table td). */
const rowHeight = 20;

function eta(remaining: number, speed: number | undefined): string {
  return speed && speed > 0 && remaining > 0 ? formatDuration(remaining / speed) : "";
}

function JobRow({ job, picked }: { job: TransferJob; picked: boolean }) {
  const pick = useTransferStore((state) => state.pick);
  const { source, target } = jobEnds(job);
  const fraction = job.size ? Math.min(1, job.transferred / job.size) : job.status === "done" ? 1 : 0;
  return (
    <tr
      aria-selected={picked}
      className={`job job-${job.status}${picked ? " job-picked" : ""}`}
      onClick={(event) => pick(job.id, event.ctrlKey || event.metaKey)}
    >
      <td>{operation(job)}</td>
      <td className="path-cell" title={source}>
        <bdi>{source}</bdi>
      </td>
      <td className="path-cell" title={target}>
        <bdi>{target}</bdi>
      </td>
      <td className="num" title={job.size !== undefined ? `${job.size.toLocaleString()} bytes` : undefined}>
        {formatSize(job.size)}
      </td>
      <td>
        <progress max={1} value={fraction} aria-label={`Progress of ${source}`} />
      </td>
      <td className="num">{job.kind === "file" ? formatSize(job.transferred) : ""}</td>
      <td className="num">{job.status === "running" && job.speed ? `${formatSize(job.speed)}/s` : ""}</td>
      <td className="num">{job.status === "running" ? eta((job.size ?? 0) - job.transferred, job.speed) : ""}</td>
      <td className="status-cell" title={job.message}>
        {statusWords[job.status]}
        {job.message ? <span className="job-message"> — {job.message}</span> : null}
      </td>
    </tr>
  );
}

/** The transfer queue below the panes: every job with its progress, and the controls WinSCP users expect. */
export function QueuePanel() {
  const { jobs, summary, picked, preferences, error } = useTransferStore(
    useShallow((state) => ({
      jobs: state.jobs,
      summary: state.summary,
      picked: state.picked,
      preferences: state.preferences,
      error: state.error,
    })),
  );
  const { control, removeFinished, setPreferences } = useTransferStore.getState();
  const scope = picked.length > 0 ? "selected" : "all";
  const fraction = summary.bytesTotal > 0 ? summary.bytesDone / summary.bytesTotal : 0;
  const set = (change: Partial<TransferPreferences>) => void setPreferences(change);
  // Only the rows in view are in the page: a queue of 100 000 jobs stays light and quick.
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: jobs.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const above = items[0]?.start ?? 0;
  const below = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const pickedIds = new Set(picked);
  return (
    <section className="queue" aria-label="Transfer queue">
      <div className="queue-toolbar">
        <strong>Queue</strong>
        <span className="queue-summary" role="status" aria-label="Queue summary">
          {summary.active > 0
            ? `${summary.active} to go — ${formatSize(summary.bytesDone)} of ${formatSize(summary.bytesTotal)} (${Math.round(fraction * 100)}%)` +
              (summary.speed > 0
                ? `, ${formatSize(summary.speed)}/s, ${eta(summary.bytesTotal - summary.bytesDone, summary.speed)} left`
                : "")
            : summary.total > 0
              ? "All transfers finished"
              : "No transfers"}
        </span>
        <span className="queue-buttons">
          {(["pause", "resume", "cancel", "retry"] as const).map((action) => (
            <button
              key={action}
              type="button"
              onClick={() => void control(action)}
              aria-label={`${action[0]?.toUpperCase()}${action.slice(1)} ${scope}`}
            >
              {`${action[0]?.toUpperCase()}${action.slice(1)}`}
            </button>
          ))}
          <button type="button" disabled={picked.length === 0} onClick={() => void control("move-up")}>
            Move up
          </button>
          <button type="button" disabled={picked.length === 0} onClick={() => void control("move-down")}>
            Move down
          </button>
          <button type="button" onClick={() => void removeFinished()}>
            Remove finished
          </button>
        </span>
        {preferences ? (
          <span className="queue-preferences">
            <label>
              At once
              <select value={preferences.parallel} onChange={(e) => set({ parallel: Number(e.target.value) })}>
                {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <label>
              If the target exists
              <select
                value={preferences.whenTargetExists}
                onChange={(e) => set({ whenTargetExists: e.target.value as TransferPreferences["whenTargetExists"] })}
              >
                <option value="ask">Ask</option>
                {overwriteActions.map((action) => (
                  <option key={action} value={action}>
                    {overwriteActionLabels[action]}
                  </option>
                ))}
              </select>
            </label>
            <label
              className="checkbox"
              title="Uploads follow links that lead outside the chosen folders; off, each such link is skipped with its reason"
            >
              <input
                type="checkbox"
                checked={preferences.followLinksOutOfTree}
                onChange={(e) => set({ followLinksOutOfTree: e.target.checked })}
              />
              Follow links out of folders
            </label>
          </span>
        ) : null}
      </div>
      {error ? (
        <div role="alert" className="pane-error">
          {error}
        </div>
      ) : null}
      <div className="queue-table-wrap" ref={scroller}>
        <table className="queue-table" aria-label="Transfers">
          <thead>
            <tr>
              <th scope="col">Operation</th>
              <th scope="col">Source</th>
              <th scope="col">Destination</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Progress</th>
              <th scope="col" className="num">
                Done
              </th>
              <th scope="col" className="num">
                Speed
              </th>
              <th scope="col" className="num">
                Time left
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {above > 0 ? <tr aria-hidden style={{ height: above }} /> : null}
            {items.map((item) => {
              const job = jobs[item.index] as TransferJob;
              return <JobRow key={job.id} job={job} picked={pickedIds.has(job.id)} />;
            })}
            {below > 0 ? <tr aria-hidden style={{ height: below }} /> : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
