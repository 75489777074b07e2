import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type KeyboardEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import {
  jobEnds,
  queueViews,
  transferStatuses,
  viewCounts,
  type JobDirection,
  type JobPhase,
  type QueueSummary,
  type QueueView,
  type TransferJob,
  type TransferPreferences,
  type TransferStatus,
} from "../../shared/transfer";
import { formatSize } from "../format";
import { speedLimitText, summaryText, timeLeft } from "../queue-summary";
import { actsOn, targetsOf, useTransferStore, type Control } from "../stores/transfer-store";
import { QueueSettings } from "./QueueSettings";

const statusWords: Record<TransferStatus, string> = {
  queued: "Queued",
  running: "Transferring",
  paused: "Paused",
  done: "Done",
  failed: "Failed",
  skipped: "Skipped",
  cancelled: "Cancelled",
};

/** What a running job is doing, in place of a frozen 0 %. */
const phaseWords: Record<JobPhase, string> = {
  waiting: "Waiting for another transfer…",
  connecting: "Connecting…",
  checking: "Checking the target…",
  transferring: "Transferring",
  "removing-source": "Removing the source…",
};

const viewNames: Record<QueueView, string> = { queued: "Queued", failed: "Failed", done: "Done" };

const operationNames: Record<JobDirection, string> = { upload: "Upload", download: "Download", copy: "Copy" };

/** A synchronization's jobs that move no bytes, named for what they do on which side. */
function targetOperation(job: TransferJob): string | undefined {
  const where = job.direction === "upload" ? "on server" : "locally";
  if (job.kind === "delete-file" || job.kind === "delete-folder") return `Delete ${where}`;
  if (job.kind === "set-time") return `Set time ${where}`;
  return undefined;
}

function operation(job: TransferJob): string {
  if (job.kind === "remove-source-folder") return "Remove folder";
  const onTarget = targetOperation(job);
  if (onTarget) return onTarget;
  return `${operationNames[job.direction]}${job.move ? " (move)" : ""}`;
}

function statusOf(job: TransferJob): string {
  if (job.status === "done" && job.verified) return "Done, verified";
  return job.status === "running" && job.phase ? phaseWords[job.phase] : statusWords[job.status];
}

/** The status cell's tooltip: the whole reason, or what "verified" means. */
function statusTitle(job: TransferJob, reason: string | undefined): string | undefined {
  if (reason) return `${statusWords[job.status]}: ${reason}`;
  if (job.status === "running" && job.phase === "waiting")
    return "Another transfer writes this file's target: this one waits for it to end, then goes on as for a file that exists";
  return job.verified ? `The server's ${job.verified} checksum of the file matches this copy's` : undefined;
}

/** The job's reason, without the status word it may start with ("Skipped: …" under Skipped). */
function reasonOf(job: TransferJob): string | undefined {
  const word = `${statusWords[job.status]}: `;
  return job.message?.startsWith(word) ? job.message.slice(word.length) : job.message;
}

/** The buttons' words and whether they can act: on the selected jobs they apply to, else on every job they apply to. */
function buttonTarget(
  action: Control,
  selected: ReadonlyMap<string, TransferStatus>,
  summary: QueueSummary,
): { label: string; enabled: boolean } {
  const verb = { pause: "Pause", resume: "Resume", cancel: "Cancel", retry: "Retry", "move-up": "Move up", "move-down": "Move down" }[
    action
  ];
  const targets = targetsOf(selected, action).length;
  // Moving acts on the selection only, so its buttons need not say so.
  if (action === "move-up" || action === "move-down") return { label: verb, enabled: targets > 0 };
  if (targets > 0) return { label: `${verb} ${targets} selected`, enabled: true };
  const any = transferStatuses.some((status) => summary.counts[status] > 0 && actsOn[action](status));
  return { label: `${verb} all`, enabled: any };
}

/** Every job row is one line high (see .queue-table td). */
const rowHeight = 20;

function rowId(index: number): string {
  return `queue-row-${index}`;
}

function JobRow({ job, index, selected, current }: { job: TransferJob; index: number; selected: boolean; current: boolean }) {
  const select = useTransferStore((state) => state.select);
  const ends = jobEnds(job);
  const target = ends.target;
  // A deletion has no source: what it deletes is its target.
  const source = job.kind === "delete-file" || job.kind === "delete-folder" ? "" : ends.source;
  const fraction = job.size ? Math.min(1, job.transferred / job.size) : job.status === "done" ? 1 : 0;
  // Before its bytes flow, a running job shows a moving bar and what it is doing, not 0 %.
  const waiting = job.status === "running" && job.phase !== undefined && job.phase !== "transferring";
  const reason = reasonOf(job);
  return (
    <tr
      id={rowId(index)}
      aria-selected={selected}
      aria-rowindex={index + 2}
      className={`job job-${job.status}${selected ? " job-picked" : ""}${current ? " job-current" : ""}`}
      onClick={(event) => select(index, { add: event.ctrlKey || event.metaKey, range: event.shiftKey })}
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
        {waiting ? (
          <progress aria-label={`Progress of ${source || target}`} />
        ) : (
          <progress max={1} value={fraction} aria-label={`Progress of ${source || target}`} />
        )}
      </td>
      <td className="num">{job.kind === "file" && !waiting ? formatSize(job.transferred) : ""}</td>
      <td className="num">{job.status === "running" && job.speed ? `${formatSize(job.speed)}/s` : ""}</td>
      <td className="num">{job.status === "running" ? timeLeft((job.size ?? 0) - job.transferred, job.speed) : ""}</td>
      <td className="status-cell" title={statusTitle(job, reason)}>
        {statusOf(job)}
        {reason ? <span className="job-message"> — {reason}</span> : null}
      </td>
    </tr>
  );
}

