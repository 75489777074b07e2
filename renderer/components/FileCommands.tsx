import { usePaneDialogStore } from "../stores/pane-dialog-store";
import { usePanesStore } from "../stores/panes-store";

/** The common file operations as toolbar buttons, acting on the focused pane, with their keys. */
export function FileCommands() {
  const focused = usePanesStore((state) => state.focused);
  const pane = usePanesStore((state) => state[focused]);
  const open = usePaneDialogStore((state) => state.open);
  const panes = usePanesStore.getState();
  // The subscription above re-renders this when the pane changes; the selection follows.
  const names = panes.selection(focused);
  const current = pane.rows[pane.cursor];
  const ready = pane.path !== undefined;
  return (
    <span className="file-commands" aria-label="File commands" role="group">
      <button type="button" disabled={!ready} onClick={() => open({ kind: "mkdir", side: focused })} aria-keyshortcuts="F7">
        New folder <kbd>F7</kbd>
      </button>
      <button
        type="button"
        disabled={!current || current.kind === "up"}
        onClick={() => panes.startRename(focused)}
        aria-keyshortcuts="F2"
      >
        Rename <kbd>F2</kbd>
      </button>
      <button type="button" disabled={names.length === 0} onClick={() => open({ kind: "delete", side: focused, names })} aria-keyshortcuts="F8">
        Delete <kbd>F8</kbd>
      </button>
      <button type="button" disabled={names.length === 0} onClick={() => open({ kind: "properties", side: focused, names })} aria-keyshortcuts="F9">
        Properties <kbd>F9</kbd>
      </button>
      <button type="button" disabled={!ready} onClick={() => void panes.refresh(focused)} aria-keyshortcuts="Control+R">
        Refresh <kbd>Ctrl+R</kbd>
      </button>
    </span>
  );
}
