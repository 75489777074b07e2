import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, useState } from "react";
import { countByKind, syncActionKinds, syncActionLabels, type SyncAction, type SyncSide } from "../../shared/synchronize";
import { formatDate, formatSize } from "../format";
import { useSynchronizeStore, type SyncStage } from "../stores/synchronize-store";
import { ModalDialog } from "./ModalDialog";

type Checklist = Extract<SyncStage, { stage: "checklist" }>;

const rowHeight = 26;

/** A side's cell: a file's size and time, a folder's file count, or nothing where it is missing. */
function sideText(side: SyncSide | undefined): string {
  if (!side) return "";
  if (side.kind === "folder") return `folder, ${(side.files ?? 0).toLocaleString()} ${side.files === 1 ? "file" : "files"}`;
  return `${formatSize(side.size)}, ${formatDate(side.modified)}`;
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;

/** "3 of 5 actions checked: 2 uploads (1.2 MB), 1 deletion on the server". */
function totalsLine(actions: readonly SyncAction[], checked: ReadonlySet<number>): string {
  const kept = actions.filter((action) => checked.has(action.id));
  const counts = countByKind(kept);
  const bytes = kept.reduce((sum, action) => sum + action.bytes, 0);
  const parts = syncActionKinds
    .filter((kind) => counts[kind] > 0)
    .map((kind) => `${syncActionLabels[kind]}: ${counts[kind].toLocaleString()}`);
  const moved = bytes > 0 ? `, ${formatSize(bytes)} to transfer` : "";
  return `${plural(kept.length, "action", "actions")} of ${actions.length.toLocaleString()} checked${parts.length ? ` (${parts.join(", ")})` : ""}${moved}.`;
}

/**
 * WinSCP's Synchronization checklist: every action the comparison found, one row each with both
 * sides' size and time and a checkbox; all, none or a kind at a time; totals at the foot. Start
 * queues exactly the checked rows. Local deletions without a trash are for good, so Start asks.
 */
export function SyncChecklistDialog({ shown }: { shown: Checklist }) {
  const store = useSynchronizeStore();
  const hasTrash = useSynchronizeStore((state) => state.hasTrash);
  const { plan, checked } = shown;
  const scroller = useRef<HTMLDivElement>(null);
  const [confirming, setConfirming] = useState(false);
  // Tens of thousands of rows stay light: only those in view are in the page. (Ferry does not use the React Compiler.)
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: plan.actions.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const above = items[0]?.start ?? 0;
  const below = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const counts = countByKind(plan.actions);
  const checkedCounts = countByKind(plan.actions.filter((action) => checked.has(action.id)));
  const localDeletions = checkedCounts["delete-local"];
  const idsOf = (kind: SyncAction["kind"]) => plan.actions.filter((action) => action.kind === kind).map((action) => action.id);

  const start = () => {
    if (localDeletions > 0 && !hasTrash && !confirming) setConfirming(true);
    else void store.start();
  };

  return (
    <ModalDialog
      labelledBy="sync-checklist-title"
      describedBy="sync-checklist-folders"
      className="sync-checklist"
      onCancel={() => store.close()}
    >
      <h2 id="sync-checklist-title">Synchronization checklist</h2>
      <p id="sync-checklist-folders" className="muted">
        <bdi className="mono">{shown.request.localFolder}</bdi> ⇄ <bdi className="mono">{shown.request.remoteFolder}</bdi> —{" "}
        {plural(plan.files, "file", "files")} in {plural(plan.folders, "folder", "folders")} compared
      </p>
      <div className="sync-check-kinds" role="group" aria-label="Check by kind">
        <button
          type="button"
          onClick={() =>
            store.setChecked(
              plan.actions.map((action) => action.id),
              true,
            )
          }
        >
          Check all
        </button>
        <button
          type="button"
          onClick={() =>
            store.setChecked(
              plan.actions.map((action) => action.id),
              false,
            )
          }
        >
          Uncheck all
        </button>
        {syncActionKinds
          .filter((kind) => counts[kind] > 0)
          .map((kind) => (
            <label key={kind} className="checkbox">
              <input
                type="checkbox"
                checked={checkedCounts[kind] === counts[kind]}
                ref={(input) => {
                  if (input) input.indeterminate = checkedCounts[kind] > 0 && checkedCounts[kind] < counts[kind];
                }}
                onChange={(e) => store.setChecked(idsOf(kind), e.target.checked)}
              />
              {syncActionLabels[kind]} ({counts[kind].toLocaleString()})
            </label>
          ))}
      </div>
      {plan.actions.length > 0 ? (
        <div className="sync-table-wrap" ref={scroller}>
          <table className="sync-table" aria-label="Actions" aria-rowcount={plan.actions.length + 1}>
            <thead>
              <tr aria-rowindex={1}>
                <th scope="col">
                  <span className="visually-hidden">Do it</span>
                </th>
                <th scope="col">Action</th>
                <th scope="col">Path</th>
                <th scope="col" className="sync-why">
                  Why
                </th>
                <th scope="col">Local</th>
                <th scope="col">Server</th>
              </tr>
            </thead>
            <tbody>
              {above > 0 ? <tr aria-hidden style={{ height: above }} /> : null}
              {items.map((item) => {
                const action = plan.actions[item.index];
                if (!action) return null;
                return (
                  <tr key={action.id} aria-rowindex={item.index + 2} className={checked.has(action.id) ? undefined : "sync-unchecked"}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${syncActionLabels[action.kind]} ${action.path}`}
                        checked={checked.has(action.id)}
                        onChange={(e) => store.setChecked([action.id], e.target.checked)}
                      />
                    </td>
                    <td>{syncActionLabels[action.kind]}</td>
                    <td className="path-cell mono" title={`${action.path} (${action.reason})`}>
                      <bdi>{action.path}</bdi>
                    </td>
                    <td className="sync-why">{action.reason}</td>
                    <td title={sideText(action.local)}>{sideText(action.local)}</td>
                    <td title={sideText(action.remote)}>{sideText(action.remote)}</td>
                  </tr>
                );
              })}
              {below > 0 ? <tr aria-hidden style={{ height: below }} /> : null}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Nothing to copy or delete.</p>
      )}
      {plan.problems.length > 0 ? (
        <details className="sync-problems" open={plan.actions.length === 0}>
          <summary>{plural(plan.problems.length, "item was", "items were")} left alone</summary>
          <ul>
            {plan.problems.slice(0, 500).map((problem) => (
              <li key={problem.path + problem.message}>{problem.message}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <p role="status" className="sync-totals">
        {totalsLine(plan.actions, checked)}
      </p>
      {confirming ? (
        <p role="alert" className="field-help field-error">
          {plural(localDeletions, "local file or folder is", "local files and folders are")} deleted for good: there is no trash here. Start
          again to delete them.
        </p>
      ) : null}
      {shown.error ? (
        <p role="alert" className="field-help field-error">
          {shown.error}
        </p>
      ) : null}
      <div className="dialog-buttons">
        <button type="submit" onClick={start} disabled={checked.size === 0 || shown.starting}>
          {confirming ? "Delete and start" : "Start"}
        </button>
        <button type="button" onClick={() => store.close()}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