/** The job the keyboard is on, whole: its ends, its status and the full reason, with Copy. */
function JobDetails({ job }: { job: TransferJob | undefined }) {
  if (!job) return <div className="queue-details" />;
  const { source, target } = jobEnds(job);
  const reason = reasonOf(job);
  const line = `${statusOf(job)}: ${source} → ${target}${reason ? ` — ${reason}` : ""}`;
  return (
    <div className="queue-details" aria-label="Job details" role="group">
      <span className="queue-details-text" title={line}>
        {line}
      </span>
      <button type="button" onClick={() => void navigator.clipboard.writeText(line)}>
        Copy
      </button>
    </div>
  );
}

function ViewTabs({ view, counts, setView }: { view: QueueView; counts: Record<QueueView, number>; setView: (view: QueueView) => void }) {
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = queueViews[(queueViews.indexOf(view) + step + queueViews.length) % queueViews.length] ?? "queued";
    setView(next);
    document.getElementById(`queue-tab-${next}`)?.focus();
  };
  return (
    <div className="queue-tabs" role="tablist" aria-label="Queue views" onKeyDown={onKeyDown}>
      {queueViews.map((name) => (
        <button
          key={name}
          id={`queue-tab-${name}`}
          type="button"
          role="tab"
          aria-selected={name === view}
          aria-controls="queue-view"
          tabIndex={name === view ? 0 : -1}
          onClick={() => setView(name)}
        >
          {`${viewNames[name]} (${counts[name].toLocaleString()})`}
        </button>
      ))}
    </div>
  );
}

/** The transfer queue below the panes: FileZilla's views with counts, a window of rows at a time, and the controls WinSCP users expect. */
export function QueuePanel() {
  const { view, rows, total, summary, selected, cursor, preferences, error } = useTransferStore(
    useShallow((state) => ({
      view: state.view,
      rows: state.rows,
      total: state.total,
      summary: state.summary,
      selected: state.selected,
      cursor: state.cursor,
      preferences: state.preferences,
      error: state.error,
    })),
  );
  const store = useTransferStore.getState();
  const set = (change: Partial<TransferPreferences>) => void store.setPreferences(change);
  // Only the rows in view are in the page, and only a window around them is held: a queue of a million jobs stays light.
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => store.show(first, last), [store, first, last, total, view]);
  const above = items[0]?.start ?? 0;
  const below = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const counts = viewCounts(summary);
  const current = rows.jobs[cursor - rows.from];

  const onKeyDown = (event: KeyboardEvent) => {
    const ctrl = event.ctrlKey || event.metaKey;
    const page = Math.max(1, items.length - 2);
    const moves: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, PageUp: -page, PageDown: page, Home: -total, End: total };
    const step = moves[event.key];
    if (step !== undefined && ctrl && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      void store.control(event.key === "ArrowUp" ? "move-up" : "move-down");
    } else if (step !== undefined) {
      const next = Math.max(0, Math.min(total - 1, cursor + step));
      virtualizer.scrollToIndex(next);
      if (event.shiftKey) store.moveCursor(next, true);
      else if (ctrl) store.moveCursor(next, false);
      else store.select(next, {});
    } else if (event.key === " ") {
      store.select(cursor, { add: true });
    } else if (ctrl && event.key.toLowerCase() === "a") {
      void store.selectAll();
    } else if (event.key === "Delete") {
      // Delete cancels the selection only: with nothing it applies to selected, it does nothing rather than cancel the whole queue.
      if (targetsOf(selected, "cancel").length > 0) void store.control("cancel");
    } else {
      return;
    }
    event.preventDefault();
  };

  return (
    <section className="queue" aria-label="Transfer queue">
      <div className="queue-toolbar">
        <strong>Queue</strong>
        <span className="queue-summary" role="status" aria-label="Queue summary">
          {summaryText(summary)}
        </span>
        {preferences && speedLimitText(preferences) ? <span className="speed-limit-badge">{speedLimitText(preferences)}</span> : null}
        <span className="queue-buttons">
          {(["pause", "resume", "cancel", "retry", "move-up", "move-down"] as const).map((action) => {
            const { label, enabled } = buttonTarget(action, selected, summary);
            return (
              <button key={action} type="button" disabled={!enabled} onClick={() => void store.control(action)}>
                {label}
              </button>
            );
          })}
          <button type="button" disabled={counts.failed + counts.done === 0} onClick={() => void store.removeFinished()}>
            Remove finished
          </button>
        </span>
        {preferences ? <QueueSettings preferences={preferences} set={set} /> : null}
      </div>
      {error ? (
        <div role="alert" className="pane-error">
          {error}
        </div>
      ) : null}
      <ViewTabs view={view} counts={counts} setView={(next) => store.setView(next)} />
      <div className="queue-table-wrap" ref={scroller} role="tabpanel" id="queue-view" aria-labelledby={`queue-tab-${view}`}>
        <table
          className="queue-table"
          id="queue-list"
          role="grid"
          aria-label="Transfers"
          aria-multiselectable
          aria-rowcount={total + 1}
          aria-activedescendant={current ? rowId(cursor) : undefined}
          tabIndex={0}
          onKeyDown={onKeyDown}
        >
          <thead>
            <tr aria-rowindex={1}>
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
              const job = rows.jobs[item.index - rows.from];
              // A row not fetched yet keeps its place until its window arrives.
              if (!job) return <tr key={`pending-${item.index}`} aria-hidden style={{ height: rowHeight }} />;
              return <JobRow key={job.id} job={job} index={item.index} selected={selected.has(job.id)} current={item.index === cursor} />;
            })}
            {below > 0 ? <tr aria-hidden style={{ height: below }} /> : null}
          </tbody>
        </table>
      </div>
      <JobDetails job={current} />
    </section>
  );
}
