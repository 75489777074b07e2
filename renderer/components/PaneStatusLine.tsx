import type { Side } from "../panes/pane-transitions";
import { paneStatus } from "../panes/pane-status";
import { usePanesStore } from "../stores/panes-store";

/** Under each pane, as in WinSCP and FileZilla: what the folder holds, or how much of it is marked. */
export function PaneStatusLine({ side, title }: { side: Side; title: string }) {
  const listed = usePanesStore((state) => state[side].path !== undefined);
  const text = usePanesStore((state) => {
    const pane = state[side];
    const shown = pane.rows.filter((row) => row.kind !== "up").length;
    return paneStatus(pane.entries, pane.marked, shown, pane.differ);
  });
  if (!listed) return null;
  return (
    <div className="pane-status" role="status" aria-label={`${title} summary`}>
      {text}
    </div>
  );
}
