import { useEffect, useRef, useState, type FormEvent } from "react";
import { isAbsoluteLocalPath } from "../../shared/local";
import { formatSize } from "../format";
import type { PaneDialog } from "../stores/pane-dialog-store";
import { usePanePreferences } from "../stores/pane-preferences-store";
import { usePanesStore } from "../stores/panes-store";
import { useTransferStore } from "../stores/transfer-store";
import { ModalDialog } from "./ModalDialog";

type TransferDialog = Extract<PaneDialog, { kind: "transfer" }>;

/** "2 files and 1 folder, 12 KB": what F5 is about to copy; a folder's contents are not counted until it is walked. */
function describeSelection(dialog: TransferDialog): string {
  const entries = usePanesStore.getState()[dialog.side].entries.filter((entry) => dialog.names.includes(entry.name));
  const folders = entries.filter((entry) => entry.kind === "folder").length;
  const files = entries.length - folders;
  const bytes = entries.reduce((sum, entry) => sum + (entry.kind === "file" ? (entry.size ?? 0) : 0), 0);
  const parts = [
    files > 0 ? `${files.toLocaleString()} ${files === 1 ? "file" : "files"}` : "",
    folders > 0 ? `${folders.toLocaleString()} ${folders === 1 ? "folder" : "folders"}` : "",
  ].filter(Boolean);
  const size = files > 0 ? `, ${formatSize(bytes)}${folders > 0 ? " and what the folders hold" : ""}` : "";
  return `${parts.join(" and ")}${size}`;
}

/** F5 / F6 as in WinSCP: where to copy or move the selection, the other pane's folder filled in; OK has the focus, so Enter starts it. */
export function CopyDialog({ dialog, onClose }: { dialog: TransferDialog; onClose: () => void }) {
  const [target, setTarget] = useState(dialog.targetFolder);
  const ask = usePanePreferences((state) => state.askBeforeTransfer);
  const [dontAsk, setDontAsk] = useState(!ask);
  const ok = useRef<HTMLButtonElement>(null);
  useEffect(() => ok.current?.focus(), []);
  const verb = dialog.move ? "Move" : "Copy";
  const toLocal = dialog.side === "remote";
  const folder = target.trim();
  const problem = !folder
    ? "Type the folder to " + verb.toLowerCase() + " to."
    : toLocal && !isAbsoluteLocalPath(folder)
      ? "A local folder must be a full path (start at the root of a disk)."
      : undefined;
  const named = dialog.names.length === 1 ? `“${dialog.names[0]}”` : `${dialog.names.length.toLocaleString()} items`;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (problem) return;
    onClose();
    if (dontAsk) usePanePreferences.getState().setAskBeforeTransfer(false);
    void useTransferStore
      .getState()
      .transfer({ from: dialog.side, names: dialog.names, sourceFolder: dialog.sourceFolder, targetFolder: folder, move: dialog.move });
  }

  return (
    <ModalDialog labelledBy="copy-dialog-title" describedBy="copy-dialog-what" className="copy-dialog" onCancel={onClose}>
      <form onSubmit={onSubmit}>
        <h2 id="copy-dialog-title">{verb}</h2>
        <p id="copy-dialog-what">
          {verb} {named} ({describeSelection(dialog)}) {toLocal ? "to the local folder" : "to the server folder"}:
        </p>
        <label>
          Target folder
          <input
            className="mono"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            spellCheck={false}
            aria-invalid={problem !== undefined}
          />
        </label>
        {problem ? <p className="field-help field-error">{problem}</p> : null}
        <label className="checkbox">
          <input type="checkbox" checked={dontAsk} onChange={(e) => setDontAsk(e.target.checked)} />
          Don’t ask again (F5 and F6 start at once; Shift+F5 and Shift+F6 still ask)
        </label>
        <div className="dialog-buttons">
          <button ref={ok} type="submit" disabled={problem !== undefined}>
            OK
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
