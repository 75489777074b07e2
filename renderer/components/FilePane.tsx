import type { Side } from "../panes/pane-transitions";
import { useDragStore } from "../stores/drag-store";
import { usePanesStore } from "../stores/panes-store";
import { formatSize } from "../format";
import { call } from "../transport/bridge";
import { PaneGrid } from "./PaneGrid";
import { PaneStatusLine } from "./PaneStatusLine";
import { PathBar } from "./PathBar";
import { useLocalWatch } from "./use-local-watch";

interface FilePaneProps {
  side: Side;
  title: string;
  /** Shown instead of a listing when the pane has nothing to show yet. */
  placeholder?: string | undefined;
}

/** One Commander pane: a path bar, what the pane is busy with or why something failed, and the grid of the folder's entries. */
export function FilePane({ side, title, placeholder }: FilePaneProps) {
  const focused = usePanesStore((state) => state.focused === side);
  const deleting = usePanesStore((state) => state[side].deleting);
  const error = usePanesStore((state) => state[side].error);
  const rejectedNames = usePanesStore((state) => state[side].rejectedNames);
  const incomplete = usePanesStore((state) => state[side].incomplete);
  const receiving = useDragStore((state) => (state.receiving?.side === side ? state.receiving : undefined));
  useLocalWatch(side);
  return (
    <section className={`pane${focused ? " pane-focused" : ""}`} aria-label={title} data-pane={side}>
      <PathBar side={side} title={title} />
      {deleting ? (
        <div role="status" className="pane-progress">
          <span>
            Deleting… {deleting.done} {deleting.done === 1 ? "item" : "items"} gone — <span className="mono">{deleting.current}</span>
          </span>
          <button type="button" onClick={() => void call("files.cancel", { operationId: deleting.operationId })}>
            Cancel
          </button>
        </div>
      ) : null}
      {receiving ? (
        <div role="status" className="pane-progress">
          <span>
            Receiving dropped files… {formatSize(receiving.done)} of {formatSize(receiving.total)}
          </span>
        </div>
      ) : null}
      {error ? (
        <div role="alert" className="pane-error">
          {error}
        </div>
      ) : null}
      {incomplete !== undefined ? <div className="pane-note">{incomplete}</div> : null}
      {rejectedNames > 0 ? (
        <div className="pane-note">
          {rejectedNames} {rejectedNames === 1 ? "entry" : "entries"} with unsafe names (such as “..” or a “/”) not shown.
        </div>
      ) : null}
      <PaneGrid side={side} title={title} placeholder={placeholder} />
      <PaneStatusLine side={side} title={title} />
    </section>
  );
}
